// JobQueue in the process: embedded mode's queue. Per-queue FIFO, per-queue concurrency, retries
// with exponential backoff, cron schedules (croner), and a graceful close() that waits for running
// jobs and hands back whatever was still queued instead of dropping it.
import { Cron } from 'croner';
import { performance } from 'node:perf_hooks';
import { isRetryable, UnavailableError } from '../src/core/errors.js';
import type {
  CloseReport,
  EnqueueOptions,
  FailedJob,
  Job,
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
} from './queue-options.js';

export interface InlineQueueOptions {
  now?: () => Date;
  logger?: { warn: (obj: object, msg?: string) => void };
  /** How many failed jobs each queue remembers for failed() (oldest dropped first). Default 1000. */
  keepFailed?: number;
}

interface QueuedJob {
  id: string;
  queue: string;
  data: unknown;
  attempts: number;
  backoffMs: number;
  /** Tries made so far. */
  attemptsMade: number;
  enqueuedAt: Date;
}

interface Lane {
  name: string;
  waiting: QueuedJob[];
  active: Set<QueuedJob>;
  /** Jobs waiting for delayMs or a retry backoff; the timer moves them to `waiting`. */
  delayed: Map<QueuedJob, ReturnType<typeof setTimeout> | null>;
  failed: FailedJob[];
  /** Ids of waiting, active and delayed jobs (jobId de-duplication while pending). */
  pendingIds: Set<string>;
  handler?: JobHandler<unknown>;
  concurrency: number;
}

export class InlineQueue implements JobQueue {
  readonly kind = 'inline' as const;

  private readonly lanes = new Map<string, Lane>();
  private readonly schedules = new Map<string, Cron>();
  private readonly failedListeners: ((job: FailedJob) => void)[] = [];
  private readonly idle = new Set<() => void>();
  private readonly now: () => Date;
  private readonly logger: { warn: (obj: object, msg?: string) => void };
  private readonly keepFailed: number;
  private seq = 0;
  private closing: Promise<CloseReport> | null = null;
  /** close() has finished (no job can be running any more). */
  private closed = false;

  constructor(opts: InlineQueueOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.logger = opts.logger ?? { warn: (obj, msg) => console.warn(msg ?? '', obj) };
    this.keepFailed = opts.keepFailed ?? 1000;
  }

  async enqueue<T>(queue: string, data: T, opts?: EnqueueOptions): Promise<string> {
    this.assertOpen();
    checkName('queue', queue);
    const o = normaliseEnqueue(opts);
    const lane = this.lane(queue);
    if (o.jobId !== undefined && lane.pendingIds.has(o.jobId)) return o.jobId;
    const job: QueuedJob = {
      id: o.jobId ?? String(++this.seq),
      queue,
      data,
      attempts: o.attempts,
      backoffMs: o.backoffMs,
      attemptsMade: 0,
      enqueuedAt: this.now(),
    };
    lane.pendingIds.add(job.id);
    if (o.delayMs > 0) this.delay(lane, job, o.delayMs);
    else {
      lane.waiting.push(job);
      this.pump(lane);
    }
    return job.id;
  }

  async schedule<T>(queue: string, key: string, cron: string, data: T, opts: ScheduleOptions = {}): Promise<void> {
    this.assertOpen();
    checkName('queue', queue);
    checkName('schedule key', key);
    const { tz } = validateCron(cron, opts);
    const enqueueOpts = normaliseEnqueue({ attempts: opts.attempts, backoffMs: opts.backoffMs });
    const id = scheduleId(queue, key);
    this.schedules.get(id)?.stop();
    const task = new Cron(
      cron,
      {
        timezone: tz,
        // A tick that throws must not kill the schedule; enqueue only fails once we are closing.
        catch: (err) => this.logger.warn({ queue, key, err: errorMessage(err) }, 'scheduled enqueue failed'),
      },
      async () => {
        if (this.closing) return;
        await this.enqueue(queue, data, { attempts: enqueueOpts.attempts, backoffMs: enqueueOpts.backoffMs });
      },
    );
    this.schedules.set(id, task);
  }

  async unschedule(queue: string, key: string): Promise<void> {
    const id = scheduleId(queue, key);
    this.schedules.get(id)?.stop();
    this.schedules.delete(id);
  }

  process<T>(queue: string, handler: JobHandler<T>, opts?: ProcessOptions): void {
    checkName('queue', queue);
    const concurrency = normaliseConcurrency(opts);
    const lane = this.lane(queue);
    if (lane.handler) throw new Error(`queue "${queue}" already has a handler`);
    lane.handler = handler as JobHandler<unknown>;
    lane.concurrency = concurrency;
    this.pump(lane);
  }

  async pending(queue: string): Promise<QueueCounts> {
    const lane = this.lanes.get(queue);
    if (!lane) return { waiting: 0, active: 0, delayed: 0, failed: 0 };
    return { waiting: lane.waiting.length, active: lane.active.size, delayed: lane.delayed.size, failed: lane.failed.length };
  }

  async failed(queue: string): Promise<FailedJob[]> {
    return [...(this.lanes.get(queue)?.failed ?? [])];
  }

  onFailed(listener: (job: FailedJob) => void): void {
    this.failedListeners.push(listener);
  }

  private readonly locks = new Set<string>();

  async withLock<T>(key: string, _ttlMs: number, fn: () => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }> {
    // One process: a set of held keys is the whole lease (nothing can die holding it but the process).
    if (this.locks.has(key)) return { acquired: false };
    this.locks.add(key);
    try {
      return { acquired: true, result: await fn() };
    } finally {
      this.locks.delete(key);
    }
  }

  private readonly gates = new Map<string, GateState>();

  async rateGate(key: string, intervalMs: number): Promise<void> {
    // Open while closing: the jobs close() waits for may still be fetching, one gate at a time.
    if (this.closed) throw new UnavailableError('job queue is closed');
    checkRateGate(key, intervalMs);
    let gate = this.gates.get(key);
    if (!gate) {
      if (this.gates.size >= GATE_SWEEP_AT) this.sweepGates();
      this.gates.set(key, (gate = { until: -Infinity, tail: Promise.resolve(), waiting: 0 }));
    }
    // Callers queue on a per-key chain in call order; each sleeps until the previous one's
    // interval is over, measured from when that one was ACTUALLY let through (performance.now, a
    // monotonic clock), so a late timer can delay the next caller but never bunch two together.
    const g = gate;
    g.waiting++;
    const turn = g.tail.then(async () => {
      await sleepUntil(g.until);
      g.until = performance.now() + intervalMs;
    });
    g.tail = turn;
    try {
      await turn;
    } finally {
      g.waiting--;
    }
  }

  /** Drops gates nobody waits on whose interval is over (one per host in practice: rarely needed). */
  private sweepGates(): void {
    const now = performance.now();
    for (const [k, g] of this.gates) if (g.waiting === 0 && g.until <= now) this.gates.delete(k);
  }

  async ping(): Promise<boolean> {
    return !this.closing;
  }

  close(): Promise<CloseReport> {
    this.closing ??= this.shutdown().finally(() => {
      this.closed = true;
    });
    return this.closing;
  }

  private async shutdown(): Promise<CloseReport> {
    for (const task of this.schedules.values()) task.stop();
    this.schedules.clear();
    for (const lane of this.lanes.values()) {
      for (const [job, timer] of lane.delayed) {
        if (timer) clearTimeout(timer);
        lane.delayed.set(job, null);
      }
    }
    // Running jobs finish (and may fail into `delayed` for a retry that will not happen now).
    while (this.activeCount() > 0) await new Promise<void>((resolve) => this.idle.add(resolve));

    const left: QueuedJob[] = [];
    for (const lane of this.lanes.values()) left.push(...lane.waiting, ...lane.delayed.keys());
    const unfinished: CloseReport['unfinished'] = left.map((job) => ({ queue: job.queue, id: job.id, data: job.data }));
    if (unfinished.length > 0) {
      this.logger.warn(
        {
          count: unfinished.length,
          unfinished: left.map((job) => ({ queue: job.queue, id: job.id, attemptsMade: job.attemptsMade, enqueuedAt: job.enqueuedAt.toISOString() })),
        },
        `inline queue closed with ${unfinished.length} job(s) still waiting or delayed; they were not run`,
      );
    }
    return { unfinished };
  }

  private assertOpen(): void {
    if (this.closing) throw new UnavailableError('job queue is closed');
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { name, waiting: [], active: new Set(), delayed: new Map(), failed: [], pendingIds: new Set(), concurrency: 1 };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private activeCount(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.active.size;
    return n;
  }

  private delay(lane: Lane, job: QueuedJob, ms: number): void {
    if (this.closing) {
      // Kept (with no timer) so close() reports it in `unfinished`.
      lane.delayed.set(job, null);
      return;
    }
    const timer = setTimeout(() => {
      lane.delayed.delete(job);
      lane.waiting.push(job);
      this.pump(lane);
    }, ms);
    lane.delayed.set(job, timer);
  }

  /** Starts as many waiting jobs as the lane's concurrency allows. */
  private pump(lane: Lane): void {
    while (!this.closing && lane.handler && lane.active.size < lane.concurrency && lane.waiting.length > 0) {
      const job = lane.waiting.shift()!;
      void this.run(lane, lane.handler, job);
    }
  }

  private async run(lane: Lane, handler: JobHandler<unknown>, job: QueuedJob): Promise<void> {
    lane.active.add(job);
    job.attemptsMade += 1;
    const view: Job<unknown> = { id: job.id, queue: job.queue, data: job.data, attempt: job.attemptsMade };
    try {
      // Start the handler on a later tick, never inside the enqueue()/process() call that woke us.
      await Promise.resolve();
      await handler(view);
      lane.pendingIds.delete(job.id);
    } catch (err) {
      if (isRetryable(err) && job.attemptsMade < job.attempts) {
        this.delay(lane, job, retryDelayMs(job.backoffMs, job.attemptsMade, err));
      } else {
        lane.pendingIds.delete(job.id);
        this.fail(lane, job, err);
      }
    } finally {
      lane.active.delete(job);
      this.pump(lane);
      if (this.activeCount() === 0) {
        for (const wake of this.idle) wake();
        this.idle.clear();
      }
    }
  }

  private fail(lane: Lane, job: QueuedJob, err: unknown): void {
    const record: FailedJob = { id: job.id, queue: job.queue, data: job.data, attempts: job.attemptsMade, error: errorMessage(err) };
    lane.failed.push(record);
    if (lane.failed.length > this.keepFailed) lane.failed.splice(0, lane.failed.length - this.keepFailed);
    for (const listener of this.failedListeners) {
      try {
        listener(record);
      } catch (listenerErr) {
        this.logger.warn({ queue: job.queue, id: job.id, err: errorMessage(listenerErr) }, 'onFailed listener threw');
      }
    }
  }
}

interface GateState {
  /** performance.now() ms from which the next caller may go. */
  until: number;
  /** The last caller's turn: the next one starts waiting when it is through. */
  tail: Promise<void>;
  waiting: number;
}

/** Gate entries kept before expired ones are swept (one per host in practice). */
const GATE_SWEEP_AT = 1024;

/** Shared by both adapters: what rateGate() accepts. */
function scheduleId(queue: string, key: string): string {
  return `${queue}\u0000${key}`;
}
