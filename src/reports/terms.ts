// Rising terms: which words appear in more of the recent mentions than of the earlier ones.
// Computed on bounded samples of mention texts (never on all mentions), by the log-odds ratio of
// document frequencies with a Haldane–Anscombe 0.5 correction, ranked by its z-score so that a word
// seen 3 times is not ranked above one seen 300 times on the strength of its ratio alone.
import { words } from '../scoring/tokens.js';
import { round } from './stats.js';

export interface RisingTerm {
  term: string;
  /** Documents (mentions) containing it, in the recent and the earlier sample. */
  recent: number;
  earlier: number;
  recentShare: number;
  earlierShare: number;
  /** log odds(recent) − log odds(earlier) */
  logOdds: number;
  z: number;
}

// Function words in the languages TrustLens scores first (en, es); they never make news.
const STOP = new Set((
  'the and for are but not you all any can had her was one our out day get has him his how man new now old see two way who boy did its let put say she too use that with have this will your from they know want been good much some time very when come here just like long make many more only over such take than them well were what also into most really would there their about could other which these after first because still even back where being those while should through before does same then ever each both again every under ' +
  'que los las del una por con para como pero más sus ese esta este sin sobre también muy todo cuando porque desde hasta donde está son fue han hay ser entre ya les nos ni mi me te lo se al el la en es un de y o a su'
).split(' '));

export function termsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    if (w.length < 3 || w.length > 40 || STOP.has(w) || /^\d/.test(w)) continue;
    out.add(w);
  }
  return out;
}

export function risingTerms(recentTexts: string[], earlierTexts: string[], opts: { top?: number; minCount?: number } = {}): RisingTerm[] {
  const top = opts.top ?? 10;
  const minCount = opts.minCount ?? 3;
  const nR = recentTexts.length;
  const nE = earlierTexts.length;
  if (nR === 0) return [];
  const df = (texts: string[]) => {
    const m = new Map<string, number>();
    for (const t of texts) for (const w of termsOf(t)) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  const rec = df(recentTexts);
  const earl = df(earlierTexts);
  const a = 0.5;
  const out: RisingTerm[] = [];
  for (const [term, yR] of rec) {
    if (yR < minCount) continue;
    const yE = earl.get(term) ?? 0;
    const lr = Math.log((yR + a) / (nR - yR + a));
    const le = Math.log((yE + a) / (nE - yE + a));
    const d = lr - le;
    if (d <= 0) continue;
    const v = 1 / (yR + a) + 1 / (nR - yR + a) + 1 / (yE + a) + 1 / (nE - yE + a);
    out.push({ term, recent: yR, earlier: yE, recentShare: round(yR / nR), earlierShare: nE ? round(yE / nE) : 0, logOdds: round(d), z: round(d / Math.sqrt(v), 3) });
  }
  return out.sort((x, y) => y.z - x.z || y.recent - x.recent || x.term.localeCompare(y.term)).slice(0, top);
}
