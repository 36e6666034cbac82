// The dashboard end to end: a real server (embedded mode, SQLite), data seeded through the real
// store, and the system Chromium driven by playwright-core under the app's strict CSP.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashKey } from '../../src/api/auth.js';
import { SHIPPED_FAKE_MODEL_URL } from '../../src/scoring/fake-model.js';
import { describeWith } from '../support/services.js';
import { openBrowser } from './browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { HOSTILE, seedDashboard, type Seeded } from './seed.js';
import { brandInput } from '../store/factories.js';

const OUT = join(process.env.TRUSTLENS_TEST_OUTPUT ?? 'test-output', 'screenshots');
/** Console errors, page errors and dialogs (an alert(1) from hostile text would show up here). */
function watch(page: Page): string[] {
  const issues: string[] = [];
  page.on('console', (m) => {
    // A 400 is the API refusing a bad form on purpose (the recipe test); anything else is a fault.
    if (/status of 400 \(Bad Request\)/.test(m.text())) return;
    if (m.type() === 'error' || /Content.Security.Policy|Refused to/i.test(m.text())) issues.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => issues.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { issues.push(`dialog: ${d.message()}`); void d.dismiss(); });
  return issues;
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('main .page h1');
  await page.waitForFunction(() => !document.querySelector('main')!.hasAttribute('aria-busy'));
}

async function chartSize(page: Page): Promise<{ w: number; h: number }> {
  await page.waitForSelector('.uplot canvas', { timeout: 10_000 });
  return page.$eval('.uplot canvas', (c) => ({ w: (c as HTMLCanvasElement).width, h: (c as HTMLCanvasElement).height }));
}

describeWith(['chromium'], 'dashboard in Chromium (real server, real store, strict CSP)', () => {
  let s: TestServer;
  let seeded: Seeded;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let issues: string[];

  beforeAll(async () => {
    s = await startTestServer();
    seeded = await seedDashboard(s.runtime.store);
    browser = await openBrowser();
    page = browser.ctx.pages()[0] ?? await browser.ctx.newPage();
    issues = watch(page);
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('serves the page shell, its modules and uPlot from node_modules under the strict CSP', async () => {
    const r = await fetch(`${s.url}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await r.text();
    expect(html).not.toMatch(/<script>(?!<\/script>)|<style|style="| on[a-z]+="/i);
    const js = await fetch(`${s.url}/dashboard/vendor/uPlot.iife.min.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(30_000);
    expect((await fetch(`${s.url}/dashboard/vendor/uPlot.d.ts`)).status).toBe(404);
    expect((await fetch(`${s.url}/dashboard/js/../../router.ts`)).status).toBe(404);
    expect((await fetch(`${s.url}/dashboard/js/app.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it('overview: trend chart, trust index and open alerts for the brand', async () => {
    await open(page, `${s.url}/#/brand/${seeded.brand.id}`);
    expect(await page.textContent('main h1')).toBe('Maya Lune');
    const size = await chartSize(page);
    expect(size.w).toBeGreaterThan(100);
    expect(size.h).toBeGreaterThan(50);
    expect(await page.locator('.uplot').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.locator('.score').textContent()).toMatch(/^\d+$/);
    expect(await page.getByRole('link', { name: 'Backlash: Lune Advent Calendar' }).count()).toBe(1);
    expect(await page.locator('.unavailable').count()).toBe(0);
    // Which models score the brand: the shipped ones until it saves its own.
    const models = page.locator('section', { has: page.getByRole('heading', { name: 'Scoring models' }) });
    expect(await models.locator('dd').allTextContents()).toEqual(['shipped', 'shipped']);
    await shot(page, 'overview');
    await s.runtime.store.saveBrandModel(seeded.brand.id, 'fake', readFileSync(SHIPPED_FAKE_MODEL_URL, 'utf8'), { name: 'maya:reviews.tsv', meta: {} });
    try {
      await page.reload();
      await expect.poll(() => models.locator('dd').allTextContents()).toEqual([expect.stringMatching(/^this brand's own: maya:reviews\.tsv, version 1, saved \d{4}-\d\d-\d\d$/), 'shipped']);
    } finally {
      await s.runtime.store.deleteBrandModel(seeded.brand.id, 'fake');
    }
    // Rescoring (on a brand of its own: the seeded mentions carry hand-written scores a real
    // rescore would replace). A run in progress when the page opens is followed to its end.
    const fresh = await s.runtime.store.createBrand(brandInput({ name: 'Rescore Skin', webhooks: [] }));
    const running = await s.runtime.store.startRescoreRun({ brandId: fresh.id, startedAt: new Date().toISOString(), total: 10 });
    await s.runtime.store.updateRescoreRun(running.id, { scanned: 4, changed: 1 });
    await open(page, `${s.url}/#/brand/${fresh.id}`);
    await page.reload();
    await expect.poll(() => page.textContent('main h1')).toBe('Rescore Skin');
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Scoring models' }) });
    const line = panel.locator('#rescore-run');
    await expect.poll(() => line.textContent()).toMatch(/^Rescoring since .+: 4 of 10 mentions read, 1 changed so far $/);
    expect(await line.locator('progress').evaluate((el: HTMLProgressElement) => [el.value, el.max, el.getAttribute('aria-label')])).toEqual([4, 10, '40% read']);
    await s.runtime.store.updateRescoreRun(running.id, { scanned: 10, changed: 3, fakeSuspectsBefore: 2, fakeSuspectsAfter: 5, status: 'done', finishedAt: new Date().toISOString() });
    await expect.poll(() => line.textContent()).toMatch(/^Last rescore .+: 10 of 10 mentions read, 3 changed; likely fake 2 → 5\.$/);
    // A failed attempt says why.
    const failed = await s.runtime.store.startRescoreRun({ brandId: fresh.id, jobId: 'j-failed', startedAt: new Date().toISOString(), total: 10 });
    await s.runtime.store.updateRescoreRun(failed.id, { scanned: 2, status: 'failed', finishedAt: new Date().toISOString(), error: 'database went away' });
    await page.reload();
    await expect.poll(() => line.textContent()).toMatch(/^Last rescore failed .+ after 2 of 10 mentions read: database went away\.$/);
    // A request a later-started run had already served is skipped, and says so.
    const skipped = await s.runtime.store.startRescoreRun({ brandId: fresh.id, jobId: 'j-skipped', startedAt: new Date().toISOString(), total: 10 });
    await s.runtime.store.updateRescoreRun(skipped.id, { status: 'skipped', finishedAt: new Date().toISOString(), coveredBy: running.id });
    await page.reload();
    await expect.poll(() => line.textContent()).toMatch(/^Last rescore skipped .+: a run that started after it was asked for had already scored every mention with the same models\.$/);
    // On demand: queued, then followed until it is done (this brand has no mentions to read).
    await panel.getByRole('button', { name: 'Rescore stored mentions' }).click();
    await expect.poll(() => panel.locator('#rescore-status').textContent()).toBe('Rescore done: 0 mentions read, 0 changed.');
    expect(await line.textContent()).toMatch(/^Last rescore .+: 0 of 0 mentions read, 0 changed\.$/);
  });

  it('overview: a dry run previews a model file on the stored mentions, writing nothing, and says what is wrong with a bad file', async () => {
    const before = (await s.runtime.store.queryMentions({ brandId: seeded.brand.id }, { limit: 1000 })).items;
    await open(page, `${s.url}/#/brand/${seeded.brand.id}`);
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Scoring models' }) });
    const status = panel.locator('#preview-status');
    // A file that is not JSON, and a JSON file that is not a model of the kind chosen.
    await panel.locator('#preview-kind').selectOption('fake');
    await panel.locator('#preview-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not json') });
    await panel.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => status.textContent()).toBe('notes.txt is not a JSON file.');
    await panel.locator('#preview-file').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"weights": [1, 2]}') });
    await panel.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => status.textContent()).toMatch(/^Could not start the dry run: Invalid fake model: /);
    // The shipped fake-review model as a brand's file: the seeded mentions' hand-written scores would change.
    await panel.locator('#preview-file').setInputFiles(SHIPPED_FAKE_MODEL_URL.pathname);
    await panel.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('Dry run done.');
    const result = panel.locator('#preview-result');
    expect(await result.locator('p').first().textContent()).toMatch(new RegExp(`^Dry run with the fake-review model “shipped:[^”]+”, .+: ${before.length} of ${before.length} mentions read; a rescore would change \\d+\\. Likely fakes \\d+ → \\d+\\.$`));
    const [run] = await s.runtime.store.listRescoreRuns(seeded.brand.id, 1);
    expect(run).toMatchObject({ dryRun: true, status: 'done', scanned: before.length });
    expect(await result.locator('tbody tr').count()).toBe(Object.keys(run!.preview!.aspects).length);
    await shot(page, 'overview-dry-run');
    // Nothing was written, and the last rescore line is not about the dry run.
    expect((await s.runtime.store.queryMentions({ brandId: seeded.brand.id }, { limit: 1000 })).items).toEqual(before);
    expect(await panel.locator('#rescore-run').textContent()).toBe('Not rescored yet.');
    // Opened again, the page shows the last dry run's findings.
    await page.reload();
    await expect.poll(() => panel.locator('#preview-result p').first().textContent()).toMatch(/^Dry run with the fake-review model .+ mentions read; a rescore would change/);
    // With no file, the saved (here shipped) models are read, which the file was: the same
    // findings, and nothing offered to save.
    await panel.locator('#preview-kind').selectOption('');
    await panel.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('Dry run done.');
    expect(await result.locator('p').first().textContent()).toMatch(new RegExp(`^Dry run with the saved models, .+: ${before.length} of ${before.length} mentions read; a rescore would change ${run!.changed}\\.`));
    expect(await panel.locator('#preview-save button').count()).toBe(0);
  });

  it('overview: a model previewed by a dry run is saved from the panel, which then follows the rescore it queued', async () => {
    // A brand of its own with no mentions: saving rescores them, and the seeded ones carry hand-written scores.
    const brand = await s.runtime.store.createBrand(brandInput({ name: 'Save Skin', webhooks: [] }));
    await open(page, `${s.url}/#/brand/${brand.id}`);
    await page.reload();
    await expect.poll(() => page.textContent('main h1')).toBe('Save Skin');
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Scoring models' }) });
    await panel.locator('#preview-kind').selectOption('fake');
    await panel.locator('#preview-file').setInputFiles(SHIPPED_FAKE_MODEL_URL.pathname);
    await panel.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => panel.locator('#preview-status').textContent(), { timeout: 15_000 }).toBe('Dry run done.');
    await panel.getByRole('button', { name: "Save it as this brand's fake-review model" }).click();
    await expect.poll(() => panel.locator('#preview-status').textContent()).toMatch(/^Saved shipped:\S+ as this brand's fake-review model, version 1: its stored mentions are being rescored\.$/);
    expect(await panel.locator('dd').first().textContent()).toMatch(/^this brand's own: shipped:\S+, version 1, saved \d{4}-\d\d-\d\d$/);
    await expect.poll(() => panel.locator('#rescore-run').textContent()).toMatch(/^Last rescore .+: 0 of 0 mentions read, 0 changed\.$/);
    expect((await s.runtime.store.getBrandModelInfo(brand.id, 'fake'))?.version).toBe(1);
    // What deleting it would do: a dry run with the shipped model, nothing offered to save.
    await panel.locator('#preview-kind').selectOption('shipped:fake');
    await panel.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => panel.locator('#preview-status').textContent(), { timeout: 15_000 }).toBe('Dry run done.');
    expect(await panel.locator('#preview-result p').first().textContent()).toMatch(/^Dry run with the fake-review model “shipped:[^”]+”, .+: 0 of 0 mentions read; a rescore would change 0\./);
    expect(await panel.locator('#preview-save button').count()).toBe(0);
  });

  it('launch: reception, aspects and sample mentions, hostile text shown as text', async () => {
    await open(page, `${s.url}/#/launch/${seeded.launch.id}`);
    expect(await page.textContent('main h1')).toBe('Lune Advent Calendar');
    await chartSize(page);
    expect(await page.getByRole('heading', { name: 'Reception' }).count()).toBe(1);
    expect(await page.locator('table caption', { hasText: 'baseline' }).count()).toBe(1);
    const texts = await page.locator('.mention .text').allTextContents();
    expect(texts).toContain(HOSTILE);
    // A rated mention's reasons show the text's own reading beside the score the stars weigh in.
    expect(await page.locator('.mention details.why li', { hasText: /^Sentiment -0\.70 \(the text alone -0\.63\)/ }).count()).toBeGreaterThan(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('.unavailable').count()).toBe(0);
    await shot(page, 'launch');
  });

  it('alert inbox: acknowledge by keyboard, and the store records it', async () => {
    await open(page, `${s.url}/#/alerts`);
    const card = page.locator(`[data-alert="${seeded.alert.id}"]`);
    expect(await card.locator('blockquote').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await shot(page, 'alerts');
    await card.getByRole('button', { name: 'Acknowledge' }).focus();
    await page.keyboard.press('Enter');
    await page.locator(`[data-alert="${seeded.alert.id}"] .st-acknowledged`).waitFor();
    const stored = await s.runtime.store.getAlert(seeded.alert.id);
    expect(stored?.status).toBe('acknowledged');
    expect(stored?.acknowledgedAt).toBeTruthy();
    // Focus stays on the redrawn card, so a keyboard user is not thrown back to the top.
    expect(await page.evaluate(() => document.activeElement?.closest('[data-alert]')?.getAttribute('data-alert'))).toBe(seeded.alert.id);
    await page.locator(`[data-alert="${seeded.alert.id}"]`).getByRole('button', { name: 'Resolve' }).click();
    await page.locator(`[data-alert="${seeded.alert.id}"] .st-resolved`).waitFor();
    expect((await s.runtime.store.getAlert(seeded.alert.id))?.status).toBe('resolved');
  });

  it('compare: two launches side by side with the verdict on each difference', async () => {
    await open(page, `${s.url}/#/compare`);
    await page.getByLabel('Lune Advent Calendar (Maya Lune)').check();
    await page.getByLabel('Every Shade Range (Verde Skin)').check();
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForSelector('main .panel table');
    await page.waitForFunction(() => !document.querySelector('main')!.hasAttribute('aria-busy'));
    const head = await page.locator('main .panel table').first().locator('thead').textContent();
    expect(head).toContain('Lune Advent Calendar');
    expect(head).toContain('Every Shade Range');
    expect(await page.locator('.unavailable').count()).toBe(0);
    expect(await page.locator('table.diffs tbody tr').count()).toBeGreaterThan(0);
    await chartSize(page);
    await shot(page, 'compare');
  });

  it('sources: list, runs, a recipe test that shows the API errors, and adding a source', async () => {
    await open(page, `${s.url}/#/sources?brandId=${seeded.brand.id}`);
    expect(await page.locator('table.sources tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: 'Runs of Calendar reviews' }).click();
    await page.getByRole('heading', { name: 'Last runs of Calendar reviews' }).waitFor();
    // The list loads after the heading shows ("Loading…"): wait for the loaded panel's Refresh button.
    await page.locator('#runs').getByRole('button', { name: 'Refresh' }).waitFor();
    expect(await page.locator('#runs').textContent()).toContain('No runs yet');

    await page.getByLabel('Name', { exact: true }).fill('Forum');
    await page.getByLabel('Kind', { exact: true }).selectOption('recipe');
    await page.getByLabel('URL').fill('http://127.0.0.1:9/forum');
    await page.getByRole('button', { name: 'Test recipe' }).click();
    await page.locator('.form-errors li').first().waitFor();
    expect(await page.locator('.form-errors').textContent()).toMatch(/recipe/);
    expect(await page.locator('textarea[aria-invalid=true]').count()).toBe(1);
    expect(await s.runtime.store.listSources({ brandId: seeded.brand.id })).toHaveLength(1);

    await page.getByLabel('Recipe (JSON)').fill('{ "item": ".post", "fields": { "text": ".body" } }');
    await page.getByRole('button', { name: 'Test recipe' }).click();
    await page.locator('.result', { hasText: 'valid' }).waitFor();
    expect(await s.runtime.store.listSources({ brandId: seeded.brand.id })).toHaveLength(1);

    await page.getByRole('button', { name: 'Add source' }).click();
    await page.locator('table.sources tbody tr', { hasText: 'Forum' }).waitFor();
    const all = await s.runtime.store.listSources({ brandId: seeded.brand.id });
    expect(all.map((x) => x.name).sort()).toEqual(['Calendar reviews', 'Forum']);
    await shot(page, 'sources');
  });

  it('reported no CSP violations, page errors or dialogs', async () => {
    const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect(csp).toEqual([]);
    expect(issues).toEqual([]);
  });
});

describeWith(['chromium'], 'dashboard with API keys required', () => {
  let s: TestServer;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    s = await startTestServer({ TRUSTLENS_REQUIRE_KEYS: 'true' });
    await s.runtime.store.createBrand({ name: 'Keyed Brand', mission: '', values: [], claims: [], forbiddenClaims: [], keywords: [], handles: [], competitors: [], languages: ['en'], sensitivity: 1, webhooks: [] });
    await s.runtime.store.createApiKey({ name: 'viewer', hash: hashKey('tl_test_key_0123456789'), role: 'viewer', brandIds: [] });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('asks for a key, keeps it in the tab and sends it as a Bearer token', async () => {
    const page = browser.ctx.pages()[0] ?? await browser.ctx.newPage();
    const seen: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/brands')) seen.push(r.headers().authorization ?? ''); });
    await page.goto(`${s.url}/#/`);
    await page.locator('#banner:not([hidden])').waitFor();
    expect(await page.locator('#banner').textContent()).toMatch(/API key/);
    await page.getByLabel('API key (kept in this tab only)').fill('tl_test_key_0123456789');
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.locator('main h1', { hasText: 'Keyed Brand' }).waitFor();
    expect(seen.at(-1)).toBe('Bearer tl_test_key_0123456789');
    expect(await page.evaluate(() => sessionStorage.getItem('trustlens.apiKey'))).toBe('tl_test_key_0123456789');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });
});
