// Sponsorship disclosure for influencer and social posts, EN + ES.
// Sponsored signals: discount codes, affiliate links, "gifted"/"PR package"/"regalo",
// "thanks @brand", the brand's handles and tags. Clear disclosure: #ad, #sponsored,
// "paid partnership", "ad:", #publi, #publicidad, "colaboración pagada", "patrocinado", #anuncio.
// Regulators (FTC, and Spain's Autocontrol code) want the disclosure up front — in the first
// line or the part shown before "more" — so a disclosure only in a trailing hashtag block counts
// as buried.
import type { Brand, SponsorshipScore } from '../core/types.js';
import { foldWithMap } from './claims.js';

export interface DisclosureContext {
  brand?: Pick<Brand, 'name' | 'handles' | 'keywords'>;
}

/** Characters a feed shows before "… more" (Instagram shows about 125). */
export const UPFRONT_CHARS = 125;

/**
 * A rule, and literal strings one of which every match contains (the text is folded and the
 * rules are case-sensitive): the regexp only runs on texts that contain one, and most posts
 * contain none. test/scoring/disclosure.test.ts checks that every match contains one.
 */
export interface Rule { label: string; re: RegExp; need: readonly string[] }

// Matched against the accent-folded, lower-cased text.
export const DISCLOSURES: readonly Rule[] = [
  { label: '#ad', re: /(?:^|[^\p{L}\p{N}_])#(?:ad|ads|advert|advertisement|advertising)(?![\p{L}\p{N}_])/gu, need: ['#ad'] },
  { label: '#sponsored', re: /#(?:sponsored|sponsor|spon|paidpartnership|partner|brandpartner|paidad)(?![\p{L}\p{N}_])/gu, need: ['#spon', '#paid', '#partner', '#brandpartner'] },
  { label: 'ad:', re: /(?:^|[\n|•·(\[])\s*(?:ad|advert|anuncio|publi|publicidad)\s*[:|\-)\]]/gu, need: ['ad', 'anuncio', 'publi'] },
  { label: 'paid partnership', re: /paid partnership|sponsored by|in (?:paid )?partnership with|this (?:post|video) is sponsored|paid (?:post|promotion)|(?:sponsored|paid) (?:post|content)/gu, need: ['paid', 'sponsored', 'partnership'] },
  { label: '#publi', re: /#(?:publi|publicidad|anuncio|patrocinado|colaboracion|colaboracionpagada|ad_es)(?![\p{L}\p{N}_])/gu, need: ['#publi', '#anuncio', '#patrocinado', '#colaboracion', '#ad_es'] },
  { label: 'colaboración pagada', re: /colaboracion (?:pagada|remunerada)|contenido patrocinado|publicidad pagada|patrocinad[oa] por|en colaboracion (?:pagada )?con|post patrocinado|(?:^|[^#\p{L}])patrocinad[oa](?![\p{L}])/gu, need: ['colaboracion ', 'patrocinad', 'publicidad pagada'] },
];

export const SIGNALS: readonly Rule[] = [
  { label: 'discount code', re: /(?:use|with|my|promo|discount|coupon)\s+code\s*:?\s*[a-z0-9_-]{3,}|(?:codigo|cupon)(?:\s+(?:de\s+)?descuento)?\s*:?\s*[a-z0-9_-]*\d[a-z0-9_-]*|(?:code|codigo)\s+[a-z]+\d{1,3}(?![\p{L}\p{N}])|\d{1,2}\s?% (?:off|de descuento)/gu, need: ['code', 'codigo', 'cupon', '%'] },
  { label: 'affiliate link', re: /amzn\.to\/|amazon\.[a-z.]+\/[^\s]*(?:tag=|ref=)|[?&](?:ref|aff|affiliate|aff_id|tag)=|[?&]utm_(?:source|medium|campaign)=|rstyle\.me|liketk\.it|shopltk\.com|ltk\.app|go\.magik\.ly|howl\.me|linktr\.ee/gu, need: ['=', 'amzn.to/', 'amazon.', 'rstyle.me', 'liketk.it', 'shopltk.com', 'ltk.app', 'go.magik.ly', 'howl.me', 'linktr.ee'] },
  { label: 'gifted', re: /(?:^|[^\p{L}#])(?:gifted|pr package|pr box|sent (?:me|us) (?:this|these)|kindly sent|(?:me|nos) (?:lo |la |los |las )?(?:han |ha )?(?:regalado|enviado)|regalo de|envio de pr)(?![\p{L}])|#(?:gifted|regalo|prpackage|giftedby)(?![\p{L}\p{N}_])/gu, need: ['gifted', 'pr package', 'pr box', 'sent', 'regalado', 'enviado', 'regalo', 'envio de pr', '#prpackage'] },
  { label: 'thanks @brand', re: /(?:thanks?|thank you|gracias)\s+(?:to\s+|a\s+)?@[\p{L}\p{N}_.]+/gu, need: ['@'] },
  { label: 'ambassador', re: /(?:brand )?ambassador|embajador[a]? de|#ambassador|#embajadora?/gu, need: ['ambassador', 'embajador'] },
];

// All needed strings (ASCII) by their first two characters (one-character ones by that
// character), with the rules each serves: one pass over the text tells which rules can match,
// cheaper than a search per string.
const RULES: readonly Rule[] = [...SIGNALS, ...DISCLOSURES];
const SINGLE = new Int32Array(128);
const BY_PAIR = new Map<number, { s: string; bits: number }[]>();
RULES.forEach((r, k) => {
  for (const x of r.need) {
    if (x.length === 1) { SINGLE[x.charCodeAt(0)]! |= 1 << k; continue; }
    const key = x.charCodeAt(0) * 128 + x.charCodeAt(1);
    let list = BY_PAIR.get(key);
    if (!list) BY_PAIR.set(key, (list = []));
    const same = list.find((e) => e.s === x);
    if (same) same.bits |= 1 << k;
    else list.push({ s: x, bits: 1 << k });
  }
});
// Pair → index into PAIR_LISTS + 1 (0: no needed string starts with that pair).
const PAIR_INDEX = new Uint16Array(128 * 128);
const PAIR_LISTS: { s: string; bits: number }[][] = [];
for (const [key, list] of BY_PAIR) {
  PAIR_LISTS.push(list);
  PAIR_INDEX[key] = PAIR_LISTS.length;
}
const ALL_RULES = (1 << RULES.length) - 1;
const RULE_BIT = new Map(RULES.map((r, k) => [r, 1 << k]));

/** Bit k set when RULES[k] may match `folded` (it contains one of the rule's needed strings). */
function possibleRules(folded: string): number {
  let mask = 0;
  const n = folded.length;
  for (let i = 0; i < n; i++) {
    const c = folded.charCodeAt(i);
    if (c >= 128) continue;
    mask |= SINGLE[c]!;
    if (i + 1 >= n) continue;
    const d = folded.charCodeAt(i + 1);
    if (d >= 128) continue;
    const at = PAIR_INDEX[c * 128 + d]!;
    if (at === 0) continue;
    const list = PAIR_LISTS[at - 1]!;
    for (let j = 0; j < list.length; j++) {
      const e = list[j]!;
      if ((mask & e.bits) !== e.bits && folded.startsWith(e.s, i)) mask |= e.bits;
    }
    if (mask === ALL_RULES) return mask;
  }
  return mask;
}

const SHORTENER_RE = /(?:bit\.ly|tinyurl\.com|t\.co|ow\.ly)\/[^\s]+/gu;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The brand-tag regexp is built once per brand object (WeakMap: gone with the brand). The fields
// it reads are compared on every use, so a brand edited in place gets a new one.
const brandReCache = new WeakMap<object, { name: unknown; handles: unknown[]; keywords: unknown[]; re: RegExp | null }>();

function sameList(cached: unknown[], now: unknown): boolean {
  if (!Array.isArray(now)) return cached.length === 1 && cached[0] === now;
  if (now.length !== cached.length) return false;
  for (let i = 0; i < now.length; i++) if (now[i] !== cached[i]) return false;
  return true;
}

function brandRe(ctx: DisclosureContext): RegExp | null {
  const b = ctx.brand;
  if (!b) return null;
  if (typeof b !== 'object') return buildBrandRe(b);
  const hit = brandReCache.get(b);
  if (hit && hit.name === b.name && sameList(hit.handles, b.handles) && sameList(hit.keywords, b.keywords)) return hit.re;
  // A new (or edited) object: equal brands share one regexp through a small table keyed by content.
  const key = JSON.stringify([b.name, b.handles]);
  let re = brandReByContent.get(key);
  if (re === undefined) {
    re = buildBrandRe(b);
    if (brandReByContent.size >= 1000) brandReByContent.clear();
    brandReByContent.set(key, re);
  }
  const copy = (v: unknown) => (Array.isArray(v) ? [...v] : [v]);
  brandReCache.set(b, { name: b.name, handles: copy(b.handles), keywords: copy(b.keywords), re });
  return re;
}

const brandReByContent = new Map<string, RegExp | null>();

function buildBrandRe(b: NonNullable<DisclosureContext['brand']>): RegExp | null {
  const handles = (b.handles ?? []).filter((h) => typeof h === 'string' && h.trim()).map((h) => h.trim().replace(/^@/, '').toLowerCase());
  const name = (b.name ?? '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const tags = [...handles, ...(name.length >= 3 ? [name] : [])].map(escapeRe);
  return tags.length ? new RegExp(`[@#](?:${tags.join('|')})(?![\\p{L}\\p{N}_])`, 'gu') : null;
}

/** Where the "upfront" zone ends: the first line or the first UPFRONT_CHARS characters, whichever is longer (capped). */
function upfrontEnd(text: string): number {
  const nl = text.indexOf('\n');
  const firstLine = nl < 0 ? text.length : nl;
  return Math.min(Math.max(UPFRONT_CHARS, Math.min(firstLine, 200)), text.length);
}

/**
 * The source text of folded[i, i + len), through foldWithMap's map. Module-level, not a closure
 * per post: tsx (esbuild keepNames) renames nested functions on every call.
 */
function quote(src: string, map: ArrayLike<number>, i: number, len: number): string {
  return src.slice(map[i]!, map[Math.min(i + len, map.length - 1)]!).trim();
}

/** Scores sponsorship signals and disclosure of one post (use the raw caption when you have it). */
export function scoreDisclosure(text: string, ctx: DisclosureContext = {}): SponsorshipScore {
  const src = typeof text === 'string' ? (text.length > 50_000 ? text.slice(0, 50_000) : text) : '';
  const out: SponsorshipScore = { sponsored: false, disclosed: false, placement: 'none', signals: [], disclosures: [] };
  if (!src.trim()) return out;
  const { folded, map } = foldWithMap(src);

  const possible = possibleRules(folded);
  for (const r of SIGNALS) {
    if (!(possible & RULE_BIT.get(r)!)) continue;
    r.re.lastIndex = 0;
    const m = r.re.exec(folded);
    if (m) out.signals.push(`${r.label}: "${quote(src, map, m.index, m[0].length)}"`);
  }
  // A brand tag starts with @ or #.
  const bre = folded.includes('@') || folded.includes('#') ? brandRe(ctx) : null;
  if (bre) {
    bre.lastIndex = 0;
    const m = bre.exec(folded);
    if (m) out.signals.push(`brand tagged: "${quote(src, map, m.index, m[0].length)}"`);
    // A shortened link in a post that tags the brand is most likely a tracked/affiliate link.
    SHORTENER_RE.lastIndex = 0;
    const s = SHORTENER_RE.exec(folded);
    if (m && s && !out.signals.some((x) => x.startsWith('affiliate link'))) out.signals.push(`affiliate link: "${quote(src, map, s.index, s[0].length)}" with brand tag`);
  }

  let firstAt = Infinity;
  for (const r of DISCLOSURES) {
    if (!(possible & RULE_BIT.get(r)!)) continue;
    // exec on the shared regexp, not matchAll (which clones it on every call).
    r.re.lastIndex = 0;
    for (let m = r.re.exec(folded); m; m = r.re.exec(folded)) {
      // Skip the separator char some patterns consume before the tag.
      const lead = m[0].length - m[0].replace(/^[^\p{L}\p{N}#]+/u, '').length;
      const at = map[m.index + lead]!;
      firstAt = Math.min(firstAt, at);
      const q = quote(src, map, m.index + lead, m[0].length - lead);
      if (!out.disclosures.includes(q)) out.disclosures.push(q);
      if (m[0].length === 0) r.re.lastIndex++; // none can match empty; never loop if one ever does
    }
  }
  // "sponsored" signals include the disclosure itself: a post that says #ad is sponsored.
  out.disclosed = out.disclosures.length > 0;
  // A brand tag alone is how customers complain too ("@brand my order never came"), so it only
  // counts as sponsorship next to another signal.
  const strong = out.signals.filter((x) => !x.startsWith('brand tagged')).length;
  out.sponsored = strong > 0 || out.disclosed;
  if (out.disclosed) {
    out.placement = firstAt < upfrontEnd(src) ? 'upfront' : 'buried';
    if (out.placement === 'buried') out.signals.push(`disclosure buried: first at character ${firstAt} of ${src.length}, after the visible first line`);
  } else if (out.sponsored) {
    out.signals.push('undisclosed: sponsored signals but no #ad / paid-partnership disclosure');
  }
  return out;
}
