// `trustlens worker`: queue mode only. Runs the processors of the named queues against the
// shared MongoDB store and Redis; any number of these may run.
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { ConfigError } from '../core/errors.js';
import { createRuntime } from '../main.js';
import { QUEUE_NAMES, startWorkers } from '../wiring.js';
import { onSignals } from './serve.js';

export function register(program: Command): void {
  program
    .command('worker')
    .description('run job processors (queue mode only)')
    .option('--queues <names>', `comma-separated queues to work on (${QUEUE_NAMES.join(', ')})`, 'scrape,detect,notify,rescore')
    .action(async (opts: { queues: string }) => {
      const config = loadConfig();
      if (config.mode !== 'queue') {
        throw new ConfigError('`trustlens worker` needs queue mode (TRUSTLENS_MODE=queue with a mongodb:// TRUSTLENS_STORE_URL); embedded mode runs its workers inside `trustlens serve`');
      }
      const queues = opts.queues.split(',').map((q) => q.trim()).filter(Boolean);
      const bad = queues.filter((q) => !(QUEUE_NAMES as readonly string[]).includes(q));
      if (bad.length) throw new ConfigError(`--queues: unknown queue(s) ${bad.join(', ')} (known: ${QUEUE_NAMES.join(', ')})`);
      const runtime = await createRuntime(config);
      const workers = await startWorkers(runtime, queues);
      console.error(`TrustLens worker on ${queues.join(', ')} (pid ${process.pid})`);
      onSignals(async () => { await workers.stop(); await runtime.close(); });
    });
}
