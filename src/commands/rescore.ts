// `trustlens rescore --brand <id> | --all`: scores a brand's (or every brand's) stored mentions
// again with the models it has now: after `trustlens train … --brand`, which saves a model but
// leaves stored mentions as they were (the API's PUT and DELETE of a model queue this
// themselves), or after an upgrade changed the shipped models. Queue mode: queued for the
// workers. Embedded: run here, start to finish, one JSON line per brand saying what changed.
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { createRuntime } from '../main.js';
import { processRescore } from '../../jobs/rescore.js';
import { queueRescore, rescoring } from '../../jobs/workers.js';

export function register(program: Command): void {
  program
    .command('rescore')
    .description("score a brand's stored mentions again with its current models; its rollups follow")
    .option('--brand <id>', 'the brand')
    .option('--all', 'every brand, one after the other')
    .action(async (opts: { brand?: string; all?: boolean }) => {
      if (!opts.brand === !opts.all) throw new ValidationError('say which brands: --brand <id> or --all');
      const rt = await createRuntime(loadConfig({ ...process.env, TRUSTLENS_LOG_LEVEL: process.env.TRUSTLENS_LOG_LEVEL ?? 'warn' }));
      try {
        const ids = opts.all ? (await rt.store.listBrands()).map((b) => b.id) : [opts.brand!];
        if (opts.brand && !(await rt.store.getBrand(opts.brand))) throw new NotFoundError(`no brand ${opts.brand} in the configured store`);
        const deps = rescoring({ store: rt.store, queue: rt.queue, logger: rt.logger, lockMs: rt.config.jobLockMs });
        for (const brandId of ids) {
          if (rt.config.mode === 'queue') {
            console.log(JSON.stringify({ brandId, queued: await queueRescore(rt.queue, brandId) }));
            continue;
          }
          const summary = await processRescore({ id: 'cli', queue: 'rescore', attempt: 1, data: { brandId } }, deps);
          console.log(JSON.stringify({ brandId, ...summary }));
        }
      } finally {
        await rt.close();
      }
    });
}
