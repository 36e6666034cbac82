// `trustlens rescore --brand <id> | --all`: scores a brand's (or every brand's) stored mentions
// again with the models it has now: after `trustlens train … --brand`, which saves a model but
// leaves stored mentions as they were (the API's PUT and DELETE of a model queue this
// themselves), or after an upgrade changed the shipped models. Queue mode: queued for the
// workers (follow them with GET /api/brands/:id/rescore-runs). Embedded: run here, start to
// finish, with a progress bar on stderr and one JSON line per brand saying what changed.
// --dry-run (either mode, run here) says what a rescore would change and writes nothing; with
// --fake-model / --aspect-model it previews a model file before it is saved as the brand's.
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { createRuntime } from '../main.js';
import { aspectModelFile, fakeModelFile } from './model-files.js';
import { previewRescore, processRescore } from '../../jobs/rescore.js';
import { queueRescore, rescoring } from '../../jobs/workers.js';

export function register(program: Command): void {
  program
    .command('rescore')
    .description("score a brand's stored mentions again with its current models; its rollups follow")
    .option('--brand <id>', 'the brand')
    .option('--all', 'every brand, one after the other')
    .option('--dry-run', 'only say what would change (counts, aspects, examples), writing nothing; runs here in either mode')
    .option('--fake-model <file>', 'with --dry-run: a fake-review model from `trustlens train fake --out`, not saved yet, instead of the brand\'s')
    .option('--aspect-model <file>', 'with --dry-run: aspect models from `trustlens train aspects --out`, not saved yet, instead of the brand\'s')
    .option('--examples <n>', 'with --dry-run: reviews shown that would become, or stop being, likely fakes (each way)', '5')
    .action(async (opts: { brand?: string; all?: boolean; dryRun?: boolean; fakeModel?: string; aspectModel?: string; examples: string }) => {
      if (!opts.brand === !opts.all) throw new ValidationError('say which brands: --brand <id> or --all');
      if ((opts.fakeModel || opts.aspectModel) && !opts.dryRun) {
        throw new ValidationError('--fake-model and --aspect-model preview a model: add --dry-run (to use a model, save it with `trustlens train … --brand` or PUT /api/brands/:id/models/:kind)');
      }
      const examples = Number(opts.examples);
      if (!Number.isInteger(examples) || examples < 0 || examples > 100) throw new ValidationError('--examples: a whole number from 0 to 100');
      const fakeModel = opts.fakeModel ? fakeModelFile(opts.fakeModel) : undefined;
      const aspectModel = opts.aspectModel ? aspectModelFile(opts.aspectModel) : undefined;
      const rt = await createRuntime(loadConfig({ ...process.env, TRUSTLENS_LOG_LEVEL: process.env.TRUSTLENS_LOG_LEVEL ?? 'warn' }));
      try {
        const ids = opts.all ? (await rt.store.listBrands()).map((b) => b.id) : [opts.brand!];
        if (opts.brand && !(await rt.store.getBrand(opts.brand))) throw new NotFoundError(`no brand ${opts.brand} in the configured store`);
        // A model given on the command line replaces the brand's own of its kind, for the preview only.
        const deps = rescoring({ store: rt.store, queue: rt.queue, logger: rt.logger, lockMs: rt.config.jobLockMs }, undefined, { fakeModel, aspectModel });
        for (const brandId of ids) {
          if (opts.dryRun) {
            console.log(JSON.stringify({ dryRun: true, ...(await previewRescore(brandId, deps, examples)) }));
            continue;
          }
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
