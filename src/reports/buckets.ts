// Report buckets (hour / day / week) in the user's IANA time zone, built over hourly UTC rollups.
//
// Rollups are UTC hours, so a local bucket is a run of whole UTC hours: the hours whose local
// wall-clock time falls in the same local day (or ISO week, Monday first). Offsets come from
// Intl.DateTimeFormat, so DST is handled by the platform's tz database: a local day is 23 or 25 hours
// long on a change day, and in hour buckets the repeated 01:00 of an autumn change stays two buckets
// (one per UTC hour, labelled with their different offsets). In zones with a half-hour offset an
// "hour" bucket is the UTC hour, labelled with its local start (e.g. 05:30+05:30).
import { ValidationError } from '../core/errors.js';
import { DAY_MS, HOUR_MS } from '../core/time.js';

export type BucketSize = 'hour' | 'day' | 'week';
export const BUCKET_SIZES: readonly BucketSize[] = ['hour', 'day', 'week'];

export interface Bucket {
  /** UTC instant of the bucket's first hour. */
  start: number;
  /** UTC instant just after its last hour (exclusive). */
  end: number;
  /** Local start, ISO-8601 with the offset in force then: "2026-03-29T00:00:00+01:00". */
  label: string;
  /** Number of UTC hours in the bucket (23/25 on DST days for day buckets). */
  hours: number;
}

export interface BucketPlan {
  size: BucketSize;
  timeZone: string;
  /** Whole-bucket range actually covered (the requested range widened to bucket edges). */
  from: number;
  to: number;
  buckets: Bucket[];
  /** Bucket index of a UTC hour inside [from, to), else -1. */
  indexOf(hourMs: number): number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    if (formatters.size > 500) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/** The canonical IANA name of a time zone, or a ValidationError naming the bad value. */
export function checkTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new ValidationError(`Unknown time zone "${String(timeZone).slice(0, 64)}": use an IANA name such as Europe/Madrid`, [{ path: 'query.tz', message: 'unknown IANA time zone' }]);
  }
}

/** Offset of the zone from UTC at an instant, in minutes (Madrid in summer: +120). */
export function offsetMinutes(timeZone: string, utcMs: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(utcMs));
  const v: Record<string, number> = {};
  for (const p of parts) if (p.type !== 'literal') v[p.type] = Number(p.value);
  const asUtc = Date.UTC(v.year!, v.month! - 1, v.day!, v.hour! % 24, v.minute!, v.second!);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * Offsets for consecutive UTC hours. Sampled once a day and filled in hour by hour only where two
 * samples differ, so a 90-day range costs ~90 Intl calls instead of 2,160 (zones change offset at
 * most a few times a year, never twice within one day).
 */
export function hourlyOffsets(timeZone: string, startHourMs: number, hours: number): Int32Array {
  const out = new Int32Array(hours);
  if (hours === 0) return out;
  const step = 24;
  let prevIdx = 0;
  let prevOff = offsetMinutes(timeZone, startHourMs);
  out[0] = prevOff;
  for (let i = step; ; i += step) {
    const idx = Math.min(i, hours - 1);
    const off = offsetMinutes(timeZone, startHourMs + idx * HOUR_MS);
    if (off === prevOff) {
      out.fill(off, prevIdx + 1, idx + 1);
    } else {
      for (let j = prevIdx + 1; j < idx; j++) out[j] = offsetMinutes(timeZone, startHourMs + j * HOUR_MS);
      out[idx] = off;
    }
    prevIdx = idx;
    prevOff = off;
    if (idx >= hours - 1) break;
  }
  return out;
}

/** Bucket key of a UTC hour given its offset: the hour itself, the local day, or the local Monday. */
function keyOf(size: BucketSize, hourMs: number, offMin: number): number {
  if (size === 'hour') return hourMs;
  const localDay = Math.floor((hourMs + offMin * 60_000) / DAY_MS);
  if (size === 'day') return localDay;
  // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
  return localDay - ((localDay + 3) % 7 + 7) % 7;
}

export function formatLocal(utcMs: number, offMin: number): string {
  const d = new Date(utcMs + offMin * 60_000);
  const sign = offMin < 0 ? '-' : '+';
  const a = Math.abs(offMin);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.toISOString().slice(0, 19)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

export function floorHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/**
 * The buckets covering [from, to): the range is widened to whole local buckets (a day report from
 * 10:00 starts at local midnight). Throws a ValidationError when the range is empty, too long, or
 * would make more than maxBuckets buckets.
 */
export function planBuckets(from: number, to: number, size: BucketSize, timeZone: string, opts: { maxBuckets?: number; maxDays?: number } = {}): BucketPlan {
  const maxBuckets = opts.maxBuckets ?? 3000;
  const maxDays = opts.maxDays ?? 731;
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    throw new ValidationError('The range is empty: "to" must be after "from"', [{ path: 'query.to', message: 'must be after from' }]);
  }
  if (to - from > maxDays * DAY_MS) {
    throw new ValidationError(`The range is too long: at most ${maxDays} days`, [{ path: 'query.from', message: `range longer than ${maxDays} days` }]);
  }
  if (size === 'hour' && (to - from) / HOUR_MS > maxBuckets) {
    throw new ValidationError(`Too many hour buckets (max ${maxBuckets}): choose bucket=day or week, or a shorter range`, [{ path: 'query.bucket', message: 'too many buckets' }]);
  }
  const pad = size === 'week' ? 8 * 24 : size === 'day' ? 2 * 24 : 0;
  const first = floorHour(from) - pad * HOUR_MS;
  const hours = Math.ceil((to - first) / HOUR_MS) + pad;
  const offs = hourlyOffsets(timeZone, first, hours);
  const keys = new Float64Array(hours);
  for (let i = 0; i < hours; i++) keys[i] = keyOf(size, first + i * HOUR_MS, offs[i]!);

  // Widen to bucket edges: back from the hour holding `from`, forward from the hour before `to`.
  let lo = Math.round((floorHour(from) - first) / HOUR_MS);
  while (lo > 0 && keys[lo - 1] === keys[lo]) lo--;
  let hi = Math.ceil((to - first) / HOUR_MS) - 1;
  while (hi < hours - 1 && keys[hi + 1] === keys[hi]) hi++;

  const buckets: Bucket[] = [];
  const bucketOfHour = new Int32Array(hi - lo + 1);
  for (let i = lo; i <= hi; i++) {
    const hourMs = first + i * HOUR_MS;
    if (i === lo || keys[i] !== keys[i - 1]) {
      buckets.push({ start: hourMs, end: hourMs + HOUR_MS, label: formatLocal(hourMs, offs[i]!), hours: 0 });
    }
    const b = buckets[buckets.length - 1]!;
    b.end = hourMs + HOUR_MS;
    b.hours++;
    bucketOfHour[i - lo] = buckets.length - 1;
  }
  if (buckets.length > maxBuckets) {
    throw new ValidationError(`Too many buckets (${buckets.length}, max ${maxBuckets}): choose a larger bucket or a shorter range`, [{ path: 'query.bucket', message: 'too many buckets' }]);
  }
  const start = first + lo * HOUR_MS;
  return {
    size, timeZone, from: start, to: first + (hi + 1) * HOUR_MS, buckets,
    indexOf(hourMs: number): number {
      const i = Math.floor((hourMs - start) / HOUR_MS);
      return i >= 0 && i < bucketOfHour.length ? bucketOfHour[i]! : -1;
    },
  };
}
