import { Router } from 'express';
import { NotFoundError } from '../../core/errors.js';
import type { Brand } from '../../core/types.js';
import type { ApiDeps } from '../deps.js';
import { assertBrandAccess, mayAccess, type ApiRegistry } from '../route.js';
import { brandCreateSchema, brandPatchSchema, brandQuery, idParams } from '../schemas.js';

/** Webhook secrets are write-only: responses say a secret is set, never what it is. */
export function publicBrand(b: Brand): Brand {
  return { ...b, webhooks: b.webhooks.map((w) => ({ ...w, secret: w.secret ? '***' : undefined })) };
}

export function brandRoutes(reg: ApiRegistry, { store, sources }: ApiDeps): Router {
  const r = Router();
  reg.add(r, { method: 'get', path: '/brands', summary: 'List brands', tag: 'brands', role: 'viewer', query: brandQuery },
    async ({ req }) => {
      const all = await store.listBrands();
      return { items: all.filter((b) => mayAccess(req, b.id)).map(publicBrand) };
    });
  reg.add(r, { method: 'post', path: '/brands', summary: 'Create a brand', tag: 'brands', role: 'admin', body: brandCreateSchema, status: 201 },
    async ({ body }) => publicBrand(await store.createBrand(body as Parameters<typeof store.createBrand>[0])));
  reg.add(r, { method: 'get', path: '/brands/:id', summary: 'Get a brand', tag: 'brands', role: 'viewer', params: idParams },
    async ({ params, req }) => {
      assertBrandAccess(req, params.id);
      const b = await store.getBrand(params.id);
      if (!b) throw new NotFoundError('Brand not found');
      return publicBrand(b);
    });
  reg.add(r, { method: 'patch', path: '/brands/:id', summary: 'Update a brand', tag: 'brands', role: 'admin', params: idParams, body: brandPatchSchema },
    async ({ params, body, req }) => {
      assertBrandAccess(req, params.id);
      const b = await store.updateBrand(params.id, body as Parameters<typeof store.updateBrand>[1]);
      if (!b) throw new NotFoundError('Brand not found');
      return publicBrand(b);
    });
  reg.add(r, { method: 'delete', path: '/brands/:id', summary: 'Delete a brand and everything under it', tag: 'brands', role: 'admin', params: idParams },
    async ({ params, req }) => {
      assertBrandAccess(req, params.id);
      for (const s of await store.listSources({ brandId: params.id })) await sources?.unscheduled(s);
      if (!(await store.deleteBrand(params.id))) throw new NotFoundError('Brand not found');
      return undefined;
    });
  return r;
}
