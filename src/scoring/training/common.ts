// Shared helpers for training and evaluation scripts: reading the shared TSV data sets,
// a seeded RNG, k-fold splits and the metrics we report (accuracy, macro-F1, AUC).
// Kept small and stable: other training scripts (fake reviews, claims) import these.
// Nothing here is used at scoring time, so it may use node:fs and node:path.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawMention } from '../../core/types.js';
import { kFold } from '../../core/random.js';

/** Repository root (two levels above src/scoring/training). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** `../shared/data` relative to the repository root, or TRUSTLENS_DATA_DIR when set. */
export function dataDir(): string {
  return process.env.TRUSTLENS_DATA_DIR ?? resolve(REPO_ROOT, '../shared/data');
}

/**
 * Reads a UTF-8, tab-separated file with a header row into objects keyed by the header names.
 * `path` is absolute, or relative to dataDir(). Leading '#' comment lines and blank lines are
 * skipped; missing cells are ''.
 */
export function readTsv(path: string): Record<string, string>[] {
  const full = path.startsWith('/') ? path : resolve(dataDir(), path);
  // Lines starting with '#' before the header are comments (our fixtures carry a provenance
  // note); after the header they are data (tweets start with hashtags).
  const lines = readFileSync(full, 'utf8').split(/\r?\n/);
  while (lines.length && lines[0]!.startsWith('#')) lines.shift();
  const header = (lines.shift() ?? '').split('\t');
  const rows: Record<string, string>[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    const row: Record<string, string> = {};
    header.forEach((h, i) => { row[h] = cells[i] ?? ''; });
    rows.push(row);
  }
  return rows;
}

/**
 * The texts of the real product reviews in ../shared/data (fake-reviews/salminen_dev.tsv) by data
 * row: the sets of real reviews we had labelled name their texts by row, as the texts stay there.
 * [] without that data.
 */
export function sharedReviewTexts(): string[] {
  return readSharedTsv('fake-reviews/salminen_dev.tsv')?.map((r) => r.text!) ?? [];
}

/**
 * The rows of one of our labelled files that name real reviews of ../shared/data by their data
 * row (`row`), each with that review's `text` (undefined for a row past the data); [] without
 * that data.
 */
export function rowsWithSharedReviews(path: string): Record<string, string | undefined>[] {
  const texts = sharedReviewTexts();
  if (texts.length === 0) return [];
  return readTsv(path).map((r) => ({ ...r, text: texts[Number(r.row)] }));
}

/** readTsv of a file of ../shared/data (relative to dataDir()), or undefined when that data is not here. */
export function readSharedTsv(file: string): Record<string, string>[] | undefined {
  return existsSync(resolve(dataDir(), file)) ? readTsv(file) : undefined;
}

/**
 * The training files of a folder written for TrustLens, by language: `en-*.tsv` and `es-*.tsv`,
 * sorted (so training reads them in one order), each with its language.
 */
export function languageFiles(dir: string): { path: string; file: string; lang: 'en' | 'es' }[] {
  return readdirSync(dir).filter((f) => /^(en|es)-[\w-]+\.tsv$/.test(f)).sort()
    .map((file) => ({ path: resolve(dir, file), file, lang: file.slice(0, 2) as 'en' | 'es' }));
}

// The seeded RNG, shuffle and folds live in core/random.ts (the scoring layer trains with them too).
export { seededRandom, shuffled, kFold } from '../../core/random.js';

/** Train/test index pairs for each fold of kFold(). */
export function kFoldSplits(n: number, k: number, seed: number, labels?: readonly string[]): { train: number[]; test: number[] }[] {
  const folds = kFold(n, k, seed, labels);
  return folds.map((test, f) => ({ test, train: folds.flatMap((fold, g) => (g === f ? [] : fold)) }));
}

export { accuracy, classReport, macroF1 } from '../classifier-metrics.js';

/** Area under the ROC curve for binary labels (1 = positive) and scores; ties count half. */
export function auc(labels: readonly number[], scores: readonly number[]): number {
  const idx = labels.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0, neg = 0, rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (labels[idx[t]!] === 1) { pos++; rankSum += avgRank; } else neg++;
    i = j + 1;
  }
  if (pos === 0 || neg === 0) return 0.5;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Median of numbers (0 for an empty list). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Formats a 0..1 figure as "0.873". */
export const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** A review rated `stars` of 5, as scoreMention takes it (for reports over labelled review sets). */
export function ratedReview(externalId: string, text: string, stars: number, lang?: string): RawMention {
  return { kind: 'review', externalId, text, rating: { value: stars, best: 5, worst: 1, normalized: (stars - 1) / 4 }, ...(lang ? { langHint: lang } : {}) };
}
