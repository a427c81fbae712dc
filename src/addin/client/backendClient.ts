/**
 * Talks to the companion backend's /api. Plain TypeScript over fetch: no Office here,
 * so tests drive it against a real backend on loopback.
 */
import type { ApiErrorBody, CodeRecordInput, CodeResponse, Topic } from "../../shared/api";

export interface BackendClientOptions {
  /** Backend origin, e.g. https://coder.example.gov.au; "" means the page's own origin. */
  baseUrl: string;
  apiKey?: string;
  fetchImpl?: typeof fetch;
}

export class BackendError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly retryAfter?: string,
  ) {
    super(message);
    this.name = "BackendError";
  }
}

export class BackendClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: BackendClientOptions) {
    this.fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  }

  async code(topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<CodeResponse> {
    return this.request<CodeResponse>("/api/code", {
      method: "POST",
      body: JSON.stringify({ topic, records }),
      signal,
    });
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.options.apiKey) headers["x-api-key"] = this.options.apiKey;
    let response: Response;
    try {
      response = await this.fetchImpl(this.options.baseUrl.replace(/\/+$/, "") + path, { ...init, headers });
    } catch (cause) {
      if ((cause as Error).name === "AbortError") throw cause;
      throw new BackendError(
        0,
        "backend_unreachable",
        `The coding backend at ${this.describeBase()} could not be reached.`,
      );
    }
    if (!response.ok) throw await toBackendError(response);
    return (await response.json()) as T;
  }

  private describeBase(): string {
    return this.options.baseUrl || "this add-in's own server";
  }
}

async function toBackendError(response: Response): Promise<BackendError> {
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status line.
  }
  return new BackendError(
    response.status,
    body.error ?? `http_${response.status}`,
    body.message ?? `The coding backend answered ${response.status} ${response.statusText}.`,
    body.retryAfter,
  );
}
