// Browser recipes: the selector recipe applied to pages that render with JavaScript or load more
// on scroll (influencer profiles, infinite feeds). Navigate, wait for a selector, scroll up to N
// times while new items keep appearing, then extract from the rendered HTML with the same code
// as the recipe kind. robots.txt is checked through the fetcher before each navigation.
import type { Page } from 'playwright-core';
import { NonRetryableError, RetryableError, ValidationError } from '../src/core/errors.js';
import type { KindResult, ScrapeContext, SourceSpec } from './context.js';
import { parseUrl, type PoliteFetcher } from './fetcher.js';
import { paginate } from './pagination.js';
import { extractRecipePage, offer } from './recipe.js';
import { validateRecipe, type Recipe } from './recipe-schema.js';

/** Loads one page, waits, scrolls; returns the rendered HTML and final URL. */
export async function renderPage(page: Page, url: string, recipe: Recipe, wantItems = Infinity): Promise<{ html: string; url: string; scrolls: number }> {
  const timeout = recipe.timeoutMs ?? 20_000;
  let response;
  try {
    response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
  } catch (err) {
    throw new RetryableError(`browser navigation to ${url} failed: ${(err as Error).message.split('\n')[0]}`, undefined, { cause: err });
  }
  const status = response?.status() ?? 200;
  if (status === 429 || status >= 500) throw new RetryableError(`HTTP ${status}: ${url}`);
  if (status >= 400) throw new NonRetryableError(`HTTP ${status}: ${url}`);
  const waitFor = recipe.waitFor ?? recipe.item;
  try {
    await page.waitForSelector(waitFor, { timeout, state: 'attached' });
  } catch {
    throw new NonRetryableError(`selector "${waitFor}" did not appear within ${timeout} ms on ${url}`);
  }
  let scrolls = 0;
  const times = recipe.scroll?.times ?? 0;
  const delay = recipe.scroll?.delayMs ?? 500;
  for (let i = 0; i < times; i++) {
    const count = await page.locator(recipe.item).count();
    if (count >= wantItems) break;
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    scrolls++;
    try {
      await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel as string).length > (n as number), [recipe.item, count] as const, { timeout: Math.max(delay, 50), polling: 50 });
    } catch {
      break; // nothing more loaded: the feed ended
    }
  }
  return { html: await page.content(), url: page.url(), scrolls };
}

export async function scrapeBrowser(spec: SourceSpec, ctx: ScrapeContext): Promise<KindResult> {
  if (!spec.url) throw new NonRetryableError('browser source needs a url');
  if (!ctx.browser) throw new ValidationError('browser source needs a browser pool (run it in a worker with Chromium)');
  const recipe = validateRecipe(spec.recipe, 'browser');
  const kind = spec.mentionKind ?? 'influencer';
  const polite = ctx.fetcher as Partial<PoliteFetcher>;
  const browser = ctx.browser;
  const out = await paginate({
    first: parseUrl(spec.url).href,
    resume: typeof spec.state.resume === 'string' ? spec.state.resume : undefined,
    maxPages: Math.min(ctx.maxPages, recipe.maxPages ?? Infinity),
    collectorFull: () => ctx.collector.full(),
    visit: async (url) => {
      // robots.txt and the per-host limits apply to navigations as to plain fetches.
      const release = polite.hostSlot ? await polite.hostSlot(url) : undefined;
      let rendered: Awaited<ReturnType<typeof renderPage>>;
      try {
        rendered = await browser.withPage((page) => renderPage(page, url, recipe));
      } finally {
        release?.();
      }
      const page = extractRecipePage(rendered.html, rendered.url, recipe, kind);
      return { results: offer(ctx, page, (m) => m.url !== rendered.url), next: page.next };
    },
  });
  return { pagesFetched: out.pages, notModified: false, resume: out.resume };
}
