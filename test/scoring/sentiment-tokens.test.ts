import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fold, tokenize, tokenizeByRegExp, type Token } from '../../src/scoring/tokens.js';
import { seededRandom } from '../../src/scoring/training/common.js';

// The tokenizer is a hand-written scanner for speed; tokenizeByRegExp is its specification. The
// scanner also attaches shared word records, which the specification has no notion of.
const plain = (ts: Token[]) => ts.map(({ rec: _rec, ...t }) => t);
describe('tokenize (scanner) = tokenizeByRegExp (specification)', () => {
  it('on hand-picked tricky input', () => {
    const cases = [
      'sooo gooood!!! :) :-( <3 (: ):', 'https://t.co/x?a=1&b=2 www.x.es HTTP://no http:/no https:// ', '#love #café_2 #', '@user.name. @ @_',
      '£5 $10.50 €3,5 20% 5k 1.2.3 8) 83 8pm 8-D :D :P :/ :\\ :| :@ :3 ;) =) xD', "don't l'homme rock-n-roll - '", '¡Hola! ¿Qué tal? ...?!',
      '👍🏽 👨‍👩‍👧 ❤️ ©® ‼ 🇪🇸 ☺️', 'e\u0301 \u0301a naïve', '\ud800 lone \udc00 high', 'Ωμέγα Привет 日本語 عربى', '\u00a0nbsp\u2003em\ufeffbom',
      'a‐b a’b a\'\'b', '$ £ € 5€ 5£ 5$ $5k', ':-) :o) :*) :\'( (-: (o; <3<3', 'CAPS and MiXeD', '',
    ];
    for (const t of cases) expect(plain(tokenize(t)), t).toEqual(tokenizeByRegExp(t));
  });
  it('on random strings over an adversarial alphabet', () => {
    const alphabet = [...'ab hw tps:/.#@_:;=8-o*\'()[]dDpP\\|3<>"!?,¡¿£$€%k0123456789é\u0301ñ’\u200d\ufe0f\n\t'].concat(['👍', '🏽', '❤', '😀', '\ud800', '\udc00', 'Ω', '日', ' www.', 'http://', 'https://']);
    const r = seededRandom(42);
    for (let n = 0; n < 3000; n++) {
      let t = '';
      const len = 1 + Math.floor(r() * 30);
      for (let k = 0; k < len; k++) t += alphabet[Math.floor(r() * alphabet.length)];
      expect(plain(tokenize(t)), JSON.stringify(t)).toEqual(tokenizeByRegExp(t));
    }
  });
  it('on our Spanish fixture set', () => {
    const text = readFileSync(resolve(__dirname, '../fixtures/es/sentiment.tsv'), 'utf8');
    for (const line of text.split('\n')) expect(plain(tokenize(line))).toEqual(tokenizeByRegExp(line));
  });
});

describe('word records', () => {
  it('words, hashtags and mentions carry one record per spelling, with their norm and folded form', () => {
    const [a, b, c, d, e] = tokenize('sooo Café sooo #Café @Ana');
    expect(c!.rec).toBe(a!.rec);
    expect(a!.rec!.norm).toBe(a!.norm);
    expect(b!.rec!.folded).toBe('cafe');
    expect(d!.rec!.norm).toBe('#café');
    expect(d!.rec!.folded).toBe(fold('#café'));
    expect(e!.rec!.norm).toBe('@ana');
    // A differently written spelling of the same word has its own record with the same norm.
    expect(tokenize('Sooo')[0]!.rec).not.toBe(a!.rec);
    expect(tokenize('Sooo')[0]!.rec!.norm).toBe(a!.rec!.norm);
  });
  it('other kinds carry none', () => {
    for (const t of tokenize('5€ :) 👍 !! https://x.y')) expect(t.rec, t.kind).toBeUndefined();
  });
});

describe('word record table', () => {
  it('stays bounded and correct past its cap: spellings before and after the reset keep right records', () => {
    const early = tokenize('Zebracorn')[0]!;
    const words: string[] = [];
    for (let k = 0; k < 140_000; k++) words.push(`w${k.toString(36)}x`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!));
    const toks = tokenize(words.join(' '));
    expect(toks).toHaveLength(words.length);
    for (let k = 0; k < toks.length; k += 997) {
      expect(toks[k]!.text).toBe(words[k]);
      expect(toks[k]!.rec!.norm).toBe(words[k]!.toLowerCase());
    }
    expect(early.rec!.norm).toBe('zebracorn');
    const again = tokenize('Zebracorn')[0]!;
    expect(again.text).toBe('Zebracorn');
    expect(again.rec!.folded).toBe('zebracorn');
  });

  it('tells apart spellings that share a hash prefix, a packed form or a length (short, long, accented, wide)', () => {
    // Short spellings (≤ 8 characters below U+0100) are confirmed from packed bytes, others by
    // their characters: every spelling must get its own record, and repeats the same one.
    const spellings = ['a', 'aa', 'ab', 'ba', 'abcd', 'abcde', 'abcdefgh', 'abcdefgi', 'abcdefghi', 'abcdefghj', 'Abcd', 'abcD',
      'café', 'cafe', 'cafè', 'naïveté', 'naïvete', 'Ωμέγα', 'Ωμέγά', "don't", 'don’t', 'don-t', 'x-y', 'x-yz', '#tag', '@tag', 'tag',
      'ÿÿÿÿÿÿÿÿ', 'ÿÿÿÿÿÿÿ', 'ŀŀ', 'ĀĀ', 'zzzzzzzzzzzzzzzzzzzzzz', 'zzzzzzzzzzzzzzzzzzzzzy'];
    const text = [...spellings, ...spellings.slice().reverse()].join(' ');
    const toks = tokenize(text);
    expect(toks.map((t) => t.text)).toEqual([...spellings, ...spellings.slice().reverse()]);
    const byText = new Map<string, Token['rec']>();
    for (const t of toks) {
      expect(t.rec, t.text).toBeDefined();
      expect(t.rec!.norm).toBe(t.norm);
      const seen = byText.get(t.text);
      if (seen) expect(t.rec, t.text).toBe(seen); else byText.set(t.text, t.rec);
    }
    expect(new Set(byText.values()).size).toBe(spellings.length);
  });
});
