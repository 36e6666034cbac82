// `trustlens train fake --data labelled.tsv --out model.json`: trains a fake-review model on a
// user's own labelled reviews (TSV with a header: `text`, `label` = fake/real or 1/0, optional
// `rating`), the same recipe as the shipped model. Use it with `trustlens score --fake-model`.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../core/errors.js';
import { parseLabelledTsv, type LabelledRow } from '../scoring/classifier-data.js';
import { trainFakeClassifier } from '../scoring/fake-train.js';

export function readLabelled(path: string): { rows: LabelledRow[]; skipped: string[] } {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch {
    throw new ValidationError(`cannot read ${path}: no such file`);
  }
  let parsed: ReturnType<typeof parseLabelledTsv>;
  try {
    parsed = parseLabelledTsv(content);
  } catch (err) {
    throw new ValidationError(`${path}: ${(err as Error).message}`);
  }
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
    .requiredOption('--out <file>', 'where to write the model JSON')
    .option('--lang <codes>', 'comma-separated languages the model is for (default: any)')
    .option('--seed <n>', 'training seed', '42')
    .action((opts: { data: string; out: string; lang?: string; seed: string }) => {
      const { rows, skipped } = readLabelled(opts.data);
      for (const s of skipped.slice(0, 20)) process.stderr.write(`trustlens: skipped ${s}\n`);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new ValidationError(`--seed must be an integer, got "${opts.seed}"`);
      const t0 = performance.now();
      const model = trainFakeClassifier(rows, {
        name: `user:${opts.data.split('/').pop()}`,
        langs: opts.lang ? opts.lang.split(',').map((s) => s.trim()).filter(Boolean) : null,
        data: opts.data,
        trainedAt: new Date().toISOString(),
      }, { seed });
      writeFileSync(opts.out, JSON.stringify(model.toJSON(0.002)) + '\n');
      const fake = rows.filter((r) => r.label === 1).length;
      process.stdout.write(`trained on ${rows.length} reviews (${fake} fake, ${rows.length - fake} real${skipped.length ? `, ${skipped.length} lines skipped` : ''}) in ${(performance.now() - t0).toFixed(0)} ms → ${opts.out}\n`);
    });
}
