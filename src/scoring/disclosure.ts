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

interface Rule { label: string; re: RegExp }

// Matched against the accent-folded, lower-cased text.
const DISCLOSURES: Rule[] = [
  { label: '#ad', re: /(?:^|[^\p{L}\p{N}_])#(?:ad|ads|advert|advertisement|advertising)(?![\p{L}\p{N}_])/gu },
  { label: '#sponsored', re: /#(?:sponsored|sponsor|spon|paidpartnership|partner|brandpartner|paidad)(?![\p{L}\p{N}_])/gu },
  { label: 'ad:', re: /(?:^|[\n|•·(\[])\s*(?:ad|advert|anuncio|publi|publicidad)\s*[:|\-)\]]/gu },
  { label: 'paid partnership', re: /paid partnership|sponsored by|in (?:paid )?partnership with|this (?:post|video) is sponsored|paid (?:post|promotion)|(?:sponsored|paid) (?:post|content)/gu },
  { label: '#publi', re: /#(?:publi|publicidad|anuncio|patrocinado|colaboracion|colaboracionpagada|ad_es)(?![\p{L}\p{N}_])/gu },
  { label: 'colaboración pagada', re: /colaboracion (?:pagada|remunerada)|contenido patrocinado|publicidad pagada|patrocinad[oa] por|en colaboracion (?:pagada )?con|post patrocinado|(?:^|[^#\p{L}])patrocinad[oa](?![\p{L}])/gu },
];

const SIGNALS: Rule[] = [
  { label: 'discount code', re: /(?:use|with|my|promo|discount|coupon)\s+code\s*:?\s*[a-z0-9_-]{3,}|(?:codigo|cupon)(?:\s+(?:de\s+)?descuento)?\s*:?\s*[a-z0-9_-]*\d[a-z0-9_-]*|(?:code|codigo)\s+[a-z]+\d{1,3}(?![\p{L}\p{N}])|\d{1,2}\s?% (?:off|de descuento)/gu },
  { label: 'affiliate link', re: /amzn\.to\/|amazon\.[a-z.]+\/[^\s]*(?:tag=|ref=)|[?&](?:ref|aff|affiliate|aff_id|tag)=|[?&]utm_(?:source|medium|campaign)=|rstyle\.me|liketk\.it|shopltk\.com|ltk\.app|go\.magik\.ly|howl\.me|linktr\.ee/gu },
  { label: 'gifted', re: /(?:^|[^\p{L}#])(?:gifted|pr package|pr box|sent (?:me|us) (?:this|these)|kindly sent|(?:me|nos) (?:lo |la |los |las )?(?:han |ha )?(?:regalado|enviado)|regalo de|envio de pr)(?![\p{L}])|#(?:gifted|regalo|prpackage|giftedby)(?![\p{L}\p{N}_])/gu },
  { label: 'thanks @brand', re: /(?:thanks?|thank you|gracias)\s+(?:to\s+|a\s+)?@[\p{L}\p{N}_.]+/gu },
  { label: 'ambassador', re: /(?:brand )?ambassador|embajador[a]? de|#ambassador|#embajadora?/gu },
];

const SHORTENER_RE = /(?:bit\.ly|tinyurl\.com|t\.co|ow\.ly)\/[^\s]+/gu;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const brandReCache = new Map<string, RegExp | null>();
function brandRe(ctx: DisclosureContext): RegExp | null {
  const b = ctx.brand;
  if (!b) return null;
  const key = JSON.stringify([b.name, b.handles, b.keywords]);
  let re = brandReCache.get(key);
  if (re === undefined) {
    const handles = (b.handles ?? []).filter((h) => typeof h === 'string' && h.trim()).map((h) => h.trim().replace(/^@/, '').toLowerCase());
    const name = (b.name ?? '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    const tags = [...handles, ...(name.length >= 3 ? [name] : [])].map(escapeRe);
    re = tags.length ? new RegExp(`[@#](?:${tags.join('|')})(?![\\p{L}\\p{N}_])`, 'gu') : null;
    if (brandReCache.size > 1000) brandReCache.clear();
    brandReCache.set(key, re);
  }
  return re;
}

/** Where the "upfront" zone ends: the first line or the first UPFRONT_CHARS characters, whichever is longer (capped). */
function upfrontEnd(text: string): number {
  const nl = text.indexOf('\n');
  const firstLine = nl < 0 ? text.length : nl;
  return Math.min(Math.max(UPFRONT_CHARS, Math.min(firstLine, 200)), text.length);
}

/** Scores sponsorship signals and disclosure of one post (use the raw caption when you have it). */
export function scoreDisclosure(text: string, ctx: DisclosureContext = {}): SponsorshipScore {
  const src = typeof text === 'string' ? (text.length > 50_000 ? text.slice(0, 50_000) : text) : '';
  const out: SponsorshipScore = { sponsored: false, disclosed: false, placement: 'none', signals: [], disclosures: [] };
  if (!src.trim()) return out;
  const { folded, map } = foldWithMap(src);
  const quote = (i: number, len: number) => src.slice(map[i]!, map[Math.min(i + len, map.length - 1)]!).trim();

  for (const r of SIGNALS) {
    r.re.lastIndex = 0;
    const m = r.re.exec(folded);
    if (m) out.signals.push(`${r.label}: "${quote(m.index, m[0].length)}"`);
  }
  const bre = brandRe(ctx);
  if (bre) {
    bre.lastIndex = 0;
    const m = bre.exec(folded);
    if (m) out.signals.push(`brand tagged: "${quote(m.index, m[0].length)}"`);
    // A shortened link in a post that tags the brand is most likely a tracked/affiliate link.
    SHORTENER_RE.lastIndex = 0;
    const s = SHORTENER_RE.exec(folded);
    if (m && s && !out.signals.some((x) => x.startsWith('affiliate link'))) out.signals.push(`affiliate link: "${quote(s.index, s[0].length)}" with brand tag`);
  }

  let firstAt = Infinity;
  for (const r of DISCLOSURES) {
    // exec on the shared regexp, not matchAll (which clones it on every call).
    r.re.lastIndex = 0;
    for (let m = r.re.exec(folded); m; m = r.re.exec(folded)) {
      // Skip the separator char some patterns consume before the tag.
      const lead = m[0].length - m[0].replace(/^[^\p{L}\p{N}#]+/u, '').length;
      const at = map[m.index + lead]!;
      firstAt = Math.min(firstAt, at);
      const q = quote(m.index + lead, m[0].length - lead);
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
