import { Router } from 'express';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { BRAND_MODEL_KINDS, type Brand, type BrandModelKind, type RescorePreviewRequest } from '../../core/types.js';
import type { ApiDeps } from '../deps.js';
import { assertBrandAccess, mayAccess, type ApiRegistry } from '../route.js';
import { brandCreateSchema, brandModelFileSchema, brandModelParams, brandPatchSchema, brandQuery, idParams, rescorePreviewSchema } from '../schemas.js';

/** Webhook secrets are write-only: responses say a secret is set, never what it is. */
export function publicBrand(b: Brand): Brand {
  return { ...b, webhooks: b.webhooks.map((w) => ({ ...w, secret: w.secret ? '***' : undefined })) };
}

export function brandRoutes(reg: ApiRegistry, { store, sources, checkModel, rescore, preview }: ApiDeps): Router {
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
  // A brand's own models (kinds: fake, aspects), trained on its own labels with `trustlens train
  // fake|aspects`: the pipeline scores the brand's mentions with them from the next batch on,
  // instead of the shipped ones, and the mentions stored before are rescored in the background
  // (a rescore job, whose id the response gives).
  reg.add(r, { method: 'get', path: '/brands/:id/models', summary: "The brand's own models, by kind (a kind not listed: the shipped model is used)", tag: 'brands', role: 'viewer', params: idParams },
    async ({ params, req }) => {
      assertBrandAccess(req, params.id);
      if (!(await store.getBrand(params.id))) throw new NotFoundError('Brand not found');
      return { items: await store.listBrandModelInfos(params.id) };
    });
  reg.add(r, { method: 'get', path: '/brands/:id/models/:kind', summary: "A brand's own model: what it is, not its weights (404: the shipped model is used)", tag: 'brands', role: 'viewer', params: brandModelParams },
    async ({ params, req }) => {
      assertBrandAccess(req, params.id);
      const info = await store.getBrandModelInfo(params.id, params.kind);
      if (!info) throw new NotFoundError(`This brand has no ${params.kind} model of its own: the shipped one is used`);
      return info;
    });
  reg.add(r, { method: 'put', path: '/brands/:id/models/:kind', summary: "Save a brand's own model (the JSON file `trustlens train fake|aspects --out` writes); the brand's mentions are scored with it from the next batch on", tag: 'brands', role: 'admin', params: brandModelParams, body: brandModelFileSchema },
    async ({ params, body, req }) => {
      assertBrandAccess(req, params.id);
      if (!checkModel) throw new ValidationError('This server cannot check model files, so it does not take them');
      const about = checkModel(params.kind, body);
      const info = await store.saveBrandModel(params.id, params.kind, JSON.stringify(body), about);
      return rescore ? { ...info, rescoreJobId: await rescore(params.id) } : info;
    });
  reg.add(r, { method: 'delete', path: '/brands/:id/models/:kind', summary: "Delete a brand's own model: its mentions are scored with the shipped one again", tag: 'brands', role: 'admin', params: brandModelParams },
    async ({ params, req }) => {
      assertBrandAccess(req, params.id);
      if (!(await store.deleteBrandModel(params.id, params.kind))) throw new NotFoundError(`This brand has no ${params.kind} model of its own`);
      await rescore?.(params.id);
      return undefined;
    });
  reg.add(r, { method: 'post', path: '/brands/:id/rescore', summary: "Score the brand's stored mentions again with its current models (a background job; its rollups follow)", tag: 'brands', role: 'admin', params: idParams, status: 202 },
    async ({ params, req }) => {
      assertBrandAccess(req, params.id);
      if (!(await store.getBrand(params.id))) throw new NotFoundError('Brand not found');
      if (!rescore) throw new ValidationError('This process does not rescore mentions');
      return { jobId: await rescore(params.id) };
    });
  // Before saving a model: what a rescore with it would change, found by a background dry run
  // that writes no mention (listed with the rescore runs, dryRun: true, its findings in `preview`).
  reg.add(r, { method: 'post', path: '/brands/:id/rescore-preview', summary: "What a rescore would change, with the brand's saved models or with model files not saved yet (a background dry run that writes no mention; follow it in rescore-runs)", tag: 'brands', role: 'analyst', params: idParams, body: rescorePreviewSchema, status: 202 },
    async ({ params, body, req }) => {
      assertBrandAccess(req, params.id);
      if (!(await store.getBrand(params.id))) throw new NotFoundError('Brand not found');
      if (!preview) throw new ValidationError('This process does not preview rescores');
      const b = body as { fake?: unknown; aspects?: unknown; examples?: number };
      const models: RescorePreviewRequest['models'] = {}, names: RescorePreviewRequest['names'] = {};
      const shipped: BrandModelKind[] = [];
      for (const kind of BRAND_MODEL_KINDS) {
        if (b[kind] === undefined) continue;
        if (b[kind] === 'shipped') { shipped.push(kind); continue; }
        if (!checkModel) throw new ValidationError('This server cannot check model files, so it does not take them');
        names[kind] = checkModel(kind, b[kind]).name;
        models[kind] = JSON.stringify(b[kind]);
      }
      return { jobId: await preview(params.id, { models, names, shipped, examples: b.examples }) };
    });
  reg.add(r, { method: 'get', path: '/brands/:id/rescore-runs', summary: "The brand's last rescore runs, newest first: how far each got, what it changed and how it ended (a job not listed yet is still queued)", tag: 'brands', role: 'viewer', params: idParams },
    async ({ params, req }) => {
      assertBrandAccess(req, params.id);
      if (!(await store.getBrand(params.id))) throw new NotFoundError('Brand not found');
      return { items: await store.listRescoreRuns(params.id, 20) };
    });
  return r;
}
