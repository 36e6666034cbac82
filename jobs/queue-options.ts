// Option handling shared by the two JobQueue adapters (inline and bull), so both read
// EnqueueOptions / ScheduleOptions the same way and reject the same bad input.
import { Cron } from 'croner';
import { RetryableError, ValidationError } from '../src/core/errors.js';
import type { EnqueueOptions, ProcessOptions, ScheduleOptions } from '../src/ports/queue.js';

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1000;
export const DEFAULT_TZ = 'UTC';

export interface NormalisedEnqueue {
  attempts: number;
  backoffMs: number;
  jobId?: string;
  delayMs: number;
  dropWhenDone: boolean;
}

export function normaliseEnqueue(opts: EnqueueOptions = {}): NormalisedEnqueue {
  const attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
  const backoffMs = opts.backoffMs ?? DEFAULT_BACKOFF_MS;
  const delayMs = opts.delayMs ?? 0;
  const issues: { path: string; message: string }[] = [];
  if (!Number.isInteger(attempts) || attempts < 1) issues.push({ path: 'attempts', message: 'must be an integer ≥ 1' });
  if (!Number.isFinite(backoffMs) || backoffMs < 0) issues.push({ path: 'backoffMs', message: 'must be a number ≥ 0' });
  if (!Number.isFinite(delayMs) || delayMs < 0) issues.push({ path: 'delayMs', message: 'must be a number ≥ 0' });
  if (opts.jobId !== undefined && (typeof opts.jobId !== 'string' || opts.jobId === '')) {
    issues.push({ path: 'jobId', message: 'must be a non-empty string' });
  }
  if (issues.length) throw new ValidationError(`invalid job options: ${issues.map((i) => `${i.path} ${i.message}`).join(', ')}`, issues);
  return { attempts, backoffMs, jobId: opts.jobId, delayMs, dropWhenDone: opts.dropWhenDone === true };
}

export function normaliseConcurrency(opts: ProcessOptions = {}): number {
  const c = opts.concurrency ?? 1;
  if (!Number.isInteger(c) || c < 1) {
    throw new ValidationError('invalid process options: concurrency must be an integer ≥ 1', [
      { path: 'concurrency', message: 'must be an integer ≥ 1' },
    ]);
  }
  return c;
}

export function checkName(what: 'queue' | 'schedule key', name: string): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ValidationError(`invalid ${what} name: must be a non-empty string`, [{ path: what, message: 'required' }]);
  }
}

/**
 * Checks a cron expression (5 or 6 fields; 6 = with seconds) and time zone with croner, so a
 * typo is a ValidationError at schedule() time in both adapters rather than a silent no-op.
 */
export function validateCron(expr: string, opts: ScheduleOptions = {}): { tz: string } {
  const tz = opts.tz ?? DEFAULT_TZ;
  try {
    const probe = new Cron(expr, { timezone: tz, paused: true });
    // The time zone is only used (and checked) when a run time is computed.
    const next = probe.nextRun();
    probe.stop();
    if (!next) throw new Error(`'${expr}' never fires`);
  } catch (err) {
    throw new ValidationError(`invalid schedule: ${(err as Error).message}`, [{ path: 'cron', message: (err as Error).message }]);
  }
  return { tz };
}

/**
 * Delay before try number `attemptsMade + 1`: backoffMs · 2^(attemptsMade−1), or the error's
 * Retry-After when that is longer (a rate-limited site told us how long to wait).
 */
export function retryDelayMs(backoffMs: number, attemptsMade: number, err: unknown): number {
  const exp = backoffMs * 2 ** Math.max(0, attemptsMade - 1);
  const after = err instanceof RetryableError && err.retryAfterMs !== undefined ? err.retryAfterMs : 0;
  return Math.max(exp, after);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

/** The longest rateGate interval accepted (an hour; Crawl-delay is capped far lower): longer is surely a unit mistake. */
export const MAX_GATE_INTERVAL_MS = 60 * 60 * 1000;

export function checkRateGate(key: string, intervalMs: number): void {
  if (typeof key !== 'string' || key.trim() === '') {
    throw new ValidationError('invalid rate gate key: must be a non-empty string', [{ path: 'key', message: 'required' }]);
  }
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 0 || intervalMs > MAX_GATE_INTERVAL_MS) {
    throw new ValidationError(`invalid rate gate interval ${String(intervalMs)}: must be a number of ms from 0 to ${MAX_GATE_INTERVAL_MS}`, [
      { path: 'intervalMs', message: 'must be a number ≥ 0' },
    ]);
  }
}

/**
 * Sleeps until performance.now() reaches `at`. Timers may fire up to a millisecond early, so the
 * remainder (if any) is slept again: a couple of timers at most, never a hot loop.
 */
export async function sleepUntil(at: number): Promise<void> {
  for (let left = at - performance.now(); left > 0; left = at - performance.now()) {
    await new Promise<void>((r) => setTimeout(r, Math.ceil(left)));
  }
}
