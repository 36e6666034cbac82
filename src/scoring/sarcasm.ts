// Sarcasm as sentiment incongruity (Riloff et al. 2013): praise said about a situation that is bad
// for the writer. "Oh great, another price hike", "love paying more for less", "me encanta esperar
// 40 minutos", "qué maravilla, tercera vez que me cancelan el pedido": every sentiment word is
// praise, and a word model reads them as such (+0.99), but PR teams need them counted as the
// complaints they are (a backlash is mostly sarcasm at first).
// Two forms only, both narrow, so that sincere praise that mentions a wait ("amazing food, we
// waited 10 minutes for a table") stays praise:
//  - a praise verb that takes the bad situation as its object: "love waiting", "me encanta pagar";
//  - a praise interjection or a stock sarcastic formula ("Great,", "love that for us", "at its
//    finest", "qué maravilla,") in a post that also names a bad situation;
//  - praise said last, after a complaint ("… 20 more minutes in the rain, brilliant");
//  - the upside-down face or the eye roll (🙃 🙄) next to praise: people add them to mean the opposite.
// Matched on the accent-folded, lower-cased text, and only when the lexicon found the praise a
// form is built on. Pure and synchronous.
import type { Hit } from './sentiment-lexicon.js';
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

const PRAISE_VERB = String.raw`(?:love|loving|adore|enjoy|enjoying|nothing like|nothing better than|gotta love|got to love|so fun)(?: \S+){0,2}? (?:waiting|paying|being (?:charged|put on hold|told|ignored)|getting (?:charged|overcharged|cancell?ed|ignored)|sitting on hold)`
  + String.raw`|(?:me encanta|me fascina|me encantan|amo|adoro|que gusto|nada como)(?: \S+){0,2}? (?:esperar|pagar|que me (?:cobren|cancelen|ignoren|cuelguen)|estar en espera|quedarme sin)`;

const INTERJECTION = String.raw`(?:^|[.!?] +)(?:oh |wow |just )?(?:great|wonderful|fantastic|perfect|amazing|brilliant|awesome|lovely|nice|cool|genial|perfecto|estupendo|fantastico|maravilloso)(?= *[,.!])`
  + String.raw`|love (?:that|this) for (?:us|them|me|you)|amazing innovation|(?:at|in) (?:its|their) finest|thanks for nothing|gracias por nada|well done|bravo|que maravilla|que bien|que alegria|what a (?:treat|joy)`;

/** Praise said last, after the complaint ("… 20 more minutes in the rain, brilliant", "cheers Foxtel, great stuff"). */
const TRAILING = String.raw`[,.!] +(?:oh |just |really |genuinely )?(?:brilliant|great|great stuff|great timing|lovely|perfect|amazing|fantastic|wonderful|incredible stuff|genial|perfecto|de lujo|maravilloso|que bien|que maravilla|combo perfecto)(?: [\p{L}@]\S*)?[ .!]*$`;

/** Emoji people add to say they mean the opposite: upside-down face, eye roll. */
const IRONY_EMOJI = /^(?:\u{1F643}|\u{1F644})/u;

const VERB_RE = new RegExp(PRAISE_VERB, 'u');
const TRAILING_RE = new RegExp(TRAILING, 'u');
const INTERJECTION_RE = new RegExp(INTERJECTION, 'u');
const SITUATION_RE = new RegExp(SITUATION, 'u');

/** Praise words a sarcastic form is built on (folded, lower-case), by form. */
const VERB_CUES = new Set(['love', 'loving', 'adore', 'enjoy', 'enjoying', 'me encanta', 'me encantan', 'me fascina', 'amo', 'adoro', 'gusto']);
const INTERJECTION_CUES = new Set([
  'great', 'wonderful', 'fantastic', 'perfect', 'amazing', 'brilliant', 'awesome', 'lovely', 'nice', 'cool', 'love', 'finest', 'well done', 'bravo',
  'genial', 'perfecto', 'estupendo', 'fantastico', 'maravilloso', 'maravilla', 'que maravilla', 'bien', 'que bien', 'alegria', 'que alegria',
]);

/** Words one of SITUATION's matches holds (folded): a text without any is not searched for one. */
const SITUATION_WORDS = new Set(`price prices fee fees bill bills rent subscription fare fares raising raised raise raises hiking hiked
increasing increased bumping bumped another pay paying shrinkflation shrunk hold waited waiting cancelled canceled lost losing
delayed overcharged charged again second third fourth fifth 2nd 3rd 4th 5th subida subidas aumento aumentos suben subieron subio
sube pagar pagando esperar esperando espere esperamos espera minutos horas hora cancelan cancelaron cobraron cobran perdieron pierden
vez nuevo`.split(/\s+/));

/** What the lexicon and the words found that a sarcastic form needs; without any, the text is not searched. */
export interface SarcasmCues {
  /** A praise verb ("love", "me encanta"). */
  verb: boolean;
  /** A praise interjection or a word of a stock formula ("great", "finest", "maravilla"). */
  interjection: boolean;
  /** The text ends in praise after a complaint word. */
  trailing: boolean;
  /** 🙃 or 🙄. */
  irony: string | null;
  /** A word of a bad situation ("price", "hold", "esperar"). */
  situation: boolean;
}

/** The cues of a text's lexicon hits and tokens. */
export function sarcasmCues(hits: readonly Hit[], tokens: readonly Token[]): SarcasmCues {
  const cues: SarcasmCues = { verb: false, interjection: false, trailing: false, irony: null, situation: false };
  let lastWord = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' && t.kind !== 'number') continue;
    lastWord = i;
    if (!cues.situation && SITUATION_WORDS.has(t.rec ? t.rec.folded : fold(t.norm))) cues.situation = true;
  }
  let complaint = false;
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    if (h.kind === 'emoji') { if (IRONY_EMOJI.test(h.text)) cues.irony = h.text; continue; }
    if (h.value < 0) { complaint = true; continue; }
    if (h.value === 0) continue;
    const w = fold(h.text.toLowerCase());
    if (VERB_CUES.has(w)) cues.verb = true;
    if (INTERJECTION_CUES.has(w)) cues.interjection = true;
    // Praise at the end, or before one last word ("great stuff", "brilliant Southern").
    if (complaint && h.to >= lastWord - 1) cues.trailing = true;
  }
  return cues;
}

/**
 * The sarcastic span of a text ("love paying more for less"; "great … another price hike"), or
 * null. `cues`: sarcasmCues of its lexicon hits; each form is looked for only when its cue is
 * there. Callers ask only for texts whose praise would otherwise win.
 */
export function sarcasmIn(text: string, cues: SarcasmCues): string | null {
  if (cues.irony !== null) return cues.irony;
  if (!cues.verb && !cues.interjection && !cues.trailing) return null;
  const folded = fold(text.toLowerCase());
  if (cues.verb) {
    const verb = VERB_RE.exec(folded);
    if (verb) return verb[0];
  }
  if (cues.trailing) {
    const last = TRAILING_RE.exec(folded.length > 60 ? folded.slice(-60) : folded);
    if (last) return last[0].replace(/^[,.!] +/, '').replace(/[ .!]+$/, '');
  }
  if (cues.interjection && cues.situation) {
    const praise = INTERJECTION_RE.exec(folded);
    if (!praise) return null;
    const situation = SITUATION_RE.exec(folded);
    if (situation) return `${praise[0].replace(/^[.!?] +/, '').trim()} … ${situation[0].trim()}`;
  }
  return null;
}
