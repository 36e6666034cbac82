// Serves the dashboard: one HTML page, its ES modules and CSS, and uPlot straight from
// node_modules (no CDN, no build step). Everything is same-origin, so the strict CSP set by the
// app (script-src 'self', style-src 'self') holds: no inline scripts or styles anywhere.
// The dashboard reads data only through /api, with the same auth as any other client.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import type { ApiDeps } from '../deps.js';

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

/** uPlot's dist folder, resolved the way Node resolves the package (works from any cwd). */
export function uplotDistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('uplot/package.json')), 'dist');
}

/** The only vendor files the browser may fetch: the minified build and its stylesheet. */
const VENDOR_FILES: Record<string, string> = {
  'uPlot.iife.min.js': 'application/javascript; charset=utf-8',
  'uPlot.min.css': 'text/css; charset=utf-8',
};

export function dashboardRouter(_deps: ApiDeps): Router {
  const r = Router();
  const vendor = uplotDistDir();
  const index = join(STATIC_DIR, 'index.html');
  if (!existsSync(index)) throw new Error(`dashboard assets missing: ${index}`);

  // The page shell: no data in it, so it may be cached briefly; the API answers are never cached.
  const sendIndex: express.RequestHandler = (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  r.get('/', sendIndex);
  r.get('/dashboard', (_req, res) => { res.redirect(301, '/dashboard/'); });
  r.get('/dashboard/', sendIndex);

  r.get('/dashboard/vendor/:file', (req, res, next) => {
    const file = String(req.params.file);
    const type = Object.hasOwn(VENDOR_FILES, file) ? VENDOR_FILES[file] : undefined;
    if (!type) return next();
    res.type(type);
    res.set('Cache-Control', 'public, max-age=86400');
    res.sendFile(join(vendor, file));
  });

  r.use('/dashboard', express.static(STATIC_DIR, {
    index: false,
    dotfiles: 'ignore',
    fallthrough: true,
    redirect: false,
    setHeaders(res, path) {
      // Modules are small and change with the code: revalidate (ETag) rather than go stale.
      res.setHeader('Cache-Control', 'no-cache');
      if (path.endsWith('.js')) res.setHeader('Content-Type', 'application/javascript; charset=utf-8');
    },
  }));
  return r;
}
