import { Router } from 'express';
import type { ApiDeps } from '../deps.js';
import type { ApiRegistry } from '../route.js';

const started = Date.now();

/** GET /api/health: reachability of the store and the queue. 503 when either is down. */
export function healthRoutes(reg: ApiRegistry, deps: ApiDeps): Router {
  const r = Router();
  reg.add(r, { method: 'get', path: '/health', summary: 'Store and queue reachability', tag: 'health', role: 'viewer',
    response: 'status ok|degraded, store, queue, mode, uptimeSeconds' }, async ({ res }) => {
    const [store, queue] = await Promise.all([
      withTimeout(deps.store.ping(), 2000), withTimeout(deps.queue.ping(), 2000),
    ]);
    const ok = store && queue;
    res.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'degraded',
      mode: deps.config.mode,
      store: store ? 'up' : 'down',
      queue: queue ? 'up' : 'down',
      queueKind: deps.queue.kind,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    };
  });
  return r;
}

async function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.catch(() => false), new Promise<boolean>((res) => { timer = setTimeout(() => res(false), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
