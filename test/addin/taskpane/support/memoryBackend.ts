/**
 * A small in-test implementation of the task pane's backend port: deterministic codes, jobs
 * that advance when polled, and failures on demand. The Excel side is what is under test.
 */
import type {
  CodeRecordInput,
  CodeResponse,
  CodeResult,
  JobResultsPage,
  JobStatus,
  Topic,
} from "../../../../src/shared/api";
import { BackendFailure, type CodingBackend } from "../../../../src/addin/taskpane/coding/backendPort";
import { parseBackendStatus, type BackendStatus } from "../../../../src/addin/taskpane/coding/backendStatus";

/** Known titles; anything with "zz" is uncoded (with suggestions), anything with "!!" is an error. */
const CODES: Record<string, { code: string; title: string }> = {
  "software engineer": { code: "261313", title: "Software Engineer" },
  bricklayer: { code: "331111", title: "Bricklayer" },
  nurse: { code: "254499", title: "Registered Nurse" },
  teacher: { code: "241411", title: "Secondary School Teacher" },
};

export function codeOne(record: CodeRecordInput): CodeResult {
  const text = record.occp_text.toLowerCase();
  if (text.includes("!!")) {
    return {
      id: record.id,
      status: "error",
      suggestions: [],
      error: { reason: "invalid_text", message: "the text has no letters" },
    };
  }
  if (text.includes("zz")) {
    return {
      id: record.id,
      status: "uncoded",
      suggestions: [
        { code: "139999", title: "Specialist Managers nec", confidence: 0.41 },
        { code: "149999", title: "Hospitality, Retail and Service Managers nec", confidence: 0.33 },
        { code: "599999", title: "Clerical and Administrative Workers nec", confidence: 0.2 },
      ],
    };
  }
  const known = CODES[text] ?? {
    code: String(200000 + (hash(text) % 600000)),
    title: `Occupation for ${record.occp_text}`,
  };
  return {
    id: record.id,
    status: "coded",
    code: known.code,
    title: known.title,
    level: 6,
    confidence: 0.92,
    suggestions: [],
  };
}

function hash(text: string): number {
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}

interface MemoryJob {
  status: JobStatus;
  results: CodeResult[];
}

/**
 * Follows the backend's job contract (src/shared/api.ts, docs/backend.md): a job advances by
 * `jobStep` records per GET /api/jobs/:id; results pages hold only final results, in input order;
 * DELETE /api/jobs/:id cancels (nothing more is coded, what was coded stays readable).
 */
export class MemoryBackend implements CodingBackend {
  codeCalls = 0;
  recordsSent = 0;
  jobsCreated = 0;
  /** Job ids DELETE /api/jobs/:id was called with, in order. */
  cancelled: string[] = [];
  /** GET /api/jobs/:id/results calls: [offset, limit]. */
  resultCalls: Array<[number, number]> = [];
  /** Records a job finishes per getJob call (Infinity: done at the first poll). */
  jobStep = Number.POSITIVE_INFINITY;
  /** The job pauses ("waiting" for quota until `until`) once this many records are done, for `polls` polls. */
  quotaWait?: { atDone: number; polls: number; until: string };
  /** The backend's estimate (default: one 1.1 s request per 300 records left). */
  eta: (status: JobStatus) => number | undefined = (s) => Math.ceil(Math.ceil((s.total - s.done) / 300) * 1.1);
  /** The next call of this name fails with this error. */
  private failures = new Map<string, Error>();
  /** Called before each POST /api/code answers (e.g. to cancel or edit the sheet mid-run). */
  onCode?: (call: number) => void;
  statusBody: unknown = {
    version: "0.1.0",
    caller: { team: "finance" },
    upstream: { kind: "simulator", apiHost: "127.0.0.1:4010", simulator: true },
    token: { state: "valid" },
    quota: {
      limit: 1000,
      used: 50,
      left: 950,
      resetsAt: "2030-01-01T00:00:00.000Z",
      teams: [
        { team: "finance", share: 0.5, limit: 500, used: 10, left: 490 },
        { team: "hr", share: 0.5, limit: 500, used: 40, left: 460 },
      ],
    },
  };
  readonly jobs = new Map<string, MemoryJob>();

  failNext(call: "code" | "createJob" | "getJob" | "getJobResults" | "status", error: Error): void {
    this.failures.set(call, error);
  }

  private check(call: string): void {
    const failure = this.failures.get(call);
    if (failure) {
      this.failures.delete(call);
      throw failure;
    }
  }

  async code(_topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<CodeResponse> {
    this.check("code");
    this.codeCalls++;
    this.recordsSent += records.length;
    this.onCode?.(this.codeCalls);
    if (signal?.aborted) throw Object.assign(new Error("aborted"), { name: "AbortError" });
    return { model: "test-model", results: records.map(codeOne) };
  }

  async createJob(topic: Topic, records: CodeRecordInput[]): Promise<JobStatus> {
    this.check("createJob");
    this.jobsCreated++;
    this.recordsSent += records.length;
    const id = `job-${this.jobsCreated}`;
    const now = new Date(0).toISOString();
    const job: MemoryJob = {
      status: {
        id,
        topic,
        state: "queued",
        total: records.length,
        done: 0,
        counts: { coded: 0, uncoded: 0, error: 0 },
        createdAt: now,
        updatedAt: now,
      },
      results: records.map(codeOne),
    };
    job.status.etaSeconds = this.eta(job.status);
    this.jobs.set(id, job);
    return { ...job.status, counts: { ...job.status.counts } };
  }

  async getJob(id: string): Promise<JobStatus> {
    this.check("getJob");
    const job = this.jobs.get(id);
    if (!job) throw new BackendFailure("notFound", 404, "job_not_found", "No such job for your team.");
    const s = job.status;
    const wait = this.quotaWait;
    if (wait && wait.polls > 0 && s.done >= wait.atDone && s.state !== "done" && s.state !== "cancelled") {
      wait.polls--;
      s.state = "waiting";
      s.retryAfter = wait.until;
    } else if (s.state === "queued" || s.state === "running" || s.state === "waiting") {
      delete s.retryAfter;
      const limit = wait && wait.polls > 0 ? Math.max(s.done, wait.atDone) : s.total;
      s.done = Math.min(s.total, limit, s.done + this.jobStep);
      s.state = s.done >= s.total ? "done" : "running";
    }
    s.counts = { coded: 0, uncoded: 0, error: 0 };
    for (const r of job.results.slice(0, s.done)) s.counts[r.status]++;
    if (s.state === "done" || s.state === "cancelled") delete s.etaSeconds;
    else s.etaSeconds = this.eta(s);
    return { ...s, counts: { ...s.counts } };
  }

  async getJobResults(id: string, offset: number, limit: number): Promise<JobResultsPage> {
    this.check("getJobResults");
    this.resultCalls.push([offset, limit]);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 5_000)
      throw new BackendFailure("badRequest", 400, "invalid_request", "The request does not match the API.");
    const job = this.jobs.get(id);
    if (!job) throw new BackendFailure("notFound", 404, "job_not_found", "No such job for your team.");
    // Only final results, from `offset`, in input order.
    const end = Math.min(job.status.done, offset + limit);
    return { id, offset, total: job.status.total, results: job.results.slice(offset, Math.max(offset, end)) };
  }

  async cancelJob(id: string): Promise<void> {
    this.cancelled.push(id);
    const job = this.jobs.get(id);
    if (job && job.status.state !== "done") {
      job.status.state = "cancelled";
      delete job.status.etaSeconds;
    }
  }

  async status(): Promise<BackendStatus> {
    this.check("status");
    return parseBackendStatus(this.statusBody);
  }
}
