// Reading the model files `trustlens train` writes, for the commands that take them as options
// (score, rescore --dry-run): a file that cannot be read or is not a model of its kind is a
// ValidationError naming the file, so the CLI says so and exits non-zero.
import { readFileSync } from 'node:fs';
import { ValidationError } from '../core/errors.js';
import { aspectModelFromFile, type AspectModel, type AspectModelFile } from '../scoring/aspect-model.js';
import { loadFakeModel, type FakeModel } from '../scoring/fake-model.js';

/** A JSON object from a file (`what` names it in errors). */
export function readJson(path: string, what: string): Record<string, unknown> {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new ValidationError(`cannot read ${what} file ${path}`);
  }
  try {
    const v = JSON.parse(raw) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('expected a JSON object');
    return v as Record<string, unknown>;
  } catch (err) {
    throw new ValidationError(`${what} file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** A fake-review model from `trustlens train fake --out`. */
export function fakeModelFile(path: string): FakeModel {
  try {
    return loadFakeModel(path);
  } catch (err) {
    throw new ValidationError((err as Error).message);
  }
}

/** Aspect models from `trustlens train aspects --out`. */
export function aspectModelFile(path: string): AspectModel {
  try {
    return aspectModelFromFile(readJson(path, 'aspect model') as unknown as AspectModelFile);
  } catch (err) {
    throw err instanceof ValidationError ? err : new ValidationError(`aspect model file ${path}: ${(err as Error).message}`);
  }
}
