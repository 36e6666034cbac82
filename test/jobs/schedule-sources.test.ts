import { describe, expect, it } from 'vitest';
import { InlineQueue } from '../../jobs/inline-queue.js';
import { jitteredCron, SourceScheduler } from '../../jobs/schedule-sources.js';
import type { Source } from '../../src/core/types.js';

const source = (over: Partial<Source>): Source => ({
  id: 'aaaaaaaaaaaaaaaaaaaaaaaa', brandId: 'b', name: 's', kind: 'feed', url: 'http://127.0.0.1:9/', schedule: '* * * * * *',
  enabled: true, state: {}, createdAt: '', updatedAt: '', ...over,
});

describe('source schedules', () => {
  it('spreads 5-field crons over a stable seconds offset, and keeps 6-field crons', () => {
    const a = jitteredCron(source({ id: 'a'.repeat(24), schedule: '*/30 * * * *' }), 30);
    expect(a).toMatch(/^([0-9]|[12][0-9]|30) \*\/30 \* \* \* \*$/);
    expect(jitteredCron(source({ id: 'a'.repeat(24), schedule: '*/30 * * * *' }), 30)).toBe(a); // stable
    // A hundred sources saved with the same cron do not fire in the same second.
    const offsets = new Set(Array.from({ length: 100 }, (_, i) => jitteredCron(source({ id: i.toString(16).padStart(24, '0'), schedule: '*/30 * * * *' }), 30).split(' ')[0]));
    expect(offsets.size).toBeGreaterThan(20);
    expect(jitteredCron(source({ schedule: '*/5 * * * * *' }), 30)).toBe('*/5 * * * * *');
    expect(jitteredCron(source({ schedule: '0 * * * *' }), 0)).toBe('0 * * * *');
  });

  it('sync() follows pauses and deletions made elsewhere, and leaves unchanged schedules alone', async () => {
    const q = new InlineQueue();
    const ticks: string[] = [];
    q.process<{ sourceId: string }>('scrape', async (job) => { ticks.push(job.data.sourceId); });
    const s = new SourceScheduler(q, 0);
    const one = source({ id: '1'.repeat(24) });
    const two = source({ id: '2'.repeat(24) });
    await s.sync([one, two]);
    await new Promise((r) => setTimeout(r, 2200));
    expect(new Set(ticks)).toEqual(new Set([one.id, two.id]));
    await s.sync([{ ...one, enabled: false }]); // one paused, two deleted
    await new Promise((r) => setTimeout(r, 1100)); // a tick already due may still run
    const settled = ticks.length;
    await new Promise((r) => setTimeout(r, 2100));
    expect(ticks.length).toBe(settled);
    await s.sync([{ ...one, enabled: true }]);
    await new Promise((r) => setTimeout(r, 2200));
    expect(ticks.slice(settled)).toContain(one.id);
    expect(ticks.slice(settled)).not.toContain(two.id);
    await q.close();
  }, 20_000);
});
