/**
 * Everything the backend shares between restarts and instances, as a few atomic operations.
 * Each decision (may I request a token? when may I send? is there quota left?) is made inside
 * the store in one step, never read-decide-write in Node, so SQLite (one transaction) and Redis
 * (one Lua script, the server's clock) implement the same contract. All methods are async for
 * Redis' sake even though SQLite answers synchronously.
 */
import type { CodeResult, JobState, Topic } from "../../shared/api";

export interface StoredToken {
  /** Generation = the permit that fetched it; a rejection names the generation it rejects. */
  generation: number;
  value: string;
  obtainedAt: number;
  expiresAt: number;
  rejectedAt: number | null;
}

export type PermitDecision =
  | { granted: true; generation: number }
  | {
      granted: false;
      /** spent: the hourly permit is used; blocked: a 403 from the token endpoint; pending: another request is in flight. */
      reason: "spent" | "blocked" | "pending";
      /** When asking again can succeed. */
      retryAt: number;
    };

export type PermitOutcome = "issued" | "failed" | "forbidden";

export interface TokenLedger {
  lastPermit: {
    generation: number;
    requestedAt: number;
    outcome: PermitOutcome | "pending";
    detail: string | null;
  } | null;
  /** Permits taken in the 24 hours before `now`. */
  permitsLast24h: number;
  block: { until: number; reason: string } | null;
}

export interface QuotaCharge {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  dailyLimit: number;
  /** Fraction of this request charged to each team (sums to 1). */
  charges: Record<string, number>;
  /** Each charged team's daily limit in requests. */
  teamLimits: Record<string, number>;
}

export type QuotaDecision =
  { granted: true } | { granted: false; scope: "overall" } | { granted: false; scope: "team"; teams: string[] };

export interface QuotaUsage {
  day: string;
  used: number;
  closed: boolean;
  byTeam: Record<string, number>;
}

/** States a job never leaves. */
export const TERMINAL_JOB_STATES: readonly JobState[] = ["done", "failed", "cancelled"];

export interface JobRecord {
  id: string;
  team: string;
  topic: Topic;
  state: JobState;
  total: number;
  /** Records with a stored (final) result. */
  done: number;
  counts: { coded: number; uncoded: number; error: number };
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  /** When a waiting job resumes (quota reset, token permit). */
  retryAfter: number | null;
  /** Why the job failed (state "failed"). */
  error: { error: string; message: string } | null;
}

export interface JobInputRecord {
  id: string;
  occp_text: string;
  tasks_text?: string;
}

export interface ApiKeyRecord {
  id: string;
  team: string;
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

/** A cached outcome: what ABS said about a text, without the caller's id or cleaning report. */
export type CachedResult = Omit<CodeResult, "id" | "cleaned">;

export interface CacheEntry {
  key: string;
  result: CachedResult;
}

export interface StateStore {
  // Token permit ledger and the one current token (invariant 1).
  /** Atomically: not blocked, last permit older than minIntervalMs (and not pending) -> take a new permit. */
  claimTokenPermit(
    now: number,
    minIntervalMs: number,
    pendingTimeoutMs: number,
    holder: string,
  ): Promise<PermitDecision>;
  settleTokenPermit(generation: number, outcome: PermitOutcome, detail?: string): Promise<void>;
  saveToken(token: Omit<StoredToken, "rejectedAt">): Promise<void>;
  getToken(): Promise<StoredToken | null>;
  /** Marks the token rejected only if it is still `generation`; returns whether it was. */
  rejectToken(generation: number, now: number): Promise<boolean>;
  blockTokenRequests(until: number, reason: string): Promise<void>;
  tokenLedger(now: number): Promise<TokenLedger>;

  // Pacing (invariant 3).
  /** Atomically: slot = max(earliest, nextFree); nextFree = slot + spacingMs. Returns slot. */
  reserveSlot(earliest: number, spacingMs: number): Promise<number>;
  nextFreeSlot(): Promise<number>;

  // Daily quota (invariant 3).
  /** Atomically: day open, overall used < limit and every charged team under its limit -> charge. */
  chargeQuota(charge: QuotaCharge): Promise<QuotaDecision>;
  /** ABS said "Limit Exceeded": nothing more goes out on this UTC day. */
  closeQuotaDay(day: string, reason: string): Promise<void>;
  quotaUsage(day: string): Promise<QuotaUsage>;

  // Result cache (invariant 6).
  getCached(keys: string[]): Promise<Map<string, CachedResult>>;
  putCached(entries: CacheEntry[], now: number): Promise<void>;
  cacheSize(): Promise<number>;

  // Model label per topic (part of the cache key), learned from ABS at most once a day.
  getModel(topic: Topic): Promise<{ model: string; checkedAt: number } | null>;
  saveModel(topic: Topic, model: string, checkedAt: number): Promise<void>;

  // Jobs (survive restarts).
  createJob(
    job: Omit<JobRecord, "done" | "counts" | "finishedAt" | "retryAfter" | "error">,
    records: JobInputRecord[],
  ): Promise<void>;
  getJob(id: string): Promise<JobRecord | null>;
  jobInputs(id: string): Promise<JobInputRecord[]>;
  /** Indexes of the records that have a stored result. */
  jobResultIndexes(id: string): Promise<Set<number>>;
  /**
   * Stored results from `offset` in input order, at most `limit`, stopping at the first record
   * without one (so the page is always a gap-free run starting at `offset`).
   */
  jobResultsFrom(id: string, offset: number, limit: number): Promise<CodeResult[]>;
  saveJobResults(id: string, results: { index: number; result: CodeResult }[], now: number): Promise<void>;
  /**
   * Moves a job to `state`, unless it is already in a terminal state (done, failed, cancelled):
   * a job cancelled meanwhile stays cancelled. Returns whether it moved.
   */
  setJobState(
    id: string,
    state: JobState,
    now: number,
    extra?: { retryAfter?: number | null; error?: { error: string; message: string } | null },
  ): Promise<boolean>;
  /** Jobs not in a terminal state, oldest first. */
  unfinishedJobs(): Promise<JobRecord[]>;

  // Inbound API keys, stored as sha256 of the key.
  addApiKey(key: ApiKeyRecord & { hash: string }): Promise<void>;
  findApiKey(hash: string): Promise<ApiKeyRecord | null>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  revokeApiKey(idOrPrefix: string, now: number): Promise<ApiKeyRecord | null>;

  close(): Promise<void>;
}
