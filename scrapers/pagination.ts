// Pagination shared by the page-based kinds: where the next page is, and when to stop.
import type { AcceptResult } from './collector.js';

export interface PageOutcome {
  /** Results of offering the page's items to the collector. */
  results: AcceptResult[];
}

/** Why a paginated crawl should stop after this page, or undefined to go on. */
export function stopReason(results: AcceptResult[], collectorFull: boolean, pagesFetched: number, maxPages: number): string | undefined {
  if (collectorFull || results.includes('full')) return 'limit reached';
  if (pagesFetched >= maxPages) return 'max pages reached';
  if (results.length === 0) return 'page had no items';
  // Incremental: a page with nothing new means the rest was collected on an earlier run.
  if (!results.includes('new')) return 'page had nothing new';
  return undefined;
}

/** The URL of page n with a page parameter set. */
export function withPageParam(url: string, param: string, n: number): string {
  const u = new URL(url);
  u.searchParams.set(param, String(n));
  return u.href;
}
