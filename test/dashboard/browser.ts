// Chromium for the dashboard test and bench: the system browser through playwright-core,
// a persistent profile in a temp folder, and CSP violations recorded from inside the page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { AppExtensions } from '../../src/api/app.js';
import { reportRoutes } from '../../src/api/routes/reports.js';
import { services } from '../support/services.js';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The report routes (the pipeline may mount them too: startTestServer mounts a router once). */
export function reportExtensions(): NonNullable<AppExtensions['apiRouters']> {
  return [reportRoutes];
}

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

