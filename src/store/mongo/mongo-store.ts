// The queue-mode store: MongoDB through mongoose, written in the portable subset FerretDB 1.24
// supports (no transactions; aggregation limited to $match/$group/$sort/$project/$limit/$skip/$unwind).
//
// - mongoose is imported lazily in init(), so embedded mode never loads it.
// - Reads use mongoose models with lean(); the two hot paths (mention insertMany, rollup bulkWrite)
//   go straight to the driver collection behind the model: no casting or hydration per document.
// - Exactness without transactions: mentions are keyed by a deterministic _id plus a unique
//   (sourceId, externalId) index, so a duplicate insert fails per document and is simply "already
//   there"; rollup buckets are upserted with $inc on a unique (brand, launch, kind, hour) index,
//   which is atomic per document; when two writers race to create the same bucket, one gets a
//   duplicate-key error and retries (the bucket then exists, so the retry is a plain $inc).
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { TrustLensModels } from '../../../models/index.js';
import { newId } from '../../core/ids.js';
import { NotFoundError, UnavailableError, ValidationError } from '../../core/errors.js';
import type {
  Alert, AlertKind, ApiKey, Brand, BrandModelInfo, BrandModelKind, Delivery, Id, IsoDate, Launch, Mention, MentionFlags, RescoreRun, RescoreRunProgress,
  Rollup, RollupIncrement, ScrapeRun, Source, SourceState,
} from '../../core/types.js';
import { BRAND_MODEL_KINDS, ROLLUP_COUNTERS } from '../../core/types.js';
import type {
  AlertFilter, AlertInput, AlertPatch, ApiKeyInput, BrandInput, LaunchInput, MentionFilter, MentionScoresUpdate, Page, RescoredMention, RollupQuery,
  SourceInput, Store, UpsertResult,
} from '../../ports/store.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import {
  ALERT_PATCH_FIELDS, BRAND_FIELDS, LAUNCH_PATCH_FIELDS, SOURCE_PATCH_FIELDS, byKind, checkAlertFilter,
  checkBatch, checkBrandModel, checkLimit, checkMention, checkMentionFilter, checkModelKind, checkRollupQuery, checkRescoreProgress, checkScoresUpdates, checkString, escapeRegex, newRescoreRun, pendingRescoreItem, isoDate, mergeIncrements,
  optBoolean, optString, pickPatch, RUNS_KEPT, type CheckedMentionFilter,
} from '../validate.js';
import { decodeAspectKey, encodeAspectKey, toStoreError, writeErrorsOf } from './errors.js';

/** Runs' order, newest first: what the lists show and what pruning keeps (RUNS_KEPT). */
const RUN_ORDER = { startedAt: -1, _id: -1 } as const;

export interface MongoStoreOptions {
  /** mongodb://host:port[/db] */
  url: string;
  /** Database name; defaults to the one in the URL, else "trustlens". */
  dbName?: string;
  /** How long to look for a server before failing with UnavailableError. */
  serverSelectionTimeoutMS?: number;
  /** Runs kept per source and per brand (default RUNS_KEPT; tests use a few). */
  runsKept?: number;
  /**
   * How rollups are kept exact under concurrent writers:
   * - 'inc': one document per bucket, `$inc` + upsert (atomic per document on MongoDB);
   * - 'ledger': one inserted delta per bucket and call, summed at query time (for servers whose
   *   updates are not atomic, such as FerretDB 1.x);
   * - 'auto' (default): 'ledger' on FerretDB, 'inc' otherwise.
   */
  rollupMode?: 'auto' | 'inc' | 'ledger';
}

type Doc = Record<string, unknown>;
const ROLLUP_RETRIES = 3;

export class MongoStore implements Store {
  private conn: Connection | null = null;
  private models: TrustLensModels | null = null;
  private opening: Promise<void> | null = null;
  /** Resolved at init() from `rollupMode` and the server's buildInfo. */
  rollupMode: 'inc' | 'ledger' = 'inc';

  constructor(private readonly opts: MongoStoreOptions) {
    if (!opts || typeof opts.url !== 'string' || !/^mongodb(\+srv)?:\/\//.test(opts.url)) {
      throw new ValidationError('MongoStore needs a mongodb:// URL', [{ path: 'url', message: 'expected mongodb://…' }]);
    }
  }

  // ---------------------------------------------------------------- lifecycle

  init(): Promise<void> {
    if (this.models) return Promise.resolve();
    this.opening ??= this.open().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async open(): Promise<void> {
    const { default: mongoose } = await import('mongoose');
    const { buildModels } = await import('../../../models/index.js');
    const timeout = this.opts.serverSelectionTimeoutMS ?? 5_000;
    const conn = mongoose.createConnection(this.opts.url, {
      dbName: this.opts.dbName || dbNameFromUrl(this.opts.url) || 'trustlens',
      serverSelectionTimeoutMS: timeout,
      connectTimeoutMS: timeout,
      maxPoolSize: 10,
      // Fail fast instead of queueing operations while disconnected.
      bufferCommands: false,
      autoIndex: false,
      autoCreate: false,
      // Optional fields left undefined are omitted rather than stored as null.
      ignoreUndefined: true,
    });
    try {
      await conn.asPromise();
      const models = buildModels(conn);
      const mode = this.opts.rollupMode ?? 'auto';
      if (mode === 'auto') {
        const info = await conn.db!.admin().command({ buildInfo: 1 });
        this.rollupMode = 'ferretdbVersion' in info ? 'ledger' : 'inc';
      } else {
        this.rollupMode = mode;
      }
      for (const model of Object.values(models)) {
        await model.createCollection().catch((err: unknown) => {
          // 48 = NamespaceExists: another process created it first.
          if ((err as { code?: number }).code !== 48) throw err;
        });
        await model.createIndexes();
      }
      this.conn = conn;
      this.models = models;
    } catch (err) {
      await conn.close(true).catch(() => undefined);
      throw new UnavailableError(`Cannot open MongoDB store at ${redact(this.opts.url)}: ${(err as Error).message}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = null;
    this.models = null;
    if (conn) await conn.close();
  }

  async ping(): Promise<boolean> {
    const db = this.conn?.db;
    if (!db) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const res = await Promise.race([
        db.command({ ping: 1 }),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('ping timeout')), 2_000); }),
      ]);
      return (res as { ok?: number }).ok === 1;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Drops the whole database (tests and `demo --reset` only). */
  async dropDatabase(): Promise<void> {
    await this.m().Brand.db.dropDatabase();
  }

  private m(): TrustLensModels {
    if (!this.models) throw new UnavailableError('MongoStore is not open: call init() first');
    return this.models;
  }

  /** Runs an operation, mapping connection failures to UnavailableError. */
  private async op<T>(what: string, fn: (m: TrustLensModels) => Promise<T>): Promise<T> {
    const models = this.m();
    try {
      return await fn(models);
    } catch (err) {
      throw toStoreError(err, what);
    }
  }

  private async findById<T>(model: keyof TrustLensModels, id: Id): Promise<T | null> {
    checkString(id, 'id');
    return this.op(`get ${model}`, async (m) => fromDoc<T>(await m[model].findById(id).lean<Doc>()));
  }

  private async deleteOne(model: keyof TrustLensModels, id: Id): Promise<boolean> {
    checkString(id, 'id');
    return this.op(`delete ${model}`, async (m) => (await m[model].deleteOne({ _id: id })).deletedCount > 0);
  }

  /** $set of the allowed fields only; `findOneAndUpdate` makes it one atomic step per document. */
  private async patch<T>(model: keyof TrustLensModels, id: Id, changes: Doc, stamp = true): Promise<T | null> {
    checkString(id, 'id');
    const set = stamp ? { ...changes, updatedAt: now() } : changes;
    return this.op(`update ${model}`, async (m) =>
      fromDoc<T>(await m[model].findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }).lean<Doc>()));
  }

  private async insert<T extends { id: Id }>(model: keyof TrustLensModels, obj: T): Promise<T> {
    await this.op(`create ${model}`, (m) => m[model].collection.insertOne(toDoc(obj) as never));
    return obj;
  }

  // ---------------------------------------------------------------- brands

  async createBrand(input: BrandInput): Promise<Brand> {
    checkString(input?.name, 'name');
    const at = now();
    return this.insert('Brand', { ...input, id: newId(), createdAt: at, updatedAt: at } as Brand);
  }

  getBrand(id: Id): Promise<Brand | null> {
    return this.findById<Brand>('Brand', id);
  }

  async listBrands(): Promise<Brand[]> {
    return this.op('list brands', async (m) => (await m.Brand.find({}).sort({ createdAt: 1, _id: 1 }).lean<Doc[]>()).map((d) => fromDoc<Brand>(d)!));
  }

  updateBrand(id: Id, patch: Partial<BrandInput>): Promise<Brand | null> {
    return this.patch<Brand>('Brand', id, pickPatch(patch, BRAND_FIELDS));
  }

  /**
   * No transactions on FerretDB: children are deleted first and the brand document last. A crash
   * half-way leaves the brand visible with part of its data gone, and calling deleteBrand again
   * finishes the job (every step is an idempotent deleteMany).
   */
  async deleteBrand(id: Id): Promise<boolean> {
    checkString(id, 'id');
    return this.op('delete brand', async (m) => {
      for (const model of [m.Mention, m.PendingBatch, m.PendingRescore, m.RescoreRun, m.Rollup, m.RollupDelta, m.AlertDelivery, m.Alert, m.ScrapeRun, m.Source, m.Launch, m.BrandModel]) {
        await model.deleteMany({ brandId: id });
      }
      return (await m.Brand.deleteOne({ _id: id })).deletedCount > 0;
    });
  }

  // ---------------------------------------------------------------- launches

  async createLaunch(input: LaunchInput): Promise<Launch> {
    checkString(input?.brandId, 'brandId');
    checkString(input?.name, 'name');
    const at = now();
    return this.insert('Launch', { ...input, id: newId(), createdAt: at, updatedAt: at } as Launch);
  }

  getLaunch(id: Id): Promise<Launch | null> {
    return this.findById<Launch>('Launch', id);
  }

  async listLaunches(brandId?: Id): Promise<Launch[]> {
    const filter = brandId === undefined ? {} : { brandId: checkString(brandId, 'brandId') };
    return this.op('list launches', async (m) => (await m.Launch.find(filter).sort({ startAt: 1, _id: 1 }).lean<Doc[]>()).map((d) => fromDoc<Launch>(d)!));
  }

  updateLaunch(id: Id, patch: Partial<Omit<LaunchInput, 'brandId'>>): Promise<Launch | null> {
    return this.patch<Launch>('Launch', id, pickPatch(patch, LAUNCH_PATCH_FIELDS));
  }

  /** Deletes the launch only: its mentions and rollups stay with the brand. */
  deleteLaunch(id: Id): Promise<boolean> {
    return this.deleteOne('Launch', id);
  }

  // ---------------------------------------------------------------- sources

  async createSource(input: SourceInput): Promise<Source> {
    checkString(input?.brandId, 'brandId');
    checkString(input?.name, 'name');
    const at = now();
    return this.insert('Source', { ...input, state: input.state ?? {}, id: newId(), createdAt: at, updatedAt: at } as Source);
  }

  getSource(id: Id): Promise<Source | null> {
    return this.findById<Source>('Source', id);
  }

  async listSources(filter: { brandId?: Id; enabled?: boolean } = {}): Promise<Source[]> {
    const q: Doc = {};
    const brandId = optString(filter.brandId, 'brandId');
    const enabled = optBoolean(filter.enabled, 'enabled');
    if (brandId !== undefined) q.brandId = brandId;
    if (enabled !== undefined) q.enabled = enabled;
    return this.op('list sources', async (m) => (await m.Source.find(q).sort({ createdAt: 1, _id: 1 }).lean<Doc[]>()).map((d) => fromDoc<Source>(d)!));
  }

  updateSource(id: Id, patch: Partial<Omit<SourceInput, 'brandId'>>): Promise<Source | null> {
    return this.patch<Source>('Source', id, pickPatch(patch, SOURCE_PATCH_FIELDS));
  }

  async saveSourceState(id: Id, state: SourceState): Promise<void> {
    checkString(id, 'id');
    // Raw driver: the state is replaced as a whole, exactly as given.
    const res = await this.op('save source state', (m) => m.Source.collection.updateOne({ _id: id } as never, { $set: { state: state ?? {}, updatedAt: now() } }));
    if (res.matchedCount === 0) throw new NotFoundError(`Source ${id} not found`);
  }

  /** Deletes the source and its run history; its mentions stay with the brand. */
  async deleteSource(id: Id): Promise<boolean> {
    checkString(id, 'id');
    return this.op('delete source', async (m) => {
      const deleted = (await m.Source.deleteOne({ _id: id })).deletedCount > 0;
      await m.ScrapeRun.deleteMany({ sourceId: id });
      await m.PendingBatch.deleteMany({ sourceId: id });
      return deleted;
    });
  }

  // ---------------------------------------------------------------- mentions

  async upsertMentions(mentions: Mention[], opts: { batch?: string } = {}): Promise<UpsertResult> {
    if (!Array.isArray(mentions)) throw new ValidationError('upsertMentions expects an array');
    const prepared = mentions.map((m, n) => checkMention(m, n));
    if (prepared.length === 0) return { inserted: 0, insertedMentions: [] };
    const batch = opts?.batch === undefined ? undefined : checkBatch(opts.batch, prepared);
    const failed = new Set<number>();
    await this.op('upsert mentions', async (m) => {
      // No transactions: the pending record goes first, so a crash after the mentions are written
      // still leaves the batch to be counted by the next run.
      if (batch !== undefined) {
        await m.PendingBatch.collection.updateOne({ _id: batch } as never,
          { $setOnInsert: { sourceId: prepared[0].sourceId, brandId: prepared[0].brandId, createdAt: now() } }, { upsert: true });
      }
      try {
        await m.Mention.collection.insertMany(prepared.map((x) => (batch === undefined ? toDoc(x) : { ...toDoc(x), rollupBatch: batch })) as never[], { ordered: false });
      } catch (err) {
        // ordered: false → every document was tried; the error lists the ones that failed.
        const errors = writeErrorsOf(err);
        if (!errors) throw err;
        const other = errors.find((e) => e.code !== 11000);
        if (other) throw err;
        for (const e of errors) failed.add(e.index);
      }
      if (batch !== undefined && failed.size === prepared.length) await m.PendingBatch.collection.deleteOne({ _id: batch } as never);
    });
    const insertedMentions = prepared.filter((_, i) => !failed.has(i));
    return { inserted: insertedMentions.length, insertedMentions };
  }

  async rescoreMentions(brandId: Id, updates: MentionScoresUpdate[], batch: string): Promise<RescoredMention[]> {
    checkString(brandId, 'brandId');
    const checked = checkScoresUpdates(updates);
    checkString(batch, 'batch');
    if (checked.length === 0) return [];
    return this.op('rescore mentions', async (m) => {
      // The scores from before are the ones read here: one rescoring run per brand at a time, and
      // ingest only inserts mentions, never rescores them.
      const docs = (await m.Mention.collection.find({ _id: { $in: checked.map((u) => u.id) }, brandId } as never).toArray()) as unknown as Doc[];
      // Ingest batches not counted yet (their pending record is written before their mentions).
      const pending = new Set((await m.PendingBatch.collection.find({ brandId } as never).toArray()).map((d) => (d as unknown as Doc)._id as string));
      const byId = new Map(checked.map((u) => [u.id, u]));
      const out: RescoredMention[] = [];
      for (const d of docs) {
        if (typeof d.rollupBatch === 'string' && pending.has(d.rollupBatch)) continue;
        const { scores, flags } = byId.get(d._id as string)!;
        const old = fromDoc<Mention>(d)!;
        out.push({ mention: { ...old, scores, flags: plainFlags(flags) }, before: { scores: old.scores, flags: old.flags } });
      }
      if (out.length === 0) return out;
      // No transactions: the record goes first, so a crash while the mentions are written leaves
      // it for the next run to finish.
      await m.PendingRescore.collection.insertOne({ _id: batch, brandId, items: out.map(pendingRescoreItem), createdAt: now() } as never);
      await writeScores(m, out);
      return out;
    });
  }

  async resumePendingRescores(brandId: Id): Promise<{ batch: string; mentions: RescoredMention[] }[]> {
    checkString(brandId, 'brandId');
    return this.op('resume pending rescores', async (m) => {
      const docs = (await m.PendingRescore.collection.find({ brandId } as never).sort({ createdAt: 1 }).toArray()) as unknown as Doc[];
      const out: { batch: string; mentions: RescoredMention[] }[] = [];
      for (const d of docs) {
        const mentions = d.items as RescoredMention[];
        await writeScores(m, mentions);
        out.push({ batch: d._id as string, mentions });
      }
      return out;
    });
  }

  async completeRescore(batch: string): Promise<void> {
    checkString(batch, 'batch');
    await this.op('complete rescore', (m) => m.PendingRescore.collection.deleteOne({ _id: batch } as never));
  }

  async getMention(id: Id): Promise<Mention | null> {
    return this.findById<Mention>('Mention', id);
  }

  async queryMentions(filter: MentionFilter, page: { cursor?: string; limit?: number } = {}): Promise<Page<Mention>> {
    const f = checkMentionFilter(filter);
    const limit = checkLimit(page?.limit);
    const and = mentionConditions(f);
    if (page?.cursor !== undefined) {
      const c = decodeCursor(page.cursor);
      and.push({ $or: [{ publishedAt: { $lt: c.p } }, { publishedAt: c.p, _id: { $lt: c.i } }] });
    }
    const docs = await this.op('query mentions', (m) =>
      m.Mention.collection.find(combine(and)).sort({ publishedAt: -1, _id: -1 }).limit(limit + 1).toArray());
    const items = docs.slice(0, limit).map((d) => fromDoc<Mention>(d as Doc)!);
    const last = items[items.length - 1];
    return docs.length > limit && last ? { items, nextCursor: encodeCursor({ p: last.publishedAt, i: last.id }) } : { items };
  }

  async countMentions(filter: MentionFilter): Promise<number> {
    const q = combine(mentionConditions(checkMentionFilter(filter)));
    return this.op('count mentions', (m) => m.Mention.collection.countDocuments(q));
  }

  // ---------------------------------------------------------------- rollups

  async addToRollups(increments: RollupIncrement[], batchId?: string): Promise<void> {
    let pending = mergeIncrements(increments);
    if (pending.length === 0) return;
    if (batchId !== undefined) checkString(batchId, 'batchId');
    if (this.rollupMode === 'ledger') {
      // With a batch id each delta's _id is derived from (batch, bucket): a retried batch inserts
      // duplicates, which the unique _id turns away, so it is counted once.
      const deltas = pending.map((inc) => ({
        ...inc,
        _id: batchId === undefined ? newId() : deltaId(batchId, inc),
        aspects: Object.entries(inc.aspects).filter(([, n]) => n !== 0).map(([k, n]) => ({ k, n })),
      }));
      await this.op('add to rollups', async (m) => {
        try {
          await m.RollupDelta.collection.insertMany(deltas as never[], { ordered: false });
        } catch (err) {
          const errors = writeErrorsOf(err);
          if (batchId === undefined || !errors || errors.some((e) => e.code !== 11000)) throw err;
        }
      });
      return;
    }
    await this.op('add to rollups', async (m) => {
      for (let attempt = 0; pending.length > 0; attempt++) {
        const ops = pending.map((inc) => {
          const $inc: Doc = {};
          for (const c of ROLLUP_COUNTERS) $inc[c] = inc[c];
          for (const [k, n] of Object.entries(inc.aspects)) if (n !== 0) $inc[`aspects.${encodeAspectKey(k)}`] = n;
          // With a batch id the bucket remembers its last batches: the filter skips a bucket that
          // already has this batch, in the same single-document atomic update as the $inc.
          const key = { brandId: inc.brandId, launchId: inc.launchId, kind: inc.kind, hour: inc.hour };
          return {
            updateOne: {
              filter: batchId === undefined ? key : { ...key, batches: { $ne: batchId } },
              update: batchId === undefined
                ? { $inc, $setOnInsert: { _id: newId() } }
                : { $inc, $setOnInsert: { _id: newId() }, $push: { batches: { $each: [batchId], $slice: -BATCHES_KEPT } } },
              upsert: true,
            },
          };
        });
        try {
          await m.Rollup.collection.bulkWrite(ops as never[], { ordered: false });
          pending = [];
        } catch (err) {
          // Two writers created the same new bucket at once: the loser's upsert fails on the unique
          // index and nothing of it was applied, so it is retried (now as a plain $inc).
          const errors = writeErrorsOf(err);
          if (!errors || attempt >= ROLLUP_RETRIES || errors.some((e) => e.code !== 11000)) throw err;
          const retry = new Set(errors.map((e) => e.index));
          pending = pending.filter((_, i) => retry.has(i));
          if (batchId !== undefined) {
            // A duplicate key here also means "this bucket already has the batch": drop those.
            const done = await Promise.all(pending.map((inc) => m.Rollup.collection.countDocuments(
              { brandId: inc.brandId, launchId: inc.launchId, kind: inc.kind, hour: inc.hour, batches: batchId } as never, { limit: 1 })));
            pending = pending.filter((_, i) => done[i] === 0);
          }
        }
      }
    });
  }

  async listPendingBatches(sourceId: Id): Promise<{ batch: string; mentions: Mention[] }[]> {
    checkString(sourceId, 'sourceId');
    return this.op('list pending batches', async (m) => {
      const batches = await m.PendingBatch.collection.find({ sourceId } as never).sort({ createdAt: 1 }).toArray();
      const out: { batch: string; mentions: Mention[] }[] = [];
      for (const b of batches as unknown as { _id: string }[]) {
        const docs = await m.Mention.collection.find({ rollupBatch: b._id } as never).toArray();
        out.push({ batch: b._id, mentions: docs.map((d) => fromDoc<Mention>(d as Doc)!) });
      }
      return out;
    });
  }

  async completeBatch(batch: string): Promise<void> {
    checkString(batch, 'batch');
    await this.op('complete batch', (m) => m.PendingBatch.collection.deleteOne({ _id: batch } as never));
  }

  async queryRollups(query: RollupQuery): Promise<Rollup[]> {
    const rq = checkRollupQuery(query);
    const q: Doc = { brandId: rq.brandId, hour: { $gte: rq.from, $lt: rq.to } };
    if (rq.launchId !== undefined) q.launchId = rq.launchId;
    if (rq.kind !== undefined) q.kind = rq.kind;
    if (this.rollupMode === 'ledger') return this.queryLedger(q);
    const docs = await this.op('query rollups', (m) => m.Rollup.collection.find(q).sort({ hour: 1, launchId: 1, kind: 1 }).toArray());
    return docs.map((d) => {
      const doc = d as unknown as Doc;
      const r = { brandId: doc.brandId, launchId: doc.launchId ?? '', kind: doc.kind, hour: doc.hour, aspects: {} } as Rollup;
      for (const c of ROLLUP_COUNTERS) r[c] = (doc[c] as number | undefined) ?? 0;
      for (const [k, n] of Object.entries((doc.aspects as Record<string, number> | undefined) ?? {})) r.aspects[decodeAspectKey(k)] = n;
      return r;
    });
  }

  /** Sums the deltas of each bucket in JS: FerretDB 1.24's $group is not reliable for this ($sum of
   *  doubles and compound keys with dotted paths gave wrong results when measured). */
  private async queryLedger(q: Doc): Promise<Rollup[]> {
    const docs = await this.op('query rollups', (m) => m.RollupDelta.collection.find(q, { projection: { _id: 0, brandId: 0 } }).toArray());
    const buckets = new Map<string, Rollup>();
    for (const d of docs as unknown as (Doc & { aspects?: { k: string; n: number }[] })[]) {
      const key = `${d.hour}\u0000${d.launchId ?? ''}\u0000${d.kind}`;
      let r = buckets.get(key);
      if (!r) {
        r = { brandId: q.brandId, launchId: d.launchId ?? '', kind: d.kind, hour: d.hour, aspects: {} } as Rollup;
        for (const c of ROLLUP_COUNTERS) r[c] = 0;
        buckets.set(key, r);
      }
      for (const c of ROLLUP_COUNTERS) r[c] += (d[c] as number | undefined) ?? 0;
      for (const { k, n } of d.aspects ?? []) r.aspects[k] = (r.aspects[k] ?? 0) + n;
    }
    return [...buckets.values()].sort((a, b) => cmp(a.hour, b.hour) || cmp(a.launchId, b.launchId) || cmp(a.kind, b.kind));
  }

  // ---------------------------------------------------------------- alerts

  /** Attaches each alert's delivery log (kept in its own collection, see models/alert.ts). */
  private async withDeliveries(m: TrustLensModels, docs: Doc[]): Promise<Alert[]> {
    const alerts = docs.map((d) => ({ ...fromDoc<Alert>(d)!, deliveries: [] as Delivery[] }));
    if (alerts.length === 0) return alerts;
    const byId = new Map(alerts.map((a) => [a.id, a]));
    const rows = await m.AlertDelivery.collection.find({ alertId: alerts.length === 1 ? alerts[0].id : { $in: [...byId.keys()] } } as never)
      .sort({ _id: 1 }).toArray();
    for (const row of rows as unknown as { alertId: string; delivery: Delivery }[]) byId.get(row.alertId)?.deliveries.push(row.delivery);
    return alerts;
  }

  private async oneAlert(what: string, find: (m: TrustLensModels) => Promise<Doc | null>): Promise<Alert | null> {
    return this.op(what, async (m) => {
      const doc = await find(m);
      return doc ? (await this.withDeliveries(m, [doc]))[0] : null;
    });
  }

  async createAlert(input: AlertInput): Promise<Alert> {
    checkString(input?.brandId, 'brandId');
    checkString(input?.episodeKey, 'episodeKey');
    const at = now();
    const alert = { ...input, id: newId(), openedAt: input.openedAt ?? at, updatedAt: at } as Omit<Alert, 'deliveries'>;
    await this.insert('Alert', alert);
    return { ...alert, deliveries: [] } as Alert;
  }

  getAlert(id: Id): Promise<Alert | null> {
    checkString(id, 'id');
    return this.oneAlert('get alert', (m) => m.Alert.findById(id).lean<Doc>());
  }

  async listAlerts(filter?: AlertFilter): Promise<Alert[]> {
    const f = checkAlertFilter(filter);
    const q: Doc = {};
    for (const key of ['brandId', 'launchId', 'kind', 'status', 'severity'] as const) if (f[key] !== undefined) q[key] = f[key];
    return this.op('list alerts', async (m) =>
      this.withDeliveries(m, await m.Alert.find(q).sort({ openedAt: -1, _id: -1 }).limit(f.limit).lean<Doc[]>()));
  }

  async findActiveAlert(brandId: Id, kind: AlertKind, episodeKey: string): Promise<Alert | null> {
    const q = {
      brandId: checkString(brandId, 'brandId'), kind: checkString(kind, 'kind'), episodeKey: checkString(episodeKey, 'episodeKey'),
      status: { $in: ['open', 'acknowledged'] },
    };
    return this.oneAlert('find active alert', (m) => m.Alert.findOne(q).sort({ openedAt: -1, _id: -1 }).lean<Doc>());
  }

  async updateAlert(id: Id, patch: AlertPatch): Promise<Alert | null> {
    const updated = await this.patch<Doc>('Alert', id, pickPatch(patch, ALERT_PATCH_FIELDS));
    if (!updated) return null;
    return this.op('update alert', async (m) => (await this.withDeliveries(m, [toDoc(updated)]))[0]);
  }

  /** One inserted document per delivery: atomic on every server, in insertion order. */
  async addDelivery(id: Id, delivery: Delivery): Promise<void> {
    checkString(id, 'id');
    await this.op('add delivery', async (m) => {
      const alert = await m.Alert.findById(id, { brandId: 1 }).lean<{ brandId: string }>();
      if (!alert) throw new NotFoundError(`Alert ${id} not found`);
      await m.AlertDelivery.collection.insertOne({ _id: orderedId(), alertId: id, brandId: alert.brandId, delivery: stripUndefined(delivery) } as never);
    });
  }

  // ---------------------------------------------------------------- scrape runs

  async createScrapeRun(input: { sourceId: Id; brandId: Id; startedAt: IsoDate }): Promise<ScrapeRun> {
    const run = await this.insert<ScrapeRun>('ScrapeRun', {
      id: newId(),
      sourceId: checkString(input?.sourceId, 'sourceId'),
      brandId: checkString(input?.brandId, 'brandId'),
      startedAt: isoDate(input.startedAt, 'startedAt'),
      status: 'running', fetched: 0, new: 0, skipped: 0, errors: 0, messages: [],
    });
    await this.pruneRuns('ScrapeRun', 'sourceId', run.sourceId);
    return run;
  }

  /**
   * Deletes the runs of one source or brand past the newest runsKept (the list's order): the
   * first run past them and every run after it in that order. A crash before it only leaves a
   * few runs more, which the next run deletes. (FerretDB sorts the source's runs for the skip:
   * about 27 ms a run at 1,000 kept; MongoDB reads its index.)
   */
  private async pruneRuns(model: 'ScrapeRun' | 'RescoreRun', key: 'sourceId' | 'brandId', value: Id): Promise<void> {
    await this.op('prune runs', async (m) => {
      const coll = m[model].collection;
      const [first] = await coll.find({ [key]: value } as never).sort(RUN_ORDER).skip(this.opts.runsKept ?? RUNS_KEPT).limit(1).project({ startedAt: 1 }).toArray();
      if (!first) return;
      const at = (first as { startedAt: string }).startedAt;
      await coll.deleteMany({ [key]: value, $or: [{ startedAt: { $lt: at } }, { startedAt: at, _id: { $lte: first._id } }] } as never);
    });
  }

  async finishScrapeRun(id: Id, result: Pick<ScrapeRun, 'status' | 'fetched' | 'new' | 'skipped' | 'errors' | 'messages'> & { finishedAt: IsoDate }): Promise<void> {
    checkString(id, 'id');
    const set = {
      status: result.status, fetched: result.fetched, new: result.new, skipped: result.skipped, errors: result.errors,
      messages: result.messages ?? [], finishedAt: isoDate(result.finishedAt, 'finishedAt'),
    };
    const res = await this.op('finish scrape run', (m) => m.ScrapeRun.collection.updateOne({ _id: id } as never, { $set: set }));
    if (res.matchedCount === 0) throw new NotFoundError(`Scrape run ${id} not found`);
  }

  async listScrapeRuns(sourceId: Id, limit?: number): Promise<ScrapeRun[]> {
    const q = { sourceId: checkString(sourceId, 'sourceId') };
    const n = checkLimit(limit, 20);
    return this.op('list scrape runs', async (m) =>
      (await m.ScrapeRun.collection.find(q).sort(RUN_ORDER).limit(n).toArray()).map((d) => fromDoc<ScrapeRun>(d as Doc)!));
  }

  // ---------------------------------------------------------------- rescore runs

  async startRescoreRun(input: { brandId: Id; jobId?: string; startedAt: IsoDate; total: number; dryRun?: boolean }): Promise<RescoreRun> {
    const run = newRescoreRun(newId(), input);
    // Two writes without a transaction: a crash between them leaves the old run interrupted and
    // no new one, which the job's retry then starts.
    await this.op('interrupt rescore runs', (m) => m.RescoreRun.collection.updateMany(
      { brandId: run.brandId, status: 'running' } as never, { $set: { status: 'interrupted', finishedAt: run.startedAt } }));
    await this.insert<RescoreRun>('RescoreRun', run);
    await this.pruneRuns('RescoreRun', 'brandId', run.brandId);
    return run;
  }

  async updateRescoreRun(id: Id, progress: RescoreRunProgress): Promise<void> {
    checkString(id, 'id');
    const set = checkRescoreProgress(progress);
    if (Object.keys(set).length === 0) return;
    const res = await this.op('update rescore run', (m) => m.RescoreRun.collection.updateOne({ _id: id } as never, { $set: set }));
    if (res.matchedCount === 0) throw new NotFoundError(`Rescore run ${id} not found`);
  }

  async listRescoreRuns(brandId: Id, limit?: number): Promise<RescoreRun[]> {
    const q = { brandId: checkString(brandId, 'brandId') };
    const n = checkLimit(limit, 20);
    return this.op('list rescore runs', async (m) =>
      (await m.RescoreRun.collection.find(q).sort(RUN_ORDER).limit(n).toArray()).map((d) => fromDoc<RescoreRun>(d as Doc)!));
  }

  // ---------------------------------------------------------------- brands' own models

  async saveBrandModel(brandId: Id, kind: BrandModelKind, json: string, about: { name: string; meta: Record<string, unknown> }): Promise<BrandModelInfo> {
    checkString(brandId, 'brandId');
    checkModelKind(kind);
    const bytes = checkBrandModel(json, about);
    return this.op('save brand model', async (m) => {
      if (!(await m.Brand.exists({ _id: brandId }))) throw new NotFoundError(`Brand ${brandId} not found`);
      // One atomic update: two saves at once get versions n+1 and n+2, never the same one.
      const doc = await m.BrandModel.collection.findOneAndUpdate(
        { _id: `${brandId}:${kind}` } as never,
        { $set: { brandId, kind, name: about.name, bytes, savedAt: now(), meta: JSON.stringify(about.meta), json }, $inc: { version: 1 } },
        // No projection: FerretDB does not implement one in findAndModify (the file comes back once).
        { upsert: true, returnDocument: 'after' },
      );
      return modelInfo(doc as unknown as Doc);
    });
  }

  async getBrandModelInfo(brandId: Id, kind: BrandModelKind): Promise<BrandModelInfo | null> {
    const _id = `${checkString(brandId, 'brandId')}:${checkModelKind(kind)}`;
    return this.op('get brand model', async (m) => {
      const doc = await m.BrandModel.findById(_id).select({ json: 0 }).lean<Doc>();
      return doc ? modelInfo(doc) : null;
    });
  }

  async listBrandModelInfos(brandId: Id): Promise<BrandModelInfo[]> {
    // By _id (brand:kind), the primary index, without the files.
    const ids = BRAND_MODEL_KINDS.map((kind) => `${checkString(brandId, 'brandId')}:${kind}`);
    return this.op('list brand models', async (m) =>
      byKind((await m.BrandModel.find({ _id: { $in: ids } }).select({ json: 0 }).lean<Doc[]>()).map(modelInfo)));
  }

  async getBrandModel(brandId: Id, kind: BrandModelKind): Promise<{ info: BrandModelInfo; json: string } | null> {
    const _id = `${checkString(brandId, 'brandId')}:${checkModelKind(kind)}`;
    return this.op('get brand model', async (m) => {
      const doc = await m.BrandModel.findById(_id).lean<Doc>();
      return doc ? { info: modelInfo(doc), json: doc.json as string } : null;
    });
  }

  async deleteBrandModel(brandId: Id, kind: BrandModelKind): Promise<boolean> {
    const _id = `${checkString(brandId, 'brandId')}:${checkModelKind(kind)}`;
    return this.op('delete brand model', async (m) => (await m.BrandModel.deleteOne({ _id })).deletedCount > 0);
  }

  // ---------------------------------------------------------------- api keys

  async createApiKey(input: ApiKeyInput): Promise<ApiKey> {
    checkString(input?.hash, 'hash');
    return this.insert('ApiKey', { ...input, brandIds: input.brandIds ?? [], id: newId(), createdAt: now() } as ApiKey);
  }

  async findApiKeyByHash(hash: string): Promise<ApiKey | null> {
    const q = { hash: checkString(hash, 'hash') };
    return this.op('find api key', async (m) => fromDoc<ApiKey>(await m.ApiKey.findOne(q).lean<Doc>()));
  }

  async listApiKeys(): Promise<ApiKey[]> {
    return this.op('list api keys', async (m) => (await m.ApiKey.find({}).sort({ createdAt: 1, _id: 1 }).lean<Doc[]>()).map((d) => fromDoc<ApiKey>(d)!));
  }

  deleteApiKey(id: Id): Promise<boolean> {
    return this.deleteOne('ApiKey', id);
  }

  /** A key deleted meanwhile is not an error: the request it authenticated is already under way. */
  async touchApiKey(id: Id, at: IsoDate): Promise<void> {
    checkString(id, 'id');
    const lastUsedAt = isoDate(at, 'at');
    await this.op('touch api key', (m) => m.ApiKey.collection.updateOne({ _id: id } as never, { $set: { lastUsedAt } }));
  }
}

// ------------------------------------------------------------------ helpers

function modelInfo(d: Doc): BrandModelInfo {
  return {
    brandId: d.brandId as string, kind: d.kind as BrandModelKind, version: d.version as number, name: d.name as string,
    bytes: d.bytes as number, savedAt: d.savedAt as string, meta: JSON.parse(d.meta as string) as Record<string, unknown>,
  };
}

function now(): string {
  return new Date().toISOString();
}

/** The database named in the URL path, if any (mongodb://host:27017/NAME?opts). */
function dbNameFromUrl(url: string): string | undefined {
  const m = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(url);
  return m ? decodeURIComponent(m[1]) : undefined;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let seq = 0;
/** 24 hex characters that sort in creation order within a process (time, then a counter). */
function orderedId(): string {
  seq = (seq + 1) & 0xffff;
  return Date.now().toString(16).padStart(12, '0') + seq.toString(16).padStart(4, '0') + newId().slice(0, 8);
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/** Domain object → document: `id` becomes `_id`, undefined fields are left out. */
function toDoc(obj: object): Doc {
  const { id, ...rest } = obj as Doc;
  return { _id: id, ...stripUndefined(rest) };
}

function fromDoc<T>(doc: Doc | null | undefined): T | null {
  if (!doc) return null;
  // rollupBatch is the store's bookkeeping, not part of the mention.
  const { _id, rollupBatch: _b, ...rest } = doc;
  return { id: _id, ...rest } as T;
}

/** Sets the scores and flags of rescored mentions (again, after a crash: the same values). */
async function writeScores(m: TrustLensModels, rescored: readonly RescoredMention[]): Promise<void> {
  // By _id alone: FerretDB looks that up by index, and scans the collection for more.
  const ops = rescored.map(({ mention: { id, scores, flags } }) => ({ updateOne: { filter: { _id: id }, update: { $set: { scores: stripUndefined(scores), flags: plainFlags(flags) } } } }));
  for (let i = 0; i < ops.length; i += UPDATES_PER_BULK) await m.Mention.collection.bulkWrite(ops.slice(i, i + UPDATES_PER_BULK) as never[], { ordered: false });
}

const plainFlags = (f: MentionFlags): MentionFlags => ({ negative: !!f.negative, fakeSuspect: !!f.fakeSuspect, mismatch: !!f.mismatch, undisclosed: !!f.undisclosed });

/**
 * Updates per bulkWrite: FerretDB 1.24 (SQLite) never answers an update command of 100 statements
 * or more (measured: 90 take 0.4 s, 100 hang), so bigger batches are sent in parts.
 */
const UPDATES_PER_BULK = 50;

/** Buckets remember this many recent batch ids: far more than can be retried at once. */
const BATCHES_KEPT = 64;

function deltaId(batchId: string, inc: RollupIncrement): string {
  return createHash('sha256').update(`${batchId}\0${inc.brandId}\0${inc.launchId}\0${inc.kind}\0${inc.hour}`).digest('hex').slice(0, 24);
}

function stripUndefined<T extends object>(obj: T): T {
  const out: Doc = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Builds the Mongo filter from checked values only: strings by equality, enums, canonical dates. */
function mentionConditions(f: CheckedMentionFilter): Doc[] {
  const and: Doc[] = [];
  if (f.brandId !== undefined) and.push({ brandId: f.brandId });
  if (f.launchId !== undefined) and.push({ launchId: f.launchId });
  if (f.sourceId !== undefined) and.push({ sourceId: f.sourceId });
  if (f.kind !== undefined) and.push({ kind: f.kind });
  if (f.lang !== undefined) and.push({ 'scores.lang': f.lang });
  if (f.label !== undefined) and.push({ 'scores.sentiment.label': f.label });
  if (f.from !== undefined || f.to !== undefined) {
    const range: Doc = {};
    if (f.from !== undefined) range.$gte = f.from;
    if (f.to !== undefined) range.$lt = f.to;
    and.push({ publishedAt: range });
  }
  for (const flag of f.flags) and.push({ [`flags.${flag}`]: true });
  if (f.text !== undefined) {
    const re = { $regex: escapeRegex(f.text), $options: 'i' };
    and.push({ $or: [{ title: re }, { text: re }] });
  }
  return and;
}

function combine(and: Doc[]): Doc {
  if (and.length === 0) return {};
  if (and.length === 1) return and[0];
  return { $and: and };
}
