// JobQueue on Redis through bull 4: queue mode's queue, shared by the api and any number of worker
// processes. bull is imported lazily (inside methods), so embedded mode never loads it.
//
// Connections: one shared command client and one shared subscriber for all queues of this instance;
// bull needs a blocking client per queue that processes jobs (BRPOPLPUSH), created on demand.
//
// Semantics kept equal to the inline adapter (one contract suite runs against both):
// - retries use backoffMs · 2^(n−1), or RetryableError.retryAfterMs when longer (a custom bull
//   backoff strategy, since bull's built-in 'exponential' cannot see the error);
// - a non-retryable error (isRetryable() false) fails the job at once (job.discard());
// - jobId de-duplicates only while the job is pending: a completed or failed job with that id is
//   removed first so the id can be used again;
// - onFailed fires once a job has failed for good, in the process that ran its last attempt.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type Bull from 'bull';
import { isRetryable, UnavailableError, ValidationError } from '../src/core/errors.js';
import type {
  CloseReport,
  EnqueueOptions,
  FailedJob,
  JobHandler,
  JobQueue,
  ProcessOptions,
  QueueCounts,
  ScheduleOptions,
} from '../src/ports/queue.js';
import {
  checkName,
  checkRateGate,
  errorMessage,
  normaliseConcurrency,
  normaliseEnqueue,
  retryDelayMs,
  sleepUntil,
  validateCron,
  type NormalisedEnqueue,
} from './queue-options.js';
import { closeRedis, loadRedis, redactUrl, type RedisClient, type RedisOptions } from './queue-redis.js';

export interface BullQueueOptions {
  redisUrl: string;
  /** Prefix of every Redis key (default 'trustlens'). Tests use a unique one each. */
  prefix?: string;
  /** How often a worker looks for jobs whose worker died (bull stalledInterval, default 30 000 ms). */
  stalledIntervalMs?: number;
  /** How long a job's lock lives without renewal (bull lockDuration, default 30 000 ms). */
  lockDurationMs?: number;
  /** Completed jobs kept per queue for inspection (default 1000). */
  keepCompleted?: number;
  /** How long enqueue/schedule/pending/ping wait for Redis before giving up (default 5000 ms). */
  commandTimeoutMs?: number;
  logger?: { warn: (obj: object, msg?: string) => void };
}

type BullModule = typeof Bull;
type BullQ = Bull.Queue<unknown>;

/** Name of our backoff strategy, registered on every bull Queue this adapter creates. */
const BACKOFF = 'trustlens';
const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';
/** A cap on what close() and failed() read back, so a huge backlog cannot stall shutdown. */
const LIST_LIMIT = 10_000;

export class BullQueue implements JobQueue {
  readonly kind = 'bull' as const;

  /** Loads bull and opens the shared connections; the constructor alone does neither. */
  static async create(opts: BullQueueOptions): Promise<BullQueue> {
    const q = new BullQueue(opts);
    await q.lib();
    return q;
  }

  private readonly opts: Required<Omit<BullQueueOptions, 'logger'>>;
  private readonly logger: { warn: (obj: object, msg?: string) => void };
  private loading: Promise<BullModule> | null = null;
  private client: RedisClient | null = null;
  private subscriber: RedisClient | null = null;
  private readonly bclients: RedisClient[] = [];
  private readonly queues = new Map<string, BullQ>();
  private readonly handlers = new Set<string>();
  private readonly starting: Promise<unknown>[] = [];
  private readonly failedListeners: ((job: FailedJob) => void)[] = [];
  private readonly lastWarn = new Map<string, number>();
  private closing: Promise<CloseReport> | null = null;
  /** close() has finished: connections are gone. */
  private closed = false;

  constructor(opts: BullQueueOptions) {
    if (!opts || typeof opts.redisUrl !== 'string' || !/^rediss?:\/\//.test(opts.redisUrl)) {
      throw new ValidationError('BullQueue needs redisUrl like redis://127.0.0.1:6379', [{ path: 'redisUrl', message: 'must be a redis:// URL' }]);
    }
    this.opts = {
      redisUrl: opts.redisUrl,
      prefix: opts.prefix ?? 'trustlens',
      stalledIntervalMs: opts.stalledIntervalMs ?? 30_000,
      lockDurationMs: opts.lockDurationMs ?? 30_000,
      keepCompleted: opts.keepCompleted ?? 1000,
      commandTimeoutMs: opts.commandTimeoutMs ?? 5000,
    };
    this.logger = opts.logger ?? { warn: (obj, msg) => console.warn(msg ?? '', obj) };
  }

  async enqueue<T>(queue: string, data: T, opts?: EnqueueOptions): Promise<string> {
    this.assertOpen();
    checkName('queue', queue);
    const o = normaliseEnqueue(opts);
    assertSerialisable(data);
    return this.redis(`enqueue to "${queue}"`, async () => {
      const q = await this.queue(queue);
      if (o.jobId !== undefined) {
        const existing = await q.getJob(o.jobId);
        if (existing) {
          const state = await existing.getState();
          // Pending (waiting, active, delayed, paused): de-duplicate. Finished: the id is free again.
          if (state !== 'completed' && state !== 'failed') return String(existing.id);
          await existing.remove().catch(() => undefined);
        }
      }
      const job = await q.add(data, { ...this.jobOptions(o), jobId: o.jobId, delay: o.delayMs || undefined });
      return String(job.id);
    });
  }

  async schedule<T>(queue: string, key: string, cron: string, data: T, opts: ScheduleOptions = {}): Promise<void> {
    this.assertOpen();
    checkName('queue', queue);
    checkName('schedule key', key);
    const { tz } = validateCron(cron, opts);
    const o = normaliseEnqueue({ attempts: opts.attempts, backoffMs: opts.backoffMs });
    assertSerialisable(data);
    await this.redis(`schedule "${key}" on "${queue}"`, async () => {
      const q = await this.queue(queue);
      await removeSchedule(q, key);
      try {
        const first = await q.add(data, { ...this.jobOptions(o), repeat: { cron, tz }, jobId: scheduleJobId(key) });
        await this.client!.hset(this.schedulesKey(queue), scheduleJobId(key), repeatKeyOf(first) ?? '');
      } catch (err) {
        // croner accepted it but bull's cron-parser did not: still the caller's input.
        if (/cron|pattern|invalid/i.test(errorMessage(err))) throw new ValidationError(`invalid schedule: ${errorMessage(err)}`);
        throw err;
      }
    });
  }

  async unschedule(queue: string, key: string): Promise<void> {
    this.assertOpen();
    await this.redis(`unschedule "${key}" on "${queue}"`, async () => {
      await removeSchedule(await this.queue(queue), key);
      // '' marks the key as unscheduled: a tick of the old schedule that still turns up is skipped.
      await this.client!.hset(this.schedulesKey(queue), scheduleJobId(key), '');
    });
  }

  /**
   * The Redis hash of each schedule's current repeat key (field: the schedule's job id). bull
   * creates a schedule's next tick when it runs one, after checking that the schedule still
   * exists but before re-adding it ("the job could have been deleted since this check", bull's
   * own comment): a schedule replaced or removed in that instant comes back and keeps firing
   * beside its replacement. A tick whose repeat key is not the current one is therefore stale:
   * the worker removes its schedule again and skips it.
   */
  private schedulesKey(queue: string): string {
    return `${this.opts.prefix}:${queue}:schedules`;
  }

  /** True when `bjob` is a tick of a schedule that was since replaced or removed (then removed again). */
  private async staleTick(queue: string, q: BullQ, bjob: Bull.Job<unknown>): Promise<boolean> {
    const repeat = (bjob.opts as { repeat?: { key?: string; jobId?: string } }).repeat;
    if (!repeat?.key || !repeat.jobId) return false;
    const current = await this.client!.hget(this.schedulesKey(queue), repeat.jobId);
    // No entry: a schedule made before the registry existed; it runs as it always did.
    if (current === null || current === repeat.key) return false;
    await q.removeRepeatableByKey(repeat.key);
    return true;
  }

  process<T>(queue: string, handler: JobHandler<T>, opts?: ProcessOptions): void {
    this.assertOpen();
    checkName('queue', queue);
    const concurrency = normaliseConcurrency(opts);
    if (this.handlers.has(queue)) throw new Error(`queue "${queue}" already has a handler`);
    this.handlers.add(queue);
    const started = this.queue(queue).then((q) => {
      // Resolves only when the queue closes; failures to start are logged, not thrown at nobody.
      q.process(concurrency, async (bjob: Bull.Job<unknown>) => {
        if (await this.staleTick(queue, q, bjob)) return;
        try {
          await handler({ id: String(bjob.id), queue, data: bjob.data as T, attempt: bjob.attemptsMade + 1 });
        } catch (err) {
          if (!isRetryable(err)) await bjob.discard();
          throw err instanceof Error ? err : new Error(errorMessage(err));
        }
      }).catch((err: unknown) => this.warn(`process:${queue}`, { queue, err: errorMessage(err) }, 'bull worker stopped with an error'));
    });
    this.starting.push(started.catch((err: unknown) => this.warn(`process:${queue}`, { queue, err: errorMessage(err) }, 'could not start bull worker')));
  }

  async pending(queue: string): Promise<QueueCounts> {
    return this.redis(`count jobs of "${queue}"`, async () => {
      const c = await (await this.queue(queue)).getJobCounts();
      return { waiting: c.waiting, active: c.active, delayed: c.delayed, failed: c.failed };
    });
  }

  async failed(queue: string): Promise<FailedJob[]> {
    return this.redis(`list failed jobs of "${queue}"`, async () => {
      const jobs = await (await this.queue(queue)).getFailed(0, LIST_LIMIT - 1);
      return jobs
        .filter((j): j is Bull.Job<unknown> => j != null)
        .map((j) => ({ id: String(j.id), queue, data: j.data, attempts: j.attemptsMade, error: j.failedReason ?? 'unknown reason' }));
    });
  }

  onFailed(listener: (job: FailedJob) => void): void {
    this.failedListeners.push(listener);
  }

  async withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }> {
    this.assertOpen();
    const name = `${this.opts.prefix}:lock:${key}`;
    const token = randomUUID();
    const got = await this.redis(`lock "${key}"`, async () => {
      await this.lib();
      return this.client!.set(name, token, 'PX', ttlMs, 'NX');
    });
    if (got !== 'OK') return { acquired: false };
    // Renew at a third of the lease, only while we still hold it (compare-and-extend in Lua).
    const renew = setInterval(() => {
      this.client!.eval(EXTEND_LUA, 1, name, token, String(ttlMs)).catch(() => undefined);
    }, Math.max(100, Math.floor(ttlMs / 3)));
    try {
      return { acquired: true, result: await fn() };
    } finally {
      clearInterval(renew);
      await this.client!.eval(RELEASE_LUA, 1, name, token).catch((err: unknown) =>
        this.warn('lock', { key, err: errorMessage(err) }, 'could not release a lock; it expires by itself'));
    }
  }

  async rateGate(key: string, intervalMs: number): Promise<void> {
    // Open while closing: the jobs close() waits for may still be fetching, one gate at a time.
    if (this.closed) throw new UnavailableError('job queue is closed');
    checkRateGate(key, intervalMs);
    // Two steps, both atomic on Redis's clock (workers' clocks never meet): 'reserve' books the next
    // slot in call order, so nobody polls; waking at it, 'confirm' starts us only if the previous
    // start's interval is really over. A caller that woke late (busy event loop) thus pushes the
    // ones after it back instead of bunching up with them. An idle gate confirms on reserve: one trip.
    const name = `${this.opts.prefix}:gate:${key}`;
    let step: 'reserve' | 'confirm' = 'reserve';
    for (;;) {
      const reply = await this.redis(`rate gate "${key}"`, async () => {
        await this.lib();
        return this.client!.eval(GATE_LUA, 1, name, step, String(intervalMs), String(GATE_KEEP_MS), String(Math.min(GATE_TOLERANCE_MS, intervalMs / 10)), String(Math.max(GATE_HORIZON_MS, 100 * intervalMs)));
      });
      const [waitText, started] = Array.isArray(reply) ? reply : [];
      const wait = Number(waitText);
      if (!Number.isFinite(wait) || wait < 0) throw new UnavailableError(`rate gate "${key}": unexpected reply from Redis: ${JSON.stringify(reply)}`);
      if (Number(started) === 1) return;
      await sleepUntil(performance.now() + wait);
      step = 'confirm';
    }
  }

  async ping(): Promise<boolean> {
    if (this.closing) return false;
    try {
      await this.redis('ping', async () => {
        await this.lib();
        return this.client!.ping();
      });
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<CloseReport> {
    this.closing ??= this.shutdown().finally(() => {
      this.closed = true;
    });
    return this.closing;
  }

  // ---------------------------------------------------------------------------------------------

  private async shutdown(): Promise<CloseReport> {
    await Promise.allSettled(this.starting);
    const queues = [...this.queues.values()];
    // bull's close() pauses the local workers and waits for their active jobs before returning.
    await Promise.allSettled(queues.map((q) => q.close()));

    const unfinished: CloseReport['unfinished'] = [];
    if (this.client?.status === 'ready') {
      try {
        await withTimeout(
          (async () => {
            for (const q of queues) {
              const jobs = [...(await q.getWaiting(0, LIST_LIMIT - 1)), ...(await q.getDelayed(0, LIST_LIMIT - 1))];
              for (const j of jobs) {
                // The next tick of a cron schedule is not unfinished work: it belongs to the schedule.
                if (j && !(j.opts as { repeat?: unknown }).repeat) unfinished.push({ queue: q.name, id: String(j.id), data: j.data });
              }
            }
          })(),
          this.opts.commandTimeoutMs,
          'listing unfinished jobs',
        );
      } catch (err) {
        this.logger.warn({ err: errorMessage(err) }, 'could not list unfinished jobs at close');
      }
    }
    if (unfinished.length > 0) {
      this.logger.warn(
        { count: unfinished.length, unfinished: unfinished.slice(0, 100).map(({ queue, id }) => ({ queue, id })) },
        `bull queue closed with ${unfinished.length} job(s) waiting or delayed; they stay in Redis for the next worker`,
      );
    }
    await Promise.allSettled([...this.bclients, this.subscriber, this.client].filter((c): c is RedisClient => c != null).map((c) => closeRedis(c)));
    return { unfinished };
  }

  private assertOpen(): void {
    if (this.closing) throw new UnavailableError('job queue is closed');
  }

  private lib(): Promise<BullModule> {
    this.loading ??= (async () => {
      const mod = (await import('bull')) as unknown as { default: BullModule };
      const Redis = loadRedis();
      const base: RedisOptions = {
        // Commands wait through a short Redis restart, but a dead Redis fails a call quickly.
        retryStrategy: (times) => Math.min(200 * times, 2000),
        connectTimeout: this.opts.commandTimeoutMs,
      };
      this.client = new Redis(this.opts.redisUrl, { ...base, maxRetriesPerRequest: 2, enableReadyCheck: false });
      // bull requires these two options on the subscriber and blocking connections.
      this.subscriber = new Redis(this.opts.redisUrl, { ...base, maxRetriesPerRequest: null, enableReadyCheck: false });
      for (const [name, c] of [['client', this.client], ['subscriber', this.subscriber]] as const) {
        c.setMaxListeners(0); // every bull Queue adds its own listener to the shared connections
        c.on('error', (err: Error) => this.warn(`redis:${name}`, { redis: redactUrl(this.opts.redisUrl), err: err.message }, 'redis connection error'));
      }
      return mod.default;
    })();
    return this.loading;
  }

  private async queue(name: string): Promise<BullQ> {
    const Bull = await this.lib();
    let q = this.queues.get(name);
    if (q) return q;
    const Redis = loadRedis();
    q = new Bull(name, {
      prefix: this.opts.prefix,
      createClient: (type) => {
        if (type === 'client') return this.client!;
        if (type === 'subscriber') return this.subscriber!;
        const b = new Redis(this.opts.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: false, retryStrategy: (t) => Math.min(200 * t, 2000) });
        b.on('error', (err: Error) => this.warn('redis:bclient', { err: err.message }, 'redis connection error'));
        this.bclients.push(b);
        return b;
      },
      settings: {
        lockDuration: this.opts.lockDurationMs,
        stalledInterval: this.opts.stalledIntervalMs,
        backoffStrategies: {
          [BACKOFF]: (attemptsMade: number, err: Error, options?: { backoffMs?: number }) =>
            retryDelayMs(options?.backoffMs ?? 1000, attemptsMade, err),
        },
      },
    }) as BullQ;
    q.on('error', (err: Error) => this.warn(`queue:${name}`, { queue: name, err: err.message }, 'bull queue error'));
    q.on('failed', (job: Bull.Job<unknown> | null, err: Error) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || (job as Bull.Job<unknown> & { isDiscarded(): boolean }).isDiscarded() || err?.message === STALLED_TOO_OFTEN;
      if (!final) return;
      const record: FailedJob = { id: String(job.id), queue: name, data: job.data, attempts: job.attemptsMade, error: err?.message ?? job.failedReason ?? 'unknown reason' };
      for (const listener of this.failedListeners) {
        try {
          listener(record);
        } catch (listenerErr) {
          this.logger.warn({ queue: name, id: record.id, err: errorMessage(listenerErr) }, 'onFailed listener threw');
        }
      }
    });
    this.queues.set(name, q);
    return q;
  }

  private jobOptions(o: NormalisedEnqueue): Bull.JobOptions {
    return {
      attempts: o.attempts,
      backoff: { type: BACKOFF, options: { backoffMs: o.backoffMs } } as Bull.BackoffOptions,
      removeOnComplete: o.dropWhenDone ? true : this.opts.keepCompleted,
      removeOnFail: false,
    };
  }

  /** Runs a Redis-backed operation with a deadline; connection failures become UnavailableError. */
  private async redis<R>(what: string, fn: () => Promise<R>): Promise<R> {
    try {
      return await withTimeout(fn(), this.opts.commandTimeoutMs, what);
    } catch (err) {
      if (err instanceof ValidationError) throw err;
      if (err instanceof TimeoutError) {
        throw new UnavailableError(
          `Redis at ${redactUrl(this.opts.redisUrl)} did not answer within ${this.opts.commandTimeoutMs} ms (${what})`,
          { cause: err },
        );
      }
      throw new UnavailableError(`Redis at ${redactUrl(this.opts.redisUrl)} failed (${what}): ${errorMessage(err)}`, { cause: err });
    }
  }

  /** Logs at most once per 30 s per topic: a dead Redis would otherwise log on every reconnect. */
  private warn(topic: string, obj: object, msg: string): void {
    const now = Date.now();
    if (now - (this.lastWarn.get(topic) ?? 0) < 30_000) return;
    this.lastWarn.set(topic, now);
    this.logger.warn(obj, msg);
  }
}

class TimeoutError extends Error {}

function withTimeout<R>(p: Promise<R>, ms: number, what: string): Promise<R> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
  });
  // The losing promise may still settle later; it is already handled by race(), so no unhandled rejection.
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** bull keeps the schedule key inside a ':'-separated Redis member; encode it so ':' in keys is safe. */
function scheduleJobId(key: string): string {
  return encodeURIComponent(key);
}

/** The repeat key bull gives the first tick of a schedule (undefined when it has none). */
function repeatKeyOf(job: Bull.Job<unknown> | undefined): string | undefined {
  return (job?.opts as { repeat?: { key?: string } } | undefined)?.repeat?.key;
}

// Release / extend a lease only if it is still ours (another holder may have it after expiry).
const RELEASE_LUA = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const EXTEND_LUA = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/**
 * rateGate on one hash per key: `next` = first free slot for a reservation, `last` / `gap` = when the
 * last caller actually started and the interval it asked for (ms on Redis's clock, fractional).
 * ARGV: step ('reserve' | 'confirm'), interval ms, how long the key outlives its last use, tolerance ms,
 * horizon ms: books further ahead than that, or a start in the future, mean Redis's clock stepped
 * back, and are forgotten rather than waited out.
 * Returns { wait ms as text (keeps the fraction), 1 if the caller may start now else 0 }.
 * - reserve while slots are booked ahead: book slot = next, next += interval; caller sleeps to it.
 * - otherwise (confirm, or reserve on an idle gate): start now if now ≥ last + gap − tolerance, recording the
 *   start and pushing next to at least now + interval; else say how long is left.
 * replicate_commands lets Redis < 5 write after TIME (effects replication is the default since 5).
 */
const GATE_LUA = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[2])
local keep = tonumber(ARGV[3])
local h = redis.call('HMGET', KEYS[1], 'next', 'last', 'gap')
local nxt = tonumber(h[1]) or 0
local last = tonumber(h[2])
local gap = tonumber(h[3]) or 0
if nxt > now + tonumber(ARGV[5]) or (last and last > now) then
  nxt = 0
  last = nil
end
if ARGV[1] == 'reserve' and nxt > now then
  redis.call('HSET', KEYS[1], 'next', string.format('%.3f', nxt + interval))
  redis.call('PEXPIRE', KEYS[1], math.ceil(nxt + interval - now + keep))
  return { string.format('%.3f', nxt - now), 0 }
end
if last and last + gap - tonumber(ARGV[4]) > now then
  return { string.format('%.3f', last + gap - now), 0 }
end
local horizon = math.max(nxt, now + interval)
redis.call('HSET', KEYS[1], 'last', string.format('%.3f', now), 'gap', string.format('%.3f', interval), 'next', string.format('%.3f', horizon))
redis.call('PEXPIRE', KEYS[1], math.ceil(horizon - now + keep))
return { '0', 1 }
`;
/**
 * How much earlier than last + gap a confirm may still start. Each start is recorded when its
 * confirm reaches Redis, a little after its slot; without this, the usual ±1 ms jitter in those
 * delays would cost a retry round trip (and a timer tick) on half of all starts.
 */
const GATE_TOLERANCE_MS = 2;
/** Further ahead than any real queue of callers (at least 100 intervals). */
const GATE_HORIZON_MS = 15 * 60 * 1000;
/** How long a gate key outlives the last slot booked on it. */
const GATE_KEEP_MS = 1000;

async function removeSchedule(q: BullQ, key: string): Promise<void> {
  const id = scheduleJobId(key);
  for (const r of await q.getRepeatableJobs()) {
    if (r.id === id) await q.removeRepeatableByKey(r.key);
  }
}

function assertSerialisable(data: unknown): void {
  try {
    JSON.stringify(data);
  } catch (err) {
    throw new ValidationError(`job data must be JSON-serialisable: ${errorMessage(err)}`, [{ path: 'data', message: 'not JSON-serialisable' }]);
  }
}
