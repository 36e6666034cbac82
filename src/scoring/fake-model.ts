// Loads fake-review models: the one the repo ships (src/scoring/model/fake.json, trained by
// src/scoring/training/train-fake.ts) and models users train with `trustlens train fake`.
// Loading reads a file once, synchronously, and caches it; scoring itself stays pure.
import { readFileSync } from 'node:fs';
import { TextClassifier } from './classifier.js';
import { FAKE_DENSE_NAMES } from './fake-signals.js';

export const SHIPPED_FAKE_MODEL_URL = new URL('./model/fake.json', import.meta.url);

/** A fake-review classifier plus the languages it was trained for (null = any). */
export interface FakeModel {
  classifier: TextClassifier;
  langs: string[] | null;
  name: string;
}

export function fakeModelFromJson(json: unknown, name = 'custom'): FakeModel {
  const classifier = TextClassifier.fromJSON(json);
  const names = classifier.denseNames;
  if (names.length > 0 && names.join() !== FAKE_DENSE_NAMES.join()) {
    throw new Error(`not a fake-review model: dense features ${names.join(', ')}`);
  }
  const langs = classifier.meta.langs;
  return {
    classifier,
    langs: Array.isArray(langs) ? langs.map(String) : null,
    name: typeof classifier.meta.name === 'string' ? classifier.meta.name : name,
  };
}

/**
 * What a brand's model file says about itself (its name and training meta), after checking that
 * it loads as a fake-review model; throws with the reason when it does not.
 */
export function fakeModelFileInfo(json: unknown): { name: string; meta: Record<string, unknown> } {
  const model = fakeModelFromJson(json, 'brand model');
  return { name: model.name, meta: { ...model.classifier.meta } };
}

/** Reads a model file; throws with the path in the message when it is missing or malformed. */
export function loadFakeModel(path: string | URL): FakeModel {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read fake-review model ${String(path)}: ${(err as Error).message}`);
  }
  try {
    return fakeModelFromJson(JSON.parse(raw), String(path));
  } catch (err) {
    throw new Error(`bad fake-review model ${String(path)}: ${(err as Error).message}`);
  }
}

let shipped: FakeModel | null | undefined;

/** The shipped model, loaded on first use; null (heuristics only) if the file is missing. */
export function shippedFakeModel(): FakeModel | null {
  if (shipped === undefined) {
    try {
      shipped = loadFakeModel(SHIPPED_FAKE_MODEL_URL);
    } catch {
      shipped = null;
    }
  }
  return shipped;
}
