// What every source-kind module receives and returns. Kept apart from index.ts so kind modules
// do not import the dispatcher (no cycles).
import type { Page } from 'playwright-core';
import type { MentionKind, Source } from '../src/core/types.js';
import type { Fetcher } from '../src/ports/fetcher.js';
import type { Collector } from './collector.js';

export type SourceSpec = Pick<Source, 'kind' | 'url' | 'api' | 'query' | 'mentionKind' | 'recipe' | 'state'>;

export interface BrowserPool {
  /** Runs fn with a pooled page; waits while all pages are busy. */
  withPage<T>(fn: (page: Page) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface ScrapeContext {
  fetcher: Fetcher;
  browser?: BrowserPool;
  collector: Collector;
  maxPages: number;
}

export interface AggregateRating {
  itemName?: string;
  value: number;
  best: number;
  worst: number;
  normalized: number;
  count?: number;
}

export interface KindResult {
  pagesFetched: number;
  notModified: boolean;
  etag?: string;
  lastModified?: string;
  aggregate?: AggregateRating;
  /** Where the next run carries on (kind-specific: a page URL or an API cursor); undefined = crawl complete. */
  resume?: string;
}

export function defaultKind(spec: SourceSpec, fallback: MentionKind): MentionKind {
  return spec.mentionKind ?? fallback;
}
