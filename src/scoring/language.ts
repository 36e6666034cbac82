// Language detection tuned for short posts, restricted to the languages we score.
// franc-min is slow (~2k posts/s) and guesses wildly on two-word posts; we instead add up
// evidence from function words and frequent words of our own lists, accent and punctuation
// cues (ñ ¿ ¡ ã ç ß …), word endings (-ción, -ção, -ing, -zione …) and our sentiment lexicons,
// and answer 'und' when there is too little evidence to decide.
// First-class: 'en', 'es'. Recognised so they are never treated as English: 'pt', 'fr', 'de',
// 'it', 'nl' (Dutch read as German was scored with the German lexicon), and by script 'ru', 'el', 'ar', 'he', 'zh', 'ja', 'ko', 'hi', 'th'.

import { fold, type Token } from './tokens.js';
import { prepare, type PreparedText } from './sentiment-prep.js';
import { EN_LEXICON } from './lexicon/en.js';
import { ES_LEXICON } from './lexicon/es.js';

export interface LanguageGuess {
  lang: string;
  /** 0..1 */
  confidence: number;
}

export const SCORED_LANGUAGES = ['en', 'es', 'pt', 'fr', 'de', 'it', 'nl'] as const;
const LANGS = SCORED_LANGUAGES;
type L = (typeof LANGS)[number];
const N = LANGS.length;
const IDX: Record<L, number> = { en: 0, es: 1, pt: 2, fr: 3, de: 4, it: 5, nl: 6 };

// Frequent words per language (accent-folded). Shared words split their weight.
const WORDS: Record<L, string> = {
  en: `the a an and or of to in on at for with from by is are was were be been being am i you he she it we they
    me my your his her its our their this that these those what which who whom whose when where why how not no
    do does did done have has had will would can could should shall may might must just very really so too also
    but if then than there here about after before because while all any some more most much many one two get got
    it's i'm don't didn't can't won't isn't that's you're i've i'll they're we're doesn't wasn't im dont didnt cant
    like love good great bad best worst product service delivery order ordered bought buy price quality thanks
    thank please new now today time day week people thing things again never ever only even still well back out up
    off over into just them him us our yours what's let let's going gonna wanna yes yeah lol omg think know want need
    make made use used really awesome amazing terrible awful nice recommend would worth money customer
    every minutes hours month months week weeks year years`,
  es: `el la los las un una unos unas y o de del al en con por para sin sobre entre es son fue fueron era ser estar
    esta este esto estos estas ese esa eso esos esas está están estoy estaba he ha han hemos había hay muy más mas
    menos pero porque como cuando donde qué que quien cual cuál también tampoco ya aún todavía siempre nunca nada
    algo todo todos todas mucho mucha muchos muchas poco me te se nos le les lo mi mis tu tus su sus yo tú él ella
    nosotros ellos ellas usted ustedes hola gracias bueno buena malo mala bien mal producto servicio pedido envío
    compra compré precio calidad llegó llego tiene tengo tienen hace hacer puedo puede quiero vez veces día días hoy
    ayer mañana así sí también otra otro otros después antes hasta desde hacia según cada cosa cosas gente marca
    pésimo genial encanta gusta gustó recomiendo nunca jamás ni le ojalá aquí allí eso vale pues entonces
    nuevo nueva nuevos nuevas año años tienda tiendas cliente clientes atención dinero ahora mejor peor
    mismo misma aunque mientras luego ahí allá usted vosotros estamos tenía había sido hecho dicho cómo dónde
    enero febrero marzo mayo junio julio septiembre octubre noviembre diciembre lunes martes miércoles jueves
    viernes volver volveré vuelvo pagar pagué cobran llamar llaman llamé escribir mensaje mensajes correo
    demasiado demasiados demasiada demasiadas llegar llega llegan llegaron llegué quieren hizo hicieron dijo
    dijeron ningún ninguna alguien nadie cualquier noche eres somos soy sois os
    a dan dar dentro fecha mes meses semana semanas incluye vuestro vuestra vuestros`,
  pt: `o a os as um uma uns umas e ou de do da dos das no na nos nas em com por para sem sobre entre é são foi
    foram era ser estar está estão estou eu você ele ela nós eles elas meu minha seu sua muito muita mais menos mas
    porque como quando onde quem qual também já ainda sempre nunca nada algo tudo todos todas não sim obrigado
    obrigada olá bom boa ruim produto serviço pedido entrega compra comprei preço qualidade chegou tem tenho têm faz
    fazer posso pode quero vez dia dias hoje ontem amanhã assim isso isto essa esse aqui lá então pra pro né gente
    coisa coisas marca ótimo ótima péssimo adorei gostei recomendo também depois antes até desde cada muito
    você vocês agora melhor pior mesmo mesma embora enquanto aí dinheiro loja lojas cliente clientes atendimento
    ano anos novo nova novos novas janeiro fevereiro março maio junho julho setembro outubro novembro
    dezembro segunda terça quarta quinta sexta paguei ligar ligaram mensagem mensagens demais grátis chegar chega
    chegaram cheguei fez fizeram disse disseram nenhum nenhuma alguém ninguém qualquer noite sou somos tá tô`,
  fr: `le la les un une des et ou de du au aux en dans avec par pour sans sur sous entre est sont était été être
    avoir ai as avons avez ont je tu il elle nous vous ils elles mon ma mes ton ta tes son sa ses notre votre leur
    très plus moins mais parce comme quand où qui que quoi quel quelle aussi déjà encore toujours jamais rien tout
    tous toutes ne pas non oui merci bonjour bon bonne mauvais produit service commande livraison achat acheté prix
    qualité arrivé fait faire peux peut veux fois jour jours aujourd'hui hier demain ainsi ça cela ceci cette ce ces
    ici là alors c'est j'ai n'est je suis chose choses marque génial nul adore recommande vraiment beaucoup trop`,
  de: `der die das den dem des ein eine einen einem einer und oder von zu im in an auf für mit aus bei nach ohne
    über unter zwischen ist sind war waren sein haben habe hat hatte ich du er sie es wir ihr mein meine dein sein
    ihre unser sehr mehr weniger aber weil wie wenn wo wer was auch schon noch immer nie nichts alles alle nicht
    kein keine ja nein danke hallo gut schlecht produkt dienst bestellung lieferung kauf gekauft preis qualität
    angekommen macht machen kann will mal tag tage heute gestern morgen so das dies diese dieser hier dort dann
    ding dinge marke toll super leider wirklich viel zu ganz gar geht gibt man uns sich`,
  it: `il lo la i gli le un uno una e o di del della dei degli delle al alla in nel nella con per senza su tra fra
    è sono era erano essere stato avere ho hai ha abbiamo hanno io tu lui lei noi voi loro mio mia tuo tua suo sua
    molto più meno ma perché come quando dove chi che quale anche già ancora sempre mai niente tutto tutti non sì
    grazie ciao buono buona cattivo prodotto servizio ordine consegna acquisto comprato prezzo qualità arrivato fa
    fare posso può voglio volta giorno giorni oggi ieri domani così questo questa quello quella qui là allora cosa
    cose marca ottimo pessimo bellissimo consiglio davvero tanto troppo sempre proprio`,
  nl: `het een van voor uit bij naar zonder tussen zijn waren heeft hebben ik jij hij zij wij jullie mijn jouw
    onze zeer maar omdat wanneer waar wat ook nog altijd nooit niets niet geen nee bedankt goed slecht
    bestelling levering gekocht prijs kwaliteit aangekomen maakt maken wil keer dag dagen vandaag gisteren dit
    dat deze daar dingen merk leuk veel helemaal erg mooi lekker klantenservice bezorging pakket weer eens wel
    toch gewoon eigenlijk graag wordt werd gaat gaan komt kwam zou zouden moet moeten kunnen alleen nieuwe nieuw
    jaar tevreden blij snel besteld geleverd`,
};

// Word endings with the languages they point to (checked on words of 5+ letters).
const SUFFIXES: [string, Partial<Record<L, number>>][] = [
  ['cion', { es: 1.2 }], ['ciones', { es: 1.5 }], ['dad', { es: 1 }], ['mente', { es: 0.5, it: 0.5, pt: 0.4 }],
  ['ado', { es: 0.5, pt: 0.4 }], ['ada', { es: 0.5, pt: 0.4 }], ['ito', { es: 0.5, it: 0.3 }], ['ísimo', { es: 0.6, it: 0.4 }],
  ['uye', { es: 1 }], ['uyen', { es: 1 }],
  ['cao', { pt: 1.5 }], ['coes', { pt: 1.5 }], ['dade', { pt: 1.2 }], ['inho', { pt: 1 }], ['inha', { pt: 1 }],
  ['ing', { en: 1 }], ['tion', { en: 0.7, fr: 0.5 }], ['ly', { en: 0.8 }], ['ness', { en: 1 }], ['ful', { en: 1 }],
  ['ed', { en: 0.4 }], ['ment', { fr: 0.7, en: 0.2 }], ['eux', { fr: 1.2 }], ['euse', { fr: 1.2 }], ['ais', { fr: 0.6 }],
  ['ung', { de: 1.2 }], ['heit', { de: 1.2 }], ['keit', { de: 1.2 }], ['lich', { de: 1.2 }], ['chen', { de: 1 }],
  ['zione', { it: 1.5 }], ['zioni', { it: 1.5 }], ['ggio', { it: 1 }], ['etto', { it: 0.7 }], ['ssimo', { it: 0.6 }],
  ['heid', { nl: 1.2 }], ['lijk', { nl: 1.2 }], ['lijke', { nl: 1.2 }], ['tje', { nl: 1 }], ['tjes', { nl: 1 }], ['aties', { nl: 0.8 }],
];

// Characters that point to languages (counted once per post each).
const CHARS: [RegExp, Partial<Record<L, number>>][] = [
  [/ñ/i, { es: 2 }], [/[¿¡]/, { es: 3 }], [/[ãõ]/i, { pt: 3 }], [/ç/i, { pt: 1, fr: 1 }], [/ß/, { de: 3 }],
  [/[äö]/i, { de: 2 }], [/ü/i, { de: 1.5, es: 0.2 }], [/[èù]/i, { fr: 1, it: 1 }], [/[ìò]/i, { it: 2 }],
  [/[êâôî]/i, { fr: 1.2, pt: 0.8 }], [/[àé]/i, { fr: 0.5, es: 0.3, pt: 0.4, it: 0.4 }], [/[áíóú]/i, { es: 1, pt: 0.8 }],
  [/\b(?:[ldjnmcst]|qu)['’][aeiouhéèêàâîôû]/i, { fr: 2 }], [/\b\w+['’](?:s|t|re|ve|ll|d|m)\b/i, { en: 1 }],
];

// The cues above that can match plain ASCII text are the apostrophe ones ("l'", "don't"). Those
// two run on half of all posts, so they are answered by hand-written matchers that give exactly
// what their regular expressions give (compared in test/scoring/language.test.ts), several times
// faster: both only need to look around each apostrophe.
type Cue = [test: (text: string) => boolean, ls: Partial<Record<L, number>>, needsApostrophe: boolean];
const FR_ELISION = CHARS[CHARS.length - 2]![0], EN_CONTRACTION = CHARS[CHARS.length - 1]![0];
const CHARS_GATED: Cue[] = CHARS.map(([re, ls]): Cue => {
  if (re === FR_ELISION) return [hasFrenchElision, ls, true];
  if (re === EN_CONTRACTION) return [hasEnglishContraction, ls, true];
  return [(text) => re.test(text), ls, /['’]/.test(re.source)];
});

// \w and \b of a regexp without the u flag: ASCII only, also under the i flag.
const isW = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
const lower = (c: number) => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c);

/** Position of the next ' or ’ at or after i (-1: none); `curly`: the text holds a ’ at all. */
function nextApostrophe(text: string, i: number, curly: boolean): number {
  const a = text.indexOf("'", i);
  if (!curly) return a;
  const b = text.indexOf('’', i);
  return b >= 0 && (a < 0 || b < a) ? b : a;
}

/** /\b\w+['’](?:s|t|re|ve|ll|d|m)\b/i.test(text): a word character, an apostrophe, then one of the endings as a whole word. */
export function hasEnglishContraction(text: string): boolean {
  const curly = text.indexOf('’') >= 0;
  for (let p = nextApostrophe(text, 1, curly); p >= 0; p = nextApostrophe(text, p + 1, curly)) {
    if (!isW(text.charCodeAt(p - 1))) continue;
    // One of the endings, then no word character (or the end of the text).
    const a = lower(text.charCodeAt(p + 1));
    if ((a === 0x73 || a === 0x74 || a === 0x64 || a === 0x6d) && !isW(text.charCodeAt(p + 2))) return true; // s t d m
    const b = lower(text.charCodeAt(p + 2));
    if ((((a === 0x72 || a === 0x76) && b === 0x65) || (a === 0x6c && b === 0x6c)) && !isW(text.charCodeAt(p + 3))) return true; // re ve ll
  }
  return false;
}

const ELIDED = new Set([...'ldjnmcst'].map((c) => c.charCodeAt(0)));
const ELISION_NEXT = new Set([...'aeiouhéèêàâîôûAEIOUHÉÈÊÀÂÎÔÛ'].map((c) => c.charCodeAt(0)));
/** /\b(?:[ldjnmcst]|qu)['’][aeiouhéèêàâîôû]/i.test(text): "l'eau", "qu'il", "j'ai". */
export function hasFrenchElision(text: string): boolean {
  const curly = text.indexOf('’') >= 0;
  for (let p = nextApostrophe(text, 1, curly); p >= 0; p = nextApostrophe(text, p + 1, curly)) {
    if (!ELISION_NEXT.has(text.charCodeAt(p + 1))) continue;
    if (ELIDED.has(lower(text.charCodeAt(p - 1))) && (p === 1 || !isW(text.charCodeAt(p - 2)))) return true;
    if (p >= 2 && lower(text.charCodeAt(p - 2)) === 0x71 && lower(text.charCodeAt(p - 1)) === 0x75 && (p === 2 || !isW(text.charCodeAt(p - 3)))) return true;
  }
  return false;
}

// Non-Latin scripts: recognised by script alone (we do not score them).
const SCRIPTS: [RegExp, string][] = [
  [/\p{Script=Cyrillic}/gu, 'ru'], [/\p{Script=Greek}/gu, 'el'], [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Hebrew}/gu, 'he'], [/\p{Script=Hangul}/gu, 'ko'], [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'],
  [/\p{Script=Han}/gu, 'zh'], [/\p{Script=Devanagari}/gu, 'hi'], [/\p{Script=Thai}/gu, 'th'],
];

// Suffixes indexed by their last two letters, so each word checks only a few.
const SUFFIX_INDEX = new Map<string, [string, Partial<Record<L, number>>][]>();
// Words are checked by their folded form, so the endings are folded too ("ísimo" → "isimo").
for (const [suf, ls] of SUFFIXES) {
  const e: [string, Partial<Record<L, number>>] = [fold(suf), ls];
  const k = e[0].slice(-2);
  SUFFIX_INDEX.set(k, [...(SUFFIX_INDEX.get(k) ?? []), e]);
}

const TABLE = new Map<string, Float64Array>();
function add(word: string, lang: L, w: number): void {
  let v = TABLE.get(word);
  if (!v) TABLE.set(word, (v = new Float64Array(N)));
  v[IDX[lang]] = Math.max(v[IDX[lang]]!, w);
}
for (const lang of LANGS) {
  for (const w of WORDS[lang].split(/\s+/)) {
    if (!w) continue;
    const lower = w.toLowerCase();
    add(fold(lower), lang, 1);
    // The accented spelling is stronger evidence than its folded form ("más" is Spanish, "mas" is not only).
    if (lower !== fold(lower)) add(lower, lang, 1);
  }
}
// Sentiment words are good evidence too (weaker than function words).
for (const w of EN_LEXICON.words.keys()) if (!TABLE.has(w)) add(w, 'en', 0.6);
for (const w of ES_LEXICON.words.keys()) { const v = TABLE.get(w); if (!v || v[IDX.es] === 0) add(w, 'es', 0.6); }
// A word shared by k languages is weaker evidence for each of them.
for (const v of TABLE.values()) {
  let k = 0;
  for (let i = 0; i < N; i++) if (v[i]! > 0) k++;
  if (k > 1) for (let i = 0; i < N; i++) v[i] = v[i]! / k;
}

// Per-word evidence (word table + endings) is one of few distinct vectors (the table's weights,
// plus ending bonuses), so each distinct vector is stored once, as a row of one shared table, and
// a word keeps only its row number: reading a word's evidence touches a small, hot table and no
// per-word object. The set of rows is finite (the word table and the endings are), so it needs no
// bound; the Map from spellings for tokens without a word record is bounded.
let ROWS = new Float64Array(N * 64);
let rowCount = 0;
const rowOf = new Map<string, number>();
function internRow(v: Float64Array): number {
  const key = v.join(',');
  let r = rowOf.get(key);
  if (r === undefined) {
    if ((rowCount + 1) * N > ROWS.length) { const g = new Float64Array(ROWS.length * 2); g.set(ROWS); ROWS = g; }
    ROWS.set(v, rowCount * N);
    rowOf.set(key, (r = rowCount++));
  }
  return r;
}

/** The evidence row of a word (-1: no evidence). */
function evidenceRow(norm: string): number {
  const f = fold(norm);
  const base = TABLE.get(norm) ?? TABLE.get(f);
  let v: Float64Array | null = base ? Float64Array.from(base) : null;
  if (f.length >= 5) {
    for (const [suf, ls] of SUFFIX_INDEX.get(f.slice(-2)) ?? []) {
      if (!f.endsWith(suf)) continue;
      v ??= new Float64Array(N);
      for (const l in ls) v[IDX[l as L]]! += ls[l as L]! * 0.5;
    }
  }
  return v ? internRow(v) : -1;
}

const EVIDENCE_CACHE_MAX = 200_000;
const evidenceCache = new Map<string, number>();
/** A word token's evidence row, kept on its word record (no probe) when it has one. */
function tokenRow(t: Token): number {
  const rec = t.rec;
  if (rec) {
    let r = rec.langRow;
    if (r === -2) rec.langRow = r = evidenceRow(rec.norm);
    return r;
  }
  let r = evidenceCache.get(t.norm);
  if (r === undefined) {
    if (evidenceCache.size >= EVIDENCE_CACHE_MAX) evidenceCache.clear();
    evidenceCache.set(t.norm, (r = evidenceRow(t.norm)));
  }
  return r;
}

/** Evidence below this (one distinctive word) gives 'und'. */
const MIN_EVIDENCE = 0.95;
const NON_ASCII = /[^\0-\x7f]/;
const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * Detects the language of `text`. Pure, never throws. `hint` (e.g. a source's language) breaks
 * ties. `preferred` (a brand's languages) settles a short post the evidence leaves undecided
 * ("no está mal": Spanish or Portuguese) when one of them has evidence of its own and no other
 * language has clearly more; it never overrides a clear answer.
 */
export function detectLanguage(text: string, hint?: string, prepared?: PreparedText, preferred?: readonly string[]): LanguageGuess {
  const p = prepared ?? prepare(text);
  return detectLanguageTokens(p.tokens, p.text, hint, preferred);
}

/** Same as detectLanguage on already tokenized text (the scoring pipeline tokenizes once). */
export function detectLanguageTokens(tokens: readonly Token[], text: string, hint?: string, preferred?: readonly string[]): LanguageGuess {
  const h = normaliseHint(hint);
  const score = new Float64Array(N);
  let words = 0;
  for (const t of tokens) {
    if (t.kind !== 'word' && t.kind !== 'hashtag') continue;
    words++;
    if (t.kind === 'hashtag') continue;
    const r = tokenRow(t);
    if (r >= 0) for (let i = 0, o = r * N; i < N; i++) score[i]! += ROWS[o + i]!;
  }
  if (words === 0) return { lang: h && !isLatin(h) ? h : 'und', confidence: 0 };
  // Every character cue needs a non-ASCII letter or an apostrophe: plain ASCII text skips them all.
  // (A regexp test and indexOf are 3× cheaper than a character loop here.)
  const nonAscii = NON_ASCII.test(text);
  const apostrophe = text.indexOf("'") >= 0 || (nonAscii && text.indexOf('’') >= 0);
  // Non-Latin scripts decide by themselves when they dominate the letters.
  if (nonAscii && NON_LATIN.test(text)) {
    let best = '', bestN = 0;
    for (const [re, code] of SCRIPTS) {
      const n = text.match(re)?.length ?? 0;
      if (n > bestN) { best = code; bestN = n; }
    }
    // Letters of words and hashtags, counted only here (reading each spelling costs a cache miss).
    let letters = 0;
    if (best) for (const t of tokens) if (t.kind === 'word' || t.kind === 'hashtag') letters += t.norm.length;
    if (best && bestN * 2 >= letters) return { lang: best === 'zh' && /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text) ? 'ja' : best, confidence: Math.min(1, 0.5 + bestN / 20) };
  }
  for (const [test, ls, needsApostrophe] of CHARS_GATED) {
    if (!(needsApostrophe ? apostrophe : nonAscii) || !test(text)) continue;
    for (const l in ls) score[IDX[l as L]]! += ls[l as L]!;
  }
  if (h && (LANGS as readonly string[]).includes(h)) score[IDX[h as L]]! += 0.5;
  let bi = 0;
  for (let i = 1; i < N; i++) if (score[i]! > score[bi]!) bi = i;
  let second = 0;
  for (let i = 0; i < N; i++) if (i !== bi && score[i]! > second) second = score[i]!;
  const best = score[bi]!;
  if (best < MIN_EVIDENCE || best - second < 0.3) {
    if (h) return { lang: h, confidence: 0.3 };
    const p = preferred ? preferredOf(score, preferred) : -1;
    if (p >= 0) return { lang: LANGS[p]!, confidence: 0.3 };
    return { lang: 'und', confidence: round(Math.min(0.3, best / 10)) };
  }
  // Margin over the runner-up and total evidence both raise confidence.
  const margin = (best - second) / best;
  const amount = 1 - Math.exp(-best / 3);
  return { lang: LANGS[bi]!, confidence: round(Math.max(0.05, Math.min(1, margin * 0.6 + amount * 0.4))) };
}

/** Evidence a preferred language needs of its own to settle an undecided post (half a distinctive word). */
const MIN_PREFERRED = 0.5;

/**
 * The preferred language (index) an undecided post goes to: the one with the most evidence among
 * `preferred`, with at least MIN_PREFERRED, 0.3 more than any other preferred one, and none of
 * the others 0.3 or more above it; -1 when there is none.
 */
function preferredOf(score: Float64Array, preferred: readonly string[]): number {
  let p = -1;
  for (let i = 0; i < N; i++) if (preferred.includes(LANGS[i]!) && (p < 0 || score[i]! > score[p]!)) p = i;
  if (p < 0 || score[p]! < MIN_PREFERRED) return -1;
  for (let i = 0; i < N; i++) {
    if (i === p) continue;
    const gap = score[p]! - score[i]!;
    if (preferred.includes(LANGS[i]!) ? gap < 0.3 : gap <= -0.3) return -1;
  }
  return p;
}

function normaliseHint(hint?: string): string | undefined {
  if (typeof hint !== 'string' || !hint) return undefined;
  const h = hint.toLowerCase().split(/[-_]/)[0]!;
  return /^[a-z]{2,3}$/.test(h) ? h : undefined;
}
function isLatin(code: string): boolean {
  return (LANGS as readonly string[]).includes(code);
}
const round = (x: number) => Math.round(x * 1000) / 1000;
