// Numbered schema migrations. Each runs once, in order, inside one transaction with its record
// in `migrations`, so a crash mid-way leaves the database at the previous version. Append only:
// never edit a migration that has shipped; add the next number.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE brands (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, mission TEXT, "values" TEXT, claims TEXT, forbiddenClaims TEXT,
  keywords TEXT, handles TEXT, competitors TEXT, languages TEXT, sensitivity REAL, webhooks TEXT,
  createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL, extra TEXT
);

CREATE TABLE launches (
  id TEXT PRIMARY KEY, brandId TEXT NOT NULL, name TEXT NOT NULL, type TEXT, startAt TEXT, endAt TEXT,
  products TEXT, keywords TEXT, price TEXT, promises TEXT, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL, extra TEXT
);
CREATE INDEX launches_brand ON launches (brandId, startAt);

CREATE TABLE sources (
  id TEXT PRIMARY KEY, brandId TEXT NOT NULL, launchId TEXT, name TEXT NOT NULL, kind TEXT NOT NULL, url TEXT,
  api TEXT, query TEXT, mentionKind TEXT, schedule TEXT, recipe TEXT, state TEXT, enabled INTEGER NOT NULL,
  createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL, extra TEXT
);
CREATE INDEX sources_brand ON sources (brandId, enabled);

CREATE TABLE mentions (
  id TEXT PRIMARY KEY, sourceId TEXT NOT NULL, externalId TEXT NOT NULL, brandId TEXT NOT NULL, launchId TEXT,
  kind TEXT NOT NULL, publishedAt TEXT NOT NULL, fetchedAt TEXT NOT NULL, lang TEXT, label TEXT,
  negative INTEGER NOT NULL, fakeSuspect INTEGER NOT NULL, mismatch INTEGER NOT NULL, undisclosed INTEGER NOT NULL,
  url TEXT, title TEXT, text TEXT NOT NULL, caption TEXT, langHint TEXT, author TEXT, rating TEXT,
  engagement TEXT, scores TEXT NOT NULL, verifiedPurchase INTEGER, extra TEXT,
  UNIQUE (sourceId, externalId)
);
-- The main listing: a brand's mentions newest first; the same shape serves cursor seeks.
CREATE INDEX mentions_brand_time ON mentions (brandId, publishedAt DESC, id DESC);
CREATE INDEX mentions_launch_time ON mentions (launchId, publishedAt DESC, id DESC);
CREATE INDEX mentions_source_time ON mentions (sourceId, publishedAt DESC, id DESC);
CREATE INDEX mentions_brand_kind ON mentions (brandId, kind, publishedAt DESC);
CREATE INDEX mentions_brand_lang ON mentions (brandId, lang, publishedAt DESC);
CREATE INDEX mentions_brand_label ON mentions (brandId, label, publishedAt DESC);
-- Flags are rare compared with all mentions: partial indexes keep them small.
CREATE INDEX mentions_negative ON mentions (brandId, publishedAt DESC, id DESC) WHERE negative = 1;
CREATE INDEX mentions_fake ON mentions (brandId, publishedAt DESC, id DESC) WHERE fakeSuspect = 1;
CREATE INDEX mentions_mismatch ON mentions (brandId, publishedAt DESC, id DESC) WHERE mismatch = 1;
CREATE INDEX mentions_undisclosed ON mentions (brandId, publishedAt DESC, id DESC) WHERE undisclosed = 1;

CREATE TABLE rollups (
  brandId TEXT NOT NULL, launchId TEXT NOT NULL, kind TEXT NOT NULL, hour TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0, sentimentSum REAL NOT NULL DEFAULT 0, pos INTEGER NOT NULL DEFAULT 0,
  neu INTEGER NOT NULL DEFAULT 0, neg INTEGER NOT NULL DEFAULT 0, fakeSuspects INTEGER NOT NULL DEFAULT 0,
  mismatches INTEGER NOT NULL DEFAULT 0, undisclosed INTEGER NOT NULL DEFAULT 0, reach REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (brandId, launchId, kind, hour)
) WITHOUT ROWID;
CREATE INDEX rollups_brand_hour ON rollups (brandId, hour);

CREATE TABLE rollup_aspects (
  brandId TEXT NOT NULL, launchId TEXT NOT NULL, kind TEXT NOT NULL, hour TEXT NOT NULL, key TEXT NOT NULL,
  n REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (brandId, launchId, kind, hour, key)
) WITHOUT ROWID;
CREATE INDEX rollup_aspects_brand_hour ON rollup_aspects (brandId, hour);

CREATE TABLE alerts (
  id TEXT PRIMARY KEY, brandId TEXT NOT NULL, launchId TEXT, kind TEXT NOT NULL, severity TEXT NOT NULL,
  status TEXT NOT NULL, episodeKey TEXT NOT NULL, title TEXT NOT NULL, windowStart TEXT, windowEnd TEXT,
  evidence TEXT, openedAt TEXT NOT NULL, updatedAt TEXT NOT NULL, acknowledgedBy TEXT, acknowledgedAt TEXT,
  resolvedBy TEXT, resolvedAt TEXT, deliveries TEXT NOT NULL DEFAULT '[]', extra TEXT
);
CREATE INDEX alerts_episode ON alerts (brandId, kind, episodeKey, status);
CREATE INDEX alerts_brand_time ON alerts (brandId, openedAt DESC);
CREATE INDEX alerts_time ON alerts (openedAt DESC);

CREATE TABLE scrape_runs (
  id TEXT PRIMARY KEY, sourceId TEXT NOT NULL, brandId TEXT NOT NULL, startedAt TEXT NOT NULL, finishedAt TEXT,
  status TEXT NOT NULL, fetched INTEGER NOT NULL DEFAULT 0, "new" INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0, messages TEXT NOT NULL DEFAULT '[]', extra TEXT
);
CREATE INDEX scrape_runs_source ON scrape_runs (sourceId, startedAt DESC);
CREATE INDEX scrape_runs_brand ON scrape_runs (brandId);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, brandIds TEXT NOT NULL,
  createdAt TEXT NOT NULL, lastUsedAt TEXT, extra TEXT
);
`,
  },
  {
    version: 2,
    name: 'rollup aspects as a JSON column',
    // Measured: reading 90 days of buckets for one brand at 1M mentions meant 311k rollup_aspects
    // rows (18 aspect keys per bucket) and ~3.4 s, against ~0.3 s for the 17k bucket rows alone.
    // One JSON object per bucket row keeps the read at one row per bucket. Increments merge the
    // object inside the same INSERT ... ON CONFLICT statement (see SqliteStore.addToRollups).
    sql: `
ALTER TABLE rollups ADD COLUMN aspects TEXT NOT NULL DEFAULT '{}';
UPDATE rollups SET aspects = (
  SELECT json_group_object(a.key, a.n) FROM rollup_aspects a
  WHERE a.brandId = rollups.brandId AND a.launchId = rollups.launchId AND a.kind = rollups.kind AND a.hour = rollups.hour
) WHERE EXISTS (
  SELECT 1 FROM rollup_aspects a
  WHERE a.brandId = rollups.brandId AND a.launchId = rollups.launchId AND a.kind = rollups.kind AND a.hour = rollups.hour
);
DROP TABLE rollup_aspects;
`,
  },
  {
    version: 3,
    name: 'exactly-once rollups: pending batches and applied batch ids',
    // A crash between storing a batch of mentions and adding it to the rollups must neither lose
    // nor double-count it: the batch stays pending (with its mentions tagged) until completed, and
    // a rollup batch id is recorded in the same transaction as its increments.
    sql: `
ALTER TABLE mentions ADD COLUMN rollupBatch TEXT;
CREATE INDEX mentions_batch ON mentions (rollupBatch) WHERE rollupBatch IS NOT NULL;
CREATE TABLE pending_batches (batch TEXT PRIMARY KEY, sourceId TEXT NOT NULL, brandId TEXT NOT NULL, createdAt TEXT NOT NULL);
CREATE INDEX pending_batches_source ON pending_batches (sourceId);
CREATE INDEX pending_batches_brand ON pending_batches (brandId);
CREATE TABLE rollup_batches (batchId TEXT PRIMARY KEY, appliedAt TEXT NOT NULL);
CREATE INDEX rollup_batches_time ON rollup_batches (appliedAt);
`,
  },
  {
    version: 4,
    name: 'five-star reviews per rollup bucket',
    // The fake-review scorer's burst signal compares the last day's 5-star reviews with the
    // brand's usual rate; buckets written before this count none (a rate that starts at zero).
    sql: `
ALTER TABLE rollups ADD COLUMN fiveStar INTEGER NOT NULL DEFAULT 0;
`,
  },
  {
    version: 5,
    name: "brands' own models",
    // A model a brand trained on its own labels (trustlens train), used by the pipeline instead
    // of the shipped one. The weights are one JSON text, read only when the version changes.
    sql: `
CREATE TABLE brand_models (
  brandId TEXT NOT NULL, kind TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, bytes INTEGER NOT NULL,
  savedAt TEXT NOT NULL, meta TEXT NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (brandId, kind)
);
`,
  },
  {
    version: 6,
    name: 'rescoring: batches pending until their rollup difference is applied',
    // As with ingest batches (migration 3): a crash between rescoring mentions and moving their
    // rollup counts must neither lose nor double the difference. A batch's record holds each
    // mention as rescored and its scores from before.
    sql: `
CREATE TABLE pending_rescores (batch TEXT PRIMARY KEY, brandId TEXT NOT NULL, items TEXT NOT NULL, createdAt TEXT NOT NULL);
CREATE INDEX pending_rescores_brand ON pending_rescores (brandId, createdAt);
`,
  },
  {
    version: 7,
    name: 'rescore runs: what each rescore of a brand read, changed and how it ended',
    sql: `
CREATE TABLE rescore_runs (
  id TEXT PRIMARY KEY, brandId TEXT NOT NULL, jobId TEXT, startedAt TEXT NOT NULL, finishedAt TEXT, status TEXT NOT NULL,
  total INTEGER NOT NULL, scanned INTEGER NOT NULL, changed INTEGER NOT NULL, fakeSuspectsBefore INTEGER NOT NULL,
  fakeSuspectsAfter INTEGER NOT NULL, recovered INTEGER NOT NULL, error TEXT, extra TEXT
);
CREATE INDEX rescore_runs_brand ON rescore_runs (brandId, startedAt DESC);
`,
  },
  {
    version: 8,
    name: 'rescore runs: the run that did the work of a skipped one',
    sql: `ALTER TABLE rescore_runs ADD COLUMN coveredBy TEXT;`,
  },
  {
    version: 9,
    name: 'rescore runs: dry runs (previews) and what they found',
    sql: `ALTER TABLE rescore_runs ADD COLUMN dryRun INTEGER;
ALTER TABLE rescore_runs ADD COLUMN preview TEXT;`,
  },
];
