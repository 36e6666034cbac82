// The Express 5 app: security headers, JSON bodies, auth, routes, problem+json errors.
// Routers are added by name so later capabilities (reports, dashboard) plug in the same way.
import cors from 'cors';
import express, { Router, type Express } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { isLoopback } from '../core/config.js';
import { BRAND_MODEL_KINDS, MAX_BRAND_MODEL_BYTES } from '../core/types.js';
import { authenticate } from './auth.js';
import type { ApiDeps } from './deps.js';
import { openApiDocument } from './openapi.js';
import { errorHandler, notFoundHandler, problem, sendProblem } from './problem.js';
import { ApiRegistry } from './route.js';
import { alertRoutes } from './routes/alerts.js';
import { brandRoutes } from './routes/brands.js';
import { healthRoutes } from './routes/health.js';
import { launchRoutes } from './routes/launches.js';
import { mentionRoutes } from './routes/mentions.js';
import { sourceRoutes } from './routes/sources.js';

export const API_VERSION = '0.1.0';

/** Extra routers mounted under /api (reports) and at / (dashboard), given the same registry. */
export interface AppExtensions {
  apiRouters?: ((reg: ApiRegistry, deps: ApiDeps) => Router)[];
  rootRouters?: ((deps: ApiDeps) => Router)[];
}

export function createApp(deps: ApiDeps, ext: AppExtensions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // Query strings are parsed flat ("simple"): `?brand[$ne]=x` stays the literal key "brand[$ne]",
  // which the strict query schemas then reject. No nested objects ever reach a store.
  app.set('query parser', 'simple');
  app.use(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"], fontSrc: ["'self'"], objectSrc: ["'none'"], baseUri: ["'none'"], frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
  }));
  const origins = deps.config.corsOrigins.split(',').map((s) => s.trim()).filter(Boolean);
  if (origins.length) app.use('/api', cors({ origin: origins, allowedHeaders: ['Authorization', 'Content-Type', 'X-API-Key'] }));
  // Bodies are JSON of at most 1 MB, except a brand's model file (up to 12 MB; a dry run of a
  // rescore may carry one of each kind), which is read only once the caller is authenticated and
  // within the rate limit.
  const jsonTypes = ['application/json', 'application/*+json'];
  const smallJson = express.json({ limit: '1mb', strict: true, type: jsonTypes });
  app.use('/api', (req, res, next) => (isModelUpload(req) ? next() : smallJson(req, res, next)));

  const keysRequired = deps.config.requireKeys || !isLoopback(deps.config.host);
  app.use('/api', authenticate(deps.store, { required: keysRequired, now: () => deps.clock.now() }));
  app.use('/api', rateLimit({
    windowMs: 60_000, limit: 600, standardHeaders: 'draft-8', legacyHeaders: false,
    keyGenerator: (req) => req.auth?.keyId ?? 'local',
    handler: (req, res) => sendProblem(res, problem(429, 'rate-limited', 'Too many requests for this key; slow down', { instance: req.originalUrl })),
  }));
  const modelJson = express.json({ limit: MAX_BRAND_MODEL_BYTES, strict: true, type: jsonTypes });
  const previewJson = express.json({ limit: BRAND_MODEL_KINDS.length * MAX_BRAND_MODEL_BYTES + 1024, strict: true, type: jsonTypes });
  app.use('/api', (req, res, next) => (isPreview(req) ? previewJson(req, res, next) : isModelUpload(req) ? modelJson(req, res, next) : next()));

  const reg = new ApiRegistry();
  const api = Router();
  for (const make of [healthRoutes, brandRoutes, launchRoutes, sourceRoutes, mentionRoutes, alertRoutes, ...(ext.apiRouters ?? [])]) {
    api.use(make(reg, deps));
  }
  const doc = openApiDocument(reg, API_VERSION);
  api.get('/openapi.json', (_req, res) => { res.json(doc); });
  app.use('/api', api);
  app.use('/api', notFoundHandler);
  for (const make of ext.rootRouters ?? []) app.use(make(deps));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}

/** PUT /api/brands/:id/models/:kind, or POST /api/brands/:id/rescore-preview (req.path is relative to the /api mount). */
function isModelUpload(req: express.Request): boolean {
  return (req.method === 'PUT' && /^\/brands\/[^/]+\/models\/[^/]+\/?$/.test(req.path)) || isPreview(req);
}

/** POST /api/brands/:id/rescore-preview. */
function isPreview(req: express.Request): boolean {
  return req.method === 'POST' && /^\/brands\/[^/]+\/rescore-preview\/?$/.test(req.path);
}
