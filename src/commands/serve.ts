// `trustlens serve`: the API and dashboard; in embedded mode also the scheduler and workers.
import type { Command } from 'commander';
import { isLoopback, loadConfig } from '../core/config.js';
import { startServer } from '../server.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('start the API and dashboard (embedded mode: also the scheduler and workers, in one process)')
    .option('--port <port>', 'override TRUSTLENS_PORT')
    .option('--host <host>', 'override TRUSTLENS_HOST')
    .action(async (opts: { port?: string; host?: string }) => {
      const env = { ...process.env };
      if (opts.port) env.TRUSTLENS_PORT = opts.port;
      if (opts.host) env.TRUSTLENS_HOST = opts.host;
      const config = loadConfig(env);
      const running = await startServer(config);
      const addr = running.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const shown = isLoopback(config.host) ? '127.0.0.1' : config.host;
      console.error(`TrustLens (${config.mode} mode) listening on http://${shown}:${port}/  (health: /api/health)`);
      onSignals(async () => running.close());
    });
}

export function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (sig: string) => {
    if (stopping) { console.error(`${sig} again: exiting now`); process.exit(1); }
    stopping = true;
    console.error(`${sig}: shutting down gracefully (waiting for running jobs)…`);
    stop().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}
