// `trustlens score [--brand brand.json] [--launch launch.json] [--fake-model m.json] [--aspect-model a.json]
//     < mentions.jsonl > scored.jsonl`
// One mention per line (`text`, optional `title`, `rating`, `author`, `publishedAt`, `kind`,
// `lang`, `caption`, `verifiedPurchase`); each line comes back with `scores` and `flags` added.
// Streams with readline and waits for stdout to drain, so memory stays flat for any number of
// lines (the near-duplicate index is bounded). A bad line writes {"line":N,"error":...} to stderr
// and scoring goes on.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { ValidationError } from '../core/errors.js';
import { MENTION_KINDS, type Brand, type Launch, type MentionKind, type RawMention, type Rating } from '../core/types.js';
import { scoreMention } from '../scoring/score.js';
import { DuplicateIndex } from '../scoring/minhash.js';
import type { FakeModel } from '../scoring/fake-model.js';
import type { AspectModel } from '../scoring/aspect-model.js';
import { aspectModelFile, fakeModelFile, readJson } from './model-files.js';

export interface ScoreStreamOptions {
  brand?: Brand;
  launch?: Launch;
  fakeModel?: FakeModel | null;
  /** undefined → the shipped aspect models (as scoreMention's ScoreContext.aspectModel). */
  aspectModel?: AspectModel | null;
  /** Check reviews for near-duplicates of earlier lines (default true). */
  duplicates?: boolean;
}

export interface ScoreStreamSummary {
  lines: number;
  scored: number;
  errors: number;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A brand profile from a JSON file; only `name` is required, other fields default to empty. */
export function brandFromJson(o: Record<string, unknown>): Brand {
  if (typeof o.name !== 'string' || !o.name.trim()) throw new ValidationError('brand file: "name" is required');
  const now = new Date(0).toISOString();
  return {
    id: typeof o.id === 'string' ? o.id : o.name,
    name: o.name,
    mission: typeof o.mission === 'string' ? o.mission : '',
    values: strings(o.values),
    claims: strings(o.claims),
    forbiddenClaims: strings(o.forbiddenClaims),
    keywords: strings(o.keywords),
    handles: strings(o.handles),
    competitors: strings(o.competitors),
    languages: strings(o.languages),
    sensitivity: typeof o.sensitivity === 'number' ? o.sensitivity : 1,
    webhooks: [],
    createdAt: now,
    updatedAt: now,
  };
}

export function launchFromJson(o: Record<string, unknown>): Launch {
  if (typeof o.name !== 'string' || !o.name.trim()) throw new ValidationError('launch file: "name" is required');
  const now = new Date(0).toISOString();
  return {
    id: typeof o.id === 'string' ? o.id : o.name,
    brandId: typeof o.brandId === 'string' ? o.brandId : '',
    name: o.name,
    type: o.type === 'campaign' ? 'campaign' : 'launch',
    startAt: typeof o.startAt === 'string' ? o.startAt : now,
    products: strings(o.products),
    keywords: strings(o.keywords),
    price: typeof o.price === 'string' ? o.price : undefined,
    promises: strings(o.promises),
    createdAt: now,
    updatedAt: now,
  };
}

function toRating(v: unknown): Rating | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) {
    const best = v > 5 ? (v > 10 ? 100 : 10) : 5;
    const worst = best === 100 ? 0 : 1;
    return { value: v, best, worst, normalized: Math.min(1, Math.max(0, (v - worst) / (best - worst))) };
  }
  if (v && typeof v === 'object') {
    const r = v as Partial<Rating>;
    const value = Number(r.value);
    const best = Number(r.best ?? 5);
    const worst = Number(r.worst ?? 1);
    if (Number.isFinite(Number(r.normalized))) {
      return { value: Number.isFinite(value) ? value : Number(r.normalized), best, worst, normalized: Math.min(1, Math.max(0, Number(r.normalized))) };
    }
    if (Number.isFinite(value) && best > worst) return { value, best, worst, normalized: Math.min(1, Math.max(0, (value - worst) / (best - worst))) };
  }
  return undefined;
}

/** Turns one parsed JSONL object into a RawMention; throws ValidationError naming the problem. */
export function mentionFromLine(o: unknown, lineNo: number): RawMention {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new ValidationError('expected a JSON object');
  const r = o as Record<string, unknown>;
  const text = typeof r.text === 'string' ? r.text : typeof r.caption === 'string' ? r.caption : undefined;
  if (text === undefined) throw new ValidationError('"text" (a string) is required');
  const rating = toRating(r.rating);
  const kind: MentionKind = MENTION_KINDS.includes(r.kind as MentionKind) ? (r.kind as MentionKind) : rating ? 'review' : 'social';
  const m: RawMention = {
    kind,
    externalId: typeof r.externalId === 'string' || typeof r.externalId === 'number' ? String(r.externalId) : typeof r.id === 'string' ? r.id : `line-${lineNo}`,
    text,
  };
  if (typeof r.title === 'string') m.title = r.title;
  if (rating) m.rating = rating;
  if (typeof r.caption === 'string') m.caption = r.caption;
  if (typeof r.lang === 'string') m.langHint = r.lang;
  else if (typeof r.langHint === 'string') m.langHint = r.langHint;
  if (typeof r.publishedAt === 'string') m.publishedAt = r.publishedAt;
  if (typeof r.url === 'string') m.url = r.url;
  if (typeof r.verifiedPurchase === 'boolean') m.verifiedPurchase = r.verifiedPurchase;
  if (r.author && typeof r.author === 'object') m.author = r.author as RawMention['author'];
  else if (typeof r.author === 'string') m.author = { name: r.author };
  return m;
}

/** Scores a JSONL stream into another; returns counts. Exported for tests and other commands. */
export async function scoreStream(input: Readable, output: Writable, errors: Writable, o: ScoreStreamOptions = {}): Promise<ScoreStreamSummary> {
  const dup = o.duplicates === false ? undefined : new DuplicateIndex();
  const lines = createInterface({ input, crlfDelay: Infinity });
  const sum: ScoreStreamSummary = { lines: 0, scored: 0, errors: 0 };
  for await (const line of lines) {
    sum.lines++;
    if (!line.trim()) continue;
    let out: string;
    try {
      const obj = JSON.parse(sum.lines === 1 ? line.replace(/^\uFEFF/, '') : line) as Record<string, unknown>;
      const m = mentionFromLine(obj, sum.lines);
      const { scores, flags } = scoreMention(m, { brand: o.brand, launch: o.launch, duplicates: dup, fakeModel: o.fakeModel, aspectModel: o.aspectModel });
      out = JSON.stringify({ ...obj, lang: obj.lang ?? scores.lang, scores, flags });
      sum.scored++;
    } catch (err) {
      sum.errors++;
      errors.write(JSON.stringify({ line: sum.lines, error: (err as Error).message }) + '\n');
      continue;
    }
    if (!output.write(out + '\n')) await once(output, 'drain');
  }
  return sum;
}

export function register(program: Command): void {
  program
    .command('score')
    .description('score mentions: JSON lines on stdin → the same lines with scores and flags on stdout')
    .option('--brand <file>', 'brand profile JSON (name, mission, values, claims, forbiddenClaims, keywords, handles)')
    .option('--launch <file>', 'launch JSON (name, keywords, products, promises)')
    .option('--fake-model <file>', 'fake-review model from `trustlens train fake` (default: the shipped model)')
    .option('--aspect-model <file>', 'aspect models from `trustlens train aspects` (default: the shipped ones)')
    .option('--no-duplicates', 'do not check reviews for near-duplicates of earlier lines')
    .action(async (opts: { brand?: string; launch?: string; fakeModel?: string; aspectModel?: string; duplicates: boolean }) => {
      const brand = opts.brand ? brandFromJson(readJson(opts.brand, 'brand')) : undefined;
      const launch = opts.launch ? launchFromJson(readJson(opts.launch, 'launch')) : undefined;
      const fakeModel = opts.fakeModel ? fakeModelFile(opts.fakeModel) : undefined;
      const aspectModel = opts.aspectModel ? aspectModelFile(opts.aspectModel) : undefined;
      const s = await scoreStream(process.stdin, process.stdout, process.stderr, { brand, launch, fakeModel, aspectModel, duplicates: opts.duplicates });
      if (s.errors > 0) process.stderr.write(`trustlens: scored ${s.scored} lines, ${s.errors} bad lines skipped\n`);
    });
}
