/**
 * The task pane's view of the companion backend: the calls a coding run makes, in the shared
 * contract of src/shared/api.ts (JobStatus, JobResultsPage). `HttpBackend` implements it over
 * fetch (sending the person's API key as x-api-key); tests implement it in memory. It lives here
 * rather than in src/addin/client/ (owned by the custom-functions side), which only has
 * POST /api/code.
 */
import type {
  ApiErrorBody,
  CodeRecordInput,
  CodeResponse,
  JobResultsPage,
  JobStatus,
  Topic,
} from "../../../shared/api";
import { parseBackendStatus, type BackendStatus } from "./backendStatus";

export interface CodingBackend {
  /** POST /api/code: one result per record, in order. */
  code(topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<CodeResponse>;
  /** POST /api/jobs: a large selection coded in the background. */
  createJob(topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<JobStatus>;
  /** GET /api/jobs/:id */
  getJob(id: string, signal?: AbortSignal): Promise<JobStatus>;
  /**
   * GET /api/jobs/:id/results?offset=&limit=: the results final so far from `offset`, in input
   * order; a short (or empty) page means "nothing more yet".
   */
  getJobResults(id: string, offset: number, limit: number, signal?: AbortSignal): Promise<JobResultsPage>;
  /** DELETE /api/jobs/:id: records not yet sent are never sent (a job already gone is fine). */
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

  constructor(private readonly options: HttpBackendOptions) {
    this.fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? Date.now;
  }

  code(topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<CodeResponse> {
    return this.request("/api/code", { method: "POST", body: JSON.stringify({ topic, records }), signal });
  }

  createJob(topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<JobStatus> {
    return this.request("/api/jobs", { method: "POST", body: JSON.stringify({ topic, records }), signal });
  }

  getJob(id: string, signal?: AbortSignal): Promise<JobStatus> {
    return this.request(`/api/jobs/${encodeURIComponent(id)}`, { method: "GET", signal });
  }

  getJobResults(id: string, offset: number, limit: number, signal?: AbortSignal): Promise<JobResultsPage> {
    return this.request(`/api/jobs/${encodeURIComponent(id)}/results?offset=${offset}&limit=${limit}`, {
      method: "GET",
      signal,
    });
  }

  async cancelJob(id: string): Promise<void> {
    try {
      await this.request(`/api/jobs/${encodeURIComponent(id)}`, { method: "DELETE" });
    } catch (error) {
      // The backend no longer has the job: there is nothing left to stop.
      if (error instanceof BackendFailure && error.status === 404) return;
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

export function isAbort(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === "AbortError";
}
