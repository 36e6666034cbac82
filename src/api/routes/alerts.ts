import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AlertFilter } from '../../ports/store.js';
import type { ApiDeps } from '../deps.js';
import { assertBrandAccess, mayAccess, ownedBy, type ApiRegistry } from '../route.js';
import { alertQuery, idParams } from '../schemas.js';

const actionBody = z.strictObject({ by: z.string().trim().min(1).max(200).optional().describe('who (defaults to the API key name)') }).default({});

/** The alert inbox: list, filter, acknowledge, resolve (with who and when). */
export function alertRoutes(reg: ApiRegistry, { store, clock }: ApiDeps): Router {
  const r = Router();
  const load = (id: string, req: Request) => ownedBy(req, store.getAlert(id), 'Alert');
  reg.add(r, { method: 'get', path: '/alerts', summary: 'List alerts (newest first)', tag: 'alerts', role: 'viewer', query: alertQuery },
    async ({ query, req }) => {
      if (query.brandId) assertBrandAccess(req, query.brandId);
      const items = await store.listAlerts(query as AlertFilter);
      return { items: items.filter((a) => mayAccess(req, a.brandId)) };
    });
  reg.add(r, { method: 'get', path: '/alerts/:id', summary: 'One alert with its evidence and delivery log', tag: 'alerts', role: 'viewer', params: idParams },
    async ({ params, req }) => load(params.id, req));
  reg.add(r, { method: 'post', path: '/alerts/:id/acknowledge', summary: 'Acknowledge an alert', tag: 'alerts', role: 'analyst', params: idParams, body: actionBody },
    async ({ params, body, req }) => {
      const a = await load(params.id, req);
      if (a.status === 'resolved') return a;
      return store.updateAlert(a.id, { status: 'acknowledged', acknowledgedBy: body.by ?? who(req), acknowledgedAt: clock.now().toISOString() });
    });
  reg.add(r, { method: 'post', path: '/alerts/:id/resolve', summary: 'Resolve an alert', tag: 'alerts', role: 'analyst', params: idParams, body: actionBody },
    async ({ params, body, req }) => {
      const a = await load(params.id, req);
      return store.updateAlert(a.id, { status: 'resolved', resolvedBy: body.by ?? who(req), resolvedAt: clock.now().toISOString() });
    });
  return r;
}

function who(req: Parameters<typeof assertBrandAccess>[0]): string {
  return req.auth?.keyId ? `key:${req.auth.keyId}` : 'local';
}
