import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMentions, MENTIONS_DIR } from '../../src/scoring/training/train-sentiment.js';
import { readTsv } from '../../src/scoring/training/common.js';

const dirs: string[] = [];
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tl-mentions-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('training mentions', () => {
  it('ships 3,500 labelled mentions, English and Spanish, none of them a text of an evaluation set', () => {
    const rows = loadMentions();
    expect(rows).toHaveLength(3500);
    expect(rows.filter((r) => r.lang === 'en')).toHaveLength(2000);
    expect(rows.filter((r) => r.lang === 'es').every((r) => r.source === 'mentions-es')).toBe(true);
    for (const y of [0, 1, 2]) expect(rows.filter((r) => r.y === y).length).toBeGreaterThan(800);
    expect(readdirSync(MENTIONS_DIR)).toContain('README.md');
    const evaluation = new Set<string>();
    for (const lang of ['en', 'es']) {
      const dir = fileURLToPath(new URL(`../fixtures/${lang}/`, import.meta.url));
      // Sets of real reviews name their texts by row in ../shared/data (real-reviews-sentiment.tsv): no text here.
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.tsv'))) for (const r of readTsv(join(dir, f))) if (r.text !== undefined) evaluation.add(r.text.trim().toLowerCase());
    }
    expect(evaluation.size).toBeGreaterThan(1800);
    expect(rows.filter((r) => evaluation.has(r.text.trim().toLowerCase())).map((r) => r.text)).toEqual([]);
  });
  it('reads each file in the language its name gives, with that language\'s lexicon', () => {
    const dir = dirWith({ 'es-x.tsv': '# note\nlabel\tkind\ttext\nneg\tsocial\tno me gustó nada\n', 'en-x.tsv': 'label\tkind\ttext\npos\treview\tnot bad at all\n', 'notes.txt': 'skipped' });
    const rows = loadMentions(1 << 18, dir);
    expect(rows.map((r) => [r.lang, r.source, r.y])).toEqual([['en', 'mentions-en', 2], ['es', 'mentions-es', 0]]);
    // "no me gustó nada": the Spanish negation, so the negated count feature is set.
    expect(rows[1]!.lex.some((x) => x !== 0)).toBe(true);
  });
  it('a row without a known label or a text is a clear error, not a silent skip', () => {
    expect(() => loadMentions(1 << 18, dirWith({ 'en-bad.tsv': 'label\tkind\ttext\ngood\tsocial\tnice one\n' }))).toThrow(/en-bad\.tsv: a row without a pos\/neu\/neg label/);
    expect(() => loadMentions(1 << 18, dirWith({ 'es-bad.tsv': 'label\tkind\ttext\npos\tsocial\n' }))).toThrow(/es-bad\.tsv/);
  });
});
