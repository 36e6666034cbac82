// Maps driver failures to TrustLens errors: an unreachable or vanished server becomes
// UnavailableError (retryable, 503); everything else passes through unchanged.
import { TrustLensError, UnavailableError } from '../../core/errors.js';

const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoTopologyClosedError',
  'MongoNotConnectedError', 'MongoPoolClosedError', 'MongoServerClosedError', 'MongooseServerSelectionError',
]);

export function isUnavailable(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name && UNAVAILABLE_NAMES.has(e.name)) return true;
  // Mongoose reports calls on a closed connection / disabled buffering like this.
  return typeof e.message === 'string' && /buffering timed out|Connection was force closed|client was closed/i.test(e.message);
}

export function toStoreError(err: unknown, what: string): unknown {
  if (err instanceof TrustLensError) return err;
  if (isUnavailable(err)) return new UnavailableError(`MongoDB unavailable during ${what}: ${(err as Error).message}`, { cause: err });
  return err;
}

/** Per-document errors of a bulk write (insertMany / bulkWrite with ordered: false). */
export function writeErrorsOf(err: unknown): { index: number; code: number; errmsg?: string }[] | null {
  if (!err || typeof err !== 'object') return null;
  const we = (err as { writeErrors?: unknown }).writeErrors;
  if (we === undefined) return null;
  const list = Array.isArray(we) ? we : [we];
  return list.map((w: { index: number; code: number; errmsg?: string; err?: { index: number; code: number; errmsg?: string } }) =>
    w.err ? { index: w.err.index, code: w.err.code, errmsg: w.err.errmsg } : { index: w.index, code: w.code, errmsg: w.errmsg });
}

/** Aspect keys become object keys in Mongo, where '.' is a path separator and '$' an operator:
 *  percent-encode those (and '%' itself, so decoding is exact). */
export function encodeAspectKey(key: string): string {
  return key.replace(/[%.$]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function decodeAspectKey(key: string): string {
  return key.replace(/%(25|2E|24)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
