// Backfill: historical mentions from a CSV or JSON-lines file, scored and stored through the
// same path as scraped ones (idempotent upsert, exactly-once rollups), so a brand starts with a
// baseline. Streams the file: memory stays flat however long it is.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { ValidationError } from '../src/core/errors.js';
import { newId } from '../src/core/ids.js';
import { MENTION_KINDS, type Brand, type MentionKind, type RawMention, type Source } from '../src/core/types.js';
import type { Clock } from '../src/ports/clock.js';
import type { Store } from '../src/ports/store.js';
import { applyRollups, toMention, type ScoreFn } from './scrape-source.js';

export interface ImportRow {
  line: number;
  value?: Record<string, unknown>;
  error?: string;
}

export interface ImportReport {
  read: number;
  imported: number;
  duplicates: number;
  skipped: { line: number; reason: string }[];
}

/** Rows of a .csv (header row) or .jsonl file, with their line numbers; bad rows carry an error. */
export async function* readRows(path: string): AsyncGenerator<ImportRow> {
  if (/\.csv$/i.test(path)) {
    const parser = createReadStream(path).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
    for await (const rec of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
      yield { line: rec.info.lines, value: rec.record };
    }
    return;
  }
  if (!/\.jsonl?$|\.ndjson$/i.test(path)) throw new ValidationError(`${path}: expected a .csv or .jsonl file`);
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (!text.trim()) continue;
    try {
      const v = JSON.parse(text) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) yield { line, error: 'not a JSON object' };
      else yield { line, value: v as Record<string, unknown> };
    } catch (err) {
      yield { line, error: `malformed JSON: ${(err as Error).message}` };
    }
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const num = (v: unknown) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** One row (CSV columns or JSON fields) → a RawMention, or the reason it cannot be one. */
export function rowToMention(row: Record<string, unknown>, defaultKind: MentionKind = 'social'): RawMention | string {
  const text = str(row.text);
  if (!text) return 'missing text';
  const kind = (str(row.kind) || defaultKind) as MentionKind;
  if (!MENTION_KINDS.includes(kind)) return `kind must be one of ${MENTION_KINDS.join(', ')}`;
  const publishedRaw = str(row.publishedAt ?? row.published_at ?? row.date);
  let publishedAt: string | undefined;
  if (publishedRaw) {
    const t = Date.parse(publishedRaw);
    if (!Number.isFinite(t)) return `unreadable date "${publishedRaw.slice(0, 40)}"`;
    publishedAt = new Date(t).toISOString();
  }
  const author = typeof row.author === 'object' && row.author ? row.author as RawMention['author'] : str(row.author) ? { name: str(row.author), handle: str(row.handle) || undefined, followers: num(row.followers) } : undefined;
  const url = str(row.url) || undefined;
  const externalId = str(row.id ?? row.externalId) || createHash('sha256').update(`${url ?? ''}\0${author?.handle ?? author?.name ?? ''}\0${text}`).digest('hex').slice(0, 32);
  let rating: RawMention['rating'];
  if (typeof row.rating === 'object' && row.rating) rating = row.rating as RawMention['rating'];
  else {
    const value = num(row.rating);
    if (value !== undefined) {
      const best = num(row.ratingBest ?? row.best) ?? 5;
      const worst = num(row.ratingWorst ?? row.worst) ?? 1;
      if (value < worst || value > best || best <= worst) return `rating ${value} outside ${worst}..${best}`;
      rating = { value, best, worst, normalized: (value - worst) / (best - worst) };
    }
  }
  const engagement = typeof row.engagement === 'object' && row.engagement ? row.engagement as RawMention['engagement']
    : (num(row.likes) ?? num(row.comments) ?? num(row.shares) ?? num(row.views)) !== undefined
      ? { likes: num(row.likes), comments: num(row.comments), shares: num(row.shares), views: num(row.views) } : undefined;
  return {
    kind, externalId, text, url, author, rating, publishedAt, engagement,
    title: str(row.title) || undefined,
    langHint: str(row.lang) || undefined,
    caption: str(row.caption) || undefined,
    ...(row.verifiedPurchase !== undefined ? { verifiedPurchase: row.verifiedPurchase === true || row.verifiedPurchase === 'true' } : {}),
  };
}

export interface ImportDeps {
  store: Store;
  clock: Clock;
  score: ScoreFn;
  batchSize?: number;
  onProgress?(r: ImportReport): void;
}

/** Finds or creates the brand's (disabled) import source, so imported mentions have a home. */
export async function importSource(store: Store, brand: Brand, name: string, launchId?: string): Promise<Source> {
  const existing = (await store.listSources({ brandId: brand.id })).find((s) => s.name === name && s.launchId === launchId);
  return existing ?? store.createSource({ brandId: brand.id, ...(launchId ? { launchId } : {}), name, kind: 'feed', schedule: '0 0 1 1 *', enabled: false });
}

export async function importMentions(rows: AsyncIterable<ImportRow>, brand: Brand, source: Source, deps: ImportDeps): Promise<ImportReport> {
  const report: ImportReport = { read: 0, imported: 0, duplicates: 0, skipped: [] };
  const size = deps.batchSize ?? 1000;
  const now = deps.clock.now().toISOString();
  let batch: RawMention[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const mentions = batch.map((raw) => {
      const { scores, flags } = deps.score(raw, { brand });
      return toMention(raw, source, now, scores, flags);
    });
    batch = [];
    const batchId = newId();
    const res = await deps.store.upsertMentions(mentions, { batch: batchId });
    if (res.insertedMentions.length) await applyRollups(deps.store, batchId, res.insertedMentions);
    report.imported += res.inserted;
    report.duplicates += mentions.length - res.inserted;
    deps.onProgress?.(report);
  };
  for await (const row of rows) {
    report.read++;
    const m = row.error ? row.error : rowToMention(row.value ?? {});
    if (typeof m === 'string') {
      if (report.skipped.length < 1000) report.skipped.push({ line: row.line, reason: m });
      continue;
    }
    batch.push(m);
    if (batch.length >= size) await flush();
  }
  await flush();
  return report;
}
