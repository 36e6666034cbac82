// Rescoring a brand's stored reviews after it saved its own fake-review model (jobs/rescore.ts):
// mentions/s of a full rescore (every review changes: its reasons name the new model), against
// scoring the same mentions in memory alone (scoreMention with the same model: the bound, what is
// left is reading, writing and the rollups), a second run that finds nothing to change, and a dry
// run before the first (trustlens rescore --dry-run: reads and scores, writes nothing).
// SQLite (embedded) on a file; then the Mongo adapter on a MongoDB-protocol server, when there.
// Medians of REPS runs, each on a fresh store.
//
//   npx tsx bench/rescore.bench.ts
//   env: RESCORE_BENCH_N (5000), RESCORE_BENCH_MONGO_N (1000), RESCORE_BENCH_REPS (3),
//        TRUSTLENS_BENCH_MONGO_URL (mongodb://127.0.0.1:27017; "" to skip Mongo)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { applyRollups, toMention } from '../jobs/scrape-source.js';
import { previewRescore, processRescore, type RescoreDeps } from '../jobs/rescore.js';
import type { RawMention } from '../src/core/types.js';
import type { Store } from '../src/ports/store.js';
import { parseLabelledTsv } from '../src/scoring/classifier-data.js';
import { fakeModelFromJson } from '../src/scoring/fake-model.js';
import { trainFakeClassifier } from '../src/scoring/fake-train.js';
import { DuplicateIndex } from '../src/scoring/minhash.js';
import { scoreMention } from '../src/scoring/score.js';
import { MongoStore } from '../src/store/mongo/index.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { brandInput, sourceInput } from '../test/store/factories.js';

const N = Number(process.env.RESCORE_BENCH_N || 5_000);
const MONGO_N = Number(process.env.RESCORE_BENCH_MONGO_N || 1_000);
const REPS = Number(process.env.RESCORE_BENCH_REPS || 3);
const MONGO_URL = process.env.TRUSTLENS_BENCH_MONGO_URL ?? 'mongodb://127.0.0.1:27017';

const HARD = parseLabelledTsv(readFileSync(new URL('../test/fixtures/fake-hard/reviews.tsv', import.meta.url), 'utf8')).rows;
const MODEL = fakeModelFromJson(trainFakeClassifier(HARD, { name: 'bench:v1' }, { seed: 1 }).toJSON(0.002), 'bench:v1');
const logger = pino({ level: 'silent' });

/** n reviews of the hard set (numbered, so they are not copies of each other), over 30 days. */
function reviews(n: number): RawMention[] {
  return Array.from({ length: n }, (_, i) => {
    const r = HARD[i % HARD.length]!;
    const stars = Number(r.rating ?? 3);
    return {
      kind: 'review', externalId: `r${i}`, text: `${r.text} (#${i})`, author: { name: `author ${i}` },
      rating: { value: stars, best: 5, worst: 1, normalized: (stars - 1) / 4 },
      publishedAt: new Date(Date.UTC(2026, 5, 1) + (i % 720) * 3_600_000).toISOString(),
    };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Stores n reviews scored with the shipped model (as ingest does), then times two rescores. */
async function run(store: Store, n: number): Promise<{ preview: number; first: number; again: number; changed: number }> {
  const brand = await store.createBrand(brandInput({ name: 'Bench', webhooks: [] }));
  const source = await store.createSource(sourceInput(brand.id));
  const index = new DuplicateIndex();
  const ms = reviews(n).map((raw) => {
    const { scores, flags } = scoreMention(raw, { brand, duplicates: index });
    return toMention(raw, source, '2026-07-15T00:00:00.000Z', scores, flags);
  });
  for (let i = 0; i < ms.length; i += 500) {
    const batch = `b${i}`;
    await store.upsertMentions(ms.slice(i, i + 500), { batch });
    await applyRollups(store, batch, ms.slice(i, i + 500));
  }
  const deps: RescoreDeps = { store, logger, score: (m, ctx) => scoreMention(m, { ...ctx, fakeModel: MODEL }) };
  const job = { id: 'bench', queue: 'rescore', attempt: 1, data: { brandId: brand.id } };
  let t0 = performance.now();
  await previewRescore(brand.id, deps);
  const preview = n / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  const summary = await processRescore(job, deps);
  const first = n / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  await processRescore(job, deps);
  const again = n / ((performance.now() - t0) / 1000);
  return { preview, first, again, changed: summary!.changed };
}

/** scoreMention alone on the same mentions, as the rescore scores them (no store). */
function scoringOnly(n: number): number {
  const raws = reviews(n);
  const t0 = performance.now();
  for (const m of raws) scoreMention(m, { fakeModel: MODEL, copyOf: null });
  return n / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  scoringOnly(500); // warm the models
  const rows: string[] = [];
  const sqlite = { preview: [] as number[], first: [] as number[], again: [] as number[], bound: [] as number[], changed: 0 };
  for (let r = 0; r < REPS; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'tl-rescore-bench-'));
    const store = new SqliteStore({ path: join(dir, 'bench.db') });
    await store.init();
    try {
      const x = await run(store, N);
      sqlite.preview.push(x.preview); sqlite.first.push(x.first); sqlite.again.push(x.again); sqlite.changed = x.changed;
      sqlite.bound.push(scoringOnly(N));
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  rows.push(`| SQLite, ${N} reviews (${sqlite.changed} changed) | ${f(median(sqlite.preview))} | ${f(median(sqlite.first))} | ${f(median(sqlite.again))} | ${f(median(sqlite.bound))} | ${(median(sqlite.first) / median(sqlite.bound)).toFixed(2)}× |`);

  if (MONGO_URL) {
    const mongo = { preview: [] as number[], first: [] as number[], again: [] as number[], changed: 0 };
    for (let r = 0; r < REPS; r++) {
      const store = new MongoStore({ url: `${MONGO_URL}/tl_rescore_bench_${process.pid}_${r}` });
      try {
        await store.init();
      } catch {
        console.error(`no MongoDB-protocol server at ${MONGO_URL}: Mongo skipped`);
        break;
      }
      try {
        const x = await run(store, MONGO_N);
        mongo.preview.push(x.preview); mongo.first.push(x.first); mongo.again.push(x.again); mongo.changed = x.changed;
      } finally {
        await store.dropDatabase();
        await store.close();
      }
    }
    if (mongo.first.length) rows.push(`| Mongo adapter on ${MONGO_URL}, ${MONGO_N} reviews (${mongo.changed} changed) | ${f(median(mongo.preview))} | ${f(median(mongo.first))} | ${f(median(mongo.again))} | — | — |`);
  }
  console.log(`# rescore bench (medians of ${REPS})`);
  console.log('| store | dry run (previewRescore), mentions/s | full rescore, mentions/s | second run (nothing changes), mentions/s | scoreMention alone, mentions/s | full rescore / scoring alone |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

void main();
