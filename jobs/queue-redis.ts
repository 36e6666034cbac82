// Loads the Redis client bull itself depends on (ioredis), resolved from bull's own folder, so our
// connections are the exact class bull expects and we do not pin a second copy. Lazy: embedded mode
// never reaches this file's loader.
import { createRequire } from 'node:module';
import type { Redis as RedisClient, RedisOptions } from 'ioredis';

export type { RedisClient, RedisOptions };
export type RedisConstructor = new (url: string, opts?: RedisOptions) => RedisClient;

let cached: RedisConstructor | undefined;

export function loadRedis(): RedisConstructor {
  if (!cached) {
    const here = createRequire(import.meta.url);
    const fromBull = createRequire(here.resolve('bull'));
    const mod = fromBull('ioredis') as { default?: RedisConstructor } & RedisConstructor;
    cached = mod.default ?? mod;
  }
  return cached;
}

/** redis://user:secret@host:port/db → redis://user:***@host:port/db, for error messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid redis url)';
  }
}

/** Closes a connection politely (QUIT) but never waits long for a dead server. */
export async function closeRedis(client: RedisClient, waitMs = 500): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    await Promise.race([client.quit().catch(() => undefined), new Promise((r) => setTimeout(r, waitMs).unref())]);
  }
  client.disconnect();
}
