import { describe, expect, it, afterEach } from 'vitest';
import { scoreSentiment, setSentimentModel, textProbabilities } from '../../src/scoring/sentiment.js';
import { loadSentimentModel, modelLoadMs, type SentimentModel } from '../../src/scoring/sentiment-model.js';
import { classReport } from '../../src/scoring/training/common.js';
import { ownSet } from '../../src/scoring/training/eval-sentiment.js';
import type { SentimentScore } from '../../src/core/types.js';

const s = (text: string, extra: Partial<Parameters<typeof scoreSentiment>[0]> = {}) => scoreSentiment({ text, ...extra });
/** Macro-F1 of the pipeline on a test half of our own sets in `lang` (never tuned on), each row read as its kind (tweets as social posts). */
function testHalfMacroF1(lang: 'en' | 'es', half: 'sentiment-2.tsv test' | 'tweets.tsv test' | 'mentions-3.tsv test' = 'sentiment-2.tsv test'): number {
  const set = ownSet(lang, half);
  expect(set.length).toBe(half === 'sentiment-2.tsv test' ? 210 : 200);
  const pred = set.map((r) => scoreSentiment({ text: r.text, kind: r.kind === 'review' ? 'review' : 'social' }).label);
  return classReport(set.map((r) => r.label), pred, ['negative', 'neutral', 'positive']).macroF1;
}
function sane(r: SentimentScore) {
  expect(Number.isFinite(r.score)).toBe(true);
  expect(r.score).toBeGreaterThanOrEqual(-1);
  expect(r.score).toBeLessThanOrEqual(1);
  expect(Number.isFinite(r.confidence)).toBe(true);
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  expect(['negative', 'neutral', 'positive']).toContain(r.label);
  expect(Array.isArray(r.reasons)).toBe(true);
}

describe('scoreSentiment: English', () => {
  it('negation flips a positive word and says so', () => {
    const pos = s('This product is great');
    const neg = s('This product is not great');
    expect(pos.label).toBe('positive');
    expect(neg.score).toBeLessThan(pos.score);
    expect(neg.reasons.join('\n')).toContain('"not great" (negated positive)');
  });
  it('never again is negative', () => {
    const r = s('Never again. Ordered twice, both times wrong.');
    expect(r.label).toBe('negative');
  });
  it('understatement, comparatives that look negated and laughing slang: "not bad at all", "couldn\'t be happier", "I\'m dead 😂"', () => {
    for (const kind of ['review', 'social'] as const) {
      for (const t of ['Not bad at all.', "Couldn't be happier with my order", "couldn't be better", 'Never been happier with a phone', 'Exceeded my expectations', '10/10 would buy again', 'they absolutely killed it with this launch', "I'm dead 💀 this ad is hilarious", 'I’m dead 😂 this ad']) {
        expect(s(t, { kind }).label, `${kind}: ${t}`).toBe('positive');
      }
      expect(s("Never ordering from them again", { kind }).label).toBe('negative');
    }
    // In the lexicon's reasons, the phrase itself, not a negated "bad" or "better".
    expect(s("couldn't be better").reasons[0]).toBe('"couldn\'t be better" (positive)');
    // A launch ("the new drop") is no bad news.
    expect(s('lowkey obsessed with the new drop', { kind: 'social' }).label).toBe('positive');
  });
  it('"sick" as praise in its slang phrases, and as a complaint everywhere else', () => {
    for (const t of ['This is sick 🔥🔥', 'that new colorway looks sick', 'sick drop from Nike today']) expect(s(t, { kind: 'social' }).label, t).toBe('positive');
    for (const t of ["I'm so sick of their emails", 'I got sick after eating there', 'this place makes me sick']) expect(s(t, { kind: 'social' }).label, t).toBe('negative');
    // The phrase's reason, not a negative "sick".
    expect(s('This is sick 🔥🔥').reasons[0]).toBe('"This is sick" (positive)');
  });
  it('intensifiers and diminishers change the strength', () => {
    const very = s('The service was very bad', { lang: 'en' });
    const slightly = s('The service was slightly bad', { lang: 'en' });
    expect(very.score).toBeLessThan(slightly.score);
  });
  it('sarcasm markers read negative: "so much for", "what a joke", "yeah right"', () => {
    for (const t of ['so much for cruelty-free', 'what a joke', 'yeah right, natural ingredients']) {
      expect(s(t, { lang: 'en', kind: 'social' }).label, t).toBe('negative');
    }
  });
  it('"kind of" softens; a lexicon phrase worth 0 is no evidence of either side', () => {
    // AFINN lists "kind of" and "some kind" at 0 only so that "kind" does not score on its own.
    const r = s('It is kind of nice', { lang: 'en' });
    expect(r.reasons).toContain('"kind of nice" (softened positive)');
    expect(r.reasons.join('\n')).not.toContain('"kind of" (negative)');
    expect(s('some kind of serum', { lang: 'en' }).reasons).toContain('no sentiment words found');
  });
  it('contrast: the clause after "but" decides', () => {
    const r = s('The packaging looked nice but the cream is awful and broke me out');
    expect(r.label).toBe('negative');
    expect(r.reasons.join('\n')).toContain('contrast "but"');
  });
  it('emoji, emoticons and hashtags carry sentiment', () => {
    expect(s('new release today 😡😡').label).toBe('negative');
    expect(s('new release today 😍').label).toBe('positive');
    expect(s('my order :(').score).toBeLessThan(s('my order :)').score);
    expect(s('Delivery day again #fail').label).toBe('negative');
    expect(s('Delivery day again #fail').reasons.join('\n')).toContain('#fail');
  });
  it('elongation and CAPS emphasise (lexicon evidence; the model then weighs it)', () => {
    const lex = (t: string) => textProbabilities({ text: t, lang: 'en' }).lex.score;
    expect(lex('sooo bad')).toBeLessThan(lex('so bad'));
    expect(lex('baaaad')).toBeLessThan(0);
    expect(s('sooo bad').label).toBe('negative');
    expect(s('sooo bad').reasons.join('\n')).toContain('"sooo bad" (intensified negative)');
    expect(lex('the staff were RUDE')).toBeLessThan(lex('the staff were rude'));
  });
  it('fuses a star rating and names it', () => {
    const text = 'It arrived on Tuesday.';
    const one = s(text, { rating: { normalized: 0, value: 1, best: 5 } });
    const five = s(text, { rating: { normalized: 1 } });
    expect(one.label).toBe('negative');
    expect(one.reasons).toContain('rating 1/5');
    expect(five.label).toBe('positive');
    expect(five.reasons).toContain('rating 5/5');
    // The text's own reading stays beside the fused score; no stars, no textScore.
    expect(five.textScore).toBe(s(text).score);
    expect(s(text).textScore).toBeUndefined();
  });
  it('uses the title', () => {
    expect(s('It came on Tuesday.', { title: 'Absolutely terrible' }).label).toBe('negative');
  });
});

describe('scoreSentiment: Spanish', () => {
  it('negation scope: "no me gustó nada"', () => {
    const r = s('No me gustó nada');
    expect(r.label).toBe('negative');
    expect(r.reasons.join('\n')).toMatch(/negated positive/);
  });
  it('everyday Spanish: "una pasada", "me quedo corta", "cero recomendable", "malísimo"', () => {
    for (const [text, label] of [
      ['una pasada', 'positive'], ['me quedo corta', 'positive'], ['cero recomendable', 'negative'],
      ['cero quejas, todo perfecto', 'positive'], ['malísimo, un timo', 'negative'],
      ['los tacos de canasta valen la pena la espera', 'positive'],
      ['Me intoxiqué después de comer aquí, eviten este lugar', 'negative'],
      ['Lumina me manda 5 correos al día, ya basta', 'negative'],
      // Social-media Spanish: insults, affection, laughter, and "es de risa" (laughable) is no laughter.
      ['qué gilipollas el que atiende', 'negative'], ['te quiero mucho, un abrazo', 'positive'],
      ['Lo de Glovo ya es de risa: me cobraron el pedido y nunca llegó', 'negative'],
      // "si" (if) is no "sí" (yes): no feeling in a plain question; "no hay nada peor que" is a complaint.
      ['Alguien sabe si mañana abre el banco?', 'neutral'],
      ['No hay nada peor que el metro a las 8 de la mañana', 'negative'],
      // A purpose is no warning ("para evitar el tráfico"); a repeat purchase is praise.
      ['El chofer se sabía un atajo para evitar el tráfico. Auto impecable, lo vuelvo a usar.', 'positive'],
    ] as const) expect(s(text, { lang: 'es' }).label, text).toBe(label);
  });
  it('"nunca más" is negative', () => {
    expect(s('Nunca más compro aquí').label).toBe('negative');
  });
  it('intensifiers: "muy" vs "un poco"', () => {
    expect(s('El envío fue muy lento', { lang: 'es' }).score).toBeLessThan(s('El envío fue un poco lento', { lang: 'es' }).score);
  });
  it('contrast: "pero" and "sin embargo"', () => {
    expect(s('Bonito diseño, pero se rompió y es una porquería').label).toBe('negative');
    expect(s('Tardó en llegar, sin embargo la calidad es excelente').label).toBe('positive');
  });
  it('emoji and hashtags', () => {
    expect(s('Otra vez sin stock 😡 #verguenza').label).toBe('negative');
    expect(s('Qué maravilla lo nuevo de @marca 😍').label).toBe('positive');
  });
  it('elongation: "buenísimoooo"', () => {
    expect(s('buenooooo 😋').label).toBe('positive');
  });
  it('rating fusion in Spanish', () => {
    const r = s('Llegó el martes.', { rating: { normalized: 0.25, value: 2, best: 5 } });
    expect(r.reasons).toContain('rating 2/5');
    expect(r.score).toBeLessThan(0);
  });
});

describe('scoreSentiment: other languages and bad input', () => {
  it('scores French with natural\'s lexicon, at lower confidence, never as English', () => {
    const r = s('Ce produit est vraiment mauvais');
    expect(r.label).toBe('negative');
    expect(r.reasons.join('\n')).toMatch(/language 'fr'/);
    expect(r.confidence).toBeLessThan(0.8);
  });
  it('scores Dutch with natural\'s Dutch lexicon, negation included, not as German', () => {
    const good = s('Het product is echt heel goed, snelle levering!');
    expect(good.label).toBe('positive');
    expect(good.reasons.join('\n')).toMatch(/language 'nl': natural Dutch lexicon/);
    const bad = s('Slechte kwaliteit, ik ben niet tevreden');
    expect(bad.label).toBe('negative');
    expect(bad.reasons).toContain('"niet tevreden" (negated positive)');
    expect(bad.confidence).toBeLessThan(0.8);
  });
  it('unscored scripts use emoji only, with low confidence', () => {
    const r = s('Это ужасно 😡');
    expect(r.label).toBe('negative');
    expect(r.confidence).toBeLessThan(0.4);
    expect(r.reasons.join('\n')).toMatch(/not scored by words/);
  });
  it('empty text → neutral, confidence 0', () => {
    for (const t of ['', '   ', '\n\t']) {
      const r = s(t);
      sane(r);
      expect(r).toMatchObject({ score: 0, label: 'neutral', confidence: 0 });
    }
  });
  it('only emoji → scored from the emoji', () => {
    const r = s('😍😍😍');
    sane(r);
    expect(r.label).toBe('positive');
  });
  it('only URLs → neutral, low confidence', () => {
    const r = s('https://example.com/a https://t.co/xyz');
    sane(r);
    expect(r.label).toBe('neutral');
    expect(r.confidence).toBeLessThan(0.5);
  });
  it('1 MB of text stays fast and says it was capped', () => {
    const big = 'The product is good but the delivery was slow. '.repeat(22_000);
    expect(big.length).toBeGreaterThan(1_000_000);
    const t0 = performance.now();
    const r = s(big);
    expect(performance.now() - t0).toBeLessThan(500);
    sane(r);
    expect(r.reasons.join('\n')).toMatch(/scored the first \d+ of \d+ characters/);
  });
  it('lone surrogates and replacement characters', () => {
    const r = s('great \ud83d product \udc00 \ufffd\ufffd');
    sane(r);
    expect(r.label).toBe('positive');
  });
  it('invalid UTF-8 decoded by Node (U+FFFD) does not break scoring', () => {
    const text = Buffer.from([0x74, 0x65, 0x72, 0x72, 0x69, 0x62, 0x6c, 0x65, 0x20, 0xff, 0xfe, 0xc3]).toString('utf8');
    const r = s(text);
    sane(r);
    expect(r.label).toBe('negative');
  });
  it('HTML left in the text is stripped first', () => {
    const r = s('<div class="review"><p>Absolutely <b>terrible</b> quality</p><script>var great = 1;</script></div>');
    sane(r);
    expect(r.label).toBe('negative');
    expect(r.reasons).toContain('HTML tags removed before scoring');
    expect(r.reasons.join('\n')).not.toContain('great');
  });
  it('mixed languages get a defined score', () => {
    const r = s('Me encanta this product, es genial!! best purchase');
    sane(r);
    expect(r.label).toBe('positive');
  });
  it('non-string and malformed input never throws', () => {
    for (const bad of [null, undefined, 42, { text: 5 }, { text: 'ok', rating: { normalized: NaN } }, { text: 'good', rating: { normalized: 7 } }]) {
      const r = scoreSentiment(bad as never);
      sane(r);
    }
  });
});

describe('the shipped model', () => {
  afterEach(() => setSentimentModel(null));
  it('loads in under 1 s and is cached', () => {
    const m = loadSentimentModel();
    expect(m.full.dim).toBeGreaterThan(1000);
    expect(modelLoadMs()).toBeLessThan(1000);
    expect(loadSentimentModel()).toBe(m);
  });
  it('can be replaced by an injected model', () => {
    const m = loadSentimentModel();
    const alwaysNeutral: SentimentModel = {
      full: { ...m.full, bias: [0, 50, 0], w: new Float32Array(m.full.w.length) },
      lexOnly: { bias: [0, 50, 0], lex: m.lexOnly.lex.map((r) => r.map(() => 0)) },
      meta: {},
    };
    setSentimentModel(alwaysNeutral);
    expect(s('I love it, amazing!').label).toBe('neutral');
    setSentimentModel(null);
    expect(s('I love it, amazing!').label).toBe('positive');
  });
  it('reaches the aim (0.58) on the Spanish test half a helper wrote and nobody tuned on (0.61 with the lexicon features head, 0.81 with words trained on our mentions)', () => {
    expect(testHalfMacroF1('es')).toBeGreaterThanOrEqual(0.76);
  });
  it('reaches it on Spanish tweets on general topics too, the test half of a fourth helper\'s set (0.71 before the words head, 0.85 with it)', () => {
    expect(testHalfMacroF1('es', 'tweets.tsv test')).toBeGreaterThanOrEqual(0.80);
  });
  it('reads English brand mentions by other writers than its training mentions\' (test halves: 0.66 and 0.52 before the training mentions, 0.79 and 0.68 with them)', () => {
    expect(testHalfMacroF1('en')).toBeGreaterThanOrEqual(0.75);
    expect(testHalfMacroF1('en', 'mentions-3.tsv test')).toBeGreaterThanOrEqual(0.64);
  });
  it('reads Spanish with the words it learned, and falls back to the lexicon features head for a model without them', () => {
    const r = s('El envío fue un poco lento', { lang: 'es' });
    expect(r.reasons.at(-1)).toMatch(/^model \(es, words \+ lexicon\)/);
    expect(loadSentimentModel().meta.wordLangs).toEqual(['en', 'es']);
    const m = loadSentimentModel();
    setSentimentModel({ ...m, meta: { ...m.meta, wordLangs: undefined } });
    expect(s('El envío fue un poco lento', { lang: 'es' }).reasons.at(-1)).toMatch(/^model \(es, lexicon features\)/);
    expect(s('The delivery was a bit slow', { lang: 'en' }).reasons.at(-1)).toMatch(/^model \(en, words/);
  });
  it('an intensifier gives strength, not sentiment of its own: "muy lento" is worse than "un poco lento"', () => {
    for (const [strong, mild] of [['El envío fue muy lento', 'El envío fue un poco lento'], ['es muy caro', 'es un poco caro'], ['The delivery was very slow', 'The delivery was a bit slow']]) {
      expect(s(strong!).score, strong).toBeLessThan(s(mild!).score);
      expect(s(mild!).label, mild).toBe('negative');
    }
  });
  it('a score written into the text counts as the author\'s rating, and says so; dates and counts do not', () => {
    const r = scoreSentiment({ text: '2/5. The jacket fell apart in a month', kind: 'review' });
    expect(r.label).toBe('negative');
    expect(r.reasons[0]).toBe('rating 2/5, in the text');
    expect(scoreSentiment({ text: 'I give it 4 out of 5', kind: 'review' }).reasons[0]).toBe('rating 4/5, in the text');
    expect(scoreSentiment({ text: 'Nota: 9 sobre 10, repetiré', kind: 'review' }).reasons[0]).toBe('rating 9/10, in the text');
    for (const t of ['Nos vemos el 3/5/2024 en la tienda', 'Open 24/7', 'half 1/2 price', 'llegaron 3 de 5 paquetes', 'abre de 5 a 10']) {
      expect(scoreSentiment({ text: t, kind: 'review' }).reasons.join(' '), t).not.toContain('in the text');
    }
    // A structured rating wins over one in the text.
    expect(scoreSentiment({ text: '2/5 at first, now I love it', rating: { value: 5, best: 5, normalized: 1 } }).reasons[0]).toBe('rating 5/5');
  });
  it('every lexicon phrase is one the analyser can match (2 or 3 words)', async () => {
    const { EN_LEXICON } = await import('../../src/scoring/lexicon/en.js');
    const { ES_LEXICON } = await import('../../src/scoring/lexicon/es.js');
    const long = [...EN_LEXICON.phrases.keys(), ...ES_LEXICON.phrases.keys()].filter((k) => k.split(' ').length > 3);
    expect(long).toEqual([]);
    expect(scoreSentiment({ text: 'La freidora se pela al tercer mes, no vale lo que cuesta', lang: 'es', kind: 'social' }).label).toBe('negative');
  });
  it('a comparison is no denial: "never looked this good", "nunca estuvo tan bien"; "not gonna lie" negates nothing', () => {
    expect(scoreSentiment({ text: 'my skin has never looked this good, thanks @luminaskin', kind: 'social' }).label).toBe('positive');
    expect(scoreSentiment({ text: 'Not gonna lie the Lumina cleanser slaps', kind: 'social' }).label).toBe('positive');
    expect(scoreSentiment({ text: 'Mi piel nunca estuvo tan bien, gracias Lumina', lang: 'es', kind: 'social' }).label).toBe('positive');
    // A plain denial still is one.
    expect(scoreSentiment({ text: 'it never looked good on me', kind: 'social' }).label).toBe('negative');
  });
  it('reads English brand-mention slang and verdicts: an L, "is a joke", "actually fire", painless, ghosted; "not sponsored" denies nothing', () => {
    const label = (text: string, kind: 'social' | 'review' = 'social') => scoreSentiment({ text, kind }).label;
    expect(label('EE signal in central Manchester is a joke')).toBe('negative');
    // The lexicon reads the L (the reason says so); the model, which has seen few, may still call it neutral.
    expect(scoreSentiment({ text: 'Southwest ending open seating is the biggest L of the year', kind: 'social' }).reasons[0]).toBe('"biggest L" (negative)');
    expect(label('the new burger is actually fire')).toBe('positive');
    expect(label('The return was painless', 'review')).toBe('positive');
    expect(label('Host ghosted us for four days', 'review')).toBe('negative');
    expect(label('Not sponsored, just facts: this mascara is the best')).toBe('positive');
  });
  it('reaches the aim (0.65) on the English test half a helper wrote and nobody tuned on (measured 0.656)', () => {
    expect(testHalfMacroF1('en')).toBeGreaterThanOrEqual(0.65);
  });
  it('reads Spanish verdicts that carry no sentiment word, double negatives and superlatives', () => {
    const label = (text: string) => scoreSentiment({ text, lang: 'es', kind: 'social' }).label;
    expect(label('No está nada mal para el precio')).toBe('positive');
    expect(label('Recomendadísimo, rapidísimo el envío')).toBe('positive');
    expect(label('Ni bien ni mal, normal')).toBe('neutral');
    expect(label('Ni mejor ni peor que el anterior')).toBe('neutral');
    expect(label('Llevo tres semanas y nadie me contesta')).toBe('negative');
    expect(label('Bonito, pero esperaba más')).toBe('negative');
    expect(label('No repetiría, la verdad')).toBe('negative');
    expect(label('El móvil llegó como nuevo')).toBe('positive');
    // Regional slang and verdicts: Colombia, Chile, Mexico, Argentina, Spain.
    expect(label('Una chimba Nequi, mandé la plata en 2 segundos')).toBe('positive');
    expect(label('El nuevo local de Doggis es la raja')).toBe('positive');
    expect(label('Aerolíneas es del orto, 6 horas de demora')).toBe('negative');
    expect(label('SURA me negó la autorización por tercera vez')).toBe('negative');
    expect(label('Yape caído justo cuando tenía que pagar. Gracias por nada.')).toBe('negative');
    expect(label('Tercera cena en Foster\'s este año. Repetiremos.')).toBe('positive');
  });
  it('reaches a sane macro-F1 on our Spanish set (written by us; measured 0.83)', () => {
    const es = ownSet('es', 'sentiment.tsv');
    expect(es.length).toBeGreaterThanOrEqual(150);
    const gold = es.map((r) => r.label);
    const pred = es.map((r) => scoreSentiment({ text: r.text }).label);
    const { macroF1 } = classReport(gold, pred, ['negative', 'neutral', 'positive']);
    expect(macroF1).toBeGreaterThan(0.72);
  });
});
