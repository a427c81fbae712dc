/** SQLite schema of the state store. Idempotent: run at every start. */
export const SCHEMA = `
-- Invariant 1: one row per token request, written BEFORE the request is sent.
CREATE TABLE IF NOT EXISTS token_permits (
  generation   INTEGER PRIMARY KEY AUTOINCREMENT,
  requested_at INTEGER NOT NULL,
  holder       TEXT NOT NULL,
  outcome      TEXT NOT NULL DEFAULT 'pending', -- pending | issued | failed | forbidden
  detail       TEXT
);
CREATE TABLE IF NOT EXISTS token (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  generation  INTEGER NOT NULL,
  value       TEXT NOT NULL,
  obtained_at INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  rejected_at INTEGER
);
CREATE TABLE IF NOT EXISTS token_block (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  until  INTEGER NOT NULL,
  reason TEXT NOT NULL
);
-- Invariant 3: the earliest time the next upstream request may start.
CREATE TABLE IF NOT EXISTS pacing (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  next_free INTEGER NOT NULL
);
-- Requests per UTC day; team '*' is the deployment total, other rows are fractional team charges.
CREATE TABLE IF NOT EXISTS quota (
  day  TEXT NOT NULL,
  team TEXT NOT NULL,
  used REAL NOT NULL,
  PRIMARY KEY (day, team)
);
CREATE TABLE IF NOT EXISTS quota_closed (
  day    TEXT PRIMARY KEY,
  reason TEXT NOT NULL
);
-- Invariant 6: results by normalised input + topic + model.
CREATE TABLE IF NOT EXISTS cache (
  key        TEXT PRIMARY KEY,
  result     TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS models (
  topic      TEXT PRIMARY KEY,
  model      TEXT NOT NULL,
  checked_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
  id          TEXT PRIMARY KEY,
  team        TEXT NOT NULL,
  topic       TEXT NOT NULL,
  status      TEXT NOT NULL,
  total       INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  finished_at INTEGER,
  retry_after INTEGER,
  inputs      TEXT NOT NULL,
  error       TEXT -- JSON { error, message } when status = 'failed'
);
-- Final results only (a record waiting for quota or a token has no row yet); status is the
-- result's status, kept beside the JSON so progress counts need no parsing.
CREATE TABLE IF NOT EXISTS job_results (
  job_id TEXT NOT NULL,
  idx    INTEGER NOT NULL,
  result TEXT NOT NULL,
  status TEXT,
  PRIMARY KEY (job_id, idx)
);
CREATE TABLE IF NOT EXISTS api_keys (
  id         TEXT PRIMARY KEY,
  team       TEXT NOT NULL,
  label      TEXT NOT NULL,
  hash       TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
`;

/** Columns added after the first release, for state files created before them: [table, column, DDL, backfill]. */
export const ADDED_COLUMNS: ReadonlyArray<readonly [string, string, string, string?]> = [
  ["jobs", "error", "ALTER TABLE jobs ADD COLUMN error TEXT"],
  [
    "job_results",
    "status",
    "ALTER TABLE job_results ADD COLUMN status TEXT",
    "UPDATE job_results SET status = json_extract(result, '$.status') WHERE status IS NULL",
  ],
];
