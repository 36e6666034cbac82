// Sentiment figures on a brand's own labelled mentions (`trustlens eval sentiment`): each mention
// scored as monitoring scores it (scoreMention: language detected, the brand's languages settling
// short posts, its kind's head), against its label; macro-F1 over the three classes, accuracy,
// per-class precision and recall, the confusion matrix, and the same per language. Beside them,
// our lexicon rules alone on the same mentions, the baseline the trained model has to beat.
import type { Brand, MentionKind, SentimentLabel } from '../core/types.js';
import { cell, labelledLines, langAndKind } from './labelled-tsv.js';
import { classReport } from './classifier-metrics.js';
import { scoreMention } from './score.js';
import { textProbabilities } from './sentiment.js';

export const SENTIMENT_LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];
const LABEL_OF: Record<string, SentimentLabel> = {
  neg: 'negative', negative: 'negative', '-1': 'negative',
  neu: 'neutral', neutral: 'neutral', '0': 'neutral',
  pos: 'positive', positive: 'positive', '1': 'positive',
};

/** A labelled mention: its text, its overall sentiment, and optionally its language and kind. */
export interface LabelledSentimentRow { text: string; label: SentimentLabel; lang?: string; kind?: MentionKind }

/**
 * A TSV with a header row naming "text" and "label" (pos / neu / neg, positive / neutral /
 * negative, or 1 / 0 / -1) and optionally "lang" and "kind"; "#" lines before the header are
 * comments. Lines with no text, an unknown label or kind are skipped, each with its reason.
 */
export function parseSentimentTsv(content: string): { rows: LabelledSentimentRow[]; skipped: string[] } {
  const t = labelledLines(content);
  const ti = t.header.indexOf('text'), li = t.header.indexOf('label');
  if (ti < 0 || li < 0) throw new Error(`expected a header row with "text" and "label" columns, got: ${t.header.join(', ') || '(empty)'}`);
  const rows: LabelledSentimentRow[] = [];
  const skipped: string[] = [];
  for (const line of t.lines) {
    const text = cell(line, ti), raw = cell(line, li).toLowerCase();
    if (!text) { skipped.push(`line ${line.n}: empty text`); continue; }
    const label = LABEL_OF[raw];
    if (!label) { skipped.push(`line ${line.n}: unknown label "${raw}" (known: pos, neu, neg)`); continue; }
    const more = langAndKind(t, line, skipped);
    if (more) rows.push({ text, label, ...more });
  }
  return { rows, skipped };
}

export interface SentimentReport {
  n: number;
  /** Over the classes the labels use (a class nobody labelled would count as an F1 of 0). */
  macroF1: number;
  accuracy: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  /** confusion[gold][predicted]: mentions. */
  confusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
}
export interface SentimentFigures {
  all: SentimentReport;
  /** The lexicon rules alone (their score's sign, ±0.05) on the same mentions. */
  lexiconOnly: SentimentReport;
  /** By the language each mention was scored in. */
  byLang: Map<string, SentimentReport>;
  mistakes: string[];
}

function report(gold: readonly SentimentLabel[], pred: readonly SentimentLabel[]): SentimentReport {
  const r = classReport(gold, pred, SENTIMENT_LABELS.filter((c) => gold.includes(c)));
  const confusion = Object.fromEntries(SENTIMENT_LABELS.map((g) => [g, Object.fromEntries(SENTIMENT_LABELS.map((p) => [p, 0]))])) as SentimentReport['confusion'];
  for (let i = 0; i < gold.length; i++) confusion[gold[i]!][pred[i]!]++;
  return { n: gold.length, macroF1: r.macroF1, accuracy: r.accuracy, perClass: r.perClass, confusion };
}

/** The figures of the shipped scorers on labelled mentions (read with `brand`'s profile when given, as monitoring reads them). */
export function sentimentFiguresOf(rows: readonly LabelledSentimentRow[], brand?: Brand): SentimentFigures {
  const gold: SentimentLabel[] = [], pred: SentimentLabel[] = [], lexicon: SentimentLabel[] = [], langs: string[] = [];
  const mistakes: string[] = [];
  rows.forEach((r, i) => {
    const kind = r.kind ?? 'social';
    const { scores } = scoreMention({ kind, externalId: String(i), text: r.text, ...(r.lang ? { langHint: r.lang } : {}) }, { brand });
    const s = textProbabilities({ text: r.text, lang: scores.lang, kind }).lex.score;
    gold.push(r.label);
    pred.push(scores.sentiment.label);
    lexicon.push(s > 0.05 ? 'positive' : s < -0.05 ? 'negative' : 'neutral');
    langs.push(scores.lang);
    if (scores.sentiment.label !== r.label) mistakes.push(`${r.label} read as ${scores.sentiment.label} (${scores.lang}, ${scores.sentiment.score.toFixed(2)}): ${r.text.slice(0, 160)}`);
  });
  const byLang = new Map<string, SentimentReport>();
  for (const lang of [...new Set(langs)].sort()) {
    const idx = langs.flatMap((l, i) => (l === lang ? [i] : []));
    byLang.set(lang, report(idx.map((i) => gold[i]!), idx.map((i) => pred[i]!)));
  }
  return { all: report(gold, pred), lexiconOnly: report(gold, lexicon), byLang, mistakes };
}

/** The figures as a plain-text table. */
export function sentimentTable(f: SentimentFigures): string[] {
  const f2 = (x: number) => x.toFixed(2);
  const out = [
    '| | mentions | macro-F1 | accuracy |', '|---|---|---|---|',
    `| TrustLens | ${f.all.n} | ${f2(f.all.macroF1)} | ${f2(f.all.accuracy)} |`,
    `| its lexicon rules alone | ${f.lexiconOnly.n} | ${f2(f.lexiconOnly.macroF1)} | ${f2(f.lexiconOnly.accuracy)} |`,
    ...[...f.byLang].map(([lang, r]) => `| TrustLens, read as ${lang} | ${r.n} | ${f2(r.macroF1)} | ${f2(r.accuracy)} |`),
    '', '| class | precision | recall | F1 | mentions |', '|---|---|---|---|---|',
    ...SENTIMENT_LABELS.filter((c) => f.all.perClass[c]).map((c) => { const p = f.all.perClass[c]!; return `| ${c} | ${f2(p.precision)} | ${f2(p.recall)} | ${f2(p.f1)} | ${p.support} |`; }),
    '', '| labelled \\ read as | negative | neutral | positive |', '|---|---|---|---|',
    ...SENTIMENT_LABELS.map((g) => `| ${g} | ${SENTIMENT_LABELS.map((p) => f.all.confusion[g][p]).join(' | ')} |`),
  ];
  return out;
}
