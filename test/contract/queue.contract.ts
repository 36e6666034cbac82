// The JobQueue contract: one suite, run against every adapter (queue.inline.test.ts,
// queue.bull.test.ts). Timing checks leave wide margins: the test machine has two busy cores.
import { afterEach, describe, expect, it } from 'vitest';
import { NonRetryableError, RetryableError, UnavailableError, ValidationError } from '../../src/core/errors.js';
import type { FailedJob, Job, JobQueue } from '../../src/ports/queue.js';
import { uniqueName } from '../support/services.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export interface QueueContractOptions {
  /** Runs after each test, once the queues the test made are closed (e.g. delete Redis keys). */
  cleanup?: () => Promise<void>;
}

export function queueContract(name: string, make: () => Promise<JobQueue>, opts: QueueContractOptions = {}): void {
  describe(`JobQueue contract: ${name}`, () => {
    const made: JobQueue[] = [];
    const fresh = async () => {
      const q = await make();
      made.push(q);
      return q;
    };

    afterEach(async () => {
      await Promise.allSettled(made.splice(0).map((q) => q.close()));
      await opts.cleanup?.();
    });

    it('delivers enqueued data to the handler, on the first attempt', async () => {
      const q = await fresh();
      const name = uniqueName('deliver');
      const seen: Job<{ n: number; s: string }>[] = [];
      q.process<{ n: number; s: string }>(name, async (job) => {
        seen.push(job);
      });
      const id = await q.enqueue(name, { n: 42, s: 'héllo' });
      await waitFor(() => seen.length === 1, 10_000, 'the job');
      expect(seen[0]).toEqual({ id, queue: name, data: { n: 42, s: 'héllo' }, attempt: 1 });
      expect(await q.ping()).toBe(true);
      await waitFor(async () => (await q.pending(name)).active === 0, 5000, 'the job to finish');
      expect(await q.pending(name)).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    });

    it('keeps jobs enqueued before a handler exists until one is registered, in FIFO order', async () => {
      const q = await fresh();
      const name = uniqueName('early');
      for (let i = 0; i < 5; i++) await q.enqueue(name, { i });
      await sleep(200);
      expect((await q.pending(name)).waiting).toBe(5);
      const order: number[] = [];
      q.process<{ i: number }>(name, async (job) => {
        order.push(job.data.i);
      });
      await waitFor(() => order.length === 5, 10_000, 'five jobs');
      expect(order).toEqual([0, 1, 2, 3, 4]);
    });

    it('respects per-queue concurrency (max in flight)', async () => {
      const q = await fresh();
      const wide = uniqueName('wide');
      const narrow = uniqueName('narrow');
      const inFlight = { [wide]: 0, [narrow]: 0 };
      const max = { [wide]: 0, [narrow]: 0 };
      let done = 0;
      const handler = (name: string) => async () => {
        inFlight[name]++;
        max[name] = Math.max(max[name], inFlight[name]);
        await sleep(300);
        inFlight[name]--;
        done++;
      };
      q.process(wide, handler(wide), { concurrency: 3 });
      q.process(narrow, handler(narrow));
      for (let i = 0; i < 9; i++) await q.enqueue(wide, { i });
      for (let i = 0; i < 3; i++) await q.enqueue(narrow, { i });
      await waitFor(() => done === 12, 20_000, 'twelve jobs');
      expect(max[wide]).toBeLessThanOrEqual(3);
      expect(max[wide]).toBeGreaterThanOrEqual(2); // it did run in parallel
      expect(max[narrow]).toBe(1); // default concurrency is 1
    });

    it('runs a delayed job no earlier than delayMs', async () => {
      const q = await fresh();
      const name = uniqueName('delay');
      let ranAt = 0;
      q.process(name, async () => {
        ranAt = Date.now();
      });
      const t0 = Date.now();
      await q.enqueue(name, {}, { delayMs: 800 });
      await sleep(200);
      expect(ranAt).toBe(0);
      expect((await q.pending(name)).delayed).toBe(1);
      await waitFor(() => ranAt > 0, 10_000, 'the delayed job');
      expect(ranAt - t0).toBeGreaterThanOrEqual(750);
    });

    it('fires a schedule on its cron, replaces it by key, and stops it on unschedule', async () => {
      const q = await fresh();
      const name = uniqueName('cron');
      const ticks: { v: number; at: number }[] = [];
      q.process<{ v: number }>(name, async (job) => {
        ticks.push({ v: job.data.v, at: Date.now() });
      });
      await q.schedule(name, 'every:second', '* * * * * *', { v: 1 });
      // Same key again: replaces the first schedule rather than adding a second one.
      await q.schedule(name, 'every:second', '* * * * * *', { v: 2 }, { tz: 'Europe/Paris' });
      await waitFor(() => ticks.length >= 2, 6000, 'two ticks');
      // A tick of the first schedule may have been due in the instant between the two calls;
      // after that, only the replacement runs, at most once a second.
      const settle = Date.now() + 1200;
      await waitFor(() => Date.now() > settle, 3000);
      const fromNow = ticks.length;
      await sleep(2100);
      const later = ticks.slice(fromNow);
      expect(later.length).toBeGreaterThanOrEqual(1);
      expect(later.length).toBeLessThanOrEqual(4);
      expect(later.every((t) => t.v === 2)).toBe(true);

      await q.unschedule(name, 'every:second');
      await sleep(1200); // a tick already enqueued before unschedule may still run
      const stoppedAt = ticks.length;
      await sleep(2200);
      expect(ticks.length).toBe(stoppedAt);
      await q.unschedule(name, 'no-such-key'); // unknown key: no error
    });

    it('rejects a malformed cron expression or time zone with a ValidationError', async () => {
      const q = await fresh();
      const name = uniqueName('badcron');
      await expect(q.schedule(name, 'k', 'every tuesday', {})).rejects.toBeInstanceOf(ValidationError);
      await expect(q.schedule(name, 'k', '61 * * * *', {})).rejects.toThrow(/minute/i);
      await expect(q.schedule(name, 'k', '* * * * *', {}, { tz: 'Nowhere/City' })).rejects.toBeInstanceOf(ValidationError);
      await expect(q.enqueue(name, {}, { attempts: 0 })).rejects.toBeInstanceOf(ValidationError);
    });

    it('retries a failing job with backoff, then records it as failed with its error message', async () => {
      const q = await fresh();
      const name = uniqueName('retry');
      const attempts: { attempt: number; at: number }[] = [];
      const failedEvents: FailedJob[] = [];
      q.onFailed((f) => failedEvents.push(f));
      q.process(name, async (job) => {
        attempts.push({ attempt: job.attempt, at: Date.now() });
        throw new Error('source answered 502 Bad Gateway');
      });
      const id = await q.enqueue(name, { url: 'http://example.test/a' }, { attempts: 3, backoffMs: 100 });
      await waitFor(() => failedEvents.length === 1, 15_000, 'onFailed');
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      // backoff 100 ms then 200 ms (exponential)
      expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(90);
      expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(190);
      const expected = { id, queue: name, data: { url: 'http://example.test/a' }, attempts: 3, error: 'source answered 502 Bad Gateway' };
      expect(failedEvents[0]).toEqual(expected);
      expect(await q.failed(name)).toEqual([expected]);
      expect((await q.pending(name)).failed).toBe(1);
      await sleep(300);
      expect(attempts).toHaveLength(3); // no fourth try
    });

    it('succeeds on a later attempt without recording a failure, honouring RetryableError.retryAfterMs', async () => {
      const q = await fresh();
      const name = uniqueName('flaky');
      const failedEvents: FailedJob[] = [];
      q.onFailed((f) => failedEvents.push(f));
      const at: number[] = [];
      q.process(name, async (job) => {
        at.push(Date.now());
        if (job.attempt === 1) throw new RetryableError('429 Too Many Requests', 600);
      });
      await q.enqueue(name, {}, { attempts: 3, backoffMs: 10 });
      await waitFor(() => at.length === 2, 10_000, 'the second attempt');
      expect(at[1] - at[0]).toBeGreaterThanOrEqual(550); // Retry-After beat the 10 ms backoff
      await waitFor(async () => (await q.pending(name)).active === 0, 5000, 'the job to finish');
      expect(await q.failed(name)).toEqual([]);
      expect(failedEvents).toEqual([]);
    });

    it('fails a job at once on a NonRetryableError', async () => {
      const q = await fresh();
      const name = uniqueName('nonretry');
      const failedEvents: FailedJob[] = [];
      q.onFailed((f) => failedEvents.push(f));
      let calls = 0;
      q.process(name, async () => {
        calls++;
        throw new NonRetryableError('robots.txt forbids /reviews');
      });
      const id = await q.enqueue(name, { s: 1 }, { attempts: 5, backoffMs: 10 });
      await waitFor(() => failedEvents.length === 1, 10_000, 'onFailed');
      await sleep(300);
      expect(calls).toBe(1);
      expect(failedEvents[0]).toEqual({ id, queue: name, data: { s: 1 }, attempts: 1, error: 'robots.txt forbids /reviews' });
      expect(await q.failed(name)).toEqual([failedEvents[0]]);
    });

    it('de-duplicates by jobId while the job is pending, and accepts the id again once it is done', async () => {
      const q = await fresh();
      const name = uniqueName('dedup');
      const a = await q.enqueue(name, { v: 1 }, { jobId: 'source-7:2024-05-01T10' });
      const b = await q.enqueue(name, { v: 2 }, { jobId: 'source-7:2024-05-01T10' });
      expect(a).toBe('source-7:2024-05-01T10');
      expect(b).toBe(a);
      expect((await q.pending(name)).waiting).toBe(1);
      const seen: number[] = [];
      q.process<{ v: number }>(name, async (job) => {
        seen.push(job.data.v);
      });
      await waitFor(() => seen.length === 1, 10_000, 'the job');
      await waitFor(async () => (await q.pending(name)).active === 0, 5000, 'the job to finish');
      await sleep(200);
      expect(seen).toEqual([1]);
      await q.enqueue(name, { v: 3 }, { jobId: 'source-7:2024-05-01T10' });
      await waitFor(() => seen.length === 2, 10_000, 'the re-enqueued job');
      expect(seen).toEqual([1, 3]);
    });

    it('holds a lock against every other taker while the holder runs, renewing it past its ttl', async () => {
      const q = await fresh();
      const key = `lock-${Math.random().toString(36).slice(2)}`;
      let insideAttempt: unknown;
      const held = await q.withLock(key, 300, async () => {
        insideAttempt = await q.withLock(key, 300, async () => 'second');
        await sleep(900); // three times the ttl: the lease must be renewed, not expire
        return (await q.withLock(key, 300, async () => 'third')).acquired;
      });
      expect(insideAttempt).toEqual({ acquired: false });
      expect(held).toEqual({ acquired: true, result: false });
      expect(await q.withLock(key, 300, async () => 'after')).toEqual({ acquired: true, result: 'after' });
      // A holder that throws releases the lock too.
      await expect(q.withLock(key, 300, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
      expect((await q.withLock(key, 300, async () => 1)).acquired).toBe(true);
    });

    it('rateGate lets callers of one key through intervalMs apart, in call order, and leaves other keys alone', async () => {
      const q = await fresh();
      const key = `gate-${Math.random().toString(36).slice(2)}`;
      const interval = 150;
      const t0 = performance.now();
      const released: { i: number; at: number }[] = [];
      const busy = Array.from({ length: 6 }, (_, i) => q.rateGate(key, interval).then(() => released.push({ i, at: performance.now() })));
      // Called while the busy key has five callers queued: not delayed by them.
      let otherAt = 0;
      const other = q.rateGate(`${key}-other`, interval).then(() => (otherAt = performance.now()));
      await Promise.all([...busy, other]);

      expect(released.map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(released[0].at - t0).toBeLessThan(100);
      for (let i = 1; i < released.length; i++) {
        // Slack for bull only in effect: its slots are exact, but a caller whose timer fires late
        // (two busy cores) is released late, which narrows the gap to the next one.
        expect(released[i].at - released[i - 1].at).toBeGreaterThanOrEqual(interval - 10);
      }
      expect(released[5].at - released[0].at).toBeGreaterThanOrEqual(5 * interval - 10);
      // Waiting, not piling up: the last one goes after ~5 intervals, not much later.
      expect(released[5].at - t0).toBeLessThan(5 * interval + 400);
      expect(otherAt - t0).toBeLessThan(100);

      // The key remembers its last slot: a caller right after the burst waits a full interval.
      const before = performance.now();
      await q.rateGate(key, interval);
      expect(performance.now() - released[5].at).toBeGreaterThanOrEqual(interval - 10);
      expect(performance.now() - before).toBeGreaterThan(interval / 2);

      await expect(q.rateGate('', 10)).rejects.toBeInstanceOf(ValidationError);
      await expect(q.rateGate(key, -1)).rejects.toBeInstanceOf(ValidationError);
      await expect(q.rateGate(key, Number.NaN)).rejects.toBeInstanceOf(ValidationError);
    });

    it('close() waits for a running job to finish, then refuses new work', async () => {
      const q = await fresh();
      const name = uniqueName('close');
      let started = false;
      let finished = false;
      let gateWhileClosing: unknown = 'not called';
      q.process(name, async () => {
        started = true;
        await sleep(700);
        // A running job that close() waits for may still pass the rate gate (its next fetch).
        gateWhileClosing = await q.rateGate(`close-gate-${name}`, 10).then(() => 'passed', (err: unknown) => err);
        finished = true;
      });
      await q.enqueue(name, {});
      await waitFor(() => started, 10_000, 'the job to start');
      const report = await q.close();
      expect(finished).toBe(true);
      expect(gateWhileClosing).toBe('passed');
      expect(report.unfinished).toEqual([]);
      await expect(q.enqueue(name, {})).rejects.toBeInstanceOf(UnavailableError);
      await expect(q.rateGate('after-close', 10)).rejects.toBeInstanceOf(UnavailableError);
      expect(await q.ping()).toBe(false);
    });
  });
}
