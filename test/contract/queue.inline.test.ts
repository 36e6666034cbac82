import { describe, expect, it } from 'vitest';
import { InlineQueue } from '../../jobs/inline-queue.js';
import { queueContract, sleep, waitFor } from './queue.contract.js';

const quiet = { warn: () => {} };

queueContract('inline', async () => new InlineQueue({ logger: quiet }));

describe('InlineQueue close()', () => {
  it('reports jobs still waiting or delayed in `unfinished` and logs them, instead of dropping them', async () => {
    const warnings: { obj: object; msg?: string }[] = [];
    const q = new InlineQueue({ logger: { warn: (obj, msg) => warnings.push({ obj, msg }) } });
    let running = 0;
    q.process<{ n: number }>('scrape', async () => {
      running++;
      await sleep(300);
    });
    for (let n = 1; n <= 4; n++) await q.enqueue('scrape', { n });
    await q.enqueue('notify', { alert: 'a1' }); // no handler registered: waits
    await q.enqueue('scrape', { n: 99 }, { delayMs: 60_000 });
    await waitFor(() => running === 1, 5000, 'the first job');

    const report = await q.close();
    expect(running).toBe(1); // close() started nothing new
    expect(report.unfinished).toEqual(
      expect.arrayContaining([
        { queue: 'scrape', id: expect.any(String), data: { n: 2 } },
        { queue: 'scrape', id: expect.any(String), data: { n: 3 } },
        { queue: 'scrape', id: expect.any(String), data: { n: 4 } },
        { queue: 'scrape', id: expect.any(String), data: { n: 99 } },
        { queue: 'notify', id: expect.any(String), data: { alert: 'a1' } },
      ]),
    );
    expect(report.unfinished).toHaveLength(5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/5 job\(s\) still waiting or delayed/);
    expect(JSON.stringify(warnings[0].obj)).toContain('notify');
    expect(await q.close()).toBe(report); // idempotent
  });

  it('reports a job whose retry was due after close as unfinished', async () => {
    const q = new InlineQueue({ logger: quiet });
    let calls = 0;
    q.process('flaky', async () => {
      calls++;
      await sleep(200);
      throw new Error('timeout');
    });
    const id = await q.enqueue('flaky', { u: 1 }, { attempts: 3, backoffMs: 10 });
    await waitFor(() => calls === 1, 5000, 'the first try');
    const report = await q.close();
    expect(calls).toBe(1);
    expect(report.unfinished).toEqual([{ queue: 'flaky', id, data: { u: 1 } }]);
  });

  it('keeps failing jobs from stopping the queue and survives a throwing onFailed listener', async () => {
    const warnings: string[] = [];
    const q = new InlineQueue({ logger: { warn: (_o, msg) => warnings.push(msg ?? '') } });
    q.onFailed(() => {
      throw new Error('listener bug');
    });
    const ok: number[] = [];
    q.process<{ n: number }>('mixed', async (job) => {
      if (job.data.n % 2) throw 'plain string thrown';
      ok.push(job.data.n);
    });
    for (let n = 0; n < 6; n++) await q.enqueue('mixed', { n }, { attempts: 1 });
    await waitFor(() => ok.length === 3, 5000, 'the good jobs');
    await waitFor(async () => (await q.pending('mixed')).failed === 3, 5000, 'the bad jobs');
    expect((await q.failed('mixed')).map((f) => f.error)).toEqual(['plain string thrown', 'plain string thrown', 'plain string thrown']);
    expect(warnings.filter((w) => /listener threw/.test(w))).toHaveLength(3);
    await q.close();
  });
});
