// One way to declare an API route: the zod schemas it declares validate the request AND document
// it in the OpenAPI registry, and its minimum role is enforced before the handler runs.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import type { Role } from '../core/types.js';
import { requireRole } from './auth.js';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  /** Express path relative to /api, e.g. '/brands/:id'. */
  path: string;
  summary: string;
  tag: string;
  role: Role;
  body?: B;
  query?: Q;
  params?: P;
  /** Success status (default 200; 201 for creates; 204 when the handler returns undefined). */
  status?: number;
  /** Schema or description of the success response, for the docs. */
  response?: z.ZodType | string;
  /** Non-JSON responses (CSV) say so here. */
  produces?: string[];
}

export interface RouteContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  req: Request;
  res: Response;
}

export class ApiRegistry {
  readonly routes: RouteSpec<z.ZodType, z.ZodType, z.ZodType>[] = [];

  add<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown>(
    router: Router,
    spec: RouteSpec<B, Q, P>,
    handler: (ctx: RouteContext<z.output<B>, z.output<Q>, z.output<P>>) => Promise<unknown> | unknown,
  ): void {
    this.routes.push(spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType>);
    router[spec.method](spec.path, requireRole(spec.role), async (req, res) => {
      const params = parse(spec.params, req.params, 'path');
      const query = parse(spec.query, { ...(req.query as object) }, 'query');
      if (spec.body && !req.is('application/json') && req.body === undefined) {
        throw new ValidationError('Expected a JSON body with Content-Type: application/json');
      }
      const body = parse(spec.body, req.body, 'body');
      const result = await handler({ body, query, params, req, res } as RouteContext<z.output<B>, z.output<Q>, z.output<P>>);
      if (res.headersSent) return;
      if (result === undefined) res.status(204).end();
      else {
        // A handler may choose its own status (health answers 503); otherwise the declared one.
        if (spec.status && res.statusCode === 200) res.status(spec.status);
        res.json(result);
      }
    });
  }
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> | undefined {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${(i as { keys: string[] }).keys.join(', ')}` : i.message,
  }));
  throw new ValidationError(`Invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

/** Whether the caller's key may see this brand (keys without brand scopes see every brand). */
export function mayAccess(req: Request, brandId: string): boolean {
  const scope = req.auth?.brandIds;
  return !scope || scope.length === 0 || scope.includes(brandId);
}

/** Throws 403 unless the caller's key may see this brand. The message never names the brand. */
export function assertBrandAccess(req: Request, brandId: string): void {
  if (!mayAccess(req, brandId)) throw new ForbiddenError('Forbidden');
}

/** A brand-owned record for the caller: 404 when it does not exist, 403 outside the key's brands. */
export async function ownedBy<T extends { brandId: string }>(req: Request, found: Promise<T | null>, what: string): Promise<T> {
  const item = await found;
  if (!item) throw new NotFoundError(`${what} not found`);
  assertBrandAccess(req, item.brandId);
  return item;
}
