// Training and cross-validating fake-review models; shared by the repo's training script and
// the `trustlens train fake` / `trustlens eval fake` commands, so both do exactly the same.
import { TextClassifier, type TrainOptions } from './classifier.js';
import type { LabelledRow } from './classifier-data.js';
import { crossValidate, type BinaryMetrics } from './classifier-metrics.js';
import { FAKE_DENSE_NAMES, fakeDense, normaliseRating } from './fake-signals.js';

/** Settings chosen on a held-out part of salminen_dev (see train-fake.ts). */
export const FAKE_TRAIN_DEFAULTS: TrainOptions & { spec: { dim: number; wordNgrams: number; charNgrams: null } } = {
  spec: { dim: 1 << 17, wordNgrams: 2, charNgrams: null },
  epochs: 12,
  l2: 1e-5,
  learningRate: 0.5,
  seed: 42,
};

function toSample(r: LabelledRow) {
  return { text: r.text, label: r.label, dense: fakeDense(r.text, r.rating === undefined ? undefined : normaliseRating(r.rating)) };
}

export function trainFakeClassifier(rows: LabelledRow[], meta: Record<string, unknown> = {}, opts: TrainOptions = {}): TextClassifier {
  return TextClassifier.train(rows.map(toSample), {
    ...FAKE_TRAIN_DEFAULTS,
    ...opts,
    denseNames: FAKE_DENSE_NAMES,
    meta,
  });
}

/** Probability that a row is fake under a classifier trained by trainFakeClassifier. */
export function predictFakeRow(model: TextClassifier, r: LabelledRow): number {
  const s = toSample(r);
  return model.predict(s.text, s.dense);
}

export function crossValidateFake(rows: LabelledRow[], folds: number, seed = 42): BinaryMetrics & { folds: BinaryMetrics[] } {
  const { scores: _scores, ...res } = crossValidate(rows, (r) => r.label, folds, (train) => {
    const m = trainFakeClassifier(train, {}, { seed });
    return (r) => predictFakeRow(m, r);
  }, seed);
  return res;
}
