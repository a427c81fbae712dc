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

/** POST /api/jobs: a large selection coded in the background, so a closed task pane loses nothing. */
export type JobState = "queued" | "running" | "done" | "failed" | "cancelled";

export interface JobCounts {
  coded: number;
  uncoded: number;
  error: number;
}

/** Answer of POST /api/jobs (202) and GET /api/jobs/:id. */
export interface JobStatus {
  id: string;
  topic: Topic;
  state: JobState;
  total: number;
  /** Records with an outcome so far. */
  done: number;
  counts: JobCounts;
  createdAt: string;
  updatedAt: string;
  /** Estimated seconds left, from the backend's pacing and queue. */
  etaSeconds?: number;
  /** Why the job failed (state "failed"). */
  error?: ApiErrorBody;
}

/** GET /api/jobs/:id/results?offset=&limit=: results in input order, a page at a time. */
export interface JobResultsPage {
  id: string;
  offset: number;
  total: number;
  results: CodeResult[];
}

/** POST /api/jobs answers 202 with this; GET /api/jobs/:id returns it with `results` when done. */
export interface JobView {
  id: string;
  topic: Topic;
  /** waiting: paused until `retryAfter` (quota reset, token permit); it resumes by itself. */
  status: "queued" | "running" | "waiting" | "done";
  total: number;
  done: number;
  coded: number;
  uncoded: number;
  errors: number;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  retryAfter?: string;
  /** One per input record, in order (when done, or with ?results=true: those finished so far). */
  results?: CodeResult[];
}
