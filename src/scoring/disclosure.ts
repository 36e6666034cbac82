// Sponsorship disclosure for influencer and social posts, EN + ES.
// Sponsored signals: discount codes, affiliate and referral links, "gifted"/"PR package"/"regalo",
// a product received for free, "thanks @brand", a car on loan or a trip the brand flew them out
// on, "collab with @brand", the FTC's ambiguous tags (#sp, #spon, #collab), the brand's handles
// and tags. Clear disclosure: #ad, #sponsored, "paid partnership", "ad:", #publi, #publicidad,
// "colaboración pagada", "patrocinado", #anuncio, a brand-partner tag (#XboxPartner); and, for
// what they name, a gift said as such (#gifted, "gifted by", "PR | …", "PR sent me this", "la marca me lo
// envió"), an affiliate disclosure ("(affiliate)", "I earn a commission", "enlace de afiliado"),
// a hosted trip ("trip was hosted by", "press trip") and "in exchange for an honest review". A
// denial ("this isn't sponsored by anyone") discloses nothing. Regulators (FTC, and Spain's
// Autocontrol code) want the disclosure up front — in the first line or the part shown before
// "more" — so a disclosure after that, or at the end of a string of hashtags, counts as buried.
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
 * contain none. test/scoring/disclosure.test.ts checks that every match contains one. Where a
 * phrase starts with a common letter pair, its needed string starts later ('rking with @' for
 * "working with @", 'hlete' for "#…athlete"): the prefilter looks further at every position a
 * needed string's first two letters stand, and "wo" or "at" stand everywhere.
 */
export interface Rule { label: string; re: RegExp; need: readonly string[] }

// Matched against the accent-folded, lower-cased text.
export const DISCLOSURES: readonly Rule[] = [
  { label: '#ad', re: /(?:^|[^\p{L}\p{N}_])#(?:ad|ads|advert|advertisement|advertising)(?![\p{L}\p{N}_])/gu, need: ['#ad'] },
  // Not #sp, #spon or #collab: the FTC names them as abbreviations people do not understand;
  // nor #partner or #brandambassador, which name no brand (they are signals below).
  { label: '#sponsored', re: /#(?:sponsored|sponsor|paidpartnership|paidad)(?![\p{L}\p{N}_])/gu, need: ['#sponsor', '#paid'] },
  // "#XboxPartner", "#gymsharkpartner", "#elfambassador": the FTC's own example of a clear tag.
  { label: '#brandpartner', re: /#(?!brand(?:partner|ambassador)(?![\p{L}\p{N}_]))[\p{L}\p{N}_]+(?:partner|ambassador)(?![\p{L}\p{N}_])/gu, need: ['partner', 'ambassador'] },
  { label: 'ad:', re: /(?:^|[\n|•·(\[])\s*(?:ad|advert|anuncio|publi|publicidad)\s*(?:[:|\-–—.·•)\]]|(?=\n)|$)|^\s*(?:publi|anuncio)(?=\s)/gu, need: ['ad', 'anuncio', 'publi'] },
  { label: 'paid partnership', re: /paid partnership|sponsored by|in (?:paid )?partnership with|this (?:post|video) is sponsored|paid (?:post|promotion|campaign|collab|collaboration)|(?:sponsored|paid) (?:post|content)(?!s)|(?:i'm|im|i am) a paid|paid (?:ambassador|athlete|runner|partner|creator)|for sponsoring (?:this|today's|todays|my|the|our) (?:video|post|episode|stream|reel|content|giveaway)/gu, need: ['paid', 'sponsored', 'partnership', 'for sponsoring'] },
  { label: '#publi', re: /#(?:publi|publicidad|anuncio|patrocinado|colaboracion|colaboracionpagada|ad_es)(?![\p{L}\p{N}_])/gu, need: ['#publi', '#anuncio', '#patrocinado', '#colaboracion', '#ad_es'] },
  // A gift named as such discloses the gift (FTC: "Brand X gave me this" is a clear disclosure).
  // So does a plain statement of one: "Gifted, but…" opening the post, "PR sent me this", "I was
  // sent", "la marca me la envió", "me lo mandaron para probar".
  { label: 'gift label', re: /#(?:gifted|giftedby|regalado)(?![\p{L}\p{N}_])|(?:^|[^\p{L}#])(?:gifted (?:by|from)|(?:was|were|been) gifted|regalo de @)|(?:^|\n)\s*gifted(?![\p{L}])|(?:^|\n)\s*pr ?[|:-]|(?:^|[^\p{L}])(?:pr (?:sent|gave)|i was sent|the brand sent (?:me|it|this|them)|sent (?:me|us) (?:one|it|this|these|them) to (?:try|test|review)|la marca (?:me|nos) (?:lo |la |los |las )?(?:envio|mando|regalo)|regalo de la marca|(?:producto )?regalado por|@[\p{L}\p{N}_.]+ (?:sent|gave) (?:me|us) (?:this|these|it|them|one)|(?:me|nos) (?:lo |la |los |las )?(?:mandaron|enviaron|regalaron) [^.!?\n]{0,40}?para (?:probar|resenar|testear)|(?:me|nos) (?:lo |la |los |las )?regalaron(?=[^.!?\n]{0,40}?@)|pr (?:package|box) from(?= @)|let (?:me|us) keep (?:it|them)|(?:letting|let) (?:me|us) borrow|sen[dt] (?:me|us) [^.!?\n]{0,40}?(?:for free|free of charge))(?![\p{L}])/gu, need: ['gifted', '#regalado', 'regalo de @', 'pr|', 'pr |', 'pr:', 'pr :', 'pr-', 'pr -', 'pr sent', 'pr gave', 'sent', 'gave me', 'gave us', 'marca', 'regalado por', 'regalo de la', 'mandaron', 'enviaron', 'regalaron', 'pr package', 'pr box', 'keep it', 'keep them', 'send me', 'send us', 'borrow'] },
  { label: 'affiliate disclosure', re: /#(?:affiliate|affiliatelink|commissionearned|afiliado|afiliados)(?![\p{L}\p{N}_])|(?<![\p{L}])affiliate(?![\p{L}])|(?:earn|earns|make|get) (?:a )?(?:small )?commission|commission(?:s)? earned|enlaces? (?:son )?de afiliad[oa]s?|(?:gano|cobro|recibo) una (?:pequena )?comision/gu, need: ['#affiliate', '#commissionearned', '#afiliado', 'affiliate', 'commission', 'afiliad', 'comision'] },
  // A trip or stay paid for by the brand, said as such.
  { label: 'hosted trip', re: /hosted (?:trip|stay|visit)|(?:trip|stay|visit) (?:was )?(?:hosted|paid for|covered) by|press trip|(?:covered|paid for) (?:this|my|our|the) (?:stay|trip|flights?|hotel)|viaje (?:de prensa|pagado por)|(?:estancia|viaje) (?:cortesia|por cortesia) de|hosted by @|\(hosted|(?:stay|trip|dinner|meal|visit|night|nights|weekend|hotel) courtesy of @|(?:me|nos) (?:invitaron|invito|han invitado)|(?:por )?invitacion de (?:la marca|@)|(?:me|nos) pagaron (?:el|los|la|las) (?:vuelos?|viaje|hotel|estancia|cena|comida)|(?:they|the brand) (?:paid for|covered) (?:my|our|the) (?:flights?|trip|stay|hotel)/gu, need: ['hosted', 'press trip', 'covered', 'paid for', 'viaje', 'cortesia', 'courtesy of @', 'invit', 'pagaron'] },
  { label: 'review in exchange', re: /in exchange for (?:an? |my )?(?:honest |unbiased |fair )?(?:review|opinion|feedback)|a cambio de (?:una |mi )?(?:resena|opinion|valoracion)(?: honesta| sincera)?/gu, need: ['in exchange for', 'a cambio de'] },
  // Spain's Autocontrol code accepts "colaboración con [marca]" and "publi con [marca]".
  { label: 'colaboración pagada', re: /colaboracion (?:es )?(?:pagada|remunerada)|contenido patrocinado|publicidad pagada|patrocinad[oa] por|(?:en )?colaboracion (?:pagada )?con (?:@|la marca)|en colaboracion (?:pagada )?con|post patrocinado|(?:^|[^#\p{L}])patrocinad[oa](?![\p{L}])|(?:^|[^#\p{L}])(?:publi|publicidad) con (?:@|[\p{L}])|pagad[oa] por @|(?:es|era|fue) publi(?![\p{L}])|en (?:alianza|asociacion) con @|(?<!#)embajador[a]? de @|(?<![#\p{L}])(?:brand )?ambassador (?:for|of) @|por patrocinar (?:este|el|mi|nuestro) (?:video|post|directo|reel|sorteo|contenido)/gu, need: ['colaboracion ', 'patrocinad', 'publicidad pagada', 'publi con', 'publicidad con', 'pagada por @', 'pagado por @', 'publi', 'lianza con @', 'ociacion con @', 'embajador', 'ambassador', 'por patrocinar'] },
];

export const SIGNALS: readonly Rule[] = [
  { label: 'discount code', re: /(?:use|with|my|promo|discount|coupon)\s+code\s*:?\s*[a-z0-9_-]{3,}|(?:codigo|cupon)(?:\s+(?:de\s+)?descuento)?\s*:?\s*[a-z0-9_-]*\d[a-z0-9_-]*|(?:code|codigo)\s+[a-z]+\d{1,3}(?![\p{L}\p{N}])|\d{1,2}\s?% (?:off|de descuento)|code in (?:my )?bio|my [\p{L}\p{N}]+ code(?![\p{L}])|codigo en (?:mi )?bio|(?:code|codigo) [a-z0-9]{3,} (?:saves|gets|for|te da|para)(?![\p{L}])|(?:mi|my) (?:codigo|code) [a-z0-9]{3,}|(?:link|enlace) (?:de|con) descuento|descuento exclusivo/gu, need: ['code', 'codigo', 'cupon', '%', 'link de descuento', 'link con descuento', 'enlace de descuento', 'enlace con descuento', 'exclusivo'] },
  { label: 'affiliate link', re: /amzn\.to\/|amazon\.[a-z.]+\/[^\s]*(?:tag=|ref=)|[?&](?:ref|aff|affiliate|aff_id|tag)=|[?&]utm_(?:source|medium|campaign)=|rstyle\.me|liketk\.it|shopltk\.com|ltk\.app|go\.magik\.ly|howl\.me|linktr\.ee|(?:amazon )?storefront|shop my (?:looks?|links?|favorites|favourites|faves|picks)/gu, need: ['=', 'amzn.to/', 'amazon.', 'rstyle.me', 'liketk.it', 'shopltk.com', 'ltk.app', 'go.magik.ly', 'howl.me', 'linktr.ee', 'efront', 'shop my'] },
  { label: 'gifted', re: /(?:^|[^\p{L}#])(?:(?<!(?:^|[^\p{L}])(?:a|an|so|very|truly|incredibly|such|most|more|really|extremely|highly|this|that|these|those|naturally|i|we|i've|ive|we've|weve|you|they|she|he) )gifted|pr package|pr box|pr products?|sent (?:me|us) (?:this|these)|sent (?:me|us) (?:their|its) (?:new|latest)|kindly sent|(?:me|nos) (?:lo |la |los |las )?(?:han |ha )?(?:regalado|enviado)|regalo de|envio de pr)(?![\p{L}])|#(?:gifted|regalo|prpackage|giftedby|pr)(?![\p{L}\p{N}_])/gu, need: ['gifted', 'pr package', 'pr box', 'pr product', '#pr', 'sent', 'regalado', 'enviado', 'regalo', 'envio de pr', '#prpackage'] },
  { label: 'thanks @brand', re: /(?:thanks?|thank you|gracias|grateful to|agradecida con|agradecido con)\s+(?:to\s+|a\s+)?(?:the\s+)?@[\p{L}\p{N}_.]+/gu, need: ['@'] },
  { label: 'free product', re: /(?:got|get|received|receive|was sent|were sent|sent me) (?:this|it|these|them)? ?(?:for free|free of charge|complimentary)|(?:me|nos) (?:lo|la|los|las) (?:dieron|regalaron|enviaron|mandaron) gratis|(?:producto|muestra)s? gratuit[oa]s? (?:de|para resenar)/gu, need: ['for free', 'free of charge', 'complimentary', 'gratis', 'gratuit'] },
  { label: 'ambassador', re: /(?:brand )?ambassador|embajador[a]? de|#ambassador|#embajadora?|#[\p{L}\p{N}_]+athlete(?![\p{L}\p{N}_])/gu, need: ['ambassador', 'embajador', 'hlete'] },
  { label: 'ambiguous tag', re: /#(?:sp|spon|collab|colab|partnership|partner|brandpartner|brandambassador|socio|socia)(?![\p{L}\p{N}_])/gu, need: ['#sp', '#collab', '#colab', '#partner', '#brandpartner', '#brandambassador', '#socio', '#socia'] },
  { label: 'brand collaboration', re: /(?:collab|collaboration|partnered|partnering|teamed up|working) (?:with|w\/) @|collab announcement|(?:colab|directo) con @|(?:proud to )?represent @/gu, need: ['collab', 'partnered with', 'partnering with', 'eamed up', 'rking with @', 'colab con', 'directo con', 'represent @'] },
  { label: 'hosted or lent', re: /(?:flew|flying|invited) (?:me|us|a few creators|some creators|creators) (?:out|to)|(?:on|for the) loan|(?:me|nos) (?:invitaron|invito|han invitado)|invitarme|gracias por la invitacion|(?:cortesia de|courtesy of) @|for (?:having|hosting) (?:me|us)|hooked (?:me|us) up|gracias por (?:recibirnos|recibirme|tenernos|tenerme|contar conmigo)|(?:me|nos) (?:presto|prestaron|prestan)/gu, need: ['flew', 'flying', 'loan', 'nvit', 'cortesia', 'courtesy', 'for having', 'for hosting', 'hooked', 'gracias por', 'prest'] },
  { label: 'referral link', re: /referral (?:link|code)|sign up with my (?:link|code)|(?:use|using|with|through) my link|(?:enlace|link|codigo) de referido|con mi (?:link|enlace)|my link (?:in|gets|for)/gu, need: ['referral', 'link', 'code', 'referido', 'enlace'] },
  { label: 'giveaway with a brand', re: /(?:sorteo|giveaway|sorteamos|regalamos)[^\n@]{0,12}?(?:con|with|x|junto a|together with) @|(?:junto a|together with|teamed up with) @/gu, need: ['rte', 'giveaway', 'regalamos', 'unto a @', 'ether with @', 'eamed up with @'] },
  { label: 'opinions my own', re: /(?:all )?opinions (?:are )?(?:my own|mine)|(?:las )?opiniones son (?:mias|100% mias)/gu, need: ['opinions', 'opiniones'] },
];

// Which rules can match a text is found in one pass over it, one table read per character:
// PAIR_TABLE[c·128 + d], for the ASCII characters c, d at i and i + 1, holds the rules with a
// needed string (all ASCII) of one character c or of two characters c d, and LONGER when a
// longer needed string starts with c d. Only then are the first three characters looked up, in
// a 16k-bit filter and then exactly, before startsWith() confirms the string. Cheaper than a
// list of strings to compare at every position that starts a common pair ("re", "en", "co").
const RULES: readonly Rule[] = [...SIGNALS, ...DISCLOSURES];
const ALL_RULES = (1 << RULES.length) - 1;
const FIRST_DISCLOSURE = SIGNALS.length; // RULES[k] is SIGNALS[k], then DISCLOSURES[k - FIRST_DISCLOSURE]
const LONGER = 1 << 30;
if (RULES.length > 30) throw new Error('disclosure: more rules than PAIR_TABLE has bits');
const SINGLE = new Int32Array(128);
const PAIR_TABLE = new Int32Array(128 * 128);
const TRI_FILTER = new Int32Array(512);
const TRI_LISTS = new Map<number, { s: string; bits: number }[]>();
function triHash(c: number, d: number, e: number): number {
  return ((c << 9) ^ (d << 4) ^ e ^ (e << 7)) & 16383;
}
RULES.forEach((r, k) => {
  for (const x of r.need) {
    const bit = 1 << k;
    if (/[^\x00-\x7f]/.test(x)) throw new Error(`disclosure: needed string ${JSON.stringify(x)} is not ASCII`);
    const c = x.charCodeAt(0), d = x.charCodeAt(1), e = x.charCodeAt(2);
    if (x.length === 1) {
      SINGLE[c]! |= bit;
      for (let y = 0; y < 128; y++) PAIR_TABLE[c * 128 + y]! |= bit;
      continue;
    }
    if (x.length === 2) { PAIR_TABLE[c * 128 + d]! |= bit; continue; }
    PAIR_TABLE[c * 128 + d]! |= LONGER;
    const h = triHash(c, d, e);
    TRI_FILTER[h >> 5]! |= 1 << (h & 31);
    const key = (c << 14) | (d << 7) | e;
    let list = TRI_LISTS.get(key);
    if (!list) TRI_LISTS.set(key, (list = []));
    const same = list.find((q) => q.s === x);
    if (same) same.bits |= bit;
    else list.push({ s: x, bits: bit });
  }
});

/** Bit k set when RULES[k] may match `folded` (it contains one of the rule's needed strings). */
function possibleRules(folded: string): number {
  let mask = 0;
  const n = folded.length;
  let d = n > 0 ? folded.charCodeAt(0) : 0;
  for (let i = 0; i < n; i++) {
    const c = d;
    d = i + 1 < n ? folded.charCodeAt(i + 1) : 0; // past the end: a pair with NUL, which no string has
    if ((c | d) >= 128) {
      // A needed string has no character past ASCII: only one-character strings can be at i.
      if (c < 128) mask |= SINGLE[c]!;
      continue;
    }
    const v = PAIR_TABLE[(c << 7) | d]!;
    if (v === 0) continue;
    mask |= v & ALL_RULES;
    if (v & LONGER && i + 2 < n) {
      const e = folded.charCodeAt(i + 2);
      const h = triHash(c, d, e);
      if ((TRI_FILTER[h >> 5]! >>> (h & 31)) & 1) {
        const list = e < 128 ? TRI_LISTS.get((c << 14) | (d << 7) | e) : undefined;
        if (list !== undefined) {
          for (let j = 0; j < list.length; j++) {
            const q = list[j]!;
            if ((mask & q.bits) !== q.bits && folded.startsWith(q.s, i)) mask |= q.bits;
          }
        }
      }
    }
    if (mask === ALL_RULES) return mask;
  }
  return mask;
}

/**
 * A necessary condition of the 'ad:' rule, whose needed string 'ad' is in most English texts:
 * its regexp matches only at the start of the text or after one of \n | • · ( [. Native
 * searches for those characters cost a fraction of running the regexp (measured ~4×).
 */
const AD_LABEL_LEAD = /^\s*(?:ad|anuncio|publi)/u;
function adLabelCanMatch(folded: string): boolean {
  return folded.includes('\n') || folded.includes('|') || folded.includes('(') || folded.includes('[')
    || folded.includes('•') || folded.includes('·') || AD_LABEL_LEAD.test(folded);
}
const AD_LABEL_RULE = RULES.findIndex((r) => r.label === 'ad:');


/**
 * A negation right before a rule's words ("isn't", "not a", "nothing here is", "no es", "nadie me").
 * Tighter than claims.ts's negatedBefore, which allows three words between: "no makeup #ad" is a
 * disclosure all the same.
 */
const DENIED_BEFORE = /(?:^|[^\p{L}])(?:not|isn't|isnt|is not|no|nothing|nothing here is|nothing is|never|sin|ni|no es|no esta|nadie|nobody|nada de esto es|nada es)(?: (?:a|an|even|really|un|una))?\s*$/u;
function denied(folded: string, at: number): boolean {
  return DENIED_BEFORE.test(folded.slice(Math.max(0, at - 20), at));
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

const THANKS_RULE = SIGNALS.findIndex((r) => r.label === 'thanks @brand');

/** Whether the @tag a "thanks @…" match ends with is the brand's (true when the brand is unknown). */
function tagsBrand(match: string, ctx: DisclosureContext): boolean {
  const re = brandRe(ctx);
  if (!re) return true;
  re.lastIndex = 0;
  return re.test(match.slice(match.lastIndexOf('@')));
}

function buildBrandRe(b: NonNullable<DisclosureContext['brand']>): RegExp | null {
  const handles = (b.handles ?? []).filter((h) => typeof h === 'string' && h.trim()).map((h) => h.trim().replace(/^@/, '').toLowerCase());
  const name = (b.name ?? '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const tags = [...handles, ...(name.length >= 3 ? [name] : [])].map(escapeRe);
  return tags.length ? new RegExp(`[@#](?:${tags.join('|')})(?![\\p{L}\\p{N}_])`, 'gu') : null;
}

/**
 * Where the "upfront" zone ends: what a feed shows before "… more", the first UPFRONT_CHARS
 * characters and at most two lines. (A long first line used to count whole, to 200 characters:
 * an #ad at character 170 of one long line is below the fold all the same.)
 */
function upfrontEnd(text: string): number {
  const nl = text.indexOf('\n');
  const nl2 = nl < 0 ? -1 : text.indexOf('\n', nl + 1);
  return Math.min(UPFRONT_CHARS, nl2 < 0 ? text.length : nl2, text.length);
}

/**
 * A disclosure after this many hashtags in a row is buried in them, even on the first line: the
 * FTC's example of a disclosure people miss is #ad at the end of a string of hashtags.
 */
const BURYING_TAGS = 3;

/** How many hashtags, separated only by white space, come right before src[at]. */
function hashtagsBefore(src: string, at: number): number {
  let n = 0, i = at;
  for (;;) {
    let j = i - 1;
    while (j >= 0 && /\s/.test(src[j]!)) j--;
    if (j < 0 || j === i - 1) return n; // nothing before, or no space between: not a separate tag
    let k = j;
    while (k >= 0 && /[\p{L}\p{N}_]/u.test(src[k]!)) k--;
    if (k < 0 || src[k] !== '#' || k === j) return n;
    n++;
    i = k;
  }
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
  // Memoised: in scoreMention the claim scan has just folded the same text.
  const { folded, map } = foldWithMap(src);
  let possible = possibleRules(folded);
  if (possible & (1 << AD_LABEL_RULE) && !adLabelCanMatch(folded)) possible &= ~(1 << AD_LABEL_RULE);
  for (let k = 0; k < FIRST_DISCLOSURE; k++) {
    if (!(possible & (1 << k))) continue;
    const r = RULES[k]!;
    r.re.lastIndex = 0;
    let m = r.re.exec(folded);
    // "Nadie me la ha regalado": a denied signal is none; the next match may still count. Nor
    // is thanking someone other than the brand, when we know the brand ("thank you @user for
    // the message", "thanks @photographer").
    while (m && (denied(folded, m.index) || (k === THANKS_RULE && !tagsBrand(m[0], ctx)))) m = r.re.exec(folded);
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
  for (let k = FIRST_DISCLOSURE; k < RULES.length; k++) {
    if (!(possible & (1 << k))) continue;
    const r = RULES[k]!;
    // exec on the shared regexp, not matchAll (which clones it on every call).
    r.re.lastIndex = 0;
    for (let m = r.re.exec(folded); m; m = r.re.exec(folded)) {
      if (m[0].length === 0) { r.re.lastIndex++; continue; } // none can match empty; never loop if one ever does
      // "this isn't sponsored by anyone", "not a paid post": a denial discloses nothing.
      if (denied(folded, m.index)) continue;
      // Skip the separator char some patterns consume before the tag.
      const lead = m[0].length - m[0].replace(/^[^\p{L}\p{N}#]+/u, '').length;
      const at = map[m.index + lead]!;
      firstAt = Math.min(firstAt, at);
      const q = quote(src, map, m.index + lead, m[0].length - lead);
      if (!out.disclosures.includes(q)) out.disclosures.push(q);
    }
  }
  // "sponsored" signals include the disclosure itself: a post that says #ad is sponsored.
  out.disclosed = out.disclosures.length > 0;
  // A brand tag alone is how customers complain too ("@brand my order never came"), so it only
  // counts as sponsorship next to another signal.
  let strong = 0;
  for (let k = 0; k < out.signals.length; k++) if (!out.signals[k]!.startsWith('brand tagged')) strong++;
  out.sponsored = strong > 0 || out.disclosed;
  if (out.disclosed) {
    const tagsBefore = hashtagsBefore(src, firstAt);
    out.placement = firstAt < upfrontEnd(src) && tagsBefore < BURYING_TAGS ? 'upfront' : 'buried';
    if (firstAt >= upfrontEnd(src)) out.signals.push(`disclosure buried: first at character ${firstAt} of ${src.length}, after the visible first line`);
    else if (out.placement === 'buried') out.signals.push(`disclosure buried: after ${tagsBefore} hashtags in a row`);
  } else if (out.sponsored) {
    out.signals.push('undisclosed: sponsored signals but no #ad / paid-partnership disclosure');
  }
  return out;
}
