import { createFetcher, type FetcherOptions } from '../../scrapers/fetcher.js';

/** A fetcher for tests: no politeness delays, instant backoff sleeps. */
export function testFetcher(extra: Partial<FetcherOptions> = {}) {
  return createFetcher({
    userAgent: 'TrustLensTest/1.0',
    timeoutMs: 3000,
    maxBytes: 2 * 1024 * 1024,
    hostDelayMs: 0,
    hostConcurrency: 4,
    retries: 2,
    sleep: async () => {},
    env: {},
    ...extra,
  });
}
