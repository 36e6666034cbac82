// Chromium for the dashboard test and bench: the system browser through playwright-core,
// a persistent profile in a temp folder, and CSP violations recorded from inside the page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { services } from '../support/services.js';

import { CHROMIUM_ARGS } from '../../scrapers/browser-pool.js';

export async function openBrowser(): Promise<{ ctx: BrowserContext; dir: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'trustlens-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: services.chromium, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1366, height: 900 },
  });
  // Record CSP violations from inside the page: they are the failure this suite exists to catch.
  await ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => { w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`); });
  });
  return { ctx, dir, async close() { await ctx.close(); rmSync(dir, { recursive: true, force: true }); } };
}

