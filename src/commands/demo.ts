// `trustlens demo`: TrustLens with a demo workspace whose sources scrape a bundled local site
// that plays out two launches over simulated hours. Offline; a fresh store each time.
import type { Command } from 'commander';
import { ConfigError } from '../core/errors.js';
import { startDemo } from '../demo/run.js';
import { STORY_HOURS } from '../demo/site.js';
import { onSignals } from './serve.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('start TrustLens with a demo workspace: two fictional launches, scraped from a bundled local site, a backlash within a minute')
    .option('--port <port>', 'dashboard/API port (0 = any free port)', '8080')
    .option('--speed <x>', 'simulated hours per real second (2 = the 48-hour story in 24 s, so the backlash alert arrives well within a minute)', '2')
    .option('--data <dir>', 'keep the demo data in this folder (default: a temporary folder, deleted on exit)')
    .action(async (opts: { port: string; speed: string; data?: string }) => {
      const port = Number(opts.port);
      const speed = Number(opts.speed);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port: expected 0..65535, got "${opts.port}"`);
      if (!Number.isFinite(speed) || speed <= 0 || speed > 3600) throw new ConfigError(`--speed: expected a number of simulated hours per second in (0, 3600], got "${opts.speed}"`);
      const demo = await startDemo({ port, speed, dataDir: opts.data, log: (l) => console.error(l) });
      const secs = Math.round(STORY_HOURS / speed);
      console.error([
        '',
        `TrustLens demo running: ${demo.url}/   (API: ${demo.url}/api/openapi.json)`,
        `Demo site (fictional brands): ${demo.site.url}/`,
        `Two launches start now and play ${STORY_HOURS} simulated hours in about ${secs} s: watch the Lune Advent Calendar turn sour`,
        'and the backlash alert arrive in the Alerts tab. Ctrl-C stops the demo.',
        '',
      ].join('\n'));
      onSignals(async () => demo.close());
    });
}
