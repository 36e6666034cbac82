// Every hostile response, through every HTTP source kind: the run fails with one of the two
// retry-deciding error classes and a clear message; nothing escapes as a TypeError or crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NonRetryableError, RetryableError } from '../../src/core/errors.js';
import { runSource } from '../../scrapers/index.js';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import { testFetcher } from './helpers.js';

let site: FixtureSite;
const fetcher = testFetcher({ timeoutMs: 400, retries: 1, maxBytes: 1024 * 1024 });
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site?.close();
  await fetcher.close();
});

const CASES: [string, typeof NonRetryableError | typeof RetryableError, RegExp][] = [
  ['/hostile/big', NonRetryableError, /body larger than 1048576 bytes/],
  ['/hostile/hang', RetryableError, /timed out after 400 ms/],
  ['/hostile/loop-a', NonRetryableError, /redirect loop/],
  ['/hostile/404', NonRetryableError, /HTTP 404/],
  ['/hostile/500-always', RetryableError, /HTTP 500/],
  ['/private/secret', NonRetryableError, /robots\.txt forbids/],
  ['/hostile/to-ftp', NonRetryableError, /scheme ftp/],
  ['/hostile/binary', NonRetryableError, /not a text document \(image\/png\)/],
];
const recipe = { item: '.x', fields: { text: '.t' } };

describe('hostile sources fail cleanly', () => {
  for (const kind of ['feed', 'schema-reviews', 'recipe'] as const) {
    it.each(CASES)(`${kind}: %s`, async (path, cls, message) => {
      const err = await runSource({ kind, url: `${site.url}${path}`, recipe: kind === 'recipe' ? recipe : undefined, state: {} }, { fetcher }).catch((e) => e);
      expect(err).toBeInstanceOf(cls);
      expect(String(err.message)).toMatch(message);
    });
  }

  it('a malformed JSON API body is a permanent error', async () => {
    const err = await runSource({ kind: 'json-api', api: 'hn', query: 'x', url: `${site.url}/api/malformed.json#`, state: {} }, { fetcher }).catch((e) => e);
    expect(err).toBeInstanceOf(NonRetryableError);
  });

  it('a malformed feed and malformed HTML do not throw', async () => {
    await expect(runSource({ kind: 'feed', url: `${site.url}/feeds/malformed.rss`, state: {} }, { fetcher })).resolves.toMatchObject({ mentions: [expect.anything()] });
    await expect(runSource({ kind: 'recipe', url: `${site.url}/hostile/malformed.html`, recipe: { item: '[itemscope]', fields: { text: '[itemprop=reviewBody]' } }, state: {} }, { fetcher })).resolves.toBeDefined();
  });
});
