// The hard fake-review set (test/fixtures/fake-hard/, hotels, restaurants and apps, EN + ES,
// written for the project): its shape, and that `trustlens eval fake` cross-validates on it to a
// figure that is learnable but not trivially separable.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseLabelledTsv } from '../../src/scoring/classifier-data.js';

const SET = 'test/fixtures/fake-hard/reviews.tsv';
const raw = readFileSync(SET, 'utf8');
const lines = raw.split('\n').filter((l) => l !== '');
const header = lines[0]!.split('\t');
const cells = lines.slice(1).map((l) => l.split('\t'));

describe('hard fake-review set (fake-hard/reviews.tsv)', () => {
  it('has 60 rows per language × label, ratings 1–5, no empty cells and no duplicate texts', () => {
    expect(header).toEqual(['text', 'label', 'rating', 'lang']);
    expect(cells).toHaveLength(240);
    for (const c of cells) {
      expect(c).toHaveLength(4);
      for (const v of c) expect(v.trim()).not.toBe('');
      expect(['fake', 'real']).toContain(c[1]);
      expect(['en', 'es']).toContain(c[3]);
      expect(Number.isInteger(Number(c[2])) && Number(c[2]) >= 1 && Number(c[2]) <= 5, `rating "${c[2]}"`).toBe(true);
    }
    const groups = new Map<string, number>();
    for (const c of cells) groups.set(`${c[3]} ${c[1]}`, (groups.get(`${c[3]} ${c[1]}`) ?? 0) + 1);
    expect(Object.fromEntries(groups)).toEqual({ 'en fake': 60, 'en real': 60, 'es fake': 60, 'es real': 60 });
    const texts = cells.map((c) => c[0]!.trim().toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
    // The parser `train`/`eval` use reads every row (nothing skipped).
    const parsed = parseLabelledTsv(raw);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.rows).toHaveLength(240);
  });

  it('has no length giveaway: both classes have short and long reviews', () => {
    const words = (label: string) => cells.filter((c) => c[1] === label).map((c) => c[0]!.split(/\s+/).length);
    for (const label of ['fake', 'real']) {
      const w = words(label);
      expect(w.filter((n) => n <= 8).length, `${label} reviews of ≤ 8 words`).toBeGreaterThanOrEqual(10);
      expect(w.filter((n) => n >= 35).length, `${label} reviews of ≥ 35 words`).toBeGreaterThanOrEqual(10);
    }
  });

  it('eval fake cross-validates on it: learnable, not trivially separable', () => {
    const out = execFileSync('npx', ['tsx', 'src/cli.ts', 'eval', 'fake', '--data', SET, '--folds', '5', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
    });
    const ev = JSON.parse(out) as { rows: number; folds: number; accuracy: number; auc: number; perFold: unknown[] };
    expect(ev.rows).toBe(240);
    expect(ev.perFold).toHaveLength(5);
    // Measured (seed 42): accuracy 0.738, AUC 0.846; over seeds 1–8 accuracy 0.717–0.796, AUC
    // 0.828–0.877. The lower bounds (0.6 / 0.7) sit well under that and well above chance (0.5):
    // the recipe must still learn something. The upper bounds (0.92 / 0.97) sit well over it
    // and under 1.0: if the recipe or the set changes so that CV separates the classes almost
    // perfectly, this set has stopped being a figure a brand can trust (the easy set,
    // test/fixtures/fake/, cross-validates at 1.0).
    expect(ev.accuracy).toBeGreaterThanOrEqual(0.6);
    expect(ev.accuracy).toBeLessThan(0.92);
    expect(ev.auc).toBeGreaterThanOrEqual(0.7);
    expect(ev.auc).toBeLessThan(0.97);
  });
});
