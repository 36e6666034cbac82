// Domain types shared by every layer. Plain data only: no behaviour, no imports of ours.
// Times are ISO-8601 strings in UTC ("2026-11-29T10:00:00.000Z") so that both stores and
// JSON round-trip them without surprises.

export type Id = string;
export type IsoDate = string;

/** Where a mention came from, as a person would describe it. */
export type MentionKind = 'review' | 'social' | 'influencer' | 'news';
export const MENTION_KINDS: readonly MentionKind[] = ['review', 'social', 'influencer', 'news'];

/** How a source is collected (one scraper module per kind). */
export type SourceKind = 'feed' | 'schema-reviews' | 'json-api' | 'recipe' | 'browser';
export const SOURCE_KINDS: readonly SourceKind[] = ['feed', 'schema-reviews', 'json-api', 'recipe', 'browser'];

export interface Brand {
  id: Id;
  name: string;
  mission: string;
  values: string[];
  /** Claims the brand makes about itself ("cruelty-free", "made in Spain"). */
  claims: string[];
  /** Claims nobody may make about its products ("cures acne"). */
  forbiddenClaims: string[];
  keywords: string[];
  handles: string[];
  competitors: string[];
  languages: string[];
  /** Detector sensitivity multiplier: 1 = default, >1 alerts earlier, <1 later. */
  sensitivity: number;
  /** Where alerts are delivered. */
  webhooks: Webhook[];
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export interface Webhook {
  url: string;
  format: 'slack' | 'json';
  /** HMAC-SHA256 secret for the json format. */
  secret?: string;
}

export interface Launch {
  id: Id;
  brandId: Id;
  name: string;
  type: 'launch' | 'campaign';
  startAt: IsoDate;
  endAt?: IsoDate;
  products: string[];
  keywords: string[];
  price?: string;
  promises: string[];
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

/** Incremental state a source keeps between runs. */
export interface SourceState {
  etag?: string;
  lastModified?: string;
  /** Most recent external ids seen (bounded list). */
  lastSeenIds?: string[];
  lastSeenAt?: IsoDate;
  [key: string]: unknown;
}

export interface Source {
  id: Id;
  brandId: Id;
  launchId?: Id;
  name: string;
  kind: SourceKind;
  url?: string;
  /** For json-api sources: which API ('appstore' | 'reddit' | 'hn' | 'mastodon'). */
  api?: string;
  query?: string;
  /** Mention kind given to items (feeds: news or social; recipes: anything). */
  mentionKind?: MentionKind;
  /** Cron expression (5 or 6 fields). */
  schedule: string;
  enabled: boolean;
  /** Selector recipe for recipe/browser kinds, validated by scrapers/recipe. */
  recipe?: Record<string, unknown>;
  state: SourceState;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export interface Author {
  name?: string;
  handle?: string;
  followers?: number;
  /** Number of reviews the author has written, when the source shows it. */
  reviewCount?: number;
}

export interface Rating {
  value: number;
  /** Best value on the original scale (5 for 1-5 stars). */
  best: number;
  worst: number;
  /** value mapped to 0..1. */
  normalized: number;
}

export interface Engagement {
  likes?: number;
  comments?: number;
  shares?: number;
  views?: number;
}

/** What a scraper returns: normalised, unscored. */
export interface RawMention {
  kind: MentionKind;
  /** Stable across runs; unique within a source. */
  externalId: string;
  url?: string;
  author?: Author;
  title?: string;
  text: string;
  rating?: Rating;
  publishedAt?: IsoDate;
  langHint?: string;
  engagement?: Engagement;
  /** Raw caption of influencer posts, hashtags and links intact. */
  caption?: string;
  verifiedPurchase?: boolean;
}

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentScore {
  /** -1..1 */
  score: number;
  label: SentimentLabel;
  /** 0..1 */
  confidence: number;
  reasons: string[];
  /**
   * The text's own reading, −1..1, before a star rating was weighed in: present only when one
   * was. A 5-star review that reads as negative is a fake-review signal, which the fused score
   * (stars weigh more) would hide.
   */
  textScore?: number;
}

export interface AspectScore {
  aspect: string;
  polarity: SentimentLabel;
  /** The span of text that mentions it. */
  evidence: string;
}

export interface FakeScore {
  /** 0..1 */
  likelihood: number;
  reasons: string[];
  /**
   * The brand's earlier review this one copies (near-duplicate index), when it counted as one:
   * `basis` 'shingles' for a copy, 'words' for a reworded copy; `id` is that review's externalId.
   */
  copyOf?: { id: string; similarity: number; basis: 'shingles' | 'words' };
  /**
   * The reviewer-behaviour counts the review was scored with, when there were any: kept so that
   * rescoring it later (another model) weighs them again, as they cannot be counted again.
   */
  behaviour?: BehaviourCounts;
}

/** Counts about a reviewer and the brand's recent ratings, from the store or the batch; every field is optional. */
export interface BehaviourCounts {
  /** Reviews this author wrote for the brand on the same day, this one included. */
  authorReviewsSameDay?: number;
  /** 5-star reviews of the brand in the current window (e.g. the last 24 h), this one included. */
  fiveStarInWindow?: number;
  /** The brand's usual number of 5-star reviews in a window of the same length. */
  fiveStarBaseline?: number;
}

export interface MissionMismatch {
  type: 'contradicts-values' | 'forbidden-claim' | 'off-mission';
  claim: string;
  evidence: string;
  reason: string;
}

export interface MissionScore {
  /** 0..1 similarity to the brand's mission and launch vocabulary (null when no profile). */
  alignment: number | null;
  claims: { category: string; text: string; negated: boolean }[];
  mismatches: MissionMismatch[];
  /**
   * Why the alignment is what it is: the words the post shares with the profile, claims, caps.
   * Absent on mentions stored before it existed.
   */
  reasons?: string[];
}

export interface SponsorshipScore {
  sponsored: boolean;
  disclosed: boolean;
  /** Where the disclosure sits: up front, buried in the end/hashtags, or absent. */
  placement: 'upfront' | 'buried' | 'none';
  signals: string[];
  disclosures: string[];
}

export interface Scores {
  lang: string;
  langConfidence: number;
  sentiment: SentimentScore;
  aspects: AspectScore[];
  fake: FakeScore;
  mission: MissionScore;
  sponsorship: SponsorshipScore;
}

/** Flags derived from scores, stored as indexed columns for filtering and rollups. */
export interface MentionFlags {
  negative: boolean;
  fakeSuspect: boolean;
  mismatch: boolean;
  undisclosed: boolean;
}
export type MentionFlag = keyof MentionFlags;
export const MENTION_FLAGS: readonly MentionFlag[] = ['negative', 'fakeSuspect', 'mismatch', 'undisclosed'];

export interface Mention extends RawMention {
  /** Deterministic: hash of (sourceId, externalId). */
  id: Id;
  sourceId: Id;
  brandId: Id;
  launchId?: Id;
  /** publishedAt, or fetchedAt when the source gave no date. */
  publishedAt: IsoDate;
  fetchedAt: IsoDate;
  scores: Scores;
  flags: MentionFlags;
}

/** One hourly bucket per brand / launch / mention kind. */
export interface Rollup {
  brandId: Id;
  /** '' when the mention belongs to no launch. */
  launchId: string;
  kind: MentionKind;
  /** Start of the hour, ISO. */
  hour: IsoDate;
  count: number;
  sentimentSum: number;
  pos: number;
  neu: number;
  neg: number;
  fakeSuspects: number;
  mismatches: number;
  undisclosed: number;
  reach: number;
  /** Reviews rated at the top of their scale (5/5): the fake-review scorer compares today's with the usual rate. */
  fiveStar: number;
  /** Keys are `${aspect}:${polarity}` → count. */
  aspects: Record<string, number>;
}

export type RollupIncrement = Rollup;

/** The numbers of a rollup bucket that add up (every one but its aspects). */
export const ROLLUP_COUNTERS = ['count', 'sentimentSum', 'pos', 'neu', 'neg', 'fakeSuspects', 'mismatches', 'undisclosed', 'reach', 'fiveStar'] as const;
export type RollupCounter = (typeof ROLLUP_COUNTERS)[number];

export type AlertKind = 'backlash' | 'fake-review-wave' | 'mission-mismatch' | 'undisclosed-sponsorship';
export const ALERT_KINDS: readonly AlertKind[] = ['backlash', 'fake-review-wave', 'mission-mismatch', 'undisclosed-sponsorship'];
export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export interface AlertSample {
  mentionId: Id;
  url?: string;
  text: string;
  author?: string;
  engagement: number;
}

export interface AlertEvidence {
  /** Named figures, e.g. negPerHour, baselineNegPerHour, sentimentNow, sentimentBaseline. */
  figures: Record<string, number>;
  topTerms: string[];
  topAspects: string[];
  samples: AlertSample[];
  summary: string;
}

export interface Delivery {
  at: IsoDate;
  target: string;
  attempt: number;
  status: 'delivered' | 'failed' | 'dead-letter';
  httpStatus?: number;
  error?: string;
}

export interface Alert {
  id: Id;
  brandId: Id;
  launchId?: Id;
  kind: AlertKind;
  severity: AlertSeverity;
  status: AlertStatus;
  /** Identifies one episode, so a growing episode updates its alert instead of opening another. */
  episodeKey: string;
  title: string;
  windowStart: IsoDate;
  windowEnd: IsoDate;
  evidence: AlertEvidence;
  openedAt: IsoDate;
  updatedAt: IsoDate;
  acknowledgedBy?: string;
  acknowledgedAt?: IsoDate;
  resolvedBy?: string;
  resolvedAt?: IsoDate;
  deliveries: Delivery[];
}

export interface ScrapeRun {
  id: Id;
  sourceId: Id;
  brandId: Id;
  startedAt: IsoDate;
  finishedAt?: IsoDate;
  status: 'running' | 'ok' | 'failed';
  fetched: number;
  new: number;
  skipped: number;
  errors: number;
  /** Up to 20 messages: skipped items with their reason, and the error that failed the run. */
  messages: string[];
}

export const RESCORE_RUN_STATUSES = ['running', 'done', 'failed', 'interrupted', 'skipped'] as const;
export type RescoreRunStatus = (typeof RESCORE_RUN_STATUSES)[number];

/**
 * One run of rescoring a brand's stored mentions (jobs/rescore.ts), kept so the people who asked
 * for it can follow it: how far it got, what changed, and how it ended.
 */
export interface RescoreRun {
  id: Id;
  brandId: Id;
  /** The queue job that runs it (the API answers with it; a retried job's attempts share it); 'cli' for `trustlens rescore` in embedded mode. */
  jobId?: string;
  startedAt: IsoDate;
  finishedAt?: IsoDate;
  /**
   * interrupted: the process running it stopped (a later run of the brand found it still running).
   * skipped: not needed, as a run that started after it was asked for (so with models at least as
   * new) had already scored every mention: that run is `coveredBy`.
   */
  status: RescoreRunStatus;
  /** The brand's stored mentions when the run started: what `scanned` counts up to (0 for a skipped run, which reads none). */
  total: number;
  /** Mentions read and scored again so far. */
  scanned: number;
  /** Mentions whose scores changed (written, their rollups moved). */
  changed: number;
  /** Reviews flagged as likely fake among those read, before and after. */
  fakeSuspectsBefore: number;
  fakeSuspectsAfter: number;
  /** Mentions of an earlier run cut short whose rollup difference this run applied. */
  recovered: number;
  /** Why a failed run failed. */
  error?: string;
  /** The run that did a skipped run's work. */
  coveredBy?: Id;
  /**
   * A dry run (a preview): it scored the brand's mentions, with its saved models or with model
   * files not saved yet, and wrote nothing; `changed` and the likely fakes count what a rescore
   * would change. Such runs never stand in for a rescore.
   */
  dryRun?: boolean;
  /** A finished dry run's findings beyond the counts. */
  preview?: RescorePreviewDetail;
}

/** What a dry run of a rescore is asked to read the brand's mentions with (a kind not named: the brand's saved model). */
export interface RescorePreviewRequest {
  /** Model files not saved yet (their JSON text, as `trustlens train … --out` writes them), instead of the brand's of their kind. */
  models?: Partial<Record<BrandModelKind, string>>;
  /** Their names, recorded with the run's findings. */
  names?: Partial<Record<BrandModelKind, string>>;
  /** Kinds read with the shipped model instead of the brand's own (what deleting it would do). */
  shipped?: BrandModelKind[];
  /** Reviews kept of each way a verdict changes (default 5). */
  examples?: number;
}

/** What a dry run found beyond its counts: the aspects that would move and a few reviews that would change verdict. */
export interface RescorePreviewDetail {
  /** The names of the model files it read instead of the brand's, by kind (a kind not named: the brand's saved model, or the shipped one). */
  files?: { fake?: string; aspects?: string };
  /** Mentions per aspect and polarity ("price:negative"), before and after: only those that would move. */
  aspects: Record<string, { before: number; after: number }>;
  /** A few of the reviews that would become likely fakes, and of those that would stop being. */
  examples: { becomeSuspect: PreviewExample[]; stopSuspect: PreviewExample[] };
}
export interface PreviewExample {
  id: Id;
  externalId: string;
  /** The start of the text (160 characters at most). */
  text: string;
  likelihood: { before: number; after: number };
}

/** What a rescore run reports as it goes and when it ends. */
export type RescoreRunProgress = Partial<Pick<RescoreRun, 'status' | 'finishedAt' | 'scanned' | 'changed' | 'fakeSuspectsBefore' | 'fakeSuspectsAfter' | 'recovered' | 'error' | 'coveredBy' | 'preview'>>;

export type Role = 'admin' | 'analyst' | 'viewer';

/** Kinds of model a brand can train on its own labels and have the pipeline use instead of the shipped one. */
export const BRAND_MODEL_KINDS = ['fake', 'aspects'] as const;
export type BrandModelKind = (typeof BRAND_MODEL_KINDS)[number];
/** Largest model file a brand may save: well under MongoDB's 16 MB document limit. */
export const MAX_BRAND_MODEL_BYTES = 12 * 2 ** 20;

/** A brand's own model, as stored: what it is, without its weights. */
export interface BrandModelInfo {
  brandId: Id;
  kind: BrandModelKind;
  /** 1 for the first model saved for this brand and kind, +1 for each replacement. */
  version: number;
  /** The model's own name (e.g. "user:labelled.tsv"). */
  name: string;
  /** Size of the model file in bytes. */
  bytes: number;
  savedAt: IsoDate;
  /** What the model file says about its training (rows, languages, when): shown as it is. */
  meta: Record<string, unknown>;
}

export interface ApiKey {
  id: Id;
  name: string;
  /** sha256 of the key; the key itself is shown once and never stored. */
  hash: string;
  role: Role;
  /** Empty = all brands. */
  brandIds: Id[];
  createdAt: IsoDate;
  lastUsedAt?: IsoDate;
}
