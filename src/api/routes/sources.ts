import { Router, type Request } from 'express';
import { ValidationError } from '../../core/errors.js';
import type { Source } from '../../core/types.js';
import type { SourceInput } from '../../ports/store.js';
import type { ApiDeps } from '../deps.js';
import { assertBrandAccess, mayAccess, ownedBy, type ApiRegistry } from '../route.js';
import { idParams, sourceCreateSchema, sourcePatchSchema, sourceQuery } from '../schemas.js';

export function sourceRoutes(reg: ApiRegistry, deps: ApiDeps): Router {
  const { store } = deps;
  const r = Router();
  const load = (id: string, req: Request): Promise<Source> => ownedBy(req, store.getSource(id), 'Source');
  const validate = (def: Partial<Source>) => {
    if ((def.kind === 'recipe' || def.kind === 'browser') && !def.recipe) {
      throw new ValidationError('recipe: required for recipe and browser sources', [{ path: 'body.recipe', message: 'required' }]);
    }
    if (def.kind !== 'json-api' && !def.url) {
      throw new ValidationError('url: required for this kind of source', [{ path: 'body.url', message: 'required' }]);
    }
    deps.validateSource?.(def);
  };

  reg.add(r, { method: 'get', path: '/sources', summary: 'List sources', tag: 'sources', role: 'viewer', query: sourceQuery },
    async ({ query, req }) => {
      if (query.brandId) assertBrandAccess(req, query.brandId);
      const items = await store.listSources({ brandId: query.brandId, enabled: query.enabled === undefined ? undefined : query.enabled === 'true' });
      return { items: items.filter((s) => mayAccess(req, s.brandId)) };
    });
  reg.add(r, { method: 'post', path: '/sources', summary: 'Create a source (its recipe is validated)', tag: 'sources', role: 'admin', body: sourceCreateSchema, status: 201 },
    async ({ body, req }) => {
      assertBrandAccess(req, body.brandId);
      if (!(await store.getBrand(body.brandId))) throw new ValidationError('brandId: no such brand', [{ path: 'body.brandId', message: 'no such brand' }]);
      if (body.launchId) {
        const l = await store.getLaunch(body.launchId);
        if (!l || l.brandId !== body.brandId) throw new ValidationError('launchId: no such launch for this brand', [{ path: 'body.launchId', message: 'no such launch for this brand' }]);
      }
      validate(body as Partial<Source>);
      const s = await store.createSource(body as SourceInput);
      if (s.enabled) await deps.sources?.scheduled(s);
      return s;
    });
  reg.add(r, { method: 'get', path: '/sources/:id', summary: 'Get a source', tag: 'sources', role: 'viewer', params: idParams },
    async ({ params, req }) => load(params.id, req));
  reg.add(r, { method: 'patch', path: '/sources/:id', summary: 'Update a source', tag: 'sources', role: 'admin', params: idParams, body: sourcePatchSchema },
    async ({ params, body, req }) => {
      const before = await load(params.id, req);
      validate({ ...before, ...(body as Partial<Source>) });
      const s = (await store.updateSource(params.id, body as Partial<SourceInput>))!;
      if (s.enabled) await deps.sources?.scheduled(s); else await deps.sources?.unscheduled(s);
      return s;
    });
  reg.add(r, { method: 'delete', path: '/sources/:id', summary: 'Delete a source', tag: 'sources', role: 'admin', params: idParams },
    async ({ params, req }) => {
      const s = await load(params.id, req);
      await deps.sources?.unscheduled(s);
      await store.deleteSource(params.id);
      return undefined;
    });
  reg.add(r, { method: 'post', path: '/sources/:id/run', summary: 'Run a source now', tag: 'sources', role: 'analyst', params: idParams, status: 202 },
    async ({ params, req }) => {
      const s = await load(params.id, req);
      if (!deps.sources) throw new ValidationError('This process does not run sources');
      return { jobId: await deps.sources.runNow(s) };
    });
  for (const [action, enabled] of [['pause', false], ['resume', true]] as const) {
    reg.add(r, { method: 'post', path: `/sources/:id/${action}`, summary: `${action === 'pause' ? 'Pause' : 'Resume'} a source's schedule`, tag: 'sources', role: 'admin', params: idParams },
      async ({ params, req }) => {
        await load(params.id, req);
        const s = (await store.updateSource(params.id, { enabled }))!;
        if (enabled) await deps.sources?.scheduled(s); else await deps.sources?.unscheduled(s);
        return s;
      });
  }
  reg.add(r, { method: 'get', path: '/sources/:id/runs', summary: 'Last scrape runs of a source, with their errors', tag: 'sources', role: 'viewer', params: idParams },
    async ({ params, req }) => {
      await load(params.id, req);
      return { items: await store.listScrapeRuns(params.id, 20) };
    });
  return r;
}
