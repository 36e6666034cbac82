// `trustlens train fake --data labelled.tsv --out model.json`: trains a fake-review model on a
// user's own labelled reviews (TSV with a header: `text`, `label` = fake/real or 1/0, optional
// `rating`), the same recipe as the shipped model. Use it with `trustlens score --fake-model`, or
// give `--brand <id>` to save it as the brand's own: the pipeline then scores the brand's reviews
// with it (as PUT /api/brands/:id/models/fake does with a model file).
// `trustlens train aspects --data labelled.tsv --out model.json`: trains the aspect models
// (detection and polarity) on a user's own labelled mentions (`text`, `aspects`, optional `lang`,
// `kind`) with the shipped training mentions, thresholds chosen on the user's own. Use it with
// `trustlens score --aspect-model`, or give `--brand <id>` as for fake-review models.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { openStore } from '../main.js';
import { fakeModelFileInfo } from '../scoring/fake-model.js';
import { parseLabelledTsv, type LabelledRow } from '../scoring/classifier-data.js';
import { trainFakeClassifier } from '../scoring/fake-train.js';
import { parseAspectTsv } from '../scoring/aspect-figures.js';
import { prf, trainAspectModels } from '../scoring/aspect-train.js';
import { aspectModelFileInfo, aspectModelToFile } from '../scoring/aspect-model.js';
import type { BrandModelInfo, BrandModelKind } from '../core/types.js';
import { detectLanguage } from '../scoring/language.js';
import { trainingRows } from '../scoring/training/train-aspects.js';

/** A labelled file read and parsed, with a clear error when it cannot be read or its header is wrong. */
function readParsed<T>(path: string, parse: (content: string) => T): T {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch {
    throw new ValidationError(`cannot read ${path}: no such file`);
  }
  try {
    return parse(content);
  } catch (err) {
    throw new ValidationError(`${path}: ${(err as Error).message}`);
  }
}

/** A labelled mentions file read by `parse` (parseAspectTsv, parseSentimentTsv), its skipped lines reported on stderr. */
export function readReported<T extends { skipped: string[] }>(path: string, parse: (content: string) => T): T {
  const parsed = readParsed(path, parse);
  for (const s of parsed.skipped.slice(0, 20)) process.stderr.write(`trustlens: skipped ${s}\n`);
  return parsed;
}

type SaveModel = (kind: BrandModelKind, json: string, about: { name: string; meta: Record<string, unknown> }) => Promise<BrandModelInfo>;

/**
 * Runs `train` with a way to save models as the brand's own when `brandId` is given (undefined
 * otherwise). The store is opened and the brand checked first, so a wrong id or an unreachable
 * store fails in a second rather than after training.
 */
async function toBrand(brandId: string | undefined, train: (save: SaveModel | undefined) => Promise<void>): Promise<void> {
  if (!brandId) return train(undefined);
  const store = await openStore(loadConfig());
  try {
    if (!(await store.getBrand(brandId))) throw new NotFoundError(`no brand ${brandId} in the configured store (trustlens import, or the API, creates brands)`);
    await train((kind, json, about) => store.saveBrandModel(brandId, kind, json, about));
  } finally {
    await store.close();
  }
}

/** Writes the model file to `out` and/or saves it for the brand; says where it went. */
async function written(json: string, out: string | undefined, save: ((json: string) => Promise<BrandModelInfo>) | undefined): Promise<string> {
  const where: string[] = [];
  if (out) { writeFileSync(out, json + '\n'); where.push(out); }
  if (save) {
    const info = await save(json);
    where.push(`brand ${info.brandId}'s own ${info.kind} model, version ${info.version} (its stored mentions keep their scores until \`trustlens rescore --brand ${info.brandId}\`; with --dry-run it first says what would change)`);
  }
  return where.join(' and ');
}

/** Labelled mentions a brand needs at least for its own thresholds and figures. */
const MIN_ASPECT_ROWS = 20;

export function readLabelled(path: string): { rows: LabelledRow[]; skipped: string[] } {
  const parsed = readParsed(path, parseLabelledTsv);
  const pos = parsed.rows.filter((r) => r.label === 1).length;
  if (pos === 0 || pos === parsed.rows.length) {
    throw new ValidationError(`${path}: need both fake and real examples (got ${pos} fake, ${parsed.rows.length - pos} real)`);
  }
  return parsed;
}

export function register(program: Command): void {
  const train = program.command('train').description('train a model on your own labelled data');
  train
    .command('fake')
    .description('train a fake-review model from a TSV (text, label = fake/real or 1/0, optional rating)')
    .requiredOption('--data <file>', 'labelled TSV with a header row')
    .option('--out <file>', 'where to write the model JSON')
    .option('--brand <id>', "save the model as the brand's own in the configured store: its reviews are scored with it from the next batch on (stored ones: trustlens rescore)")
    .option('--lang <codes>', 'comma-separated languages the model is for (default: any)')
    .option('--seed <n>', 'training seed', '42')
    .action(async (opts: { data: string; out?: string; brand?: string; lang?: string; seed: string }) => {
      if (!opts.out && !opts.brand) throw new ValidationError('say where the model goes: --out <file>, --brand <id>, or both');
      const { rows, skipped } = readLabelled(opts.data);
      for (const s of skipped.slice(0, 20)) process.stderr.write(`trustlens: skipped ${s}\n`);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new ValidationError(`--seed must be an integer, got "${opts.seed}"`);
      const fake = rows.filter((r) => r.label === 1).length;
      await toBrand(opts.brand, async (save) => {
        const t0 = performance.now();
        const model = trainFakeClassifier(rows, {
          name: `user:${opts.data.split('/').pop()}`,
          langs: opts.lang ? opts.lang.split(',').map((s) => s.trim()).filter(Boolean) : null,
          data: opts.data,
          rows: rows.length,
          fake,
          trainedAt: new Date().toISOString(),
        }, { seed });
        const json = JSON.stringify(model.toJSON(0.002));
        const where = await written(json, opts.out, save && ((j) => save('fake', j, fakeModelFileInfo(JSON.parse(j)))));
        process.stdout.write(`trained on ${rows.length} reviews (${fake} fake, ${rows.length - fake} real${skipped.length ? `, ${skipped.length} lines skipped` : ''}) in ${(performance.now() - t0).toFixed(0)} ms → ${where}\n`);
      });
    });
  train
    .command('aspects')
    .description('train the aspect models (detection and polarity) on labelled mentions (TSV: text, aspects = "-" or aspect:polarity,…; optional lang, kind)')
    .requiredOption('--data <file>', 'labelled TSV with a header row')
    .option('--out <file>', 'where to write the model JSON')
    .option('--brand <id>', "save the models as the brand's own in the configured store: its mentions are scored with them from the next batch on (stored ones: trustlens rescore)")
    .option('--only-mine', 'train on your mentions only, without the shipped training mentions')
    .action(async (opts: { data: string; out?: string; brand?: string; onlyMine?: boolean }) => {
      if (!opts.out && !opts.brand) throw new ValidationError('say where the models go: --out <file>, --brand <id>, or both');
      const parsed = readReported(opts.data, parseAspectTsv);
      if (parsed.rows.length < MIN_ASPECT_ROWS) throw new ValidationError(`${opts.data}: need at least ${MIN_ASPECT_ROWS} labelled mentions, got ${parsed.rows.length}`);
      const mine = parsed.rows.map((r) => ({ text: r.text, aspects: r.aspects, lang: r.lang ?? detectLanguage(r.text).lang, source: 'yours' }));
      const shipped = opts.onlyMine ? [] : trainingRows();
      await toBrand(opts.brand, async (save) => {
        const t0 = performance.now();
        // Thresholds and figures come from the brand's own mentions (their market); ours only add examples.
        const { model, detection, polarity } = trainAspectModels({ tuneRows: mine, alsoRows: shipped });
        // Micro-averaged over the aspects: a brand's labels often name only a few of the nine.
        const micro = (pick: 'triggers' | 'withModel') => {
          let tp = 0, fp = 0, fn = 0;
          for (const d of detection) { tp += d[pick].tp; fp += d[pick].fp; fn += d[pick].fn; }
          const { p, r, f1 } = prf(tp, fp, fn);
          return `${p.toFixed(2)} / ${r.toFixed(2)} / ${f1.toFixed(2)}`;
        };
        const json = JSON.stringify(aspectModelToFile(model, {
          name: `user:${opts.data.split('/').pop()}`,
          trainedOn: { yours: mine.length, shippedMentions: shipped.length },
          trainedAt: new Date().toISOString(),
          outOfFoldOnYours: { detection, polarity },
        }));
        const where = await written(json, opts.out, save && ((j) => save('aspects', j, aspectModelFileInfo(JSON.parse(j)))));
        process.stdout.write(
          `trained on ${mine.length} of your mentions${shipped.length ? ` and ${shipped.length} shipped ones` : ''}${parsed.skipped.length ? ` (${parsed.skipped.length} lines skipped)` : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${where}\n` +
          `  out of fold on yours, precision / recall / F1: ${micro('triggers')} with the triggers alone, ${micro('withModel')} with the model; polarity right ${polarity.clauseWords.toFixed(2)} → ${polarity.asUsed.toFixed(2)}\n`,
        );
      });
    });
}
