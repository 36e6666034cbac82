// Starts the HTTP server on a runtime (and, in embedded mode, the workers and scheduler).
import type { Server } from 'node:http';
import { isLoopback, type Config } from './core/config.js';
import { ConfigError } from './core/errors.js';
import { createApp } from './api/app.js';
import { createRuntime, type Runtime } from './main.js';
import { wirePipeline, type PipelineTuning } from './wiring.js';
import type { Clock } from './ports/clock.js';
import type { Logger } from './core/logger.js';

export interface RunningServer {
  runtime: Runtime;
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, opts: { clock?: Clock; logger?: Logger; tuning?: PipelineTuning } = {}): Promise<RunningServer> {
  const runtime = await createRuntime(config, opts);
  let pipeline: Awaited<ReturnType<typeof wirePipeline>> | undefined;
  try {
    if (!isLoopback(config.host) && (await runtime.store.listApiKeys()).length === 0) {
      throw new ConfigError(`Refusing to listen on ${config.host} without API keys: create one with \`trustlens keys create --role admin\`, or bind to 127.0.0.1 (TRUSTLENS_HOST)`);
    }
    // Embedded mode runs the workers in this process; queue mode leaves them to `trustlens worker`.
    const wired = (pipeline = await wirePipeline(runtime, { runWorkers: config.mode === 'embedded', tuning: opts.tuning }));
    const app = createApp({ ...runtime, validateSource: wired.validateSource, checkModel: wired.checkModel, rescore: wired.rescore, preview: wired.preview, sources: wired.sources }, wired.appExtensions);
    const server = await new Promise<Server>((resolve, reject) => {
      // Express 5 calls the listen callback with the error too (EADDRINUSE), not only on success.
      const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      runtime, server, url: `http://${host}:${port}`,
      async close() {
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeIdleConnections();
        await closed;
        await wired.stop();
        await runtime.close();
      },
    };
  } catch (err) {
    // e.g. the port is taken: stop what was started (workers, schedules, browser) before failing.
    await pipeline?.stop();
    await runtime.close();
    throw err;
  }
}
