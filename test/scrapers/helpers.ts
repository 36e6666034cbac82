import { afterAll, beforeAll } from 'vitest';
import { createFetcher, type FetcherOptions } from '../../scrapers/fetcher.js';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';

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

/**
 * The fixture site and a test fetcher for one test file: started before its tests, closed after.
 * Read `site` inside tests (it is set once the file's beforeAll has run).
 */
export function useFixtureSite(): { site: FixtureSite; fetcher: ReturnType<typeof testFetcher> } {
  const fx = { site: undefined as unknown as FixtureSite, fetcher: testFetcher() };
  beforeAll(async () => {
    fx.site = await startFixtureSite();
  });
  afterAll(async () => {
    await fx.site?.close();
    await fx.fetcher.close();
  });
  return fx;
}
