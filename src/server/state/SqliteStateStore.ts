/**
 * StateStore on one SQLite file (better-sqlite3, WAL) in the data directory. Every decision runs
 * in a BEGIN IMMEDIATE transaction, so several processes on one host sharing the file still take
 * one permit per hour, one slot per spacing and never more than the quota.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { CodeResult, JobState, Topic } from "../../shared/api";
import { ADDED_COLUMNS, SCHEMA } from "./schema";
import type {
  ApiKeyRecord,
  CacheEntry,
  CachedResult,
  JobInputRecord,
  JobRecord,
  PermitDecision,
  PermitOutcome,
  QuotaCharge,
  QuotaDecision,
  QuotaUsage,
  StateStore,
  StoredToken,
  TokenLedger,
} from "./StateStore";

const OVERALL = "*";

export class SqliteStateStore implements StateStore {
  private readonly db: Database.Database;

  /** `file` may be ":memory:" for unit tests. */
  constructor(file: string) {
    if (file !== ":memory:") {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    }
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(SCHEMA);
    this.migrate();
    if (file !== ":memory:") fs.chmodSync(file, 0o600);
  }

  /** Adds columns a state file from an earlier version lacks (inside one transaction, so racing starts agree). */
  private migrate(): void {
    this.atomic(() => {
      for (const [table, column, ddl, backfill] of ADDED_COLUMNS) {
        const columns = this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
        if (columns.some((c) => c.name === column)) continue;
        this.db.exec(ddl);
        if (backfill) this.db.exec(backfill);
      }
    });
  }

  static inDataDir(dataDir: string): SqliteStateStore {
    return new SqliteStateStore(path.join(dataDir, "state.sqlite"));
  }

  private atomic<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ---- token -----------------------------------------------------------------------------

  async claimTokenPermit(
    now: number,
    minIntervalMs: number,
    pendingTimeoutMs: number,
    holder: string,
  ): Promise<PermitDecision> {
    return this.atomic((): PermitDecision => {
      const block = this.db.prepare("SELECT until FROM token_block WHERE id = 1 AND until > ?").get(now) as
        { until: number } | undefined;
      if (block) return { granted: false, reason: "blocked", retryAt: block.until };
      const last = this.lastPermit();
      if (last) {
        const nextAt = last.requestedAt + minIntervalMs;
        if (last.outcome === "pending" && now < last.requestedAt + pendingTimeoutMs) {
          return { granted: false, reason: "pending", retryAt: Math.min(nextAt, now + 1_000) };
        }
        if (now < nextAt) return { granted: false, reason: "spent", retryAt: nextAt };
      }
      const info = this.db
        .prepare("INSERT INTO token_permits (requested_at, holder, outcome) VALUES (?, ?, 'pending')")
        .run(now, holder);
      return { granted: true, generation: Number(info.lastInsertRowid) };
    });
  }

  async settleTokenPermit(generation: number, outcome: PermitOutcome, detail?: string): Promise<void> {
    this.db
      .prepare("UPDATE token_permits SET outcome = ?, detail = ? WHERE generation = ?")
      .run(outcome, detail ?? null, generation);
  }

  async saveToken(token: Omit<StoredToken, "rejectedAt">): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO token (id, generation, value, obtained_at, expires_at, rejected_at) VALUES (1, @generation, @value, @obtainedAt, @expiresAt, NULL)
         ON CONFLICT(id) DO UPDATE SET generation = excluded.generation, value = excluded.value, obtained_at = excluded.obtained_at,
           expires_at = excluded.expires_at, rejected_at = NULL WHERE excluded.generation > token.generation`,
      )
      .run(token);
  }

  async getToken(): Promise<StoredToken | null> {
    const row = this.db
      .prepare("SELECT generation, value, obtained_at, expires_at, rejected_at FROM token WHERE id = 1")
      .get() as
      | { generation: number; value: string; obtained_at: number; expires_at: number; rejected_at: number | null }
      | undefined;
    return row
      ? {
          generation: row.generation,
          value: row.value,
          obtainedAt: row.obtained_at,
          expiresAt: row.expires_at,
          rejectedAt: row.rejected_at,
        }
      : null;
  }

  async rejectToken(generation: number, now: number): Promise<boolean> {
    const info = this.db
      .prepare("UPDATE token SET rejected_at = ? WHERE id = 1 AND generation = ? AND rejected_at IS NULL")
      .run(now, generation);
    return info.changes > 0;
  }

  async blockTokenRequests(until: number, reason: string): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO token_block (id, until, reason) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET until = MAX(until, excluded.until), reason = excluded.reason",
      )
      .run(until, reason);
  }

  async tokenLedger(now: number): Promise<TokenLedger> {
    const block = this.db.prepare("SELECT until, reason FROM token_block WHERE id = 1 AND until > ?").get(now) as
      { until: number; reason: string } | undefined;
    const count = this.db
      .prepare("SELECT COUNT(*) AS n FROM token_permits WHERE requested_at > ?")
      .get(now - 86_400_000) as { n: number };
    return { lastPermit: this.lastPermit() ?? null, permitsLast24h: count.n, block: block ?? null };
  }

  private lastPermit(): TokenLedger["lastPermit"] | undefined {
    const row = this.db
      .prepare("SELECT generation, requested_at, outcome, detail FROM token_permits ORDER BY generation DESC LIMIT 1")
      .get() as
      | { generation: number; requested_at: number; outcome: PermitOutcome | "pending"; detail: string | null }
      | undefined;
    return (
      row && { generation: row.generation, requestedAt: row.requested_at, outcome: row.outcome, detail: row.detail }
    );
  }

  // ---- pacing ----------------------------------------------------------------------------

  async reserveSlot(earliest: number, spacingMs: number): Promise<number> {
    return this.atomic(() => {
      const row = this.db.prepare("SELECT next_free FROM pacing WHERE id = 1").get() as
        { next_free: number } | undefined;
      const slot = Math.max(earliest, row?.next_free ?? 0);
      this.db
        .prepare(
          "INSERT INTO pacing (id, next_free) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET next_free = excluded.next_free",
        )
        .run(slot + spacingMs);
      return slot;
    });
  }

  async nextFreeSlot(): Promise<number> {
    const row = this.db.prepare("SELECT next_free FROM pacing WHERE id = 1").get() as { next_free: number } | undefined;
    return row?.next_free ?? 0;
  }

  // ---- quota -----------------------------------------------------------------------------

  async chargeQuota(charge: QuotaCharge): Promise<QuotaDecision> {
    return this.atomic((): QuotaDecision => {
      if (this.db.prepare("SELECT 1 FROM quota_closed WHERE day = ?").get(charge.day))
        return { granted: false, scope: "overall" };
      const used = (team: string) =>
        (
          this.db.prepare("SELECT used FROM quota WHERE day = ? AND team = ?").get(charge.day, team) as
            { used: number } | undefined
        )?.used ?? 0;
      if (used(OVERALL) + 1 > charge.dailyLimit + 1e-9) return { granted: false, scope: "overall" };
      const over = Object.keys(charge.charges).filter(
        (team) => used(team) >= (charge.teamLimits[team] ?? Infinity) - 1e-9,
      );
      if (over.length > 0) return { granted: false, scope: "team", teams: over };
      const add = this.db.prepare(
        "INSERT INTO quota (day, team, used) VALUES (?, ?, ?) ON CONFLICT(day, team) DO UPDATE SET used = used + excluded.used",
      );
      add.run(charge.day, OVERALL, 1);
      for (const [team, share] of Object.entries(charge.charges)) add.run(charge.day, team, share);
      return { granted: true };
    });
  }

  async closeQuotaDay(day: string, reason: string): Promise<void> {
    this.db.prepare("INSERT OR IGNORE INTO quota_closed (day, reason) VALUES (?, ?)").run(day, reason);
  }

  async quotaUsage(day: string): Promise<QuotaUsage> {
    const rows = this.db.prepare("SELECT team, used FROM quota WHERE day = ?").all(day) as {
      team: string;
      used: number;
    }[];
    const byTeam: Record<string, number> = {};
    let used = 0;
    for (const row of rows) {
      if (row.team === OVERALL) used = row.used;
      else byTeam[row.team] = row.used;
    }
    const closed = Boolean(this.db.prepare("SELECT 1 FROM quota_closed WHERE day = ?").get(day));
    return { day, used, closed, byTeam };
  }

  // ---- cache -----------------------------------------------------------------------------

  async getCached(keys: string[]): Promise<Map<string, CachedResult>> {
    const found = new Map<string, CachedResult>();
    const select = this.db.prepare("SELECT result FROM cache WHERE key = ?");
    for (const key of new Set(keys)) {
      const row = select.get(key) as { result: string } | undefined;
      if (row) found.set(key, JSON.parse(row.result) as CachedResult);
    }
    return found;
  }

  async putCached(entries: CacheEntry[], now: number): Promise<void> {
    const insert = this.db.prepare("INSERT OR REPLACE INTO cache (key, result, created_at) VALUES (?, ?, ?)");
    this.atomic(() => {
      for (const entry of entries) insert.run(entry.key, JSON.stringify(entry.result), now);
    });
  }

  async cacheSize(): Promise<number> {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM cache").get() as { n: number }).n;
  }

  async getModel(topic: Topic): Promise<{ model: string; checkedAt: number } | null> {
    const row = this.db.prepare("SELECT model, checked_at FROM models WHERE topic = ?").get(topic) as
      { model: string; checked_at: number } | undefined;
    return row ? { model: row.model, checkedAt: row.checked_at } : null;
  }

  async saveModel(topic: Topic, model: string, checkedAt: number): Promise<void> {
    this.db
      .prepare("INSERT OR REPLACE INTO models (topic, model, checked_at) VALUES (?, ?, ?)")
      .run(topic, model, checkedAt);
  }

  // ---- jobs ------------------------------------------------------------------------------

  async createJob(
    job: Omit<JobRecord, "done" | "counts" | "finishedAt" | "retryAfter" | "error">,
    records: JobInputRecord[],
  ): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO jobs (id, team, topic, status, total, created_at, updated_at, inputs) VALUES (@id, @team, @topic, @state, @total, @createdAt, @updatedAt, @inputs)",
      )
      .run({ ...job, inputs: JSON.stringify(records) });
  }

  async getJob(id: string): Promise<JobRecord | null> {
    const row = this.db.prepare(`${JOB_SELECT} WHERE j.id = ?`).get(id) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  async jobInputs(id: string): Promise<JobInputRecord[]> {
    const row = this.db.prepare("SELECT inputs FROM jobs WHERE id = ?").get(id) as { inputs: string } | undefined;
    return row ? (JSON.parse(row.inputs) as JobInputRecord[]) : [];
  }

  async jobResultIndexes(id: string): Promise<Set<number>> {
    const rows = this.db.prepare("SELECT idx FROM job_results WHERE job_id = ?").all(id) as { idx: number }[];
    return new Set(rows.map((row) => row.idx));
  }

  async jobResultsFrom(id: string, offset: number, limit: number): Promise<CodeResult[]> {
    const rows = this.db
      .prepare("SELECT idx, result FROM job_results WHERE job_id = ? AND idx >= ? ORDER BY idx LIMIT ?")
      .all(id, offset, limit) as { idx: number; result: string }[];
    const page: CodeResult[] = [];
    for (const row of rows) {
      if (row.idx !== offset + page.length) break; // the first record without a result ends the page
      page.push(JSON.parse(row.result) as CodeResult);
    }
    return page;
  }

  async saveJobResults(id: string, results: { index: number; result: CodeResult }[], now: number): Promise<void> {
    const insert = this.db.prepare(
      "INSERT OR REPLACE INTO job_results (job_id, idx, result, status) VALUES (?, ?, ?, ?)",
    );
    this.atomic(() => {
      for (const { index, result } of results) insert.run(id, index, JSON.stringify(result), result.status);
      this.db.prepare("UPDATE jobs SET updated_at = ? WHERE id = ?").run(now, id);
    });
  }

  async setJobState(
    id: string,
    state: JobState,
    now: number,
    extra: { retryAfter?: number | null; error?: { error: string; message: string } | null } = {},
  ): Promise<boolean> {
    const terminal = state === "done" || state === "failed" || state === "cancelled";
    const info = this.db
      .prepare(
        `UPDATE jobs SET status = ?, updated_at = ?, retry_after = ?, error = ?, finished_at = ?
         WHERE id = ? AND status NOT IN ('done', 'failed', 'cancelled')`,
      )
      .run(
        state,
        now,
        extra.retryAfter ?? null,
        extra.error ? JSON.stringify(extra.error) : null,
        terminal ? now : null,
        id,
      );
    return info.changes > 0;
  }

  async unfinishedJobs(): Promise<JobRecord[]> {
    return (
      this.db
        .prepare(`${JOB_SELECT} WHERE j.status NOT IN ('done', 'failed', 'cancelled') ORDER BY j.created_at`)
        .all() as JobRow[]
    ).map(toJob);
  }

  // ---- API keys --------------------------------------------------------------------------

  async addApiKey(key: ApiKeyRecord & { hash: string }): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO api_keys (id, team, label, hash, created_at, revoked_at) VALUES (@id, @team, @label, @hash, @createdAt, @revokedAt)",
      )
      .run(key);
  }

  async findApiKey(hash: string): Promise<ApiKeyRecord | null> {
    const row = this.db.prepare(`${KEY_SELECT} WHERE hash = ? AND revoked_at IS NULL`).get(hash) as KeyRow | undefined;
    return row ? toKey(row) : null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (this.db.prepare(`${KEY_SELECT} ORDER BY created_at`).all() as KeyRow[]).map(toKey);
  }

  async revokeApiKey(idOrPrefix: string, now: number): Promise<ApiKeyRecord | null> {
    return this.atomic(() => {
      const rows = this.db
        .prepare(`${KEY_SELECT} WHERE id LIKE ? || '%' AND revoked_at IS NULL`)
        .all(idOrPrefix) as KeyRow[];
      if (rows.length !== 1) return null;
      this.db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ?").run(now, rows[0]!.id);
      return { ...toKey(rows[0]!), revokedAt: now };
    });
  }

  /**
   * Embedded-simulator mode only: a new simulator knows none of the old run's tokens, so the old
   * token and permit ledger are dropped. Never used with a real ABS upstream.
   */
  forgetToken(): void {
    this.db.exec(
      "DELETE FROM token; DELETE FROM token_permits; DELETE FROM token_block; DELETE FROM pacing; DELETE FROM quota; DELETE FROM quota_closed;",
    );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

const JOB_SELECT = `SELECT j.id, j.team, j.topic, j.status, j.total, j.created_at, j.updated_at, j.finished_at, j.retry_after, j.error,
  (SELECT COUNT(*) FROM job_results r WHERE r.job_id = j.id) AS done,
  (SELECT COUNT(*) FROM job_results r WHERE r.job_id = j.id AND r.status = 'coded') AS coded,
  (SELECT COUNT(*) FROM job_results r WHERE r.job_id = j.id AND r.status = 'uncoded') AS uncoded
  FROM jobs j`;

interface JobRow {
  id: string;
  team: string;
  topic: Topic;
  status: JobState;
  total: number;
  done: number;
  coded: number;
  uncoded: number;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  retry_after: number | null;
  error: string | null;
}

function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    team: row.team,
    topic: row.topic,
    state: row.status,
    total: row.total,
    done: row.done,
    counts: { coded: row.coded, uncoded: row.uncoded, error: row.done - row.coded - row.uncoded },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    retryAfter: row.retry_after,
    error: row.error ? (JSON.parse(row.error) as { error: string; message: string }) : null,
  };
}

const KEY_SELECT = "SELECT id, team, label, created_at, revoked_at FROM api_keys";

interface KeyRow {
  id: string;
  team: string;
  label: string;
  created_at: number;
  revoked_at: number | null;
}

function toKey(row: KeyRow): ApiKeyRecord {
  return { id: row.id, team: row.team, label: row.label, createdAt: row.created_at, revokedAt: row.revoked_at };
}
