// `trustlens rescore --brand <id> | --all`: scores a brand's (or every brand's) stored mentions
// again with the models it has now: after `trustlens train … --brand`, which saves a model but
// leaves stored mentions as they were (the API's PUT and DELETE of a model queue this
// themselves), or after an upgrade changed the shipped models. Queue mode: queued for the
// workers (follow them with GET /api/brands/:id/rescore-runs). Embedded: run here, start to
// finish, with a progress bar on stderr and one JSON line per brand saying what changed.
import { Presets, SingleBar } from 'cli-progress';
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
          // Not on a terminal (cron, logs), a line every 10 s and one at the end: a long rescore still shows it is moving.
          const bar = new SingleBar({ format: `rescoring ${brandId} [{bar}] {value}/{total} mentions | changed {changed}`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 10_000, etaBuffer: 50 }, Presets.shades_classic);
          let started = false;
          const onProgress = (s: { scanned: number; changed: number }, total: number) => {
            if (!started) { bar.start(total, 0, { changed: 0 }); started = true; }
            bar.update(s.scanned, { changed: s.changed });
          };
          try {
            const summary = await processRescore({ id: 'cli', queue: 'rescore', attempt: 1, data: { brandId } }, { ...deps, onProgress });
            if (started && summary) bar.update(summary.scanned, { changed: summary.changed });
            console.log(JSON.stringify({ brandId, ...summary }));
          } finally {
            bar.stop();
          }
        }
      } finally {
        await rt.close();
      }
    });
}
