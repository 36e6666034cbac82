// The JobQueue port. Adapters: jobs/inline-queue.ts (in-process) and jobs/bull-queue.ts (Redis).
// One contract suite (test/contract/queue.contract.ts) runs against both.

export interface Job<T = unknown> {
  id: string;
  queue: string;
  data: T;
  /** 1 on the first try. */
  attempt: number;
}

export interface EnqueueOptions {
  /** Total tries including the first (default 3). */
  attempts?: number;
  /** First retry delay; doubles each try (default 1000 ms). */
  backoffMs?: number;
  /** Jobs with the same id are enqueued once while the first is pending. */
  jobId?: string;
  delayMs?: number;
  /**
   * Not kept once it completes (the bull queue keeps completed jobs, data included, for
   * inspection): for jobs whose data is large, such as a dry run's model files.
   */
  dropWhenDone?: boolean;
}

export interface ScheduleOptions extends Omit<EnqueueOptions, 'jobId' | 'delayMs'> {
  /** IANA time zone for the cron expression (default UTC). */
  tz?: string;
}

export interface ProcessOptions {
  concurrency?: number;
}

export type JobHandler<T = unknown> = (job: Job<T>) => Promise<unknown>;

export interface FailedJob {
  id: string;
  queue: string;
  data: unknown;
  attempts: number;
  error: string;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface CloseReport {
  /** Jobs still waiting or delayed at shutdown (inline mode: they are not silently dropped). */
  unfinished: { queue: string; id: string; data: unknown }[];
}

export interface JobQueue {
  readonly kind: 'inline' | 'bull';
  enqueue<T>(queue: string, data: T, opts?: EnqueueOptions): Promise<string>;
  /** Runs `data` on `queue` at each tick of `cron`. `key` names the schedule (re-scheduling replaces it). */
  schedule<T>(queue: string, key: string, cron: string, data: T, opts?: ScheduleOptions): Promise<void>;
  unschedule(queue: string, key: string): Promise<void>;
  /** Registers the handler for a queue. A handler that throws is retried per the job's options. */
  process<T>(queue: string, handler: JobHandler<T>, opts?: ProcessOptions): void;
  pending(queue: string): Promise<QueueCounts>;
  failed(queue: string): Promise<FailedJob[]>;
  /** Called after a job failed for good (all attempts used or non-retryable). */
  onFailed(listener: (job: FailedJob) => void): void;
  ping(): Promise<boolean>;
  /**
   * Runs `fn` only if no other holder (in any process sharing this queue) has `key`; the lease
   * lasts `ttlMs` and is renewed while `fn` runs, so a holder that dies frees it after `ttlMs`.
   * Returns `{ acquired: false }` at once when the key is held.
   */
  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }>;
  /**
   * A rate gate shared by every process using this queue: resolves when the caller may start.
   * Two callers of the same `key` are let through at least `intervalMs` apart, in (roughly) the
   * order they called: each call books the next free slot at once, then sleeps until it; nobody
   * polls. A caller's `intervalMs` is the gap it leaves before the next one (0: none). Different
   * keys do not delay each other. The fetcher uses `rateGate('host:' + host, delay)` so that N
   * workers together keep one host's minimum delay.
   * Spacing is measured from when the previous caller was actually let through, so one that was
   * released late (a busy event loop) pushes the next back instead of bunching up with it. Bull
   * keeps the books on Redis's clock (workers' clocks do not matter): one round trip when the
   * key is idle, two when callers queue, and starts are at least `intervalMs` − 2 ms apart as
   * Redis sees them. A caller that reserves a slot and then gives up only leaves a gap.
   * Throws ValidationError on an empty key or a negative / non-finite interval, UnavailableError
   * when its backend is unreachable or close() has finished (the running jobs close() waits for
   * can still use it).
   */
  rateGate(key: string, intervalMs: number): Promise<void>;
  /** Stops taking jobs, waits for running ones, reports what was left. */
  close(): Promise<CloseReport>;
}
