import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyHeader, startTestServer, type TestServer } from '../support/server.js';

const brand = {
  name: 'Verde Skin',
  mission: 'Cruelty-free, inclusive skincare made with natural ingredients.',
  values: ['cruelty-free', 'inclusive'],
  claims: ['cruelty-free', 'vegan'],
  forbiddenClaims: ['cures acne'],
  keywords: ['verde skin', 'verdeskin'],
  handles: ['@verdeskin'],
};

describe('API (embedded mode, real SQLite, real HTTP)', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(); });
  afterAll(async () => { await s.close(); });

  it('binds to loopback by default and reports health', async () => {
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await s.call('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', store: 'up', queue: 'up', mode: 'embedded', queueKind: 'inline' });
  });

  it('creates, reads, updates, lists and deletes a brand', async () => {
    const created = await s.call('POST', '/api/brands', brand);
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.body).toMatchObject({ name: 'Verde Skin', sensitivity: 1, languages: ['en'] });
    const id = created.body.id;
    expect((await s.call('GET', `/api/brands/${id}`)).body.name).toBe('Verde Skin');
    const patched = await s.call('PATCH', `/api/brands/${id}`, { sensitivity: 1.5 });
    expect(patched.status).toBe(200);
    expect(patched.body.sensitivity).toBe(1.5);
    expect(patched.body.mission).toBe(brand.mission);
    const list = await s.call('GET', '/api/brands');
    expect(list.body.items.map((b: { id: string }) => b.id)).toContain(id);
    expect((await s.call('DELETE', `/api/brands/${id}`)).status).toBe(204);
    const gone = await s.call('GET', `/api/brands/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(gone.body).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('hides webhook secrets in responses', async () => {
    const r = await s.call('POST', '/api/brands', { name: 'Hooked', webhooks: [{ url: 'http://127.0.0.1:9/hook', format: 'json', secret: 'a-very-long-secret-value' }] });
    expect(r.status).toBe(201);
    expect(r.body.webhooks[0].secret).toBe('***');
    expect(JSON.stringify(r.body)).not.toContain('a-very-long-secret-value');
  });

  it('manages launches and sources under a brand, and validates references', async () => {
    const b = (await s.call('POST', '/api/brands', brand)).body;
    const l = await s.call('POST', '/api/launches', { brandId: b.id, name: 'Glow Calendar', startAt: '2026-11-01T00:00:00Z', price: '£50' });
    expect(l.status).toBe(201);
    expect(l.body).toMatchObject({ brandId: b.id, type: 'launch', price: '£50' });
    const badRange = await s.call('POST', '/api/launches', { brandId: b.id, name: 'x', startAt: '2026-11-02T00:00:00Z', endAt: '2026-11-01T00:00:00Z' });
    expect(badRange.status).toBe(400);
    const orphan = await s.call('POST', '/api/launches', { brandId: 'aaaaaaaaaaaaaaaaaaaaaaaa', name: 'x', startAt: '2026-11-01T00:00:00Z' });
    expect(orphan.status).toBe(400);
    expect(orphan.body.errors[0].path).toBe('body.brandId');

    const src = await s.call('POST', '/api/sources', { brandId: b.id, launchId: l.body.id, name: 'News', kind: 'feed', url: 'http://127.0.0.1:9/feed.xml', schedule: '*/15 * * * *' });
    expect(src.status).toBe(201);
    expect(src.body).toMatchObject({ enabled: true, state: {} });
    const noRecipe = await s.call('POST', '/api/sources', { brandId: b.id, name: 'Shop', kind: 'recipe', url: 'http://127.0.0.1:9/' });
    expect(noRecipe.status).toBe(400);
    expect(noRecipe.body.errors[0].path).toBe('body.recipe');
    const paused = await s.call('POST', `/api/sources/${src.body.id}/pause`);
    expect(paused.body.enabled).toBe(false);
    expect((await s.call('GET', `/api/sources?brandId=${b.id}`)).body.items).toHaveLength(1);
    expect((await s.call('GET', `/api/sources/${src.body.id}/runs`)).body.items).toEqual([]);
  });

  describe('bad input: a clear 4xx and nothing written', () => {
    const countBrands = async () => (await s.call('GET', '/api/brands')).body.items.length;

    it('rejects malformed JSON', async () => {
      const before = await countBrands();
      const r = await s.call('POST', '/api/brands', '{"name": "x",', { 'content-type': 'application/json' });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ type: 'urn:trustlens:problem:malformed-json', status: 400 });
      expect(await countBrands()).toBe(before);
    });

    it('rejects unknown fields and names them', async () => {
      const before = await countBrands();
      const r = await s.call('POST', '/api/brands', { ...brand, isAdmin: true });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ path: 'body', message: 'unknown field(s): isAdmin' }]);
      expect(await countBrands()).toBe(before);
    });

    it('rejects wrong types and missing fields with their paths', async () => {
      const r = await s.call('POST', '/api/brands', { mission: 42 });
      expect(r.status).toBe(400);
      const paths = r.body.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.mission']));
    });

    it('rejects a body that is not JSON at all', async () => {
      const r = await s.call('POST', '/api/brands', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(r.status).toBe(400);
    });

    it('rejects ids of the wrong shape', async () => {
      for (const id of ['123', 'zzzzzzzzzzzzzzzzzzzzzzzz', '%24ne', '..%2F..%2Fetc']) {
        const r = await s.call('GET', `/api/brands/${id}`);
        expect(r.status, id).toBe(400);
        expect(r.body.errors[0].path).toBe('path.id');
      }
    });

    it('rejects query operators smuggled in query strings', async () => {
      for (const q of ['brandId[$ne]=x', 'brandId[$gt]=', 'kind[$in][]=review', 'limit=1e9', '$where=1']) {
        const r = await s.call('GET', `/api/mentions?${q}`);
        expect(r.status, q).toBe(400);
      }
    });

    it('rejects hostile URLs for sources and webhooks', async () => {
      const b = (await s.call('POST', '/api/brands', { name: 'Url brand' })).body;
      for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.org/x', 'not a url']) {
        const r = await s.call('POST', '/api/sources', { brandId: b.id, name: 'x', kind: 'feed', url });
        expect(r.status, url).toBe(400);
        expect(r.body.errors[0].path).toBe('body.url');
      }
      const w = await s.call('PATCH', `/api/brands/${b.id}`, { webhooks: [{ url: 'gopher://x', format: 'json' }] });
      expect(w.status).toBe(400);
    });

    it('rejects oversized bodies with 413', async () => {
      const r = await s.call('POST', '/api/brands', { name: 'big', mission: 'x'.repeat(2_000_000) });
      expect(r.status).toBe(413);
    });

    it('answers unknown routes with problem+json 404', async () => {
      const r = await s.call('GET', '/api/nope');
      expect(r.status).toBe(404);
      expect(r.body.type).toBe('urn:trustlens:problem:not-found');
    });
  });

  it('serves an OpenAPI 3.1 document generated from the validation schemas', async () => {
    const r = await s.call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const post = r.body.paths['/api/brands'].post;
    expect(post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/BrandInput' });
    const input = r.body.components.schemas.BrandInput;
    expect(input.properties.name.type).toBe('string');
    expect(input.additionalProperties).toBe(false);
    expect(input.required).toContain('name');
    expect(r.body.paths['/api/mentions'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['brandId', 'flags', 'cursor']));
    expect(r.body.paths['/api/brands/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(r.body.paths['/api/health'].get).toBeDefined();
  });

  it('sends security headers', async () => {
    const r = await s.call('GET', '/api/health');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-powered-by')).toBeNull();
  });
});

describe('errors hide internals', () => {
  it('answers a generic 500 when stored data is corrupt', async () => {
    const s = await startTestServer();
    try {
      const id = (await s.call('POST', '/api/brands', { name: 'Corrupt' })).body.id;
      // Corrupt the row underneath, through a second real connection to the same SQLite file.
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(join(s.dir, 'trustlens.db'));
      db.prepare('UPDATE brands SET "values" = ? WHERE id = ?').run('{not json', id);
      db.close();
      const r = await s.call('GET', `/api/brands/${id}`);
      expect(r.status).toBe(500);
      expect(r.body).toMatchObject({ status: 500, type: 'urn:trustlens:problem:internal' });
      expect(JSON.stringify(r.body)).not.toMatch(/json|sqlite|stack|at \//i);
    } finally {
      await s.close();
    }
  });

  it('answers 503 without internals when the store is gone, and health says so', async () => {
    const s = await startTestServer();
    try {
      await s.runtime.store.close();
      const r = await s.call('GET', '/api/brands');
      expect(r.status).toBe(503);
      expect(r.body.detail).toBe('A dependency is unavailable; try again shortly');
      expect(JSON.stringify(r.body)).not.toMatch(/sqlite|database|stack/i);
      const h = await s.call('GET', '/api/health');
      expect(h.status).toBe(503);
      expect(h.body.store).toBe('down');
    } finally {
      await s.close().catch(() => undefined);
    }
  });
});

describe('access', () => {
  it('refuses to bind to a non-loopback address without API keys', async () => {
    await expect(startTestServer({ TRUSTLENS_HOST: '0.0.0.0' })).rejects.toThrow(/Refusing to listen on 0\.0\.0\.0 without API keys/);
  });

  it('enforces roles and brand scopes when keys are required', async () => {
    const s = await startTestServer({ TRUSTLENS_REQUIRE_KEYS: 'true' });
    try {
      const mk = (role: 'admin' | 'analyst' | 'viewer', brandIds: string[] = []) => keyHeader(s, role, brandIds);
      const admin = await mk('admin');
      expect((await s.call('GET', '/api/brands')).status).toBe(401);
      expect((await s.call('GET', '/api/brands', undefined, { authorization: 'Bearer tl_wrong' })).status).toBe(401);
      const a = (await s.call('POST', '/api/brands', { name: 'A' }, admin)).body;
      const b = (await s.call('POST', '/api/brands', { name: 'B' }, admin)).body;
      const viewer = await mk('viewer');
      expect((await s.call('GET', `/api/brands/${a.id}`, undefined, viewer)).status).toBe(200);
      expect((await s.call('POST', '/api/brands', { name: 'C' }, viewer)).status).toBe(403);
      const scoped = await mk('analyst', [a.id]);
      expect((await s.call('GET', `/api/brands/${a.id}`, undefined, scoped)).status).toBe(200);
      const denied = await s.call('GET', `/api/brands/${b.id}`, undefined, scoped);
      expect(denied.status).toBe(403);
      expect(JSON.stringify(denied.body)).not.toContain('"B"');
      const listed = await s.call('GET', '/api/brands', undefined, scoped);
      expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([a.id]);
      // A brand that does not exist and one that does look the same to a scoped key.
      expect((await s.call('GET', '/api/brands/bbbbbbbbbbbbbbbbbbbbbbbb', undefined, scoped)).status).toBe(403);
    } finally {
      await s.close();
    }
  });
});

describe('start-up failures', () => {
  it('fails clearly when the port is taken, and leaves nothing running', async () => {
    const first = await startTestServer();
    try {
      const port = new URL(first.url).port;
      await expect(startTestServer({ TRUSTLENS_PORT: port })).rejects.toThrow(/EADDRINUSE/);
      expect((await first.call('GET', '/api/health')).status).toBe(200);
    } finally {
      await first.close();
    }
  });
});
