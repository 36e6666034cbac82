import { describe, expect, it } from 'vitest';
import { PassThrough, Readable } from 'node:stream';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brandFromJson, scoreStream } from '../../src/commands/score.js';
import { loadConfig } from '../../src/core/config.js';
import { openStore } from '../../src/main.js';
import { brandInput, sourceInput } from '../store/factories.js';
import { applyRollups, toMention } from '../../jobs/scrape-source.js';
import { scoreMention } from '../../src/scoring/score.js';

function collect(s: PassThrough): () => string {
  const chunks: string[] = [];
  s.on('data', (c: Buffer) => chunks.push(c.toString()));
  return () => chunks.join('');
}

describe('trustlens score (stream)', () => {
  it('scores each line, reports bad lines with their number and goes on', async () => {
    const input = Readable.from([
      '{"text":"Best hotel ever!!! Amazing!","rating":5}\n',
      'not json\n',
      '{"title":"no text"}\n',
      '{"text":"Loving it, use code SARA20 @luminaskin","kind":"influencer"}\n',
    ]);
    const out = new PassThrough();
    const err = new PassThrough();
    const o = collect(out), e = collect(err);
    const sum = await scoreStream(input, out, err, { brand: brandFromJson({ name: 'Lumina', handles: ['@luminaskin'] }) });
    out.end(); err.end();
    expect(sum).toEqual({ lines: 4, scored: 2, errors: 2 });
    const lines = o().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].scores.fake.likelihood).toBeTypeOf('number');
    expect(lines[0].kind).toBeUndefined(); // input fields are kept as given
    expect(lines[1].flags.undisclosed).toBe(true);
    const errs = e().trim().split('\n').map((l) => JSON.parse(l));
    expect(errs.map((x) => x.line)).toEqual([2, 3]);
    expect(errs[1].error).toMatch(/text/);
  });

  it('memory stays flat over many lines', async () => {
    const n = 20_000;
    let i = 0;
    const input = new Readable({
      read() {
        if (i >= n) return this.push(null);
        i++;
        this.push(JSON.stringify({ text: `Review ${i}: the room ${i % 500} was clean but breakfast ended at ${i % 12} and wifi was slow`, rating: (i % 5) + 1 }) + '\n');
      },
    });
    const out = new PassThrough();
    let bytes = 0;
    out.on('data', (c: Buffer) => { bytes += c.length; });
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 20);
    const sum = await scoreStream(input, out, new PassThrough(), { duplicates: false });
    clearInterval(timer);
    expect(sum.scored).toBe(n);
    expect(bytes).toBeGreaterThan(n * 100);
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
  }, 120_000);
});

describe('trustlens train fake / eval fake (CLI)', () => {
  it('trains a model usable by score --fake-model, and cross-validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-fake-'));
    const model = join(dir, 'model.json');
    const run = (args: string[], input?: string) => execFileSync('npx', ['tsx', 'src/cli.ts', ...args], { input, encoding: 'utf8', env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' } });
    const trained = run(['train', 'fake', '--data', 'test/fixtures/fake/reviews.tsv', '--out', model]);
    expect(trained).toMatch(/trained on 120 reviews \(60 fake, 60 real\)/);
    expect(existsSync(model)).toBe(true);
    const ev = JSON.parse(run(['eval', 'fake', '--data', 'test/fixtures/fake/reviews.tsv', '--folds', '5', '--json']));
    expect(ev.accuracy).toBeGreaterThan(0.85);
    expect(ev.auc).toBeGreaterThan(0.9);
    writeFileSync(join(dir, 'in.jsonl'), '');
    const scored = run(['score', '--fake-model', model], '{"text":"¡El mejor hotel! Increíble, increíble, increíble. ¡Lo recomiendo!","rating":5}\n');
    expect(JSON.parse(scored).scores.fake.reasons.join(' ')).toMatch(/text model \(user:reviews.tsv\)/);
    expect(() => run(['eval', 'fake', '--data', join(dir, 'missing.tsv')])).toThrow();
  }, 120_000);

  it('--brand saves the fake-review or aspect model as the brand\'s own in the configured store (version by version)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-fake-brand-'));
    const env = { ...process.env, DOTENV_CONFIG_QUIET: 'true', TRUSTLENS_DATA_DIR: dir, TRUSTLENS_LOG_LEVEL: 'silent' };
    const run = (args: string[]) => execFileSync('npx', ['tsx', 'src/cli.ts', ...args], { encoding: 'utf8', env, stdio: ['pipe', 'pipe', 'pipe'] });
    const config = loadConfig({ TRUSTLENS_DATA_DIR: dir, TRUSTLENS_LOG_LEVEL: 'silent' });
    let store = await openStore(config);
    const brand = await store.createBrand(brandInput({ name: 'Hotel Alba', webhooks: [] }));
    // Reviews stored before the brand had a model of its own, scored with the shipped one.
    const source = await store.createSource(sourceInput(brand.id));
    const texts = readFileSync('test/fixtures/fake/reviews.tsv', 'utf8').split('\n').slice(1, 13).map((l) => l.split('\t')[0]!);
    const stored = texts.map((text, i) => {
      const raw = { kind: 'review' as const, externalId: `r${i}`, text, publishedAt: '2026-06-01T10:00:00.000Z' };
      const { scores, flags } = scoreMention(raw, { brand });
      return toMention(raw, source, '2026-06-02T00:00:00.000Z', scores, flags);
    });
    await store.upsertMentions(stored, { batch: 'b1' });
    await applyRollups(store, 'b1', stored);
    await store.close();
    const data = ['--data', 'test/fixtures/fake/reviews.tsv'];
    expect(run(['train', 'fake', ...data, '--brand', brand.id])).toMatch(/trained on 120 reviews \(60 fake, 60 real\) in \d+ ms → brand \w+'s own fake model, version 1 \(its stored mentions keep their scores until `trustlens rescore --brand \w+`; with --dry-run it first says what would change\)/);
    // A dry run first says what the saved model would change, and writes nothing (the rescore
    // below then changes all 12).
    const dry = JSON.parse(run(['rescore', '--brand', brand.id, '--dry-run', '--examples', '2']));
    expect(dry).toMatchObject({ dryRun: true, brandId: brand.id, scanned: 12, changed: 12, aspects: {} });
    expect(() => run(['rescore', '--brand', brand.id, '--fake-model', 'test/fixtures/fake/reviews.tsv'])).toThrow(/add --dry-run/);
    expect(() => run(['rescore', '--brand', brand.id, '--dry-run', '--fake-model', 'test/fixtures/fake/reviews.tsv'])).toThrow(/bad fake-review model/);
    expect(() => run(['rescore', '--brand', brand.id, '--dry-run', '--examples', 'many'])).toThrow(/--examples: a whole number/);
    // `trustlens rescore` scores them again with it (embedded mode: here, with a progress bar on
    // stderr, then says what changed on stdout).
    const rescored = spawnSync('npx', ['tsx', 'src/cli.ts', 'rescore', '--brand', brand.id], { encoding: 'utf8', env });
    expect(rescored.status).toBe(0);
    expect(rescored.stderr).toContain(`rescoring ${brand.id} [`);
    expect(rescored.stderr).toMatch(/\] 12\/12 mentions \| changed 12/);
    const summary = JSON.parse(rescored.stdout);
    expect(summary).toMatchObject({ brandId: brand.id, scanned: 12, changed: 12, recovered: 0 });
    // As the dry run said: the same likely fakes (6 and 6: only likelihoods move), so no examples.
    expect(dry.fakeSuspects).toEqual(summary.fakeSuspects);
    expect(summary.fakeSuspects).toEqual({ before: 6, after: 6 });
    expect(dry.examples).toEqual({ becomeSuspect: [], stopSuspect: [] });
    // --all: every brand, one line each (nothing left to change here).
    expect(JSON.parse(run(['rescore', '--all']))).toMatchObject({ brandId: brand.id, scanned: 12, changed: 0 });
    expect(() => run(['rescore'])).toThrow(/--brand <id> or --all/);
    store = await openStore(config);
    try {
      const ms = (await store.queryMentions({ brandId: brand.id })).items;
      expect(new Set(ms.map((m) => /text model \(([^)]+)\)/.exec(m.scores.fake.reasons.join(' '))?.[1]))).toEqual(new Set(['user:reviews.tsv']));
    } finally {
      await store.close();
    }
    // A model file not saved yet is previewed in place of the brand's own; nothing is written.
    const hard = join(dir, 'hard.json');
    run(['train', 'fake', '--data', 'test/fixtures/fake-hard/reviews.tsv', '--out', hard]);
    expect(JSON.parse(run(['rescore', '--brand', brand.id, '--dry-run', '--fake-model', hard]))).toMatchObject({ scanned: 12, changed: 12 });
    expect(JSON.parse(run(['rescore', '--brand', brand.id, '--dry-run']))).toMatchObject({ scanned: 12, changed: 0 });
    expect(() => run(['rescore', '--brand', '0123456789abcdef01234567'])).toThrow(/no brand 0123456789abcdef01234567/);
    const model = join(dir, 'm.json');
    expect(run(['train', 'fake', ...data, '--brand', brand.id, '--out', model])).toMatch(new RegExp(`→ ${model} and brand \\w+'s own fake model, version 2`));
    store = await openStore(config);
    try {
      const saved = await store.getBrandModel(brand.id, 'fake');
      expect(saved?.info).toMatchObject({ version: 2, name: 'user:reviews.tsv', meta: { rows: 120, fake: 60 } });
      expect(saved?.json.trim()).toBe(readFileSync(model, 'utf8').trim());
    } finally {
      await store.close();
    }
    // The aspect models the same way (their own kind, their own versions).
    const aspects = join(dir, 'aspects.tsv');
    writeFileSync(aspects, ['text\taspects', ...Array.from({ length: 12 }, (_, i) => `the check-in queue took ${i + 20} minutes\tcontact-frequency:negative`), ...Array.from({ length: 12 }, (_, i) => `lovely walk number ${i + 1} by the sea\t-`)].join('\n') + '\n');
    expect(run(['train', 'aspects', '--data', aspects, '--only-mine', '--brand', brand.id])).toMatch(/trained on 24 of your mentions in [\d.]+ s → brand \w+'s own aspects model, version 1/);
    // Before it rescores anything, a dry run shows what this narrow model (trained on 24 mentions
    // of the user's alone) would do to the stored reviews: they would lose their quality verdicts.
    const aspectCounts = async () => {
      const s = await openStore(config);
      try {
        const counts: Record<string, number> = {};
        for (const m of (await s.queryMentions({ brandId: brand.id })).items) for (const a of m.scores.aspects) counts[`${a.aspect}:${a.polarity}`] = (counts[`${a.aspect}:${a.polarity}`] ?? 0) + 1;
        return counts;
      } finally {
        await s.close();
      }
    };
    const countsBefore = await aspectCounts();
    const preview = JSON.parse(run(['rescore', '--brand', brand.id, '--dry-run']));
    expect(preview.aspects['quality:negative']).toEqual({ before: 3, after: 0 });
    expect(await aspectCounts()).toEqual(countsBefore);
    expect(JSON.parse(run(['rescore', '--brand', brand.id]))).toMatchObject({ changed: preview.changed });
    const countsAfter = await aspectCounts();
    const moved = Object.fromEntries([...new Set([...Object.keys(countsBefore), ...Object.keys(countsAfter)])]
      .map((k) => [k, (countsAfter[k] ?? 0) - (countsBefore[k] ?? 0)]).filter(([, d]) => d !== 0));
    expect(Object.fromEntries(Object.entries(preview.aspects as Record<string, { before: number; after: number }>).map(([k, v]) => [k, v.after - v.before]))).toEqual(moved);
    store = await openStore(config);
    try {
      expect((await store.getBrandModelInfo(brand.id, 'aspects'))?.name).toBe('user:aspects.tsv');
      expect((await store.getBrandModelInfo(brand.id, 'fake'))?.version).toBe(2);
    } finally {
      await store.close();
    }
    expect(() => run(['train', 'aspects', '--data', aspects])).toThrow(/--out <file>, --brand <id>, or both/);
    expect(() => run(['train', 'fake', ...data])).toThrow(/--out <file>, --brand <id>, or both/);
    expect(() => run(['train', 'fake', ...data, '--brand', '0123456789abcdef01234567'])).toThrow(/no brand 0123456789abcdef01234567/);
  }, 120_000);
});

describe('trustlens eval aspects (CLI)', () => {
  it('measures aspect detection on labelled mentions, skipping bad lines with a reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-asp-'));
    const data = join(dir, 'labelled.tsv');
    writeFileSync(data, [
      '# a brand\'s own labels',
      'text\taspects\tlang',
      'The zipper broke after a week\tquality:negative\ten',
      'Me llegó en dos días, genial\tdelivery:positive\tes',
      'Happy birthday mum\t-\ten',
      'Way too many emails from them\tcontact-frequency:negative\ten',
      'Tastes odd\tflavour:negative\ten',
    ].join('\n') + '\n');
    const run = (args: string[]) => execFileSync('npx', ['tsx', 'src/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const r = JSON.parse(run(['eval', 'aspects', '--data', data, '--json']));
    expect(r.rows).toBe(4);
    expect(r.skipped).toBe(1);
    expect(r.all).toMatchObject({ found: 3, wrong: 0, missed: 0, precision: 1, recall: 1, polarityRight: 1 });
    expect(r.noneClean).toBe(1);
    expect(run(['eval', 'aspects', '--data', data])).toMatch(/\| quality \| 1\.00 \| 1\.00 \| 1\.00 \|/);
    expect(() => run(['eval', 'aspects', '--data', join(dir, 'missing.tsv')])).toThrow(/no such file/);
    writeFileSync(join(dir, 'bad.tsv'), 'text\tlabel\nfoo\t1\n');
    expect(() => run(['eval', 'aspects', '--data', join(dir, 'bad.tsv')])).toThrow(/"text" and "aspects" columns/);
    // Reviews of a skincare brand: its jar is packaging; with no profile, a review's container words need a packing word.
    writeFileSync(join(dir, 'reviews.tsv'), 'text\taspects\tkind\nThe jar is gorgeous and so heavy\tpackaging:positive\treview\n');
    writeFileSync(join(dir, 'brand.json'), JSON.stringify({ name: 'Lumina', mission: 'Clean skincare for sensitive skin' }));
    expect(JSON.parse(run(['eval', 'aspects', '--data', join(dir, 'reviews.tsv'), '--json'])).all).toMatchObject({ found: 0, missed: 1 });
    expect(JSON.parse(run(['eval', 'aspects', '--data', join(dir, 'reviews.tsv'), '--brand', join(dir, 'brand.json'), '--json'])).all).toMatchObject({ found: 1, missed: 0 });
  }, 120_000);
});

describe('trustlens eval sentiment (CLI)', () => {
  it("measures sentiment on a brand's labelled mentions, per class, per language and against the lexicon alone, skipping bad lines with a reason", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sent-'));
    const data = join(dir, 'labelled.tsv');
    writeFileSync(data, [
      '# a brand\'s own labels',
      'text\tlabel\tkind',
      'I love it, best purchase I made this year\tpos\treview',
      'Terrible, it broke on the first day and support never answered\tnegative\treview',
      'The store opens at nine on Saturdays\tneu\tsocial',
      'Me encanta, lo recomiendo a todas mis amigas\tpositive\tsocial',
      'Horrible, llegó roto y nadie contesta\tneg\tsocial',
      'Absolutely love the new scent\tneg\tsocial',
      'no label here\tmeh\tsocial',
      'Fine product\tpos\tpodcast',
    ].join('\n') + '\n');
    const run = (args: string[]) => execFileSync('npx', ['tsx', 'src/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const r = JSON.parse(run(['eval', 'sentiment', '--data', data, '--json']));
    expect(r).toMatchObject({ rows: 6, skipped: 2 });
    // Five read as labelled; the sixth is labelled negative but says it loves the scent.
    expect(r.all.confusion).toEqual({
      negative: { negative: 2, neutral: 0, positive: 1 },
      neutral: { negative: 0, neutral: 1, positive: 0 },
      positive: { negative: 0, neutral: 0, positive: 2 },
    });
    expect(r.all.accuracy).toBeCloseTo(5 / 6, 4);
    expect(r.all.perClass.negative).toMatchObject({ precision: 1, recall: 0.6667, support: 3 });
    expect(Object.keys(r.byLang).sort()).toEqual(['en', 'es']);
    expect(r.byLang.es).toMatchObject({ n: 2, accuracy: 1 });
    expect(r.lexiconOnly.n).toBe(6);
    const text = run(['eval', 'sentiment', '--data', data, '--mistakes']);
    expect(text).toMatch(/\| TrustLens \| 6 \| 0\.\d\d \| 0\.83 \|/);
    expect(text).toMatch(/\| negative \| 2 \| 0 \| 1 \|/);
    expect(text).toMatch(/negative read as positive \(en, [\d.]+\): Absolutely love the new scent/);
    expect(() => run(['eval', 'sentiment', '--data', join(dir, 'missing.tsv')])).toThrow(/no such file/);
    writeFileSync(join(dir, 'bad.tsv'), 'text\tsentiment\nfoo\tpos\n');
    expect(() => run(['eval', 'sentiment', '--data', join(dir, 'bad.tsv')])).toThrow(/"text" and "label" columns/);
    writeFileSync(join(dir, 'empty.tsv'), 'text\tlabel\nfoo\tmeh\n');
    expect(() => run(['eval', 'sentiment', '--data', join(dir, 'empty.tsv')])).toThrow(/no labelled mention to measure on/);
  }, 120_000);
});

describe('trustlens train aspects (CLI)', () => {
  it('learns a brand\'s own words for an aspect, and score --aspect-model uses them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-asp-train-'));
    const data = join(dir, 'labelled.tsv'), model = join(dir, 'aspects.json');
    // "glimbo" is this brand's word for its charging dock: a complaint about it is about quality.
    const rows = ['text\taspects'];
    for (let i = 0; i < 30; i++) rows.push(`my glimbo went dark again after ${i + 2} days\tquality:negative`);
    for (let i = 0; i < 30; i++) rows.push(`heading to the lake with friend number ${i + 1}\t-`);
    writeFileSync(data, rows.join('\n') + '\n');
    const run = (args: string[], input?: string) => execFileSync('npx', ['tsx', 'src/cli.ts', ...args], { input, encoding: 'utf8', env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = run(['train', 'aspects', '--data', data, '--out', model, '--only-mine']);
    expect(out).toMatch(/trained on 60 of your mentions in/);
    expect(existsSync(model)).toBe(true);
    const line = '{"text":"my glimbo went dark again this morning","kind":"social"}\n';
    const shipped = JSON.parse(run(['score'], line)).scores.aspects.map((a: { aspect: string }) => a.aspect);
    expect(shipped).not.toContain('quality');
    const mine = JSON.parse(run(['score', '--aspect-model', model], line)).scores.aspects;
    expect(mine.map((a: { aspect: string }) => a.aspect)).toContain('quality');
    expect(() => run(['score', '--aspect-model', data], line)).toThrow(/aspect model/);
    writeFileSync(join(dir, 'few.tsv'), 'text\taspects\nok\t-\n');
    expect(() => run(['train', 'aspects', '--data', join(dir, 'few.tsv'), '--out', model])).toThrow(/at least 20 labelled mentions/);
  }, 180_000);
});
