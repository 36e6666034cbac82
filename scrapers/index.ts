// runSource: one run of one source. Dispatches to the module of its kind, collapses duplicates,
// drops what earlier runs already saw, and returns the new state to save. Never touches the store.
// A bad item is skipped with its reason; a bad source throws NonRetryableError / RetryableError /
// ValidationError.
import { NonRetryableError } from '../src/core/errors.js';
import type { RawMention, SourceKind, SourceState } from '../src/core/types.js';
import type { Fetcher } from '../src/ports/fetcher.js';
import { scrapeBrowser } from './browser.js';
import { createCollector } from './collector.js';
import type { AggregateRating, BrowserPool, KindResult, ScrapeContext, SourceSpec } from './context.js';
import { scrapeFeed } from './feed.js';
import { scrapeJsonApi } from './json-api.js';
import { scrapeRecipe } from './recipe.js';
import { scrapeSchemaReviews } from './schema-reviews.js';

export type { BrowserPool, SourceSpec, AggregateRating } from './context.js';
export { createFetcher, type PoliteFetcher, type FetcherOptions } from './fetcher.js';
export { createBrowserPool, type BrowserPoolOptions } from './browser-pool.js';
export { validateRecipe, validateSourceDefinition, type Recipe, type SourceDefinition } from './recipe-schema.js';

export interface ScrapeResult {
  /** New mentions only (not seen in earlier runs, duplicates collapsed). */
  mentions: RawMention[];
  skipped: { reason: string; detail?: string }[];
  /** State to save for the next run. */
  state: SourceState;
  pagesFetched: number;
  notModified: boolean;
  /** Items recognised from earlier runs (not returned again). */
  known: number;
  /** AggregateRating found on review pages, if any. */
  aggregate?: AggregateRating;
}

export interface RunDeps {
  fetcher: Fetcher;
  browser?: BrowserPool;
  /** Most new mentions to return (default 500). */
  limit?: number;
  /** Most pages to fetch (default 10). */
  maxPages?: number;
}

const KINDS: Record<SourceKind, (spec: SourceSpec, ctx: ScrapeContext) => Promise<KindResult>> = {
  feed: scrapeFeed,
  'schema-reviews': scrapeSchemaReviews,
  'json-api': scrapeJsonApi,
  recipe: scrapeRecipe,
  browser: scrapeBrowser,
};

export async function runSource(source: SourceSpec, deps: RunDeps): Promise<ScrapeResult> {
  const scrape = KINDS[source.kind];
  if (!scrape) throw new NonRetryableError(`unknown source kind "${source.kind}"`);
  const state: SourceState = source.state ?? {};
  const collector = createCollector(state, deps.limit ?? 500);
  const ctx: ScrapeContext = { fetcher: deps.fetcher, browser: deps.browser, collector, maxPages: deps.maxPages ?? 10 };
  const out = await scrape({ ...source, state }, ctx);
  const validators = out.notModified
    ? {}
    : { etag: out.etag, lastModified: out.lastModified, resume: out.resume };
  return {
    mentions: collector.mentions,
    skipped: collector.skipped,
    state: out.notModified ? state : collector.nextState(state, validators),
    pagesFetched: out.pagesFetched,
    notModified: out.notModified,
    known: collector.known,
    ...(out.aggregate ? { aggregate: out.aggregate } : {}),
  };
}
