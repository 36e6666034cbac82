// A small set of error classes. Their type decides what happens next:
// - the API maps them to HTTP statuses (problem+json);
// - job processors retry RetryableError and stop at once on NonRetryableError (like crawlee's
//   RetryRequestError / NonRetryableError).

export class TrustLensError extends Error {
  /** HTTP status the API answers with. */
  readonly status: number = 500;
  /** Short machine-readable code, used as the problem type suffix. */
  readonly code: string = 'internal';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input from a user: body, query, config, file. Never retried. */
export class ValidationError extends TrustLensError {
  override readonly status = 400;
  override readonly code = 'validation';
  constructor(
    message: string,
    /** Which fields were wrong and why: [{ path: 'recipe.item', message: 'required' }]. */
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends TrustLensError {
  override readonly status = 404;
  override readonly code = 'not-found';
}

export class ConflictError extends TrustLensError {
  override readonly status = 409;
  override readonly code = 'conflict';
}

export class UnauthorizedError extends TrustLensError {
  override readonly status = 401;
  override readonly code = 'unauthorized';
}

export class ForbiddenError extends TrustLensError {
  override readonly status = 403;
  override readonly code = 'forbidden';
}

/** Invalid configuration: stops start-up with a message naming the variable. */
export class ConfigError extends TrustLensError {
  override readonly code = 'config';
}

/** A transient failure (network error, 429, 5xx, timeout): the job should be retried later. */
export class RetryableError extends TrustLensError {
  override readonly status = 503;
  override readonly code = 'retryable';
  constructor(
    message: string,
    /** Wait at least this long before the next try (from Retry-After), if known. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A permanent failure (404, robots.txt forbids, malformed recipe): retrying cannot help. */
export class NonRetryableError extends TrustLensError {
  override readonly status = 422;
  override readonly code = 'non-retryable';
}

/** A dependency (store, queue) is unreachable. */
export class UnavailableError extends TrustLensError {
  override readonly status = 503;
  override readonly code = 'unavailable';
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof NonRetryableError || err instanceof ValidationError) return false;
  if (err instanceof TrustLensError) return err instanceof RetryableError || err instanceof UnavailableError;
  // Unknown errors (bugs, driver errors) are retried: a restart of Redis or the database looks like this.
  return true;
}
