import { describe, expect, it } from 'vitest';
import { sarcasmIn } from '../../src/scoring/sarcasm.js';
import { prepare } from '../../src/scoring/sentiment-prep.js';
import { analyzeLexicon, languagePack } from '../../src/scoring/sentiment-lexicon.js';
import { detectLanguage } from '../../src/scoring/language.js';
import { scoreSentiment } from '../../src/scoring/sentiment.js';
import { scoreMention } from '../../src/scoring/score.js';

const social = (text: string) => scoreSentiment({ text, kind: 'social' });

describe('sarcasm: praise for a bad situation reads as the complaint it is', () => {
  it('turns praise about a price rise, a wait, a cancellation or a repeat failure into a complaint, and says why; leaves sincere praise alone, a wait or a thank-you included', () => {
    const sarcastic = true, sincere = false;
    for (const [text, isSarcasm] of [
      ['Oh great, another price hike. Love that for us.', sarcastic],
      ['wow love paying more for less', sarcastic],
      ['Customer service at its finest. 2 hours on hold.', sarcastic],
      ['Translink drove straight past a full stop. 20 more minutes in the rain, brilliant', sarcastic],
      ['Me encanta esperar 40 minutos en la línea de atención, de verdad', sarcastic],
      ['Genial, otra subida de precio. Gracias Movistar', sarcastic],
      ['qué maravilla, tercera vez que me cancelan el pedido', sarcastic],
      ['Gracias Naturgy por la factura de 240€ en un piso de 50m2, todo un detalle 🙃', sarcastic],
      ['Amazing food, we waited 10 minutes for a table', sincere],
      ['Great service, waited only 5 minutes', sincere],
      ['Delivered in 2 days, brilliant', sincere],
      ['room was small but spotless, they let us check in early. cheers lads', sincere],
      ['Love that they finally added dark mode', sincere],
      ['Genial, me llegó antes de lo previsto', sincere],
    ] as const) {
      const r = social(text);
      expect(r.label, text).toBe(isSarcasm ? 'negative' : 'positive');
      const reason = expect(r.reasons.join('\n'), text);
      if (isSarcasm) reason.toMatch(/^sarcasm: praise for a bad situation \(".+"\), read as a complaint$/m);
      else reason.not.toMatch(/sarcasm/);
    }
  });
  it('finds each form around the praise the lexicon found', () => {
    const span = (text: string) => { const p = prepare(text); return sarcasmIn(p.text, analyzeLexicon(p.tokens, languagePack(detectLanguage(p.text).lang)).hits, p.tokens); };
    expect(span('Love waiting on hold for an hour')).toBe('love waiting');
    expect(span('I just love being put on hold')).toBe('love being put');
    expect(span('Me encanta pagar más por menos')).toBe('me encanta pagar');
    expect(span('Love the new colours, paying full price for them')).toBeNull();
    expect(span('I love this serum')).toBeNull();
    expect(span('Oh great, another price hike')).toBe('oh great … another price hike');
    expect(span('Great, another day at the beach')).toBeNull();
    expect(span('The bus never came and the driver was rude, brilliant')).toBe('brilliant');
    expect(span('The driver was rude but the bus was brilliant')).toBeNull();
    expect(span('Foxtel dropped the one channel I watch and kept the price. Cheers Foxtel, great stuff')).toBe('great stuff');
    expect(span('Tiny footprint, great crema')).toBeNull();
    // Praise of a thing said last is no sneer: "… at the same price. Nice touch".
    expect(span('Substituted my item with a better brand, sadly out of stock. Nice touch')).toBeNull();
    expect(span('raising the price again, love that for them')).toBe('love that for them … raising the price');
    expect(span('')).toBeNull();
  });
  it('laughing at a price, with nothing else to praise, is derision; the price aspect reads it too', () => {
    const span = (text: string) => { const p = prepare(text); return sarcasmIn(p.text, analyzeLexicon(p.tokens, languagePack(detectLanguage(p.text).lang)).hits, p.tokens); };
    expect(span('$95 for a candle lol')).toBe('$95 for a candle … lol');
    expect(span('they want $60 for shampoo lmao')).toBe('want $60 … lmao');
    expect(span('imagine paying $200 for a hoodie 😂')).toBe('paying $200 … 😂');
    expect(span('cobran 30€ por un champú jajaja')).toBe('cobran 30€ … jajaja');
    // Called cheap, praised besides the laughter, or no price at all: not derision.
    expect(span('only $5 for this lol')).toBeNull();
    expect(span('paid $30 for the tickets lol worth it, amazing show')).toBeNull();
    expect(span('lol this candle smells amazing')).toBeNull();
    expect(span('this candle lol')).toBeNull();
    for (const text of ['$95 for a candle lol', 'they want $60 for shampoo lmao', 'imagine paying $200 for a hoodie lol']) {
      const r = scoreMention({ kind: 'social', externalId: 'x', text });
      expect(r.scores.sentiment.label, text).toBe('negative');
      expect(r.scores.aspects, text).toEqual([expect.objectContaining({ aspect: 'price', polarity: 'negative' })]);
    }
    // Sincere praise keeps its positive price: the rule turns only a sarcastic mention's praise.
    expect(scoreMention({ kind: 'social', externalId: 'x', text: 'the price is great lol' }).scores.aspects).toEqual([expect.objectContaining({ aspect: 'price', polarity: 'positive' })]);
    // "paying more for less" is a price complaint, and its "less" no ethics ("less plastic").
    expect(scoreMention({ kind: 'social', externalId: 'x', text: 'love paying more for less' }).scores.aspects).toEqual([expect.objectContaining({ aspect: 'price', polarity: 'negative' })]);
  });
});
