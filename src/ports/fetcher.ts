// The Fetcher port: one polite HTTP client shared by every scraper (scrapers/fetcher.ts).

export interface FetchOptions {
  /** Conditional GET validators from the last run. */
  etag?: string;
  lastModified?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxBytes?: number;
  /** Skip the robots.txt check (only for the robots.txt request itself). */
  ignoreRobots?: boolean;
  signal?: AbortSignal;
}

export interface FetchResult {
  status: number;
  /** Final URL after redirects. */
  url: string;
  headers: Record<string, string>;
  /** Decoded text ('' on 304). */
  body: string;
  /** True on 304: the source did not change since the validators were taken. */
  notModified: boolean;
  etag?: string;
  lastModified?: string;
}

export interface Fetcher {
  fetch(url: string, opts?: FetchOptions): Promise<FetchResult>;
}
