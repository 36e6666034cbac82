import { createHash, randomBytes } from 'node:crypto';

/** 24 hex characters, the same shape in both stores (and a valid MongoDB ObjectId string). */
export const ID_PATTERN = /^[0-9a-f]{24}$/;

export function newId(): string {
  return randomBytes(12).toString('hex');
}

/** Deterministic mention id: the same (source, external id) always maps to the same id, which is
 *  what makes upserts idempotent across re-runs and across concurrent workers. */
export function mentionId(sourceId: string, externalId: string): string {
  return createHash('sha256').update(sourceId).update('\0').update(externalId).digest('hex').slice(0, 24);
}
