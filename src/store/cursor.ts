// Opaque cursor for queryMentions: base64url of {p: publishedAt, i: id} of the last item returned.
// Both adapters order by (publishedAt desc, id desc), so the next page is "strictly after" that pair.
import { ValidationError } from '../core/errors.js';

export interface CursorPosition {
  p: string;
  i: string;
}

export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(JSON.stringify({ p: pos.p, i: pos.i }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  const bad = () => new ValidationError('Malformed cursor', [{ path: 'cursor', message: 'not a cursor returned by this API' }]);
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!parsed || typeof parsed !== 'object') throw bad();
  const { p, i } = parsed as Record<string, unknown>;
  if (typeof p !== 'string' || typeof i !== 'string' || Number.isNaN(Date.parse(p))) throw bad();
  return { p, i };
}
