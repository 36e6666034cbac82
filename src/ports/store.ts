// The Store port: everything the rest of TrustLens needs from persistence.
// One contract suite (test/contract/store.contract.ts) runs against every adapter.
import type {
  Alert, AlertKind, AlertSeverity, AlertStatus, ApiKey, Brand, BrandModelInfo, BrandModelKind, Id, IsoDate, Launch, Mention,
  MentionFlag, MentionFlags, MentionKind, RescoreRun, RescoreRunProgress, Rollup, RollupIncrement, ScrapeRun, Scores, Source, SourceState, Delivery,
} from '../core/types.js';

/** Fields a caller supplies; the store fills id and timestamps. */
export type BrandInput = Omit<Brand, 'id' | 'createdAt' | 'updatedAt'>;
export type LaunchInput = Omit<Launch, 'id' | 'createdAt' | 'updatedAt'>;
export type SourceInput = Omit<Source, 'id' | 'createdAt' | 'updatedAt' | 'state'> & { state?: SourceState };
export type AlertInput = Omit<Alert, 'id' | 'openedAt' | 'updatedAt' | 'deliveries'> & { openedAt?: IsoDate };
export type ApiKeyInput = Omit<ApiKey, 'id' | 'createdAt' | 'lastUsedAt'>;

export interface MentionFilter {
  brandId?: Id;
  launchId?: Id;
  sourceId?: Id;
  kind?: MentionKind;
  /** Inclusive lower bound on publishedAt. */
  from?: IsoDate;
  /** Exclusive upper bound on publishedAt. */
  to?: IsoDate;
  /** Every listed flag must be set. */
  flags?: MentionFlag[];
  lang?: string;
  label?: 'negative' | 'neutral' | 'positive';
  /** Case-insensitive substring of title or text. */
  text?: string;
}

export interface MentionScoresUpdate {
  id: Id;
  scores: Scores;
  flags: MentionFlags;
}

export interface RescoredMention {
  /** As stored now, with the new scores. */
  mention: Mention;
  before: { scores: Scores; flags: MentionFlags };
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

export interface UpsertResult {
  /** How many mentions were new. */
  inserted: number;
  /** The mentions that were new (so rollups are incremented only for them). */
  insertedMentions: Mention[];
}

export interface RollupQuery {
  brandId: Id;
  /** Omit for all mentions of the brand; '' for mentions outside any launch. */
  launchId?: string;
  kind?: MentionKind;
  from: IsoDate;
  to: IsoDate;
}

export interface AlertFilter {
  brandId?: Id;
  launchId?: Id;
  kind?: AlertKind;
  status?: AlertStatus;
  severity?: AlertSeverity;
  limit?: number;
}

export type AlertPatch = Partial<Pick<Alert,
  'severity' | 'status' | 'title' | 'windowStart' | 'windowEnd' | 'evidence' |
  'acknowledgedBy' | 'acknowledgedAt' | 'resolvedBy' | 'resolvedAt'>>;

export interface Store {
  /** Opens connections and runs migrations / index builds. Idempotent. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Cheap reachability check for /api/health. */
  ping(): Promise<boolean>;

  createBrand(input: BrandInput): Promise<Brand>;
  getBrand(id: Id): Promise<Brand | null>;
  listBrands(): Promise<Brand[]>;
  updateBrand(id: Id, patch: Partial<BrandInput>): Promise<Brand | null>;
  /** Deletes the brand and everything under it: launches, sources, mentions, rollups, alerts, runs. */
  deleteBrand(id: Id): Promise<boolean>;

  createLaunch(input: LaunchInput): Promise<Launch>;
  getLaunch(id: Id): Promise<Launch | null>;
  listLaunches(brandId?: Id): Promise<Launch[]>;
  updateLaunch(id: Id, patch: Partial<Omit<LaunchInput, 'brandId'>>): Promise<Launch | null>;
  deleteLaunch(id: Id): Promise<boolean>;

  createSource(input: SourceInput): Promise<Source>;
  getSource(id: Id): Promise<Source | null>;
  listSources(filter?: { brandId?: Id; enabled?: boolean }): Promise<Source[]>;
  updateSource(id: Id, patch: Partial<Omit<SourceInput, 'brandId'>>): Promise<Source | null>;
  saveSourceState(id: Id, state: SourceState): Promise<void>;
  deleteSource(id: Id): Promise<boolean>;

  /**
   * Idempotent: keyed by (sourceId, externalId); existing mentions are left as they are.
   * With `batch` (all mentions of one source), the new mentions are tagged with it and the batch is
   * recorded as pending (before the mentions are written, where there are no transactions) until
   * completeBatch(): a run cut short between storing and counting leaves a trail to finish.
   */
  upsertMentions(mentions: Mention[], opts?: { batch?: string }): Promise<UpsertResult>;
  getMention(id: Id): Promise<Mention | null>;
  /** Newest first (publishedAt desc, id desc), cursor-paginated. */
  queryMentions(filter: MentionFilter, page?: { cursor?: string; limit?: number }): Promise<Page<Mention>>;
  countMentions(filter: MentionFilter): Promise<number>;
  /**
   * Rescoring: replaces the scores and flags of the brand's stored mentions (every other field
   * stays) under `batch`, which stays pending until completeRescore(batch): the caller moves their
   * rollup counts from the old scores to the new (addToRollups with the difference under the same
   * batch id), then completes it. The pending record, with each mention's scores from before, is
   * written before the mentions, so a run cut short anywhere is finished from
   * resumePendingRescores. Mentions of an ingest batch not yet counted are left as they are (its
   * recovery counts them as they are then). Returns the mentions it changed, each with what it had
   * before. One rescoring run per brand at a time (the rescore job holds a per-brand lease).
   */
  rescoreMentions(brandId: Id, updates: MentionScoresUpdate[], batch: string): Promise<RescoredMention[]>;
  /**
   * The brand's rescore batches that were not completed, their new scores written again (a run may
   * have stopped before writing them all), each with its mentions as its rollups need them (their
   * texts left out: a batch's record stays small).
   */
  resumePendingRescores(brandId: Id): Promise<{ batch: string; mentions: RescoredMention[] }[]>;
  /** The batch's rollup difference is applied: forget it. */
  completeRescore(batch: string): Promise<void>;

  /**
   * Adds each increment to its bucket; exact under concurrent writers. With a `batchId` the call is
   * applied at most once: a retry with the same id (after a crash) changes nothing.
   */
  addToRollups(increments: RollupIncrement[], batchId?: string): Promise<void>;
  /** A source's batches that were stored and not completed, each with the mentions it added. */
  listPendingBatches(sourceId: Id): Promise<{ batch: string; mentions: Mention[] }[]>;
  /** The batch is counted in the rollups: forget it (its mentions stay). */
  completeBatch(batch: string): Promise<void>;
  /** Buckets in [from, to), sorted by hour; one row per (launch, kind, hour). */
  queryRollups(query: RollupQuery): Promise<Rollup[]>;

  createAlert(input: AlertInput): Promise<Alert>;
  getAlert(id: Id): Promise<Alert | null>;
  listAlerts(filter?: AlertFilter): Promise<Alert[]>;
  /** The open or acknowledged alert for an episode, if any. */
  findActiveAlert(brandId: Id, kind: AlertKind, episodeKey: string): Promise<Alert | null>;
  updateAlert(id: Id, patch: AlertPatch): Promise<Alert | null>;
  addDelivery(id: Id, delivery: Delivery): Promise<void>;

  /** Records a scrape run as started; the source's runs past the newest RUNS_KEPT (validate.ts) are deleted. */
  createScrapeRun(input: { sourceId: Id; brandId: Id; startedAt: IsoDate }): Promise<ScrapeRun>;
  finishScrapeRun(id: Id, result: Pick<ScrapeRun, 'status' | 'fetched' | 'new' | 'skipped' | 'errors' | 'messages'> & { finishedAt: IsoDate }): Promise<void>;
  listScrapeRuns(sourceId: Id, limit?: number): Promise<ScrapeRun[]>;
  /**
   * Records a rescore run as started. A brand is rescored by one run at a time (jobs/rescore.ts
   * holds its lease), so the brand's runs still marked running were cut short: they become
   * interrupted. The brand's runs past the newest RUNS_KEPT are deleted.
   */
  startRescoreRun(input: { brandId: Id; jobId?: string; startedAt: IsoDate; total: number; dryRun?: boolean }): Promise<RescoreRun>;
  /** Progress, or the end (status and finishedAt), of a rescore run. */
  updateRescoreRun(id: Id, progress: RescoreRunProgress): Promise<void>;
  /** A brand's rescore runs, newest first (default 20). */
  listRescoreRuns(brandId: Id, limit?: number): Promise<RescoreRun[]>;

  /**
   * Saves a brand's own model of `kind` (the JSON file `trustlens train` writes, already checked
   * by the caller), replacing the one before it; its version is one more than that one's.
   * NotFoundError when the brand does not exist. deleteBrand deletes its models too.
   */
  saveBrandModel(brandId: Id, kind: BrandModelKind, json: string, about: { name: string; meta: Record<string, unknown> }): Promise<BrandModelInfo>;
  /** The brand's model of `kind` without its weights, or null. */
  getBrandModelInfo(brandId: Id, kind: BrandModelKind): Promise<BrandModelInfo | null>;
  /** The brand's models of every kind it has, without their weights, in BRAND_MODEL_KINDS order: one read (workers ask before every batch). */
  listBrandModelInfos(brandId: Id): Promise<BrandModelInfo[]>;
  /** The brand's model of `kind` with its JSON, or null. */
  getBrandModel(brandId: Id, kind: BrandModelKind): Promise<{ info: BrandModelInfo; json: string } | null>;
  deleteBrandModel(brandId: Id, kind: BrandModelKind): Promise<boolean>;

  createApiKey(input: ApiKeyInput): Promise<ApiKey>;
  findApiKeyByHash(hash: string): Promise<ApiKey | null>;
  listApiKeys(): Promise<ApiKey[]>;
  deleteApiKey(id: Id): Promise<boolean>;
  touchApiKey(id: Id, at: IsoDate): Promise<void>;
}
