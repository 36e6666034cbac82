// `trustlens rescore --brand <id>`: scores the brand's stored mentions again with the models it
// has now (after `trustlens train … --brand`, which saves a model but leaves stored mentions as
// they were; the API's PUT and DELETE of a model queue this themselves). Queue mode: queued for
// the workers. Embedded: run here, start to finish, then prints what changed.
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { NotFoundError } from '../core/errors.js';
import { createRuntime } from '../main.js';
import { processRescore } from '../../jobs/rescore.js';
import { queueRescore, rescoring } from '../../jobs/workers.js';

export function register(program: Command): void {
  program
    .command('rescore')
    .description("score a brand's stored mentions again with its current models; its rollups follow")
    .requiredOption('--brand <id>', 'the brand')
    .action(async (opts: { brand: string }) => {
      const rt = await createRuntime(loadConfig({ ...process.env, TRUSTLENS_LOG_LEVEL: process.env.TRUSTLENS_LOG_LEVEL ?? 'warn' }));
      try {
        if (!(await rt.store.getBrand(opts.brand))) throw new NotFoundError(`no brand ${opts.brand} in the configured store`);
        if (rt.config.mode === 'queue') {
          console.log(`queued job ${await queueRescore(rt.queue, opts.brand)}`);
          return;
        }
        const summary = await processRescore({ id: 'cli', queue: 'rescore', attempt: 1, data: { brandId: opts.brand } },
          rescoring({ store: rt.store, queue: rt.queue, logger: rt.logger, lockMs: rt.config.jobLockMs }));
        console.log(JSON.stringify(summary));
      } finally {
        await rt.close();
      }
    });
}
