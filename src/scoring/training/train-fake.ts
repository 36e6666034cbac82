// Trains the shipped fake-review model: src/scoring/model/fake.json.
//   npm run train:fake            (reads ../shared/data/fake-reviews/salminen_dev.tsv)
// Reproducible: a seeded stratified 20% of salminen_dev is held out and never trained on; the
// model is trained on the other 80% and its held-out accuracy and AUC are printed and stored in
// the model's meta. Data: Salminen et al. 2022, "Creating and detecting fake reviews of online
// products", J. Retailing and Consumer Services 64 (10% development split).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLabelledTsv } from '../classifier-data.js';
import { binaryMetrics, stratifiedHoldout } from '../classifier-metrics.js';
import { predictFakeRow, trainFakeClassifier } from '../fake-train.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const dataPath = resolve(repo, process.env.TRUSTLENS_DATA_DIR ?? '../shared/data', 'fake-reviews/salminen_dev.tsv');
const outPath = resolve(here, '../model/fake.json');
const SPLIT_SEED = 7;

const { rows } = parseLabelledTsv(readFileSync(dataPath, 'utf8'));
const held = stratifiedHoldout(rows.map((r) => r.label), 0.2, SPLIT_SEED);
const train = rows.filter((_, i) => !held.has(i));
const test = rows.filter((_, i) => held.has(i));

const t0 = performance.now();
const model = trainFakeClassifier(train, {});
const ms = performance.now() - t0;
const m = binaryMetrics(test.map((r) => r.label), test.map((r) => predictFakeRow(model, r)));
const figures = {
  heldOut: { n: m.n, accuracy: +m.accuracy.toFixed(4), auc: +m.auc.toFixed(4), f1: +m.f1.toFixed(4) },
  trainRows: train.length,
  split: `seeded stratified 20% hold-out (seed ${SPLIT_SEED}) of salminen_dev.tsv; trained on the other 80%`,
};
Object.assign(model.meta, {
  name: 'shipped:salminen-2022',
  langs: ['en'],
  data: 'Salminen et al. 2022, fake-reviews/salminen_dev.tsv',
  ...figures,
});
writeFileSync(outPath, JSON.stringify(model.toJSON(0)) + "\n");
console.log(`fake model: trained on ${train.length} rows in ${ms.toFixed(0)} ms → ${outPath}`);
console.log(`held-out (${m.n} rows): accuracy ${m.accuracy.toFixed(4)}  AUC ${m.auc.toFixed(4)}  F1 ${m.f1.toFixed(4)}`);
