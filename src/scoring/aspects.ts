// Aspect-based sentiment: which parts of the offer a mention talks about (price, quality, brand
// fit, authenticity, service, delivery, packaging, ethics, contact frequency) and how it feels
// about each, from the part of the sentence that mentions it. EN + ES.
//
// Triggers are token sequences looked up in a small trie over the tokens the pipeline already
// computed (no regular expression runs per post): one Map probe per token, a walk only where a
// trigger starts. Polarity reuses the lexicon analysis of the whole text (sentiment computed it
// already; analyzeLexicon remembers its last call), summed over the trigger's clause, so "good
// price but slow delivery" gives price:positive and delivery:negative, and "rude staff and the box
// arrived crushed" gives service and packaging each its own evidence.

import type { AspectScore, SentimentLabel, SentimentScore } from '../core/types.js';
import { fold, memoSlot, type Token } from './tokens.js';
import { prepare, type PreparedText } from './sentiment-prep.js';
import { analyzeLexicon, languagePack, type Hit } from './sentiment-lexicon.js';

export const ASPECTS = ['price', 'quality', 'brand-fit', 'authenticity', 'service', 'delivery', 'packaging', 'ethics', 'contact-frequency'] as const;
export type Aspect = (typeof ASPECTS)[number];

// ---------------------------------------------------------------------------------------------
// Trigger table. One pattern per line, words accent-folded and lower-case. Syntax:
//   (a|b c|d)   alternatives, each a sequence of words;  x?  or  (…)?  optional;
//   _           any one word;  #num  any number;  #money  a number with a currency sign ("5€", "$20").
// Patterns expand into plain word sequences once, at load.

const MAILS = '(e-mail|e-mails|email|emails|text|texts|message|messages|call|calls|sms|notification|notifications)';
const ES_TIMES = '(constantemente|todos los dias|cada dia|a diario|sin parar|continuamente|cada hora)';

/** `hides`: matches of that aspect inside this rule's match are not read ("looks cheap" is no price). */
interface Rule { aspect: Aspect; implies?: SentimentLabel; hides?: Aspect; patterns: string }
const RULES: Rule[] = [
  // "Looks cheap" judges quality, not price: a complaint by itself, and it hides the price
  // reading of "cheap" / "barato" inside it.
  { aspect: 'quality', implies: 'negative', hides: 'price', patterns: `
    (feels|feel|felt|looks|look|looked|seems|seem|seemed) (so|very|really|a bit|kind of|quite|super)? (cheap|cheaply made|cheaply|flimsy|plasticky)
    (cheap-looking|cheap looking|cheap quality|cheap material|cheap materials|cheap plastic|cheaply made)
    (parece|parecen|se ve|se ven|se siente|se nota) (muy|algo|un poco|bastante)? (barato|barata|baratos|baratas|de mala calidad)
    (material|tela|plastico|acabado) (barato|barata|de mala calidad)` },
  // Brand fit: its triggers are complaints (or praise) by themselves.
  { aspect: 'brand-fit', implies: 'negative', patterns: `
    nothing to do with (the|this|their|our)? (brand|company|label)
    (doesn't|doesnt|don't|dont|does not|do not) fit (the|their)? (brand|image)
    (off-brand|off brand|off-mission|off mission)
    not what (the brand|they|this brand) (stand|stands) for
    out of character for (the|this)? brand
    no tiene nada que ver con (la|esta|su)? (marca|empresa|filosofia|esencia)
    nada que ver con (la|su)? (marca|esencia)
    no pega nada? con (la|su)? (marca|imagen)
    no encaja con (la|su)? (marca|imagen|filosofia)
    no representa a? (la|su)? marca` },
  { aspect: 'brand-fit', implies: 'positive', patterns: `
    true to (the|their)? brand
    (on-brand|on brand)
    fiel a (la|su)? (marca|esencia|estilo)
    muy de la marca
    100% (de la marca|su estilo)` },
  { aspect: 'contact-frequency', implies: 'negative', patterns: `
    ${MAILS} me? (every|each) single? (day|hour|morning)
    ${MAILS} me? (#num|several|multiple|three|four|five) times a day
    too many (${MAILS}|newsletter|newsletters)
    (keep|keeps|kept) (calling|emailing|texting|messaging|spamming)
    constant ${MAILS}
    (spam|spamming|spammed|unsubscribe|unsubscribed)
    useless (${MAILS}|newsletter|newsletters)
    (bombard|bombarded|bombarding) (me|us)? with
    me (llaman|escriben|mandan|envian) (correos|mensajes|emails|sms)? ${ES_TIMES}
    (llaman|escriben|mandan|envian) _? ${ES_TIMES}
    demasiados (correos|mensajes|emails|e-mails|sms|llamadas|avisos|notificaciones)
    demasiadas (llamadas|notificaciones)
    no paran de (llamar|escribir|mandar|enviar|llamarme|escribirme|mandarme|enviarme|llamarnos|escribirnos|mandarnos|enviarnos)
    (correos|mensajes|emails|llamadas|notificaciones) (inutiles|constantes|diarios|a diario)
    (darme de baja|me di de baja|me doy de baja|me he dado de baja)` },
  { aspect: 'price', patterns: `
    (price|prices|priced|pricey|pricing|expensive|overpriced|cheap|cheaper|affordable|cost|costs|costly|bargain|ripoff|rip-off|money|refund|refunded)
    (value for money|good value|great value|rip off)
    worth (the|every)? (money|penny|price)
    #num (dollars|euros|pounds)
    #money
    (precio|precios|caro|cara|caros|caras|carisimo|carisima|barato|barata|baratos|baratas|cuesta|cuestan|coste|costo|economico|economica|asequible)
    (calidad-precio|calidad precio|vale la pena|merece la pena|dinero|oferta|descuento|euros|pesos|chollo|ganga|vale cada euro|dinero tirado)` },
  { aspect: 'quality', patterns: `
    (quality|material|materials|fabric|build|durable|sturdy|flimsy|broke|broken|breaks|defective|faulty|last|lasts|lasted|tear|torn|ripped|finish|stitching)
    (well|poorly|cheaply|badly) made
    (fell|falls) apart
    (stopped working|worn out)
    (doesn't|doesnt|didn't|didnt) work
    works (great|well|perfectly)
    (calidad|material|materiales|tela|acabado|acabados|duradero|duradera|resistente|resistentes|roto|rota|rotos|defectuoso|defectuosa|aguanta|fina)
    se (rompio|rompe|estropeo|estropea|desgasta|despega|descosio|descose|transparenta)
    (no funciona|dejo de funcionar)
    funciona (genial|bien|perfectamente|de maravilla)
    dura (mucho|poco|nada)` },
  { aspect: 'authenticity', patterns: `
    (fake|fakes|counterfeit|knock-off|knockoff|replica|imitation|genuine|authentic|authenticity|legit)
    (original product|not real|not the real|not original)
    (falso|falsa|falsos|falsas|falsificado|falsificada|falsificados|falsificadas|falsificacion|imitacion|autentico|autentica|autenticos|autenticas|original|originales|pirata)` },
  { aspect: 'service', patterns: `
    customer (service|support|care)
    (support team|support|staff|agent|agents|rep|reps|representative|helpdesk|help desk|live chat|response time|responded|replied|hung up|rude|helpful|unhelpful|manager|cashier|waiter|waitress)
    (no|never|nobody) one? (answer|answers|respond|responds|replied|responded|got back)
    (atencion al cliente|servicio al cliente|servicio tecnico|servicio postventa|soporte|personal|dependiente|dependienta|dependientes|atendio|atencion|trato)
    (me|nos) atendieron
    nadie (me|nos)? (responde|contesta|lo soluciona|sabe nada)
    (ni me contestan|no contestan|no responden|sin respuesta|respuesta|te cuelgan|cuelgan el telefono|amable|amables|grosero|grosera)` },
  { aspect: 'delivery', patterns: `
    (delivery|deliveries|delivered|deliver|shipping|shipped|shipment|arrived|arrives|arrive|arrival|courier|postman|tracking|dispatch|dispatched|late|delayed|delay)
    (on time|never came)
    lost (in the post|package|parcel)
    took _? (days|weeks)
    (package|parcel) was? (left|lost)
    (envio|envios|entrega|entregas|entregado|entregaron|llego|llegaron|llega|llegan|repartidor|repartidora|mensajero|mensajeria|seguimiento|tardaron|tardo|tarda|retraso|retrasos|retrasado|paquete|perdido)
    (a tiempo|pedido perdido|en la calle|sin recibir)` },
  // Delivery complaints that carry no sentiment word ("took three weeks", "tardaron tres semanas").
  { aspect: 'delivery', implies: 'negative', patterns: `
    took _? (weeks|months)
    never (came|arrived)
    still (waiting|hasn't arrived|hasnt arrived)
    arrived (late|broken|damaged|crushed|open)
    lost (in the post|my package|my parcel|my order)
    (tardaron|tardo|tarda|llevo|lleva) _? _? (semanas|meses)
    llego (tarde|roto|rota|abierto|abierta|danado|danada)
    (nunca llego|sin recibir)
    no me? ha llegado
    (paquete|pedido) _? _? _? perdido` },
  { aspect: 'packaging', patterns: `
    (packaging|packed|box|boxes|wrapping|wrapped|seal|sealed|container|bottle|jar|lid)
    (package was|bubble wrap|plastic packaging|excess packaging)
    (embalaje|empaquetado|empaquetada|empaque|envase|envases|caja|cajas|envoltorio|envuelto|envuelta|precinto|precintado|bote|tapa|frasco)
    capas de plastico` },
  { aspect: 'ethics', patterns: `
    (sustainable|sustainability|eco-friendly|ecofriendly|environment|environmental|environmentally|ethical|ethically|unethical|cruelty-free|vegan)
    (cruelty free|tested on animals|animal testing|fair trade|plastic waste|workers rights)
    (recycle|recycled|recyclable|recycling|greenwash|greenwashing|sweatshop|sweatshops|carbon|exploit|exploitation|exploiting|exploits)
    child (labor|labour)
    (sostenible|sostenibles|sostenibilidad|ecologico|ecologica|ecologicos|ecologicas|medioambiental|etico|etica|vegano|vegana|veganos|veganas)
    (medio ambiente|poco etico|lavado verde|greenwashing|explotacion|trabajo infantil|comercio justo|huella de carbono|residuos plasticos)
    (testado|testada) en animales
    prueban en animales
    (reciclable|reciclables|reciclado|reciclada|reciclaje)` },
];

/** Expands one pattern into its word sequences. */
export function expandPattern(src: string): string[][] {
  const toks = src.match(/\(|\)\??|\||[^\s()|]+/g) ?? [];
  let pos = 0;
  // seq := item*, item := word['?'] | '(' alt ')'['?'], alt := seq ('|' seq)*
  function seq(): string[][] {
    let out: string[][] = [[]];
    while (pos < toks.length && toks[pos] !== '|' && !toks[pos]!.startsWith(')')) {
      let options: string[][];
      let optional = false;
      const t = toks[pos++]!;
      if (t === '(') {
        options = alt();
        const close = toks[pos++];
        if (!close?.startsWith(')')) throw new Error(`aspect pattern: missing ')' in ${src}`);
        optional = close === ')?';
      } else {
        optional = t.endsWith('?') && t.length > 1;
        options = [[optional ? t.slice(0, -1) : t]];
      }
      if (optional) options = [[], ...options];
      const next: string[][] = [];
      for (const a of out) for (const b of options) next.push([...a, ...b]);
      out = next;
    }
    return out;
  }
  function alt(): string[][] {
    const out = seq();
    while (toks[pos] === '|') { pos++; out.push(...seq()); }
    return out;
  }
  const all = alt();
  if (pos !== toks.length) throw new Error(`aspect pattern: unexpected '${toks[pos]}' in ${src}`);
  return all.filter((s) => s.length > 0);
}

interface Trigger { aspect: Aspect; implies?: SentimentLabel; hides?: Aspect }
interface Node { next?: Map<string, Node>; any?: Node; num?: Node; money?: Node; ends?: Trigger[] }

const ROOT: Node = {};
function insert(words: readonly string[], trig: Trigger): void {
  let node = ROOT;
  for (const raw of words) {
    // Multi-word alternatives ("help desk") arrive as one string: split them into words.
    for (const w of raw.split(' ')) {
      let key: 'any' | 'num' | 'money' | undefined;
      if (w === '_') key = 'any'; else if (w === '#num') key = 'num'; else if (w === '#money') key = 'money';
      if (key) { node = node[key] ??= {}; continue; }
      const k = fold(w.toLowerCase());
      node.next ??= new Map();
      let child = node.next.get(k);
      if (!child) node.next.set(k, (child = {}));
      node = child;
    }
  }
  node.ends ??= [];
  if (!node.ends.some((e) => e.aspect === trig.aspect && e.implies === trig.implies && e.hides === trig.hides)) node.ends.push(trig);
}
for (const r of RULES) {
  for (const line of r.patterns.split('\n')) {
    const p = line.trim();
    if (p) for (const words of expandPattern(p)) insert(words, { aspect: r.aspect, implies: r.implies, hides: r.hides });
  }
}

// ---------------------------------------------------------------------------------------------

/** Per token: the key triggers are matched on ('' for tokens that end a trigger walk). */
function tokenKey(t: Token): string {
  switch (t.kind) {
    case 'word': {
      const f = t.rec ? t.rec.folded : fold(t.norm);
      return f.includes('’') ? f.replace(/’/g, "'") : f;
    }
    case 'hashtag': return fold(t.norm.slice(1));
    case 'number': return t.norm;
    default: return '';
  }
}

// The walk from the root finds nothing unless the token's key is a first word of some trigger, or
// the root has a wildcard branch the token can take (it never ends a trigger: patterns are not empty).
if (ROOT.ends) throw new Error('aspect patterns: an empty trigger');
const NUMBER_STARTS = ROOT.num !== undefined || ROOT.money !== undefined;

/** Whether a trigger can start at token t (a word, hashtag or number). */
function mayStart(t: Token): boolean {
  const rec = t.rec;
  let s: boolean;
  if (rec) {
    if (rec.aspectStart < 0) rec.aspectStart = keyInfo(t).starts ? 1 : 0;
    s = rec.aspectStart === 1;
  } else s = keyInfo(t).starts;
  return s || (t.kind === 'number' ? NUMBER_STARTS : t.kind === 'word' && ROOT.any !== undefined);
}

/** A word's trigger key and whether a trigger starts with it, kept on its word record. */
interface KeyInfo {
  key: string;
  starts: boolean;
  /** As a word, what it does to clauses: ROLE_CONTRAST ("but"), ROLE_AND ("and"), ROLE_CONTRAST2 ("sin" of "sin embargo"), or 0. */
  role: number;
  /** The trie node after this key from the root (a trigger starts here when defined). */
  child: Node | undefined;
}
const ROLE_CONTRAST = 1, ROLE_AND = 2, ROLE_CONTRAST2 = 3;
const KEY_SLOT = memoSlot();
function keyInfo(t: Token): KeyInfo {
  const rec = t.rec;
  let info = rec?.memo[KEY_SLOT] as KeyInfo | undefined;
  if (!info) {
    const key = tokenKey(t);
    const role = CONTRAST.has(key) ? ROLE_CONTRAST : AND.has(key) ? ROLE_AND : CONTRAST2_FIRST.has(key) ? ROLE_CONTRAST2 : 0;
    const child = ROOT.next!.get(key);
    info = { key, starts: child !== undefined, child, role };
    if (rec) rec.memo[KEY_SLOT] = info;
  }
  return info;
}
const CURRENCY = /[$€£]/;

interface Match { from: number; to: number; t: Trigger }

/** The key triggers are matched on at token j ('' ends a walk): what keys[j] holds in extract. */
function keyAt(tokens: readonly Token[], j: number): string {
  const t = tokens[j]!;
  const kind = t.kind;
  return kind === 'word' || kind === 'hashtag' || kind === 'number' ? keyInfo(t).key : '';
}

/** Walks the trie from token i; adds to `found` every trigger that matches (i, end). */
function walk(tokens: readonly Token[], node: Node, j: number, i: number, found: Match[]): void {
  if (node.ends) for (const t of node.ends) found.push({ from: i, to: j - 1, t });
  if (j >= tokens.length) return;
  const k = keyAt(tokens, j);
  if (!k) return;
  const child = node.next?.get(k);
  if (child) walk(tokens, child, j + 1, i, found);
  const kind = tokens[j]!.kind;
  if (node.any && kind === 'word') walk(tokens, node.any, j + 1, i, found);
  if (kind === 'number') {
    if (node.num && /^\d+$/.test(k)) walk(tokens, node.num, j + 1, i, found);
    if (node.money && CURRENCY.test(k)) walk(tokens, node.money, j + 1, i, found);
  }
}

/** walk(tokens, ROOT, i, i, found), with the root's child for the token's key kept on its KeyInfo. */
function walkFrom(tokens: readonly Token[], i: number, found: Match[]): void {
  const t = tokens[i]!;
  const info = keyInfo(t);
  const k = info.key;
  if (!k) return;
  if (info.child) walk(tokens, info.child, i + 1, i, found);
  const kind = t.kind;
  if (ROOT.any && kind === 'word') walk(tokens, ROOT.any, i + 1, i, found);
  if (kind === 'number') {
    if (ROOT.num && /^\d+$/.test(k)) walk(tokens, ROOT.num, i + 1, i, found);
    if (ROOT.money && CURRENCY.test(k)) walk(tokens, ROOT.money, i + 1, i, found);
  }
}

const CONTRAST = new Set(['but', 'however', 'although', 'whereas', 'pero', 'aunque']);
const CONTRAST2 = new Set(['sin embargo', 'mientras que']);
const AND = new Set(['and', 'y', 'e', '&']);
// Keys hold no space, so only these first words can start a two-word contrast.
const CONTRAST2_FIRST = new Set([...CONTRAST2].map((w) => w.split(' ')[0]!));
/** /[.!?;¡¿]/.test(s) */
function endsSentence(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0xa1 || c === 0xbf) return true;
  }
  return false;
}

export type SentimentHint = SentimentScore | SentimentLabel | undefined;

/**
 * Aspects mentioned in `text`, each with the polarity of its own clause and the clause quoted.
 * One entry per aspect (the most opinionated clause wins). Never throws.
 * `prepared`: the text already cleaned and tokenized (prepare(text)), to skip doing it again.
 */
export function extractAspects(text: string, lang: string, sentimentHint?: SentimentHint, prepared?: PreparedText): AspectScore[] {
  try {
    return extract(prepared ?? prepare(text), lang, sentimentHint);
  } catch {
    return [];
  }
}

function extract(prep: PreparedText, lang: string, hint: SentimentHint): AspectScore[] {
  const { tokens } = prep;
  const n = tokens.length;
  if (n === 0) return [];
  // Pass 1: the first token a trigger can start at. Most posts have none, and pay one field read
  // per word (the answer is kept on its record) and no allocation.
  let first = -1;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const kind = t.kind;
    if ((kind === 'word' || kind === 'hashtag' || kind === 'number') && mayStart(t)) { first = i; break; }
  }
  if (first < 0) return [];
  // Most posts have a word some trigger starts with ("no", "me") and no trigger: walk first, and
  // build the per-token keys only for posts with matches.
  let matches: Match[] = [];
  for (let i = first; i < n; i++) {
    const kind = tokens[i]!.kind;
    if ((kind === 'word' || kind === 'hashtag' || kind === 'number') && mayStart(tokens[i]!)) walkFrom(tokens, i, matches);
  }
  if (matches.length === 0) return [];
  const keys = new Array<string>(n);
  const roles = grown(n, 2);
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const kind = t.kind;
    if (kind === 'word' || kind === 'hashtag' || kind === 'number') {
      const info = keyInfo(t);
      keys[i] = info.key;
      roles[i] = kind === 'word' ? info.role : 0;
    } else { keys[i] = ''; roles[i] = 0; }
  }

  const hiding = matches.filter((m) => m.t.hides);
  if (hiding.length > 0) matches = matches.filter((m) => !hiding.some((h) => h.t.hides === m.t.aspect && m.from >= h.from && m.to <= h.to));

  // Clauses end at sentence punctuation and line breaks and before contrast words; parts of a
  // clause also end at commas and "and"/"y", so each aspect can have its own evidence.
  const clause = grown(n, 0), part = grown(n, 1);
  let c = 0, p = 0;
  let nl = prep.text.indexOf('\n');
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (nl >= 0 && nl < t.start) {
      if (i > 0) { c++; p++; }
      nl = prep.text.indexOf('\n', t.start);
    }
    const k = keys[i]!;
    if (t.kind === 'punct') {
      if (endsSentence(t.text)) c++;
      p++;
      clause[i] = -1; part[i] = -1;
      continue;
    }
    const role = roles[i];
    if (role === ROLE_CONTRAST || (role === ROLE_CONTRAST2 && i + 1 < n && CONTRAST2.has(k + ' ' + keys[i + 1]))) {
      if (i > 0) { c++; p++; }
    } else if (role === ROLE_AND) {
      p++;
      clause[i] = c; part[i] = -1;
      p++;
      continue;
    }
    clause[i] = c; part[i] = p;
  }
  let clauses = 0;
  { let last = -2; for (let i = 0; i < n; i++) if (clause[i]! >= 0 && clause[i] !== last) { clauses++; last = clause[i]!; } }

  const pack = languagePack(lang === 'en' || lang === 'es' ? lang : 'und');
  const hits = analyzeLexicon(tokens, pack).hits;
  const hintLabel: SentimentLabel | undefined = typeof hint === 'string' ? hint : hint?.label;
  // The evidence (a slice of the text) is built once per aspect, for the match that wins it.
  const best = new Map<Aspect, { polarity: SentimentLabel; strength: number; group: Int32Array; g: number; at: number }>();
  for (const m of matches) {
    const ci = clause[m.from]!, pi = part[m.from]!;
    // The trigger's own part of the clause weighs fully, the rest of its clause half: "great price
    // and terrible delivery" splits, while "cheap and bland" keeps the clause's verdict nearby.
    const partSum = rangeSum(hits, part, pi);
    const clauseSum = rangeSum(hits, clause, ci);
    const sum = partSum.sum + 0.5 * (clauseSum.sum - partSum.sum);
    const s = sum / Math.sqrt(sum * sum + 15);
    // A part that is only the trigger itself ("… and quality") is quoted with its clause.
    const usePart = pi >= 0 && (m.t.implies !== undefined || (partSum.count > 0 && groupSize(part, n, pi, m.from) > m.to - m.from + 1));
    let polarity: SentimentLabel = s > 0.05 ? 'positive' : s < -0.05 ? 'negative' : 'neutral';
    let strength = Math.abs(s);
    if (m.t.implies && (polarity === 'neutral' || m.t.implies === 'negative')) {
      // The trigger is itself the judgement ("they email me every day").
      polarity = m.t.implies;
      strength = Math.max(strength, 0.5);
    } else if (polarity === 'neutral' && hintLabel && hintLabel !== 'neutral' && clauses === 1) {
      // A one-clause mention: the whole-text sentiment is this clause's sentiment.
      polarity = hintLabel;
      strength = 0.1;
    }
    const prev = best.get(m.t.aspect);
    if (!prev || strength > prev.strength) {
      best.set(m.t.aspect, { polarity, strength, group: usePart ? part : clause, g: usePart ? pi : ci, at: m.from });
    }
  }
  const out: AspectScore[] = [];
  for (const a of ASPECTS) {
    const b = best.get(a);
    if (b) out.push({ aspect: a, polarity: b.polarity, evidence: spanOf(prep, tokens, b.group, b.g, b.at) });
  }
  return out;
}

// Per-token scratch arrays (clause, part, role), reused across calls and grown on demand: extract
// is synchronous and never re-entered, and only the first n entries are read.
const scratch = [new Int32Array(256), new Int32Array(256), new Int32Array(256)];
function grown(n: number, k: number): Int32Array {
  if (scratch[k]!.length < n) scratch[k] = new Int32Array(Math.max(n, 2 * scratch[k]!.length));
  return scratch[k]!;
}

/** Sum and count of the hits whose first token lies in group g. */
function rangeSum(hits: readonly Hit[], group: Int32Array, g: number): { sum: number; count: number } {
  let sum = 0, count = 0;
  if (g >= 0) for (const h of hits) if (group[h.token] === g) { sum += h.value; count++; }
  return { sum, count };
}

/** Number of tokens in group g (groups are contiguous; `at` is one of its tokens). */
function groupSize(group: Int32Array, n: number, g: number, at: number): number {
  let a = at, b = at;
  while (a > 0 && group[a - 1] === g) a--;
  while (b + 1 < n && group[b + 1] === g) b++;
  return b - a + 1;
}

/** Whether s.replace(/\s+/g, ' ').trim() is s itself: printable ASCII, single inner spaces only. */
function plainSpaced(s: string): boolean {
  const n = s.length;
  if (n === 0 || s.charCodeAt(0) === 0x20 || s.charCodeAt(n - 1) === 0x20) return n === 0;
  for (let i = 0, prevSpace = false; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) { if (prevSpace) return false; prevSpace = true; continue; }
    if (c < 0x20 || c > 0x7e) return false;
    prevSpace = false;
  }
  return true;
}

/** The text of group g, from its first to its last token, whitespace collapsed and capped. */
function spanOf(prep: PreparedText, tokens: readonly Token[], group: Int32Array, g: number, at: number): string {
  // Group numbers never decrease along the text, so group g's tokens lie around `at` (one of
  // them, or -1 when g is), broken only by tokens of no group (-1: punctuation, "and"): scan out
  // from `at` instead of over the whole text.
  if (g < 0) return '';
  let a = -1, b = -1;
  for (let i = at; i >= 0 && (group[i] === g || group[i] === -1); i--) if (group[i] === g) a = i;
  for (let i = at; i < tokens.length && (group[i] === g || group[i] === -1); i++) if (group[i] === g) b = i;
  if (a < 0) return '';
  let s = prep.text.slice(tokens[a]!.start, tokens[b]!.start + tokens[b]!.text.length);
  if (!plainSpaced(s)) s = s.replace(/\s+/g, ' ').trim();
  return s.length > 160 ? s.slice(0, 157) + '…' : s;
}
