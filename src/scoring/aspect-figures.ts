// Aspect detection figures on labelled mentions: per aspect, precision and recall of "the
// mention talks about it", and, where both agree it does, how often the polarity matches. Used by
// npm run eval:aspects (our evaluation set) and by `trustlens eval aspects` (a brand's own labels).
import { ASPECTS } from './aspects.js';
import { scoreMention } from './score.js';
import type { Brand, MentionKind } from '../core/types.js';
import { cell, labelledLines, langAndKind } from './labelled-tsv.js';
import { POLARITIES } from './aspect-polarity.js';

export interface AspectCounts { tp: number; fp: number; fn: number; polarityOk: number }
export interface AspectFigures {
  rows: number;
  byAspect: Map<string, AspectCounts>;
  all: AspectCounts;
  /** Mentions labelled with no aspect, and how many of them got none. */
  noneRows: number;
  noneClean: number;
  mistakes: string[];
}

/** A labelled mention: `aspects` is "-" or "aspect:polarity,…". */
export interface LabelledAspectRow { text: string; aspects: string; lang?: string; kind?: MentionKind; id?: string }

/** The label of a row as aspect → polarity; throws on an aspect or polarity TrustLens does not know. */
export function parseAspectLabel(label: string): Map<string, string> {
  const out = new Map<string, string>();
  const l = label.trim();
  if (l === '-' || l === '') return out;
  for (const pair of l.split(',')) {
    const [a, p] = pair.trim().split(':').map((x) => x.trim());
    if (!(ASPECTS as readonly string[]).includes(a!)) throw new Error(`unknown aspect "${a}" (known: ${ASPECTS.join(', ')})`);
    if (!(POLARITIES as readonly string[]).includes(p!)) throw new Error(`"${pair.trim()}": the polarity must be negative, neutral or positive`);
    out.set(a!, p!);
  }
  return out;
}

/**
 * Figures of scoreMention's aspects on labelled rows (read as social posts unless a row says its
 * kind), for `brand` when given (its profile says whether its reviews' containers are packaging).
 */
export function aspectFiguresOf(rows: readonly LabelledAspectRow[], brand?: Brand): AspectFigures {
  const byAspect = new Map<string, AspectCounts>(ASPECTS.map((a) => [a, { tp: 0, fp: 0, fn: 0, polarityOk: 0 }]));
  let noneRows = 0, noneClean = 0;
  const mistakes: string[] = [];
  for (const r of rows) {
    const expected = parseAspectLabel(r.aspects);
    const got = new Map<string, string>();
    for (const a of scoreMention({ kind: r.kind ?? 'social', externalId: r.id ?? '', text: r.text, langHint: r.lang }, { brand }).scores.aspects) got.set(a.aspect, a.polarity);
    if (expected.size === 0) { noneRows++; if (got.size === 0) noneClean++; }
    for (const a of ASPECTS) {
      const c = byAspect.get(a)!;
      const e = expected.get(a), g = got.get(a);
      if (e && g) {
        c.tp++;
        if (e === g) c.polarityOk++; else mistakes.push(`  ${a} ${g}, expected ${e}: ${r.text}`);
      } else if (g) { c.fp++; mistakes.push(`  wrongly found ${a}: ${r.text}`); }
      else if (e) { c.fn++; mistakes.push(`  missed ${a}: ${r.text}`); }
    }
  }
  const all = { tp: 0, fp: 0, fn: 0, polarityOk: 0 };
  for (const c of byAspect.values()) { all.tp += c.tp; all.fp += c.fp; all.fn += c.fn; all.polarityOk += c.polarityOk; }
  return { rows: rows.length, byAspect, all, noneRows, noneClean, mistakes };
}

/** Precision, recall, F1 and share of polarities right of one aspect's counts (NaN where nothing was found or labelled). */
export function rates(c: AspectCounts): { precision: number; recall: number; f1: number; polarityRight: number } {
  const precision = c.tp / (c.tp + c.fp), recall = c.tp / (c.tp + c.fn);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall), polarityRight: c.polarityOk / c.tp };
}

/** A rate as the tables print it: two decimals, '—' where nothing was found or labelled (NaN). */
export function rate2(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '—';
}

/** The figures as a markdown table: precision, recall, F1 and polarity per aspect and overall. */
export function aspectTable(f: AspectFigures): string[] {
  const lines = ['| aspect | precision | recall | F1 | polarity right (of found) |', '|---|---|---|---|---|'];
  for (const [a, c] of [...f.byAspect, ['all (micro)', f.all] as const]) {
    const r = rates(c);
    lines.push(`| ${a} | ${rate2(r.precision)} | ${rate2(r.recall)} | ${rate2(r.f1)} | ${rate2(r.polarityRight)} (${c.polarityOk}/${c.tp}) |`);
  }
  lines.push(`| mentions with no aspect left with none | ${f.noneClean} of ${f.noneRows} | | | |`);
  return lines;
}

/**
 * Parses a labelled TSV of mentions: a header row with `text` and `aspects` (or `expected`),
 * optional `lang` and `kind`; leading "#" lines are comments. Bad rows are reported ("line N:
 * reason"), not fatal. Pure: callers read the file.
 */
export function parseAspectTsv(content: string): { rows: LabelledAspectRow[]; skipped: string[] } {
  const t = labelledLines(content);
  const ti = t.header.indexOf('text'), ai = t.header.indexOf('aspects') >= 0 ? t.header.indexOf('aspects') : t.header.indexOf('expected');
  if (ti < 0 || ai < 0) throw new Error(`expected a header row with "text" and "aspects" columns, got: ${t.header.join(', ') || '(empty)'}`);
  const rows: LabelledAspectRow[] = [];
  const skipped: string[] = [];
  for (const line of t.lines) {
    const text = cell(line, ti), aspects = cell(line, ai);
    if (!text) { skipped.push(`line ${line.n}: empty text`); continue; }
    try { parseAspectLabel(aspects); } catch (err) { skipped.push(`line ${line.n}: ${(err as Error).message}`); continue; }
    const more = langAndKind(t, line, skipped);
    if (more) rows.push({ text, aspects: aspects || '-', ...more });
  }
  return { rows, skipped };
}
