// The embedded store: one SQLite file through better-sqlite3 (synchronous, in-process).
// WAL lets readers proceed while one writer commits; busy_timeout makes a second writer (another
// process, or another connection on the same file) wait for the lock instead of failing, and every
// write runs in a BEGIN IMMEDIATE transaction so the lock is taken up front (a deferred
// transaction that reads first and upgrades later can fail with SQLITE_BUSY that no timeout fixes).
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { newId } from '../../core/ids.js';
import { NotFoundError, UnavailableError, ValidationError } from '../../core/errors.js';
import type {
  Alert, AlertKind, ApiKey, Brand, BrandModelInfo, BrandModelKind, Delivery, Id, IsoDate, Launch, Mention, RescoreRun, RescoreRunProgress,
  Rollup, RollupIncrement, ScrapeRun, Source, SourceState,
} from '../../core/types.js';
import { MENTION_FLAGS, ROLLUP_COUNTERS } from '../../core/types.js';
import type {
  AlertFilter, AlertInput, AlertPatch, ApiKeyInput, BrandInput, LaunchInput, MentionFilter, MentionScoresUpdate, Page, RescoredMention,
  RollupQuery, SourceInput, Store, UpsertResult,
} from '../../ports/store.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import {
  ALERT_PATCH_FIELDS, BRAND_FIELDS, LAUNCH_PATCH_FIELDS, SOURCE_PATCH_FIELDS, byKind, checkAlertFilter,
  checkBatch, checkBrandModel, checkLimit, checkModelKind, checkMention, checkMentionFilter, checkRollupQuery, checkRescoreProgress, checkScoresUpdates, checkString, newRescoreRun, pendingRescoreItem, escapeLike, isoDate, mergeIncrements, optBoolean,
  optString, pickPatch, RUNS_KEPT, type CheckedMentionFilter,
} from '../validate.js';
import { decodeRow, encodeRow, encodeValues, insertSql, q, tableCodec, updateSql, type TableCodec } from './codec.js';
import { MIGRATIONS } from './migrations.js';

const BRANDS = tableCodec('brands', {
  scalar: ['id', 'name', 'mission', 'sensitivity', 'createdAt', 'updatedAt'],
  json: ['values', 'claims', 'forbiddenClaims', 'keywords', 'handles', 'competitors', 'languages', 'webhooks'],
});
const LAUNCHES = tableCodec('launches', {
  scalar: ['id', 'brandId', 'name', 'type', 'startAt', 'endAt', 'price', 'createdAt', 'updatedAt'],
  json: ['products', 'keywords', 'promises'],
});
const SOURCES = tableCodec('sources', {
  scalar: ['id', 'brandId', 'launchId', 'name', 'kind', 'url', 'api', 'query', 'mentionKind', 'schedule', 'createdAt', 'updatedAt'],
  json: ['recipe', 'state'],
  bool: ['enabled'],
});
const MENTIONS = tableCodec('mentions', {
  scalar: ['id', 'sourceId', 'externalId', 'brandId', 'launchId', 'kind', 'publishedAt', 'fetchedAt', 'lang', 'label', 'url', 'title', 'text', 'caption', 'langHint', 'rollupBatch'],
  json: ['author', 'rating', 'engagement', 'scores'],
  bool: ['negative', 'fakeSuspect', 'mismatch', 'undisclosed', 'verifiedPurchase'],
});
const ALERTS = tableCodec('alerts', {
  scalar: ['id', 'brandId', 'launchId', 'kind', 'severity', 'status', 'episodeKey', 'title', 'windowStart', 'windowEnd', 'openedAt', 'updatedAt', 'acknowledgedBy', 'acknowledgedAt', 'resolvedBy', 'resolvedAt'],
  json: ['evidence', 'deliveries'],
});
const RUNS = tableCodec('scrape_runs', {
  scalar: ['id', 'sourceId', 'brandId', 'startedAt', 'finishedAt', 'status', 'fetched', 'new', 'skipped', 'errors'],
  json: ['messages'],
});
/** Runs' order, newest first: what the lists show and what pruning keeps (RUNS_KEPT). */
const RUN_ORDER = 'startedAt DESC, id DESC';
const RESCORE_RUNS = tableCodec('rescore_runs', {
  scalar: ['id', 'brandId', 'jobId', 'startedAt', 'finishedAt', 'status', 'total', 'scanned', 'changed', 'fakeSuspectsBefore', 'fakeSuspectsAfter', 'recovered', 'error', 'coveredBy'],
  bool: ['dryRun'],
  json: ['preview'],
});
const API_KEYS = tableCodec('api_keys', {
  scalar: ['id', 'name', 'hash', 'role', 'createdAt', 'lastUsedAt'],
  json: ['brandIds'],
});

type Row = Record<string, unknown>;

/** How long applied rollup batch ids are remembered: far longer than any job retries. */
const BATCH_MEMORY_MS = 14 * 24 * 3_600_000;

export interface SqliteStoreOptions {
  /** File path, or ':memory:'. The caller decides where (normally under the data dir). */
  path: string;
  /** How long a writer waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number;
  /** Runs kept per source and per brand (default RUNS_KEPT; tests use a few). */
  runsKept?: number;
}

export class SqliteStore implements Store {
  private db: Db | null = null;
  private readonly stmts = new Map<string, Statement>();

  constructor(private readonly opts: SqliteStoreOptions) {
    if (!opts || typeof opts.path !== 'string' || opts.path === '') throw new ValidationError('SqliteStore needs a path');
  }

  // ---------------------------------------------------------------- lifecycle

  async init(): Promise<void> {
    if (this.db) return;
    let db: Db;
    try {
      db = new Database(this.opts.path);
    } catch (err) {
      throw new UnavailableError(`Cannot open SQLite database at ${this.opts.path}: ${(err as Error).message}`, { cause: err });
    }
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(this.opts.busyTimeoutMs ?? 10_000))}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.function('tl_icontains', { deterministic: true }, (hay: unknown, needle: unknown) =>
        typeof hay === 'string' && typeof needle === 'string' && hay.toLowerCase().includes(needle) ? 1 : 0);
      migrate(db);
    } catch (err) {
      db.close();
      throw err;
    }
    this.db = db;
  }

  async close(): Promise<void> {
    if (!this.db) return;
    this.stmts.clear();
    this.db.close();
    this.db = null;
  }

  async ping(): Promise<boolean> {
    try {
      return this.db !== null && this.prep('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  /** Schema version after init (highest applied migration). */
  schemaVersion(): number {
    return (this.conn().prepare('SELECT MAX(version) AS v FROM migrations').get() as { v: number | null }).v ?? 0;
  }

  private conn(): Db {
    if (!this.db) throw new UnavailableError('SqliteStore is not open: call init() first');
    return this.db;
  }

  /** Prepared statements are cached by their SQL text (dynamic filters produce a handful of shapes). */
  private prep(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.conn().prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Runs fn in a BEGIN IMMEDIATE transaction (write lock taken at once; waits up to busy_timeout). */
  private write<T>(fn: () => T): T {
    return this.conn().transaction(fn).immediate();
  }

  private getById<T>(codec: TableCodec, id: Id): T | null {
    checkString(id, 'id');
    const row = this.prep(`SELECT * FROM ${codec.table} WHERE id = ?`).get(id) as Row | undefined;
    return row ? decodeRow<T>(codec, row) : null;
  }

  private deleteById(table: string, id: Id): boolean {
    checkString(id, 'id');
    return this.prep(`DELETE FROM ${table} WHERE id = ?`).run(id).changes > 0;
  }

  /** Read-merge-write in one transaction, so two concurrent patches do not lose each other's fields. */
  private patch<T extends { updatedAt?: string }>(codec: TableCodec, id: Id, changes: object): T | null {
    checkString(id, 'id');
    return this.write(() => {
      const current = this.getById<T>(codec, id);
      if (!current) return null;
      const next = { ...current, ...changes, updatedAt: now() } as T;
      this.prep(updateSql(codec)).run(encodeRow(codec, next));
      return next;
    });
  }

  // ---------------------------------------------------------------- brands

  async createBrand(input: BrandInput): Promise<Brand> {
    checkString(input?.name, 'name');
    const at = now();
    const brand = { ...input, id: newId(), createdAt: at, updatedAt: at } as Brand;
    this.prep(insertSql(BRANDS)).run(encodeValues(BRANDS, brand));
    return brand;
  }

  async getBrand(id: Id): Promise<Brand | null> {
    return this.getById<Brand>(BRANDS, id);
  }

  async listBrands(): Promise<Brand[]> {
    return (this.prep('SELECT * FROM brands ORDER BY createdAt, id').all() as Row[]).map((r) => decodeRow<Brand>(BRANDS, r));
  }

  async updateBrand(id: Id, patch: Partial<BrandInput>): Promise<Brand | null> {
    return this.patch<Brand>(BRANDS, id, pickPatch(patch, BRAND_FIELDS));
  }

  async deleteBrand(id: Id): Promise<boolean> {
    checkString(id, 'id');
    return this.write(() => {
      for (const table of ['mentions', 'pending_batches', 'pending_rescores', 'rescore_runs', 'rollups', 'alerts', 'scrape_runs', 'sources', 'launches', 'brand_models']) {
        this.prep(`DELETE FROM ${table} WHERE brandId = ?`).run(id);
      }
      return this.prep('DELETE FROM brands WHERE id = ?').run(id).changes > 0;
    });
  }

  // ---------------------------------------------------------------- launches

  async createLaunch(input: LaunchInput): Promise<Launch> {
    checkString(input?.brandId, 'brandId');
    checkString(input?.name, 'name');
    const at = now();
    const launch = { ...input, id: newId(), createdAt: at, updatedAt: at } as Launch;
    this.prep(insertSql(LAUNCHES)).run(encodeValues(LAUNCHES, launch));
    return launch;
  }

  async getLaunch(id: Id): Promise<Launch | null> {
    return this.getById<Launch>(LAUNCHES, id);
  }

  async listLaunches(brandId?: Id): Promise<Launch[]> {
    const rows = brandId === undefined
      ? this.prep('SELECT * FROM launches ORDER BY startAt, id').all()
      : this.prep('SELECT * FROM launches WHERE brandId = ? ORDER BY startAt, id').all(checkString(brandId, 'brandId'));
    return (rows as Row[]).map((r) => decodeRow<Launch>(LAUNCHES, r));
  }

  async updateLaunch(id: Id, patch: Partial<Omit<LaunchInput, 'brandId'>>): Promise<Launch | null> {
    return this.patch<Launch>(LAUNCHES, id, pickPatch(patch, LAUNCH_PATCH_FIELDS));
  }

  /** Deletes the launch only: its mentions and rollups stay with the brand (reports still count them). */
  async deleteLaunch(id: Id): Promise<boolean> {
    return this.deleteById('launches', id);
  }

  // ---------------------------------------------------------------- sources

  async createSource(input: SourceInput): Promise<Source> {
    checkString(input?.brandId, 'brandId');
    checkString(input?.name, 'name');
    const at = now();
    const source = { ...input, state: input.state ?? {}, id: newId(), createdAt: at, updatedAt: at } as Source;
    this.prep(insertSql(SOURCES)).run(encodeValues(SOURCES, source));
    return source;
  }

  async getSource(id: Id): Promise<Source | null> {
    return this.getById<Source>(SOURCES, id);
  }

  async listSources(filter: { brandId?: Id; enabled?: boolean } = {}): Promise<Source[]> {
    const brandId = optString(filter.brandId, 'brandId');
    const enabled = optBoolean(filter.enabled, 'enabled');
    const where: string[] = [];
    const params: unknown[] = [];
    if (brandId !== undefined) { where.push('brandId = ?'); params.push(brandId); }
    if (enabled !== undefined) { where.push('enabled = ?'); params.push(enabled ? 1 : 0); }
    const sql = `SELECT * FROM sources${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY createdAt, id`;
    return (this.prep(sql).all(...params) as Row[]).map((r) => decodeRow<Source>(SOURCES, r));
  }

  async updateSource(id: Id, patch: Partial<Omit<SourceInput, 'brandId'>>): Promise<Source | null> {
    return this.patch<Source>(SOURCES, id, pickPatch(patch, SOURCE_PATCH_FIELDS));
  }

  async saveSourceState(id: Id, state: SourceState): Promise<void> {
    checkString(id, 'id');
    const changes = this.prep('UPDATE sources SET state = ?, updatedAt = ? WHERE id = ?').run(JSON.stringify(state ?? {}), now(), id).changes;
    if (changes === 0) throw new NotFoundError(`Source ${id} not found`);
  }

  /** Deletes the source and its run history; its mentions stay with the brand. */
  async deleteSource(id: Id): Promise<boolean> {
    checkString(id, 'id');
    return this.write(() => {
      this.prep('DELETE FROM scrape_runs WHERE sourceId = ?').run(id);
      this.prep('DELETE FROM pending_batches WHERE sourceId = ?').run(id);
      return this.prep('DELETE FROM sources WHERE id = ?').run(id).changes > 0;
    });
  }

  // ---------------------------------------------------------------- mentions

  async upsertMentions(mentions: Mention[], opts: { batch?: string } = {}): Promise<UpsertResult> {
    if (!Array.isArray(mentions)) throw new ValidationError('upsertMentions expects an array');
    const prepared = mentions.map((m, n) => checkMention(m, n));
    const batch = opts?.batch === undefined ? undefined : checkBatch(opts.batch, prepared);
    const insert = this.prep(insertSql(MENTIONS, 'INSERT OR IGNORE'));
    const insertedMentions: Mention[] = [];
    this.write(() => {
      for (const m of prepared) {
        if (insert.run(mentionRow(m, batch)).changes > 0) insertedMentions.push(m);
      }
      // One transaction: the pending record exists exactly when the batch added mentions.
      if (batch !== undefined && insertedMentions.length > 0) {
        this.prep('INSERT OR IGNORE INTO pending_batches (batch, sourceId, brandId, createdAt) VALUES (?, ?, ?, ?)')
          .run(batch, prepared[0].sourceId, prepared[0].brandId, new Date().toISOString());
      }
    });
    return { inserted: insertedMentions.length, insertedMentions };
  }

  async getMention(id: Id): Promise<Mention | null> {
    checkString(id, 'id');
    const row = this.prep('SELECT * FROM mentions WHERE id = ?').get(id) as Row | undefined;
    return row ? rowToMention(row) : null;
  }

  async queryMentions(filter: MentionFilter, page: { cursor?: string; limit?: number } = {}): Promise<Page<Mention>> {
    const f = checkMentionFilter(filter);
    const limit = checkLimit(page?.limit);
    const { where, params } = mentionWhere(f);
    if (page?.cursor !== undefined) {
      const c = decodeCursor(page.cursor);
      where.push('(publishedAt, id) < (?, ?)');
      params.push(c.p, c.i);
    }
    const sql = `SELECT * FROM mentions${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY publishedAt DESC, id DESC LIMIT ?`;
    const rows = this.prep(sql).all(...params, limit + 1) as Row[];
    const items = rows.slice(0, limit).map(rowToMention);
    const last = items[items.length - 1];
    return rows.length > limit && last ? { items, nextCursor: encodeCursor({ p: last.publishedAt, i: last.id }) } : { items };
  }

  async countMentions(filter: MentionFilter): Promise<number> {
    const { where, params } = mentionWhere(checkMentionFilter(filter));
    const sql = `SELECT COUNT(*) AS n FROM mentions${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
    return (this.prep(sql).get(...params) as { n: number }).n;
  }

  async rescoreMentions(brandId: Id, updates: MentionScoresUpdate[], batch: string): Promise<RescoredMention[]> {
    checkString(brandId, 'brandId');
    const checked = checkScoresUpdates(updates);
    checkString(batch, 'batch');
    // Not a mention of an ingest batch still to be counted.
    const read = this.prep('SELECT * FROM mentions WHERE id = ? AND brandId = ? AND (rollupBatch IS NULL OR rollupBatch NOT IN (SELECT batch FROM pending_batches))');
    return this.write(() => {
      const out: RescoredMention[] = [];
      for (const { id, scores, flags } of checked) {
        const row = read.get(id, brandId) as Row | undefined;
        if (!row) continue;
        const old = rowToMention(row);
        out.push({ mention: { ...old, scores, flags }, before: { scores: old.scores, flags: old.flags } });
      }
      if (out.length === 0) return out;
      // One transaction: the record and the new scores are written together.
      this.prep('INSERT INTO pending_rescores (batch, brandId, items, createdAt) VALUES (?, ?, ?, ?)').run(batch, brandId, JSON.stringify(out.map(pendingRescoreItem)), now());
      this.writeScores(out);
      return out;
    });
  }

  async resumePendingRescores(brandId: Id): Promise<{ batch: string; mentions: RescoredMention[] }[]> {
    checkString(brandId, 'brandId');
    const rows = this.prep('SELECT batch, items FROM pending_rescores WHERE brandId = ? ORDER BY createdAt').all(brandId) as { batch: string; items: string }[];
    // Written with their record, so already there; written again all the same, as the contract says.
    return rows.map(({ batch, items }) => {
      const mentions = JSON.parse(items) as RescoredMention[];
      this.write(() => this.writeScores(mentions));
      return { batch, mentions };
    });
  }

  async completeRescore(batch: string): Promise<void> {
    checkString(batch, 'batch');
    this.prep('DELETE FROM pending_rescores WHERE batch = ?').run(batch);
  }

  /** Sets the scores and flags (and their indexed columns) of rescored mentions. */
  private writeScores(rescored: readonly RescoredMention[]): void {
    const update = this.prep('UPDATE mentions SET scores = ?, lang = ?, label = ?, negative = ?, fakeSuspect = ?, mismatch = ?, undisclosed = ? WHERE id = ?');
    for (const { mention: { id, scores, flags } } of rescored) {
      update.run(JSON.stringify(scores), scores.lang ?? null, scores.sentiment?.label ?? null,
        flags.negative ? 1 : 0, flags.fakeSuspect ? 1 : 0, flags.mismatch ? 1 : 0, flags.undisclosed ? 1 : 0, id);
    }
  }

  // ---------------------------------------------------------------- rollups

  async addToRollups(increments: RollupIncrement[], batchId?: string): Promise<void> {
    const merged = mergeIncrements(increments);
    if (merged.length === 0) return;
    if (batchId !== undefined) checkString(batchId, 'batchId');
    const cols = ROLLUP_COUNTERS.map(q);
    // Counters add up in SQL; the aspects object is merged key by key in the same statement
    // (sum per key over the stored and the incoming json_each), so each bucket is one atomic upsert.
    const upsert = this.prep(
      `INSERT INTO rollups (brandId, launchId, kind, hour, ${cols.join(', ')}, aspects) VALUES (?, ?, ?, ?, ${cols.map(() => '?').join(', ')}, ?) ` +
      `ON CONFLICT (brandId, launchId, kind, hour) DO UPDATE SET ${cols.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}, ` +
      `aspects = CASE WHEN excluded.aspects = '{}' THEN aspects ELSE (SELECT json_group_object(key, v) FROM (SELECT key, SUM(value) AS v FROM ` +
      `(SELECT key, value FROM json_each(rollups.aspects) UNION ALL SELECT key, value FROM json_each(excluded.aspects)) GROUP BY key)) END`,
    );
    this.write(() => {
      if (batchId !== undefined) {
        // Recorded in the same transaction as the increments: applied together or not at all.
        const at = new Date().toISOString();
        if (this.prep('INSERT OR IGNORE INTO rollup_batches (batchId, appliedAt) VALUES (?, ?)').run(batchId, at).changes === 0) return;
        this.prep('DELETE FROM rollup_batches WHERE appliedAt < ?').run(new Date(Date.now() - BATCH_MEMORY_MS).toISOString());
      }
      for (const inc of merged) {
        const aspects: Record<string, number> = {};
        for (const [k, n] of Object.entries(inc.aspects)) if (n !== 0) aspects[k] = n;
        upsert.run(inc.brandId, inc.launchId, inc.kind, inc.hour, ...ROLLUP_COUNTERS.map((c) => inc[c]), JSON.stringify(aspects));
      }
    });
  }

  async listPendingBatches(sourceId: Id): Promise<{ batch: string; mentions: Mention[] }[]> {
    checkString(sourceId, 'sourceId');
    const batches = this.prep('SELECT batch FROM pending_batches WHERE sourceId = ? ORDER BY createdAt').all(sourceId) as { batch: string }[];
    return batches.map(({ batch }) => ({
      batch,
      mentions: (this.prep('SELECT * FROM mentions WHERE rollupBatch = ?').all(batch) as Row[]).map(rowToMention),
    }));
  }

  async completeBatch(batch: string): Promise<void> {
    checkString(batch, 'batch');
    this.prep('DELETE FROM pending_batches WHERE batch = ?').run(batch);
  }

  async queryRollups(query: RollupQuery): Promise<Rollup[]> {
    const rq = checkRollupQuery(query);
    const where = ['brandId = ?', 'hour >= ?', 'hour < ?'];
    const params: unknown[] = [rq.brandId, rq.from, rq.to];
    if (rq.launchId !== undefined) { where.push('launchId = ?'); params.push(rq.launchId); }
    if (rq.kind !== undefined) { where.push('kind = ?'); params.push(rq.kind); }
    const rows = this.prep(`SELECT * FROM rollups WHERE ${where.join(' AND ')} ORDER BY hour, launchId, kind`).all(...params) as Rollup[];
    // Parsed in place: this is the hot path of every report, one row per bucket.
    for (const r of rows) r.aspects = JSON.parse(r.aspects as unknown as string) as Record<string, number>;
    return rows;
  }

  // ---------------------------------------------------------------- alerts

  async createAlert(input: AlertInput): Promise<Alert> {
    checkString(input?.brandId, 'brandId');
    checkString(input?.episodeKey, 'episodeKey');
    const at = now();
    const alert = { ...input, id: newId(), openedAt: input.openedAt ?? at, updatedAt: at, deliveries: [] } as Alert;
    this.prep(insertSql(ALERTS)).run(encodeValues(ALERTS, alert));
    return alert;
  }

  async getAlert(id: Id): Promise<Alert | null> {
    return this.getById<Alert>(ALERTS, id);
  }

  async listAlerts(filter?: AlertFilter): Promise<Alert[]> {
    const f = checkAlertFilter(filter);
    const where: string[] = [];
    const params: unknown[] = [];
    for (const key of ['brandId', 'launchId', 'kind', 'status', 'severity'] as const) {
      if (f[key] !== undefined) { where.push(`${key} = ?`); params.push(f[key]); }
    }
    const sql = `SELECT * FROM alerts${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY openedAt DESC, id DESC LIMIT ?`;
    return (this.prep(sql).all(...params, f.limit) as Row[]).map((r) => decodeRow<Alert>(ALERTS, r));
  }

  async findActiveAlert(brandId: Id, kind: AlertKind, episodeKey: string): Promise<Alert | null> {
    const row = this.prep(
      "SELECT * FROM alerts WHERE brandId = ? AND kind = ? AND episodeKey = ? AND status IN ('open', 'acknowledged') ORDER BY openedAt DESC, id DESC LIMIT 1",
    ).get(checkString(brandId, 'brandId'), checkString(kind, 'kind'), checkString(episodeKey, 'episodeKey')) as Row | undefined;
    return row ? decodeRow<Alert>(ALERTS, row) : null;
  }

  async updateAlert(id: Id, patch: AlertPatch): Promise<Alert | null> {
    return this.patch<Alert>(ALERTS, id, pickPatch(patch, ALERT_PATCH_FIELDS));
  }

  /** Appends atomically in SQL (json_insert), so concurrent deliveries never overwrite each other. */
  async addDelivery(id: Id, delivery: Delivery): Promise<void> {
    checkString(id, 'id');
    const changes = this.prep("UPDATE alerts SET deliveries = json_insert(deliveries, '$[#]', json(?)) WHERE id = ?")
      .run(JSON.stringify(delivery), id).changes;
    if (changes === 0) throw new NotFoundError(`Alert ${id} not found`);
  }

  // ---------------------------------------------------------------- scrape runs

  async createScrapeRun(input: { sourceId: Id; brandId: Id; startedAt: IsoDate }): Promise<ScrapeRun> {
    const run: ScrapeRun = {
      id: newId(),
      sourceId: checkString(input?.sourceId, 'sourceId'),
      brandId: checkString(input?.brandId, 'brandId'),
      startedAt: isoDate(input.startedAt, 'startedAt'),
      status: 'running', fetched: 0, new: 0, skipped: 0, errors: 0, messages: [],
    };
    this.write(() => {
      this.prep(insertSql(RUNS)).run(encodeValues(RUNS, run));
      this.pruneRuns('scrape_runs', 'sourceId', run.sourceId);
    });
    return run;
  }

  /** Deletes the runs of one source or brand past the newest runsKept (the list's order). */
  private pruneRuns(table: 'scrape_runs' | 'rescore_runs', key: 'sourceId' | 'brandId', value: Id): void {
    this.prep(`DELETE FROM ${table} WHERE ${key} = ? AND id NOT IN (SELECT id FROM ${table} WHERE ${key} = ? ORDER BY ${RUN_ORDER} LIMIT ?)`)
      .run(value, value, this.opts.runsKept ?? RUNS_KEPT);
  }

  async finishScrapeRun(id: Id, result: Pick<ScrapeRun, 'status' | 'fetched' | 'new' | 'skipped' | 'errors' | 'messages'> & { finishedAt: IsoDate }): Promise<void> {
    checkString(id, 'id');
    const changes = this.prep('UPDATE scrape_runs SET status = ?, fetched = ?, "new" = ?, skipped = ?, errors = ?, messages = ?, finishedAt = ? WHERE id = ?')
      .run(result.status, result.fetched, result.new, result.skipped, result.errors, JSON.stringify(result.messages ?? []), isoDate(result.finishedAt, 'finishedAt'), id).changes;
    if (changes === 0) throw new NotFoundError(`Scrape run ${id} not found`);
  }

  async listScrapeRuns(sourceId: Id, limit?: number): Promise<ScrapeRun[]> {
    const rows = this.prep(`SELECT * FROM scrape_runs WHERE sourceId = ? ORDER BY ${RUN_ORDER} LIMIT ?`)
      .all(checkString(sourceId, 'sourceId'), checkLimit(limit, 20)) as Row[];
    return rows.map((r) => decodeRow<ScrapeRun>(RUNS, r));
  }

  // ---------------------------------------------------------------- rescore runs

  async startRescoreRun(input: { brandId: Id; jobId?: string; startedAt: IsoDate; total: number; dryRun?: boolean }): Promise<RescoreRun> {
    const run = newRescoreRun(newId(), input);
    this.write(() => {
      this.prep("UPDATE rescore_runs SET status = 'interrupted', finishedAt = ? WHERE brandId = ? AND status = 'running'").run(run.startedAt, run.brandId);
      this.prep(insertSql(RESCORE_RUNS)).run(encodeValues(RESCORE_RUNS, run));
      this.pruneRuns('rescore_runs', 'brandId', run.brandId);
    });
    return run;
  }

  async updateRescoreRun(id: Id, progress: RescoreRunProgress): Promise<void> {
    checkString(id, 'id');
    const set = Object.entries(checkRescoreProgress(progress));
    if (set.length === 0) return;
    // The findings of a dry run are the one field kept as JSON.
    const value = (k: string, v: unknown) => (k === 'preview' ? JSON.stringify(v) : v);
    const changes = this.prep(`UPDATE rescore_runs SET ${set.map(([k]) => `${q(k)} = ?`).join(', ')} WHERE id = ?`).run(...set.map(([k, v]) => value(k, v)), id).changes;
    if (changes === 0) throw new NotFoundError(`Rescore run ${id} not found`);
  }

  async listRescoreRuns(brandId: Id, limit?: number): Promise<RescoreRun[]> {
    const rows = this.prep(`SELECT * FROM rescore_runs WHERE brandId = ? ORDER BY ${RUN_ORDER} LIMIT ?`)
      .all(checkString(brandId, 'brandId'), checkLimit(limit, 20)) as Row[];
    return rows.map((r) => decodeRow<RescoreRun>(RESCORE_RUNS, r));
  }

  // ---------------------------------------------------------------- brands' own models

  async saveBrandModel(brandId: Id, kind: BrandModelKind, json: string, about: { name: string; meta: Record<string, unknown> }): Promise<BrandModelInfo> {
    checkString(brandId, 'brandId');
    checkModelKind(kind);
    const bytes = checkBrandModel(json, about);
    return this.write(() => {
      if (!this.prep('SELECT 1 FROM brands WHERE id = ?').get(brandId)) throw new NotFoundError(`Brand ${brandId} not found`);
      const before = this.prep('SELECT version FROM brand_models WHERE brandId = ? AND kind = ?').get(brandId, kind) as { version: number } | undefined;
      const info: BrandModelInfo = { brandId, kind, version: (before?.version ?? 0) + 1, name: about.name, bytes, savedAt: now(), meta: about.meta };
      this.prep('INSERT OR REPLACE INTO brand_models (brandId, kind, version, name, bytes, savedAt, meta, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(brandId, kind, info.version, info.name, bytes, info.savedAt, JSON.stringify(info.meta), json);
      return info;
    });
  }

  async getBrandModelInfo(brandId: Id, kind: BrandModelKind): Promise<BrandModelInfo | null> {
    const row = this.prep('SELECT brandId, kind, version, name, bytes, savedAt, meta FROM brand_models WHERE brandId = ? AND kind = ?')
      .get(checkString(brandId, 'brandId'), checkModelKind(kind)) as Row | undefined;
    return row ? modelInfo(row) : null;
  }

  async listBrandModelInfos(brandId: Id): Promise<BrandModelInfo[]> {
    const rows = this.prep('SELECT brandId, kind, version, name, bytes, savedAt, meta FROM brand_models WHERE brandId = ?').all(checkString(brandId, 'brandId')) as Row[];
    return byKind(rows.map(modelInfo));
  }

  async getBrandModel(brandId: Id, kind: BrandModelKind): Promise<{ info: BrandModelInfo; json: string } | null> {
    const row = this.prep('SELECT * FROM brand_models WHERE brandId = ? AND kind = ?').get(checkString(brandId, 'brandId'), checkModelKind(kind)) as Row | undefined;
    return row ? { info: modelInfo(row), json: row.json as string } : null;
  }

  async deleteBrandModel(brandId: Id, kind: BrandModelKind): Promise<boolean> {
    return this.prep('DELETE FROM brand_models WHERE brandId = ? AND kind = ?').run(checkString(brandId, 'brandId'), checkModelKind(kind)).changes > 0;
  }

  // ---------------------------------------------------------------- api keys

  async createApiKey(input: ApiKeyInput): Promise<ApiKey> {
    checkString(input?.hash, 'hash');
    const key = { ...input, brandIds: input.brandIds ?? [], id: newId(), createdAt: now() } as ApiKey;
    this.prep(insertSql(API_KEYS)).run(encodeValues(API_KEYS, key));
    return key;
  }

  async findApiKeyByHash(hash: string): Promise<ApiKey | null> {
    const row = this.prep('SELECT * FROM api_keys WHERE hash = ?').get(checkString(hash, 'hash')) as Row | undefined;
    return row ? decodeRow<ApiKey>(API_KEYS, row) : null;
  }

  async listApiKeys(): Promise<ApiKey[]> {
    return (this.prep('SELECT * FROM api_keys ORDER BY createdAt, id').all() as Row[]).map((r) => decodeRow<ApiKey>(API_KEYS, r));
  }

  async deleteApiKey(id: Id): Promise<boolean> {
    return this.deleteById('api_keys', id);
  }

  /** A key deleted meanwhile is not an error: the request it authenticated is already under way. */
  async touchApiKey(id: Id, at: IsoDate): Promise<void> {
    this.prep('UPDATE api_keys SET lastUsedAt = ? WHERE id = ?').run(isoDate(at, 'at'), checkString(id, 'id'));
  }
}

// ------------------------------------------------------------------ helpers

function modelInfo(row: Row): BrandModelInfo {
  return {
    brandId: row.brandId as string, kind: row.kind as BrandModelKind, version: row.version as number, name: row.name as string,
    bytes: row.bytes as number, savedAt: row.savedAt as string, meta: JSON.parse(row.meta as string) as Record<string, unknown>,
  };
}

function now(): string {
  return new Date().toISOString();
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, appliedAt TEXT NOT NULL)');
  // One IMMEDIATE transaction for the check and the apply: two processes opening a new file at the
  // same moment serialise here, and the second one finds nothing left to do.
  db.transaction(() => {
    const applied = new Set((db.prepare('SELECT version FROM migrations').all() as { version: number }[]).map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO migrations (version, name, appliedAt) VALUES (?, ?, ?)').run(m.version, m.name, now());
    }
  }).immediate();
}

function mentionRow(m: Mention, rollupBatch?: string): unknown[] {
  const { flags, ...rest } = m;
  return encodeValues(MENTIONS, {
    ...rest,
    rollupBatch,
    lang: m.scores.lang,
    label: m.scores.sentiment?.label,
    negative: !!flags.negative,
    fakeSuspect: !!flags.fakeSuspect,
    mismatch: !!flags.mismatch,
    undisclosed: !!flags.undisclosed,
  });
}

function rowToMention(row: Row): Mention {
  const m = decodeRow<Record<string, unknown>>(MENTIONS, row);
  const flags = { negative: !!m.negative, fakeSuspect: !!m.fakeSuspect, mismatch: !!m.mismatch, undisclosed: !!m.undisclosed };
  // rollupBatch is the store's bookkeeping, not part of the mention.
  for (const k of ['lang', 'label', 'negative', 'fakeSuspect', 'mismatch', 'undisclosed', 'rollupBatch']) delete m[k];
  return { ...m, flags } as unknown as Mention;
}

function mentionWhere(f: CheckedMentionFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const key of ['brandId', 'launchId', 'sourceId', 'kind', 'lang', 'label'] as const) {
    if (f[key] !== undefined) { where.push(`${key} = ?`); params.push(f[key]); }
  }
  if (f.from !== undefined) { where.push('publishedAt >= ?'); params.push(f.from); }
  if (f.to !== undefined) { where.push('publishedAt < ?'); params.push(f.to); }
  // Flag names come from the checked whitelist, and a literal `= 1` lets SQLite use the partial indexes.
  for (const flag of f.flags) if (MENTION_FLAGS.includes(flag)) where.push(`${flag} = 1`);
  if (f.text !== undefined) {
    if (/^[\x00-\x7f]*$/.test(f.text)) {
      // SQLite's LIKE folds ASCII case only, which is exact for an ASCII needle.
      const pattern = `%${escapeLike(f.text)}%`;
      where.push("(title LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\')");
      params.push(pattern, pattern);
    } else {
      // Non-ASCII needle ("É"): fold case in JS, where Unicode case mapping is complete.
      where.push('(tl_icontains(title, ?) OR tl_icontains(text, ?))');
      const needle = f.text.toLowerCase();
      params.push(needle, needle);
    }
  }
  return { where, params };
}
