// `trustlens eval fake --data labelled.tsv --folds 5`: stratified k-fold cross-validation of the
// fake-review recipe on a user's own labels, so a brand can check the detector on its market.
// `trustlens eval aspects --data labelled.tsv [--brand brand.json]`: the shipped aspect detection
// and polarity on a brand's own labelled mentions (per aspect precision, recall, F1 and polarity right).
// `trustlens eval sentiment --data labelled.tsv [--brand brand.json]`: the shipped sentiment on a
// brand's own labelled mentions (macro-F1, accuracy, per class, confusion, per language, and the
// lexicon rules alone beside it).
import type { Command } from 'commander';
import { ValidationError } from '../core/errors.js';
import type { Brand } from '../core/types.js';
import { crossValidateFake } from '../scoring/fake-train.js';
import { aspectFiguresOf, aspectTable, parseAspectTsv, rates, type AspectCounts } from '../scoring/aspect-figures.js';
import { parseSentimentTsv, sentimentFiguresOf, sentimentTable, type SentimentReport } from '../scoring/sentiment-figures.js';
import { readLabelled, readReported } from './train.js';
import { readJson } from './model-files.js';
import { brandFromJson } from './score.js';

/** What both measures of labelled mentions read: the brand profile when given, and the file, with at least one usable line. */
function labelledMentions<T extends { rows: unknown[]; skipped: string[] }>(opts: { data: string; brand?: string }, parse: (content: string) => T): { brand?: Brand; parsed: T } {
  const brand = opts.brand ? brandFromJson(readJson(opts.brand, 'brand')) : undefined;
  const parsed = readReported(opts.data, parse);
  if (parsed.rows.length === 0) throw new ValidationError(`${opts.data}: no labelled mention to measure on`);
  return { brand, parsed };
}

export function register(program: Command): void {
  const evalCmd = program.command('eval').description('measure a model on your own labelled data');
  evalCmd
    .command('fake')
    .description('cross-validated accuracy and AUC of fake-review detection on a labelled TSV')
    .requiredOption('--data <file>', 'labelled TSV with a header row (text, label = fake/real or 1/0, optional rating)')
    .option('--folds <k>', 'number of stratified folds', '5')
    .option('--seed <n>', 'seed for the folds and training', '42')
    .option('--json', 'print the figures as JSON')
    .action((opts: { data: string; folds: string; seed: string; json?: boolean }) => {
      const k = Number(opts.folds);
      const seed = Number(opts.seed);
      if (!Number.isInteger(k) || k < 2) throw new ValidationError(`--folds must be an integer ≥ 2, got "${opts.folds}"`);
      if (!Number.isInteger(seed)) throw new ValidationError(`--seed must be an integer, got "${opts.seed}"`);
      const { rows } = readLabelled(opts.data);
      const minClass = Math.min(rows.filter((r) => r.label === 1).length, rows.filter((r) => r.label === 0).length);
      if (minClass < k) throw new ValidationError(`${opts.data}: ${k} folds need at least ${k} examples of each class (smallest class has ${minClass})`);
      const r = crossValidateFake(rows, k, seed);
      if (opts.json) {
        process.stdout.write(JSON.stringify({ rows: rows.length, folds: k, accuracy: r.accuracy, auc: r.auc, precision: r.precision, recall: r.recall, f1: r.f1, perFold: r.folds.map((f) => ({ accuracy: f.accuracy, auc: f.auc })) }) + '\n');
        return;
      }
      process.stdout.write(
        `fake-review detection, ${k}-fold stratified CV on ${rows.length} reviews:\n` +
        `  accuracy ${r.accuracy.toFixed(4)}  AUC ${r.auc.toFixed(4)}  precision ${r.precision.toFixed(4)}  recall ${r.recall.toFixed(4)}  F1 ${r.f1.toFixed(4)}\n` +
        `  per fold accuracy: ${r.folds.map((f) => f.accuracy.toFixed(3)).join(' ')}\n`,
      );
    });
  evalCmd
    .command('aspects')
    .description('precision, recall and polarity of aspect detection on your labelled mentions (TSV: text, aspects = "-" or aspect:polarity,…; optional lang, kind)')
    .requiredOption('--data <file>', 'labelled TSV with a header row')
    .option('--brand <file>', "brand profile JSON, as `score --brand` reads it (its goods decide whether its reviews' containers are packaging)")
    .option('--json', 'print the figures as JSON')
    .option('--mistakes', 'list each mention the detector got wrong')
    .action((opts: { data: string; brand?: string; json?: boolean; mistakes?: boolean }) => {
      const { brand, parsed } = labelledMentions(opts, parseAspectTsv);
      const f = aspectFiguresOf(parsed.rows, brand);
      if (opts.json) {
        const num = (x: number) => (Number.isFinite(x) ? +x.toFixed(4) : null);
        const fig = (c: AspectCounts) => {
          const r = rates(c);
          return { precision: num(r.precision), recall: num(r.recall), f1: num(r.f1), polarityRight: num(r.polarityRight), found: c.tp, wrong: c.fp, missed: c.fn };
        };
        process.stdout.write(JSON.stringify({ rows: f.rows, skipped: parsed.skipped.length, all: fig(f.all), byAspect: Object.fromEntries([...f.byAspect].map(([a, c]) => [a, fig(c)])), noneRows: f.noneRows, noneClean: f.noneClean }) + '\n');
        return;
      }
      process.stdout.write(`aspect detection on ${f.rows} labelled mentions${parsed.skipped.length ? ` (${parsed.skipped.length} lines skipped)` : ''}:\n\n${aspectTable(f).join('\n')}\n`);
      if (opts.mistakes) process.stdout.write(`\n${f.mistakes.join('\n')}\n`);
    });
  evalCmd
    .command('sentiment')
    .description('macro-F1, accuracy and confusion of sentiment on your labelled mentions (TSV: text, label = pos/neu/neg; optional lang, kind)')
    .requiredOption('--data <file>', 'labelled TSV with a header row')
    .option('--brand <file>', 'brand profile JSON, as `score --brand` reads it (its languages settle short posts)')
    .option('--json', 'print the figures as JSON')
    .option('--mistakes', 'list each mention read otherwise than labelled')
    .action((opts: { data: string; brand?: string; json?: boolean; mistakes?: boolean }) => {
      const { brand, parsed } = labelledMentions(opts, parseSentimentTsv);
      const f = sentimentFiguresOf(parsed.rows, brand);
      if (opts.json) {
        const x4 = (x: number) => +x.toFixed(4);
        const r4 = (r: SentimentReport) => ({
          ...r, macroF1: x4(r.macroF1), accuracy: x4(r.accuracy),
          perClass: Object.fromEntries(Object.entries(r.perClass).map(([c, p]) => [c, { precision: x4(p.precision), recall: x4(p.recall), f1: x4(p.f1), support: p.support }])),
        });
        process.stdout.write(JSON.stringify({ rows: f.all.n, skipped: parsed.skipped.length, all: r4(f.all), lexiconOnly: r4(f.lexiconOnly), byLang: Object.fromEntries([...f.byLang].map(([l, r]) => [l, r4(r)])) }) + '\n');
        return;
      }
      process.stdout.write(`sentiment on ${f.all.n} labelled mentions${parsed.skipped.length ? ` (${parsed.skipped.length} lines skipped)` : ''}:\n\n${sentimentTable(f).join('\n')}\n`);
      if (opts.mistakes) process.stdout.write(`\n${f.mistakes.join('\n')}\n`);
    });
}
