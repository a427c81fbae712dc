/**
 * The task pane's view of the companion backend: the calls a coding run makes.
 * `HttpBackend` implements it over fetch (sending the person's API key as x-api-key);
 * tests implement it in memory. It lives here rather than in src/addin/client/ (owned by the
 * custom-functions side), which today only has POST /api/code.
 */
import type {
  ApiErrorBody,
  CodeRecordInput,
  CodeResponse,
  CodeResult,
  JobResultsPage,
  JobState,
  JobStatus,
  Topic,
} from "../../../shared/api";
import { parseBackendStatus, type BackendStatus } from "./backendStatus";

/** A job's status as the pane uses it: the shared JobStatus, plus when a quota wait ends. */
export type JobView = JobStatus & {
  /** The job is waiting for quota until this ISO time (backend status "waiting"). */
  retryAfter?: string;
};

export interface CodingBackend {
  /** POST /api/code: one result per record, in order. */
  code(topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<CodeResponse>;
  /** POST /api/jobs: a large selection coded in the background. */
  createJob(topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<JobView>;
  /** GET /api/jobs/:id */
  getJob(id: string, signal?: AbortSignal): Promise<JobView>;
  /** GET /api/jobs/:id/results?offset=&limit= */
  getJobResults(id: string, offset: number, limit: number, signal?: AbortSignal): Promise<JobResultsPage>;
  /** DELETE /api/jobs/:id (best effort: a backend without it simply finishes the job). */
  cancelJob(id: string): Promise<void>;
  /** GET /api/status */
  status(signal?: AbortSignal): Promise<BackendStatus>;
}

export type BackendFailureKind =
  | "unreachable"
  | "unauthorized"
  | "forbidden"
  | "quota"
  | "rateLimited"
  | "notFound"
  | "tooLarge"
  | "badRequest"
  | "unavailable"
  | "server";

/** A failed call to the backend, classified so the pane can say what to do. */
export class BackendFailure extends Error {
  constructor(
    readonly kind: BackendFailureKind,
    readonly status: number,
    readonly reason: string,
    message: string,
    /** ISO time after which a retry can succeed (quota, rate limit), when known. */
    readonly retryAfter?: string,
  ) {
    super(message);
    this.name = "BackendFailure";
  }
}

export function classifyStatus(status: number, reason: string): BackendFailureKind {
  if (status === 0) return "unreachable";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "notFound";
  if (status === 413) return "tooLarge";
  if (status === 429) return /quota/i.test(reason) ? "quota" : "rateLimited";
  if (status === 502 || status === 503 || status === 504) return /quota/i.test(reason) ? "quota" : "unavailable";
  if (status >= 500) return "server";
  return "badRequest";
}

export interface HttpBackendOptions {
  /** Backend origin, e.g. https://coder.example.gov.au; "" means the task pane's own origin. */
  baseUrl: string;
  apiKey?: string;
  fetchImpl?: typeof fetch;
  /** Time source for Retry-After in seconds. */
  now?: () => number;
}

export class HttpBackend implements CodingBackend {
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private noResultsRoute = false;
  private readonly wholeResults = new Map<string, CodeResult[]>();

  constructor(private readonly options: HttpBackendOptions) {
    this.fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? Date.now;
  }

  code(topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<CodeResponse> {
    return this.request("/api/code", { method: "POST", body: JSON.stringify({ topic, records }), signal });
  }

  async createJob(topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<JobView> {
    const raw = await this.request<unknown>("/api/jobs", {
      method: "POST",
      body: JSON.stringify({ topic, records }),
      signal,
    });
    return normaliseJob(raw);
  }

  async getJob(id: string, signal?: AbortSignal): Promise<JobView> {
    return normaliseJob(await this.request<unknown>(`/api/jobs/${encodeURIComponent(id)}`, { method: "GET", signal }));
  }

  /**
   * GET /api/jobs/:id/results?offset=&limit= (src/shared/api.ts). A backend without that route
   * (404 from the router, not "job_not_found") is read through GET /api/jobs/:id?results=true
   * once the job is done, and paged here.
   */
  async getJobResults(id: string, offset: number, limit: number, signal?: AbortSignal): Promise<JobResultsPage> {
    const path = `/api/jobs/${encodeURIComponent(id)}`;
    if (!this.noResultsRoute) {
      try {
        return await this.request<JobResultsPage>(`${path}/results?offset=${offset}&limit=${limit}`, {
          method: "GET",
          signal,
        });
      } catch (error) {
        if (!(error instanceof BackendFailure && error.status === 404 && error.reason !== "job_not_found")) throw error;
        this.noResultsRoute = true;
      }
    }
    let all = this.wholeResults.get(id);
    if (!all) {
      const raw = await this.request<Record<string, unknown>>(`${path}?results=true`, { method: "GET", signal });
      const job = normaliseJob(raw);
      // Without the paged route, results are only known complete and in order once the job is done.
      if (job.state !== "done" || !Array.isArray(raw.results)) return { id, offset, total: job.total, results: [] };
      all = raw.results as CodeResult[];
      this.wholeResults.set(id, all);
    }
    return { id, offset, total: all.length, results: all.slice(offset, offset + limit) };
  }

  async cancelJob(id: string): Promise<void> {
    try {
      await this.request(`/api/jobs/${encodeURIComponent(id)}`, { method: "DELETE" });
    } catch (error) {
      // A backend without DELETE /api/jobs/:id (404/405) just lets the job finish.
      if (error instanceof BackendFailure && (error.status === 404 || error.status === 405)) return;
      throw error;
    }
  }

  async status(signal?: AbortSignal): Promise<BackendStatus> {
    return parseBackendStatus(await this.request<unknown>("/api/status", { method: "GET", signal }));
  }

  /** Where requests go, for messages. */
  describeBase(): string {
    return this.options.baseUrl || "this add-in's own server";
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (init.body) headers["content-type"] = "application/json";
    if (this.options.apiKey) headers["x-api-key"] = this.options.apiKey;
    let response: Response;
    try {
      response = await this.fetchImpl(this.options.baseUrl.replace(/\/+$/, "") + path, { ...init, headers });
    } catch (cause) {
      if (isAbort(cause)) throw cause;
      throw new BackendFailure(
        "unreachable",
        0,
        "backend_unreachable",
        `The coding backend at ${this.describeBase()} could not be reached.`,
      );
    }
    if (!response.ok) throw await this.failure(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  private async failure(response: Response): Promise<BackendFailure> {
    let body: Partial<ApiErrorBody> = {};
    try {
      body = (await response.json()) as Partial<ApiErrorBody>;
    } catch {
      // Not JSON (a proxy's error page): the status line will do.
    }
    const reason = body.error ?? `http_${response.status}`;
    const retryAfter = body.retryAfter ?? retryAfterHeader(response.headers.get("retry-after"), this.now());
    return new BackendFailure(
      classifyStatus(response.status, reason),
      response.status,
      reason,
      body.message ?? `The coding backend answered ${response.status} ${response.statusText}.`,
      retryAfter,
    );
  }
}

/** Retry-After as seconds or an HTTP date → ISO time. */
function retryAfterHeader(value: string | null, now: number): string | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return new Date(now + Number(value) * 1000).toISOString();
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : new Date(date).toISOString();
}

const JOB_STATES: JobState[] = ["queued", "running", "done", "failed", "cancelled"];

/**
 * Reads a job in either spelling: the shared JobStatus (`state`, `counts`, `etaSeconds`) or the
 * flat form the backend's routes use today (`status`, `coded`/`uncoded`/`errors`, `retryAfter`,
 * and status "waiting" while the quota is used up).
 */
export function normaliseJob(raw: unknown): JobView {
  const body = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const text = String(body.state ?? body.status ?? "running");
  const state: JobState = JOB_STATES.includes(text as JobState) ? (text as JobState) : "running";
  const nested = body.counts as Partial<JobStatus["counts"]> | undefined;
  const view: JobView = {
    id: String(body.id ?? ""),
    topic: body.topic === "anzsco" ? "anzsco" : "osca",
    state,
    total: Number(body.total ?? 0),
    done: Number(body.done ?? 0),
    counts: {
      coded: Number(nested?.coded ?? body.coded ?? 0),
      uncoded: Number(nested?.uncoded ?? body.uncoded ?? 0),
      error: Number(nested?.error ?? body.errors ?? 0),
    },
    createdAt: String(body.createdAt ?? ""),
    updatedAt: String(body.updatedAt ?? ""),
  };
  if (typeof body.etaSeconds === "number") view.etaSeconds = body.etaSeconds;
  if (typeof body.retryAfter === "string") view.retryAfter = body.retryAfter;
  if (body.error && typeof body.error === "object") view.error = body.error as ApiErrorBody;
  return view;
}

export function isAbort(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === "AbortError";
}
