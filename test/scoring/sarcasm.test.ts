import { describe, expect, it } from 'vitest';
import { sarcasmIn } from '../../src/scoring/sarcasm.js';
import { scoreSentiment } from '../../src/scoring/sentiment.js';

const social = (text: string) => scoreSentiment({ text, kind: 'social' });

describe('sarcasm: praise for a bad situation reads as the complaint it is', () => {
  it('turns praise about a price rise, a wait, a cancellation or a repeat failure into a complaint, and says why', () => {
    for (const text of [
      'Oh great, another price hike. Love that for us.',
      'wow love paying more for less',
      'Customer service at its finest. 2 hours on hold.',
      'Translink drove straight past a full stop. 20 more minutes in the rain, brilliant',
      'Me encanta esperar 40 minutos en la línea de atención, de verdad',
      'Genial, otra subida de precio. Gracias Movistar',
      'qué maravilla, tercera vez que me cancelan el pedido',
      'Gracias Naturgy por la factura de 240€ en un piso de 50m2, todo un detalle 🙃',
    ]) {
      const r = social(text);
      expect(r.label, text).toBe('negative');
      expect(r.reasons.join('\n'), text).toMatch(/^sarcasm: praise for a bad situation \(".+"\), read as a complaint$/m);
    }
  });
  it('leaves sincere praise alone, a wait or a thank-you included', () => {
    for (const text of [
      'Amazing food, we waited 10 minutes for a table',
      'Great service, waited only 5 minutes',
      'Delivered in 2 days, brilliant',
      'room was small but spotless, they let us check in early. cheers lads',
      'Love that they finally added dark mode',
      'Genial, me llegó antes de lo previsto',
    ]) {
      const r = social(text);
      expect(r.label, text).toBe('positive');
      expect(r.reasons.join('\n'), text).not.toMatch(/sarcasm/);
    }
  });
  it('looks for each form only when the lexicon found the praise it is built on', () => {
    const none = { verb: false, interjection: false, trailing: false, irony: null, situation: false };
    expect(sarcasmIn('Love waiting on hold for an hour', { ...none, verb: true })).toBe('love waiting');
    expect(sarcasmIn('Love waiting on hold for an hour', none)).toBeNull();
    expect(sarcasmIn('Great, another price hike', { ...none, interjection: true, situation: true })).toBe('great … another price hike');
    expect(sarcasmIn('Great, another price hike', { ...none, interjection: true })).toBeNull();
    expect(sarcasmIn('Great, another day at the beach', { ...none, interjection: true, situation: true })).toBeNull();
    expect(sarcasmIn('Me encanta pagar más por menos', { ...none, verb: true })).toBe('me encanta pagar');
    expect(sarcasmIn('the bus never came, brilliant', { ...none, trailing: true })).toBe('brilliant');
    expect(sarcasmIn('the bus never came, brilliant', none)).toBeNull();
    expect(sarcasmIn('', none)).toBeNull();
  });
});
