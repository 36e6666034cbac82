// Sarcasm as sentiment incongruity (Riloff et al. 2013): praise said about a situation that is bad
// for the writer. "Oh great, another price hike", "love paying more for less", "me encanta esperar
// 40 minutos", "qué maravilla, tercera vez que me cancelan el pedido": every sentiment word is
// praise, and a word model reads them as such (+0.99), but PR teams need them counted as the
// complaints they are (a backlash is mostly sarcasm at first).
// Four forms, all narrow, so that sincere praise that mentions a wait ("amazing food, we waited
// 10 minutes for a table") stays praise:
//  - a praise verb that takes the bad situation as its object: "love waiting", "me encanta pagar";
//  - a praise interjection or a stock sarcastic formula ("Great,", "love that for us", "at its
//    finest", "qué maravilla,") in a post that also names a bad situation;
//  - praise said last, after a complaint ("… 20 more minutes in the rain, brilliant");
//  - the upside-down face or the eye roll (🙃 🙄) next to praise: people add them to mean the opposite;
//  - laughing at a price, with no other praise: "$95 for a candle lol", "paying $200 for a hoodie 😂",
//    "cobran 30€ por un champú jajaja" (not a price called cheap, "only $5", nor a refund or a sale).
// Read from the tokens around the praise hits the lexicon found (a bad situation is then matched
// on the accent-folded, lower-cased text). Pure and synchronous.
import { joinSpan, type Hit } from './sentiment-lexicon.js';
import { fold, type Token } from './tokens.js';

const N = String.raw`(?:\d+|an?|one|two|three|four|five|six|ten|twenty|thirty|forty|fifty|una|dos|tres|cuatro|cinco|media|veinte|treinta|cuarenta)`;

/** Situations that are bad news for whoever writes: a price rise, a wait, a cancellation, a repeat failure. */
const SITUATION = [
  String.raw`(?:price|prices|fee|fees|bill|rent|subscription|fare|fares)s? (?:hike|hikes|increase|increases|rise|rises|went up|going up|up again|are up|is up)`,
  String.raw`(?:raising|raised|raise|raises|hiking|hiked|increasing|increased|bumping|bumped) (?:the |their |its |our |my )?(?:price|prices|fee|fees|rates?|subscription|fares?)`,
  String.raw`another (?:(?:price|fee)(?: hike| increase| rise)?|hike|delay|outage|cancell?ation|update that|ad break)`,
  String.raw`pay(?:ing)? more for less|shrinkflation|shrunk the (?:box|bag|pack|bar|bottle)`,
  String.raw`on hold (?:for )?(?:over |almost |nearly )?${N}|${N} (?:min|mins|minutes|hour|hours|hrs) (?:on hold|in (?:a |the )?(?:queue|line))`,
  String.raw`(?<!only |just |barely )(?:waited|waiting) (?:for )?(?:over |almost |nearly )?${N} (?:min|mins|minutes|hour|hours|hrs|days|weeks)`,
  String.raw`(?:cancell?ed|lost|losing|delayed|overcharged|double charged|charged me twice) (?:my|our|me|us)\b`,
  String.raw`(?:down|broken|crashed|cancell?ed|delayed|late) again`,
  String.raw`(?:second|third|fourth|fifth|2nd|3rd|4th|5th) time (?:this|in|that)`,
  String.raw`(?:otra|nueva) subida|(?:subida|subidas|aumento|aumentos) (?:de |del )?(?:precio|precios|tarifa|tarifas|cuota)|(?:suben|subieron|subio|sube) (?:el |los |la |las )?(?:precio|precios|tarifa|tarifas|cuota)`,
  String.raw`pagar mas por menos|pagando mas por menos`,
  String.raw`(?:esperar|esperando|espere|esperamos|de espera) (?:mas de |casi )?${N} (?:minutos|horas|hora|dias|semanas)|${N} (?:horas?|minutos) (?:de espera|esperando|en espera)`,
  String.raw`(?:me|nos) (?:cancelan|cancelaron|cobraron dos veces|cobran doble|perdieron|pierden)|(?:perdieron|cancelaron) (?:mi|mis|el|la|los|las|nuestr[oa]s?) `,
  String.raw`(?:segunda|tercera|cuarta|quinta) vez|(?:otra vez|de nuevo) (?:sin|caid[oa]|cortad[oa])|sin (?:luz|servicio|internet|senal) (?:otra vez|de nuevo)`,
].join('|');

/** Emoji people add to say they mean the opposite: upside-down face, eye roll. */
const IRONY_EMOJI = /^(?:\u{1F643}|\u{1F644})/u;

/** Laughter, as a word (folded, elongations squeezed to two letters) or an emoji (tears of joy, rolling on the floor). */
const LAUGH_WORD = /^(?:lo+l|lmf?ao+|rofl|(?:ha){2,}h?|(?:he){2,}|(?:ja){2,}j?|(?:je){2,}|xd+)$/;
const LAUGH_EMOJI = /^(?:\u{1F602}|\u{1F923})/u;
const MONEY = String.raw`(?:[$£€] ?\d+(?:[.,]\d+)*k?|\d+(?:[.,]\d+)* ?(?:[$£€]|(?:mil )?(?:dollars|dolares|bucks|quid|pounds|euros|eur|usd|gbp|pesos|pavos|lucas|soles)\b))`;
/**
 * A price asked for something (folded, lower-cased text): "$95 for a candle", "paying $200",
 * "cobran 30€ por", "te piden 50 euros". Not when called cheap: "only $5 for this". Measured on a
 * helper's 160 posts with a price and a laugh (dev half): prices said any other way ("$80
 * foundation", "25 dólares la hamburguesa") fired on more sincere posts than derisive ones gained.
 */
const PRICE_STATEMENT = new RegExp(
  String.raw`(?<!\b(?:only|just|solo|por solo|apenas) )${MONEY} (?:for|por|x) (?:(?:a|an|one|the|this|that|un|una|el|la|los|las|unos|unas) )?[^\s.,!?]+` +
  String.raw`|\b(?:pay|paying|paid|charge|charges|charging|charged|want|wants|asking|ask|cobran|cobrar|cobrando|pagar|pagando|pague|piden|pedir|pidiendo)(?: (?:me|you|us|te|nos|like|como))? ${MONEY}`,
  'u',
);
/** A price that is good news: a refund, cashback, something free or on sale. Laughing at it is joy. */
const GOOD_NEWS = /\b(?:refund\w*|reembols\w*|devolvieron|devuelven|cashback|cash back|credited|free|gratis|sale|rebajas|descuento\w*|discount\w*|\d+% off)\b/u;

const SITUATION_RE = new RegExp(SITUATION, 'u');

/** Words one of SITUATION's matches holds (folded): a text without any is not searched for one. */
const SITUATION_WORDS = new Set(`price prices fee fees bill bills rent subscription fare fares raising raised raise raises hiking hiked
increasing increased bumping bumped another pay paying shrinkflation shrunk hold waited waiting cancelled canceled lost losing
delayed overcharged charged again second third fourth fifth 2nd 3rd 4th 5th subida subidas aumento aumentos suben subieron subio
sube pagar pagando esperar esperando espere esperamos espera minutos horas hora cancelan cancelaron cobraron cobran perdieron pierden
vez nuevo`.split(/\s+/));

/** Praise verbs, and what they are sarcastic about: waiting and paying, being charged or ignored. */
const VERBS = new Set(['love', 'loving', 'adore', 'enjoy', 'enjoying', 'me encanta', 'me encantan', 'me fascina', 'amo', 'adoro', 'gusto']);
const VERB_OBJECTS = new Set(['waiting', 'paying', 'sitting', 'esperar', 'pagar', 'quedarme']);
/** …and the two-word objects, by their first word: "being charged", "getting ignored", "estar en espera", "que me cobren". */
const VERB_OBJECT_PAIRS = new Map<string, Set<string>>([
  ['being', new Set(['charged', 'put', 'told', 'ignored', 'overcharged'])],
  ['getting', new Set(['charged', 'overcharged', 'cancelled', 'canceled', 'ignored'])],
  ['estar', new Set(['en'])],
  ['que', new Set(['me'])],
]);
/** Praise said as an interjection ("Great, …", "Genial. …") or said last ("…, brilliant"). */
const INTERJECTIONS = new Set([
  'great', 'wonderful', 'fantastic', 'perfect', 'amazing', 'brilliant', 'awesome', 'lovely', 'nice', 'cool', 'incredible',
  'genial', 'perfecto', 'estupendo', 'fantastico', 'maravilloso', 'de lujo',
]);
/** "love that for us / them / me / you". */
const FOR_WHOM = new Set(['us', 'them', 'me', 'you']);
/** Words that may stand before an interjection ("oh great,", "just perfect."). */
const LEADS = new Set(['oh', 'wow', 'just', 'really', 'genuinely']);

/**
 * The sarcastic span of a text ("love paying"; "great … another price hike"; "brilliant"; "🙃"), or
 * null. `hits`: the lexicon hits of its `tokens`. Every form is looked for from a praise hit the
 * lexicon already found, so a post without one costs a loop over its hits. Callers ask only for
 * texts whose praise would otherwise win.
 */
export function sarcasmIn(text: string, hits: readonly Hit[], tokens: readonly Token[]): string | null {
  let lastWord = tokens.length - 1;
  while (lastWord >= 0 && tokens[lastWord]!.kind !== 'word' && tokens[lastWord]!.kind !== 'number') lastWord--;
  let complaint = false;
  let interjection: string | null = null;
  let laugh: string | null = null, otherPraise = false;
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k]!;
    if (h.kind === 'emoji') {
      if (IRONY_EMOJI.test(h.text)) return h.text;
      if (h.value > 0) { if (LAUGH_EMOJI.test(h.text)) laugh ??= h.text; else if (h.value > 1) otherPraise = true; }
      continue;
    }
    if (h.value < 0) { complaint = true; continue; }
    if (h.value === 0) continue;
    const w = h.kind === 'word' ? wordAt(tokens, h.token) : fold(h.text.toLowerCase());
    if (LAUGH_WORD.test(w)) { laugh ??= h.text; continue; }
    // Weak words ("want", "like" at +1) say too little to make laughter at a price sincere.
    if (h.value > 1) otherPraise = true;
    if (VERBS.has(w)) {
      const v = verbObject(tokens, h);
      if (v !== null) return v;
    }
    // Praise said last, after a complaint word: "… 20 more minutes in the rain, brilliant".
    if (complaint && INTERJECTIONS.has(w) && endsPost(tokens, h.to, lastWord) && afterPunct(tokens, h.from)) return span(tokens, h.from, lastWord);
    interjection ??= interjectionAt(tokens, h, w);
  }
  // Laughing at a price, with nothing else to praise: derision ("$95 for a candle lol").
  if (laugh !== null && !otherPraise) {
    const folded = fold(text.toLowerCase());
    const price = GOOD_NEWS.test(folded) ? null : PRICE_STATEMENT.exec(folded);
    if (price) return `${price[0].trim()} … ${laugh.toLowerCase()}`;
  }
  if (interjection === null) return null;
  // The interjection needs a bad situation beside it: "Great, another price hike".
  let situationWord = false;
  for (let i = 0; i < tokens.length && !situationWord; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word' || t.kind === 'number') situationWord = SITUATION_WORDS.has(wordAt(tokens, i));
  }
  if (!situationWord) return null;
  const situation = SITUATION_RE.exec(fold(text.toLowerCase()));
  return situation ? `${interjection} … ${situation[0].trim()}` : null;
}

/** The folded form of token i when it is a word or a number, else ''. */
function wordAt(tokens: readonly Token[], i: number): string {
  const t = tokens[i];
  if (t === undefined || (t.kind !== 'word' && t.kind !== 'number')) return '';
  return t.rec !== undefined ? t.rec.folded : fold(t.norm);
}

/** Words a sneer said last may end on ("great stuff", "great timing"); other nouns make it praise of a thing ("great crema"). */
const SNEER_ENDS = new Set(['stuff', 'timing', 'work']);
/** True when the praise ending at token `to` ends the post, or only a SNEER_ENDS word or a name follows it. */
function endsPost(tokens: readonly Token[], to: number, lastWord: number): boolean {
  if (to === lastWord) return true;
  if (to !== lastWord - 1) return false;
  const t = tokens[lastWord]!;
  return SNEER_ENDS.has(wordAt(tokens, lastWord)) || (t.kind === 'word' && t.text[0] !== t.text[0]!.toLowerCase());
}

/** True when token i comes after punctuation that ends a clause or sentence (, . ! ?), past one lead word ("oh", "just"). */
function afterPunct(tokens: readonly Token[], i: number): boolean {
  let p = i - 1;
  if (p >= 0 && LEADS.has(wordAt(tokens, p))) p--;
  const t = tokens[p];
  return t !== undefined && t.kind === 'punct' && /[,.!?]/.test(t.text);
}

/**
 * The praise hit h (folded `w`) said as an interjection, as written, or null: opening a sentence
 * and closed by punctuation ("Oh great, …", "Genial. …"), or a stock sarcastic formula ("love
 * that for us", "amazing innovation", "at its finest", "well done", "qué maravilla").
 */
function interjectionAt(tokens: readonly Token[], h: Hit, w: string): string | null {
  const next = tokens[h.to + 1];
  if (INTERJECTIONS.has(w) && next !== undefined && next.kind === 'punct' && /^[,.!]/.test(next.text)) {
    let p = h.from - 1;
    if (p >= 0 && LEADS.has(wordAt(tokens, p))) p--;
    while (p >= 0 && tokens[p]!.kind === 'mention') p--;
    const before = tokens[p];
    if (before === undefined || (before.kind === 'punct' && /[.!?]/.test(before.text))) return span(tokens, p + 1, h.to);
  }
  // Module-level helpers only: tsx names a closure made here on every call, which costs more than its work.
  const a = h.to, b = h.from;
  if (w === 'love' && (wordAt(tokens, a + 1) === 'that' || wordAt(tokens, a + 1) === 'this') && wordAt(tokens, a + 2) === 'for' && FOR_WHOM.has(wordAt(tokens, a + 3))) return span(tokens, b, a + 3);
  if (w === 'amazing' && wordAt(tokens, a + 1) === 'innovation') return span(tokens, b, a + 1);
  if (w === 'finest' && (wordAt(tokens, b - 1) === 'its' || wordAt(tokens, b - 1) === 'their') && (wordAt(tokens, b - 2) === 'at' || wordAt(tokens, b - 2) === 'in')) return span(tokens, b - 2, a);
  if (w === 'well done' || w === 'bravo') return span(tokens, h.from, h.to);
  if ((w === 'maravilla' || w === 'bien' || w === 'alegria') && wordAt(tokens, b - 1) === 'que') return span(tokens, b - 1, a);
  if (w === 'que maravilla' || w === 'que bien' || w === 'que alegria') return span(tokens, h.from, h.to);
  return null;
}

/**
 * "love waiting", "me encanta pagar", "loving being put on hold": a praise verb hit followed,
 * within three words, by what it is sarcastic about. The span as written, or null.
 */
function verbObject(tokens: readonly Token[], h: Hit): string | null {
  const words: string[] = [];
  for (let i = h.to + 1; i < tokens.length && words.length < 4; i++) {
    if (tokens[i]!.kind !== 'word') break;
    words.push(wordAt(tokens, i));
  }
  for (let k = 0; k < words.length && k < 3; k++) {
    const w = words[k]!;
    const pair = VERB_OBJECT_PAIRS.get(w);
    const end = VERB_OBJECTS.has(w) ? k : pair !== undefined && k + 1 < words.length && pair.has(words[k + 1]!) ? k + 1 : -1;
    if (end >= 0) return span(tokens, h.from, h.to + 1 + end);
  }
  return null;
}

/** The tokens [from, to] as written, lower-cased: the span a reason quotes. */
function span(tokens: readonly Token[], from: number, to: number): string {
  return joinSpan(tokens, from, to).toLowerCase();
}
