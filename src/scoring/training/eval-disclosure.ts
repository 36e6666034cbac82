// Sponsorship disclosure figures on our labelled set of influencer captions
// (test/fixtures/disclosure/disclosure-set.tsv: 200 captions, EN + ES, written for TrustLens by a
// helper who never saw the rules, labelled as a compliance reviewer would: is there a material
// connection, is it disclosed in words a regulator accepts, and is the disclosure up front).
// Measured once, whole, before any tuning (status right 0.65; "needs a fix" precision / recall /
// F1 0.89 / 0.48 / 0.62). The rules were then tuned on other captions (the influencer posts of
// the sentiment sets: 0.77; 0.89 / 0.67 / 0.76 on the whole set), after that on the `dev` half
// (even rows), and then on a second set by another helper (`dev2`: disclosure-dev2.tsv, 160
// captions, measured once before tuning: 0.81; 0.88 / 0.84 / 0.86). The `test` half (odd rows)
// is never read for tuning.
//   npm run eval:disclosure            (SHOW_MISSES=1 lists the dev half's mistakes)
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, readTsv } from './common.js';
import { scoreDisclosure } from '../disclosure.js';

/** What a post needs from a PR team: nothing (not sponsored), a fix (undisclosed or buried), or nothing (disclosed up front). */
export type DisclosureStatus = 'not sponsored' | 'undisclosed' | 'buried' | 'upfront';
const STATUSES: readonly DisclosureStatus[] = ['not sponsored', 'undisclosed', 'buried', 'upfront'];

export interface DisclosureFigures {
  rows: number;
  /** The mistakes on a tuning set (none listed for the test half). */
  mistakes: string[];
  /** Share of captions whose status (one of the four) is right. */
  accuracy: number;
  /** "Needs a fix" (undisclosed or buried): the alert a PR team acts on. */
  flag: { precision: number; recall: number; f1: number };
  /** Sponsored or not, whatever the disclosure. */
  sponsored: { precision: number; recall: number };
  /** Rows per gold status, and how many of them were right. */
  byStatus: Map<DisclosureStatus, { rows: number; right: number }>;
}

function goldStatus(r: Record<string, string>): DisclosureStatus {
  if (r.sponsored !== 'yes') return 'not sponsored';
  if (r.disclosed !== 'yes') return 'undisclosed';
  return r.placement === 'buried' ? 'buried' : 'upfront';
}

export function statusOf(text: string): DisclosureStatus {
  const s = scoreDisclosure(text);
  if (!s.sponsored) return 'not sponsored';
  if (!s.disclosed) return 'undisclosed';
  return s.placement === 'buried' ? 'buried' : 'upfront';
}

export function disclosureFigures(half: 'dev' | 'test' | 'all' | 'dev2' = 'all'): DisclosureFigures {
  // The sets write line breaks as " / ": captions are read with real ones, as a feed gives them.
  const rows = half === 'dev2'
    ? readTsv(`${REPO_ROOT}/test/fixtures/disclosure/disclosure-dev2.tsv`)
    : readTsv(`${REPO_ROOT}/test/fixtures/disclosure/disclosure-set.tsv`).filter((_, i) => half === 'all' || (i % 2 === 0) === (half === 'dev'));
  const mistakes: string[] = [];
  const byStatus = new Map<DisclosureStatus, { rows: number; right: number }>(STATUSES.map((s) => [s, { rows: 0, right: 0 }]));
  let right = 0, flagTp = 0, flagFp = 0, flagFn = 0, spTp = 0, spFp = 0, spFn = 0;
  for (const r of rows) {
    const text = r.text!.replace(/ \/ /g, '\n');
    const gold = goldStatus(r), got = statusOf(text);
    const b = byStatus.get(gold)!;
    b.rows++;
    if (gold === got) { right++; b.right++; } else if (half !== 'test' && half !== 'all') mistakes.push(`  ${gold} → ${got}: ${r.text}`);
    const gFlag = gold === 'undisclosed' || gold === 'buried', pFlag = got === 'undisclosed' || got === 'buried';
    if (gFlag && pFlag) flagTp++; else if (pFlag) flagFp++; else if (gFlag) flagFn++;
    const gSp = gold !== 'not sponsored', pSp = got !== 'not sponsored';
    if (gSp && pSp) spTp++; else if (pSp) spFp++; else if (gSp) spFn++;
  }
  const precision = flagTp / Math.max(1, flagTp + flagFp), recall = flagTp / Math.max(1, flagTp + flagFn);
  return {
    rows: rows.length,
    accuracy: right / Math.max(1, rows.length),
    flag: { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 },
    sponsored: { precision: spTp / Math.max(1, spTp + spFp), recall: spTp / Math.max(1, spTp + spFn) },
    byStatus,
    mistakes,
  };
}

function print(): void {
  const x = (v: number) => v.toFixed(2);
  for (const half of ['test', 'dev', 'dev2'] as const) {
    const f = disclosureFigures(half);
    const name = half === 'dev2' ? 'second set (disclosure-dev2.tsv)' : `${half} half`;
    console.log(`\n## Sponsorship disclosure, ${name} (${f.rows} influencer captions, EN + ES${half === 'test' ? ', never tuned on' : ', tuned on'})\n`);
    console.log('| measure | value |\n|---|---|');
    console.log(`| status right (not sponsored / undisclosed / buried / up front) | ${x(f.accuracy)} |`);
    console.log(`| "needs a fix" (undisclosed or buried): precision / recall / F1 | ${x(f.flag.precision)} / ${x(f.flag.recall)} / ${x(f.flag.f1)} |`);
    console.log(`| sponsored: precision / recall | ${x(f.sponsored.precision)} / ${x(f.sponsored.recall)} |`);
    for (const [s, b] of f.byStatus) console.log(`| … ${s}: right | ${b.right} of ${b.rows} |`);
    if (process.env.SHOW_MISSES && half !== 'test') console.log(f.mistakes.join('\n'));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) print();
