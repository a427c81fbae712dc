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

export class MemoryBackend implements CodingBackend {
  codeCalls = 0;
  recordsSent = 0;
  jobsCreated = 0;
  cancelled: string[] = [];
  /** Records a job finishes per getJob call (Infinity: done at the first poll). */
  jobStep = Number.POSITIVE_INFINITY;
  /** The next call of this name fails with this error. */
  private failures = new Map<string, Error>();
  /** Called before each POST /api/code answers (e.g. to cancel or edit the sheet mid-run). */
  onCode?: (call: number) => void;
  statusBody: unknown = {
    version: "0.1.0",
    upstream: "simulator",
    quota: { team: { used: 10, limit: 100 }, overall: { used: 50, limit: 1000 } },
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
        etaSeconds: Math.ceil(records.length / 300),
      },
      results: records.map(codeOne),
    };
    this.jobs.set(id, job);
    return { ...job.status };
  }

  async getJob(id: string): Promise<JobStatus> {
    this.check("getJob");
    const job = this.jobs.get(id);
    if (!job) throw new BackendFailure("notFound", 404, "job_not_found", "No such job.");
    const s = job.status;
    if (s.state === "queued" || s.state === "running") {
      s.done = Math.min(s.total, s.done + this.jobStep);
      s.state = s.done >= s.total ? "done" : "running";
      s.etaSeconds = Math.ceil((s.total - s.done) / 300);
      s.counts = { coded: 0, uncoded: 0, error: 0 };
      for (const r of job.results.slice(0, s.done)) s.counts[r.status]++;
    }
    return { ...s, counts: { ...s.counts } };
  }

  async getJobResults(id: string, offset: number, limit: number): Promise<JobResultsPage> {
    this.check("getJobResults");
    const job = this.jobs.get(id);
    if (!job) throw new BackendFailure("notFound", 404, "job_not_found", "No such job.");
    const end = Math.min(job.status.done, offset + limit);
    return { id, offset, total: job.status.total, results: job.results.slice(offset, Math.max(offset, end)) };
  }

  async cancelJob(id: string): Promise<void> {
    this.cancelled.push(id);
    const job = this.jobs.get(id);
    if (job && job.status.state !== "done") job.status.state = "cancelled";
  }

  async status(): Promise<BackendStatus> {
    this.check("status");
    return parseBackendStatus(this.statusBody);
  }
}
