import { Router, type Request } from 'express';
import { ValidationError } from '../../core/errors.js';
import type { ApiDeps } from '../deps.js';
import { assertBrandAccess, mayAccess, ownedBy, type ApiRegistry } from '../route.js';
import { idParams, launchCreateSchema, launchPatchSchema, launchQuery } from '../schemas.js';
import type { LaunchInput } from '../../ports/store.js';

export function launchRoutes(reg: ApiRegistry, { store }: ApiDeps): Router {
  const r = Router();
  const load = (id: string, req: Request) => ownedBy(req, store.getLaunch(id), 'Launch');
  reg.add(r, { method: 'get', path: '/launches', summary: 'List launches and campaigns', tag: 'launches', role: 'viewer', query: launchQuery },
    async ({ query, req }) => {
      if (query.brandId) assertBrandAccess(req, query.brandId);
      const items = await store.listLaunches(query.brandId);
      return { items: items.filter((l) => mayAccess(req, l.brandId)) };
    });
  reg.add(r, { method: 'post', path: '/launches', summary: 'Create a launch or campaign', tag: 'launches', role: 'admin', body: launchCreateSchema, status: 201 },
    async ({ body, req }) => {
      assertBrandAccess(req, body.brandId);
      if (!(await store.getBrand(body.brandId))) throw new ValidationError('brandId: no such brand', [{ path: 'body.brandId', message: 'no such brand' }]);
      checkRange(body.startAt, body.endAt);
      return store.createLaunch(body as LaunchInput);
    });
  reg.add(r, { method: 'get', path: '/launches/:id', summary: 'Get a launch', tag: 'launches', role: 'viewer', params: idParams },
    async ({ params, req }) => load(params.id, req));
  reg.add(r, { method: 'patch', path: '/launches/:id', summary: 'Update a launch', tag: 'launches', role: 'admin', params: idParams, body: launchPatchSchema },
    async ({ params, body, req }) => {
      const before = await load(params.id, req);
      checkRange(body.startAt ?? before.startAt, body.endAt ?? before.endAt);
      return store.updateLaunch(params.id, body as Partial<LaunchInput>);
    });
  reg.add(r, { method: 'delete', path: '/launches/:id', summary: 'Delete a launch', tag: 'launches', role: 'admin', params: idParams },
    async ({ params, req }) => {
      await load(params.id, req);
      await store.deleteLaunch(params.id);
      return undefined;
    });
  return r;
}

function checkRange(start: string, end?: string): void {
  if (end && Date.parse(end) < Date.parse(start)) {
    throw new ValidationError('endAt is before startAt', [{ path: 'body.endAt', message: 'must not be before startAt' }]);
  }
}
