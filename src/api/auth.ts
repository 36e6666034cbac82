// API keys with roles. Keys are random, shown once, stored as sha256 hashes. On loopback in
// embedded mode keys may be off (the local user is admin); anywhere else they are required.
import { createHash, randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../core/errors.js';
import type { Id, Role } from '../core/types.js';
import type { Store } from '../ports/store.js';

declare module 'express-serve-static-core' {
  interface Request {
    auth?: { keyId?: Id; role: Role; brandIds: Id[] };
  }
}

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateKey(): string {
  return `tl_${randomBytes(24).toString('base64url')}`;
}

/** Resolves the caller from `Authorization: Bearer <key>` (or `X-API-Key`). */
export function authenticate(store: Store, opts: { required: boolean; now: () => Date }): RequestHandler {
  const touched = new Map<string, number>();
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const key = header?.startsWith('Bearer ') ? header.slice(7).trim() : req.get('x-api-key');
    if (!key) {
      if (opts.required) throw new UnauthorizedError('An API key is required (Authorization: Bearer <key>)');
      req.auth = { role: 'admin', brandIds: [] };
      return next();
    }
    const found = await store.findApiKeyByHash(hashKey(key));
    if (!found) throw new UnauthorizedError('Unknown API key');
    req.auth = { keyId: found.id, role: found.role, brandIds: found.brandIds };
    // lastUsedAt is for people reviewing keys: a minute's precision, not a write per request.
    const at = opts.now();
    if (at.getTime() - (touched.get(found.id) ?? 0) >= 60_000) {
      touched.set(found.id, at.getTime());
      void store.touchApiKey(found.id, at.toISOString()).catch(() => undefined);
    }
    next();
  };
}

export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    const have = req.auth?.role;
    if (!have || RANK[have] < RANK[role]) throw new ForbiddenError(`This needs the ${role} role`);
    next();
  };
}
