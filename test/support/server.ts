// Starts a real TrustLens server (embedded mode, SQLite in a temp folder, port 0) for tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/core/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { PipelineTuning } from '../../src/wiring.js';
import type { Clock } from '../../src/ports/clock.js';

export interface TestServer extends RunningServer {
  dir: string;
  /** fetch against the server; JSON bodies are serialised. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

/** `startServer` on a fresh data folder: the whole app (pipeline, reports, dashboard) as users get it. */
export async function startTestServer(env: Record<string, string> = {}, opts: { clock?: Clock; tuning?: PipelineTuning } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'trustlens-test-'));
  const config = loadConfig({ TRUSTLENS_PORT: '0', TRUSTLENS_DATA_DIR: dir, TRUSTLENS_LOG_LEVEL: 'silent', ...env });
  const running = await startServer(config, opts);
  return {
    ...running,
    dir,
    async close() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
    async call(method, path, body, headers = {}) {
      const res = await fetch(running.url + path, {
        method,
        headers: { ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
}

/** Creates an API key with `role` (limited to `brandIds`, or all brands) in the server's store; returns its Authorization header. */
export async function keyHeader(s: TestServer, role: 'admin' | 'analyst' | 'viewer', brandIds: string[] = []): Promise<Record<string, string>> {
  const { generateKey, hashKey } = await import('../../src/api/auth.js');
  const key = generateKey();
  await s.runtime.store.createApiKey({ name: role, hash: hashKey(key), role, brandIds });
  return { authorization: `Bearer ${key}` };
}
