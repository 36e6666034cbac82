import { Router } from 'express';
import { ValidationError } from '../../core/errors.js';
import type { MentionFlag } from '../../core/types.js';
import type { MentionFilter } from '../../ports/store.js';
import type { ApiDeps } from '../deps.js';
import { assertBrandAccess, ownedBy, type ApiRegistry } from '../route.js';
import { idParams, mentionQuery } from '../schemas.js';

export function mentionRoutes(reg: ApiRegistry, { store }: ApiDeps): Router {
  const r = Router();
  reg.add(r, { method: 'get', path: '/mentions', summary: 'Search mentions with their scores and reasons (cursor-paginated)', tag: 'mentions', role: 'viewer', query: mentionQuery },
    async ({ query, req }) => {
      const scope = req.auth?.brandIds ?? [];
      if (!query.brandId && scope.length > 0) {
        throw new ValidationError('brandId is required for a key scoped to brands', [{ path: 'query.brandId', message: 'required' }]);
      }
      if (query.brandId) assertBrandAccess(req, query.brandId);
      const { cursor, limit, flags, ...rest } = query;
      const filter: MentionFilter = { ...rest, flags: flags ? (flags.split(',') as MentionFlag[]) : undefined } as MentionFilter;
      return store.queryMentions(filter, { cursor, limit });
    });
  reg.add(r, { method: 'get', path: '/mentions/:id', summary: 'One mention with its scores and reasons', tag: 'mentions', role: 'viewer', params: idParams },
    async ({ params, req }) => {
      return ownedBy(req, store.getMention(params.id), 'Mention');
    });
  return r;
}
