// Test clean-up for bull queues on a real Redis.
import { loadRedis } from '../../jobs/queue-redis.js';

/** Deletes every Redis key under the given bull prefixes (the queues' jobs, schedules, locks). */
export async function deleteKeys(url: string, prefixes: string[]): Promise<void> {
  if (prefixes.length === 0) return;
  const Redis = loadRedis();
  const r = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await r.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    r.disconnect();
  }
}
