/**
 * The inbound API between the add-in and the companion backend (POST /api/code and friends).
 * Plain types shared by both sides, so a change to the contract breaks the build on both.
 */

export type Topic = "osca" | "anzsco";

export interface CodeRecordInput {
  /** Caller's id for the record (e.g. the cell address); echoed back unchanged. */
  id: string;
  occp_text: string;
  tasks_text?: string;
}

export interface CodeRequest {
  topic: Topic;
  records: CodeRecordInput[];
}

export interface Suggestion {
  code: string;
  title: string;
  confidence: number;
}

/**
 * coded: the service assigned `code`.
 * uncoded: nothing was confident enough; `suggestions` holds up to three candidates.
 * error: the record could not be coded at all; `error` says why and what to do.
 */
export type RecordStatus = "coded" | "uncoded" | "error";

/** What cleaning changed so the text fitted the ABS rules (printable ASCII, 100 characters). */
export interface CleaningReport {
  occp_text: string;
  tasks_text: string;
  changes: string[];
}

export interface RecordError {
  /** Stable machine-readable reason, e.g. "empty_input", "quota_exhausted", "upstream_unavailable". */
  reason: string;
  message: string;
  /** ISO time after which retrying can succeed, when known. */
  retryAfter?: string;
}

export interface CodeResult {
  id: string;
  status: RecordStatus;
  code?: string;
  title?: string;
  /** Number of digits of the code: 1 (major group) to 6 (occupation). */
  level?: number;
  confidence?: number;
  suggestions: Suggestion[];
  cleaned?: CleaningReport;
  error?: RecordError;
}

export interface CodeResponse {
  /** Model that produced the codes (part of the cache key). */
  model: string;
  results: CodeResult[];
}

/** Body of every non-2xx response from /api/*. */
export interface ApiErrorBody {
  error: string;
  message: string;
  retryAfter?: string;
}

/**
 * Background jobs (POST /api/jobs): a large selection coded on the backend, persisted, so a closed
 * task pane or a backend restart loses nothing.
 *
 * queued: accepted, not started. running: being coded. waiting: paused until `retryAfter` (daily
 * quota reset, next token permit); it resumes by itself. done: every record has its result.
 * failed: the backend gave up (`error` says why). cancelled: DELETE /api/jobs/:id; records not yet
 * sent are never sent, results already coded stay readable.
 */
export type JobState = "queued" | "running" | "waiting" | "done" | "failed" | "cancelled";

export interface JobCounts {
  coded: number;
  uncoded: number;
  error: number;
}

/** Answer of POST /api/jobs (202), GET /api/jobs/:id and DELETE /api/jobs/:id. */
export interface JobStatus {
  id: string;
  topic: Topic;
  state: JobState;
  /** Records in the job. */
  total: number;
  /** Records with a final result so far (counts.coded + counts.uncoded + counts.error). */
  done: number;
  counts: JobCounts;
  createdAt: string;
  updatedAt: string;
  /**
   * Estimated seconds until the job is done (queued, running, waiting only): the records still to
   * send, in batches, at the backend's upstream spacing, after the work queued ahead of it. An
   * estimate, not a promise.
   */
  etaSeconds?: number;
  /** ISO time the job carries on (state "waiting": quota reset or token permit). */
  retryAfter?: string;
  /** Why the job failed (state "failed"). */
  error?: ApiErrorBody;
}

/**
 * GET /api/jobs/:id/results?offset=&limit=: results in input order, a page at a time, as far as
 * they are available: a page stops at the first record without a final result yet, so a page
 * shorter than `limit` (or empty) means "nothing more yet", not "the end". results[i] is record
 * offset + i.
 */
export interface JobResultsPage {
  id: string;
  offset: number;
  /** Records in the job. */
  total: number;
  results: CodeResult[];
}

/** Results per page of GET /api/jobs/:id/results: default and maximum `limit`. */
export const JOB_RESULTS_PAGE = { defaultLimit: 1_000, maxLimit: 5_000 } as const;

/** GET /api/status: who is asking (the team of the API key, or "dev-open" for keyless local calls). */
export interface StatusCaller {
  team: string;
}
