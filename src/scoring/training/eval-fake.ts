// Fake-review figures for the README:
//   npm run eval:fake
// 1. The shipped model (src/scoring/model/fake.json) on the seeded 20% of salminen_dev it was
//    never trained on (Salminen et al. 2022, J. Retailing and Consumer Services 64): the
//    classifier alone, and the full scoreFake (model + text signals) at FAKE_SUSPECT_THRESHOLD.
// 2. `trustlens train fake` recipe, 5-fold stratified CV on the project's own restaurant/hotel
//    set (test/fixtures/fake/reviews.tsv, EN + ES, written for the project).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLabelledTsv } from '../classifier-data.js';
import { binaryMetrics, stratifiedHoldout } from '../classifier-metrics.js';
import { loadFakeModel, SHIPPED_FAKE_MODEL_URL } from '../fake-model.js';
import { crossValidateFake, predictFakeRow } from '../fake-train.js';
import { scoreFake } from '../fake.js';
import { FAKE_SUSPECT_THRESHOLD } from '../score.js';
import { readTsv } from './common.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const dataPath = resolve(repo, process.env.TRUSTLENS_DATA_DIR ?? '../shared/data', 'fake-reviews/salminen_dev.tsv');
const SPLIT_SEED = 7; // must match train-fake.ts

const { rows } = parseLabelledTsv(readFileSync(dataPath, 'utf8'));
const held = stratifiedHoldout(rows.map((r) => r.label), 0.2, SPLIT_SEED);
const test = rows.filter((_, i) => held.has(i));
const model = loadFakeModel(SHIPPED_FAKE_MODEL_URL);
const labels = test.map((r) => r.label);
const clf = binaryMetrics(labels, test.map((r) => predictFakeRow(model.classifier, r)));
const full = binaryMetrics(labels, test.map((r) => scoreFake({ text: r.text, lang: 'en' }, model).likelihood), FAKE_SUSPECT_THRESHOLD);
console.log(`salminen_dev held-out 20% (${test.length} reviews, never trained on; model trained on the other 80%):`);
console.log(`  classifier:            accuracy ${clf.accuracy.toFixed(4)}  AUC ${clf.auc.toFixed(4)}  F1 ${clf.f1.toFixed(4)}`);
console.log(`  scoreFake @ ${FAKE_SUSPECT_THRESHOLD.toFixed(2)}:      accuracy ${full.accuracy.toFixed(4)}  AUC ${full.auc.toFixed(4)}  precision ${full.precision.toFixed(4)}  recall ${full.recall.toFixed(4)}`);

// Real genuine review text: the UCI sentences train-fake.ts did not train on (odd rows), each read
// as a review with its stars (5 for a positive sentence, 1 for a negative one), as a brand's feed
// would give them: the share a PR team would see flagged.
const uciOdd = readTsv('sentiment/en_uci_sentences.tsv').filter((_, i) => i % 2 === 1);
const flaggedShare = (rated: boolean) => uciOdd.filter((r) => {
  const stars = r.label === 'pos' ? 1 : 0;
  return scoreFake({ text: r.text!, lang: 'en', rating: rated ? stars : undefined }, model).likelihood >= FAKE_SUSPECT_THRESHOLD;
}).length / uciOdd.length;
console.log(`genuine review sentences (UCI, Kotzias et al. 2015; the ${uciOdd.length} odd rows, not trained on: train-fake.ts trains on the even ones as genuine):`);
console.log(`  flagged by scoreFake @ ${FAKE_SUSPECT_THRESHOLD.toFixed(2)}: with their stars ${(100 * flaggedShare(true)).toFixed(1)}%, without ${(100 * flaggedShare(false)).toFixed(1)}%`);

const own = parseLabelledTsv(readFileSync(resolve(repo, 'test/fixtures/fake/reviews.tsv'), 'utf8')).rows;
const cv = crossValidateFake(own, 5);
console.log(`train fake recipe, 5-fold CV on the project's restaurant/hotel set (${own.length} reviews, EN + ES):`);
console.log(`  accuracy ${cv.accuracy.toFixed(4)}  AUC ${cv.auc.toFixed(4)}`);
