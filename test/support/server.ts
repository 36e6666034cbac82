// Starts a real TrustLens server (embedded mode, SQLite in a temp folder, port 0) for tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/core/config.js';
import type { Server } from 'node:http';
import { createApp, type AppExtensions } from '../../src/api/app.js';
import { createRuntime } from '../../src/main.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { wirePipeline } from '../../src/wiring.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Config } from '../../src/core/config.js';

export interface TestServer extends RunningServer {
  dir: string;
  /** fetch against the server; JSON bodies are serialised. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

/**
 * `opts.ext` adds routers (e.g. the dashboard, or reports before the wiring mounts them) to the
 * ones the pipeline provides; without it this is exactly `startServer`.
 */
export async function startTestServer(env: Record<string, string> = {}, opts: { clock?: Clock; ext?: AppExtensions } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'trustlens-test-'));
  const config = loadConfig({ TRUSTLENS_PORT: '0', TRUSTLENS_DATA_DIR: dir, TRUSTLENS_LOG_LEVEL: 'silent', ...env });
  const running = opts.ext ? await startWithExtensions(config, opts.clock, opts.ext) : await startServer(config, { clock: opts.clock });
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

/** startServer with extra routers mounted after the pipeline's own (same order of start-up and shutdown). */
async function startWithExtensions(config: Config, clock: Clock | undefined, ext: AppExtensions): Promise<RunningServer> {
  const runtime = await createRuntime(config, { clock });
  try {
    const pipeline = await wirePipeline(runtime, { runWorkers: config.mode === 'embedded' });
    const base = pipeline.appExtensions;
    const app = createApp({ ...runtime, validateSource: pipeline.validateSource, sources: pipeline.sources }, {
      // A router the pipeline already mounts is not mounted twice.
      apiRouters: [...new Set([...(base.apiRouters ?? []), ...(ext.apiRouters ?? [])])],
      rootRouters: [...new Set([...(base.rootRouters ?? []), ...(ext.rootRouters ?? [])])],
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(0, config.host, () => resolve(s));
      s.once('error', reject);
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    return {
      runtime, server, url: `http://${config.host}:${port}`,
      async close() {
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections();
        await closed;
        await pipeline.stop();
        await runtime.close();
      },
    };
  } catch (err) {
    await runtime.close();
    throw err;
  }
}
