/**
 * The two HTTP conversations with ABS: the token request (§3.2) and the coding calls (§5.5,
 * §5.4). Only classifies what came back; deciding what to do about it is the token keeper's
 * and the dispatcher's job. Error messages carry status and ABS's message text, never the
 * token, the secret or the Authorization header.
 */
import type { Secret } from "../config/Secret";

/** What ABS's gateway said, in the categories the callers act on (§9.3). */
export type UpstreamErrorKind =
  | "bad_request" // 400: never retried; the dispatcher splits the batch
  | "denied" // 401/403: the token was refused
  | "throttled" // 429 Too Many Requests: back off and retry
  | "quota" // 429 Limit Exceeded: closed until the UTC day ends
  | "server" // 5xx: bounded retry
  | "not_found" // 404/409: configuration (topic/model)
  | "network" // no answer
  | "invalid_response"; // 2xx we cannot use

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamErrorKind,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface AbsRecord {
  recordId: string;
  occp_text: string;
  tasks_text: string;
}

export interface AbsCodedRecord {
  codeCategory: string;
  codeLabel: string;
  codeConfidence: number;
}

export interface AbsCodeResponse {
  recordId?: string;
  codeStatus: "successful" | "unsuccessful";
  result: AbsCodedRecord[];
}

export interface AbsApiOptions {
  tokenUrl: string;
  apiBaseUrl: string;
  clientId: string;
  clientSecret: Secret;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

/** Cognito tokens last 3600 s (§3.4); a value outside this range is not a token response we trust. */
const EXPIRES_IN_RANGE = { min: 60, max: 86_400 };

export class AbsApi {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: AbsApiOptions) {
    this.fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  }

  /** §3.2: POST the client-credentials grant with Basic auth; validate what comes back. */
  async requestToken(): Promise<IssuedToken> {
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret.reveal()}`).toString("base64");
    const response = await this.send(this.options.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` },
      body: "grant_type=client_credentials",
    });
    const body = await readJson(response);
    if (!response.ok) {
      const detail =
        messageOf(body) ??
        (body && typeof body === "object" && "error" in body ? String((body as { error: unknown }).error) : "");
      throw new UpstreamError(
        response.status === 403 ? "denied" : response.status >= 500 ? "server" : "bad_request",
        response.status,
        `token endpoint answered ${response.status}${detail ? ` ${detail}` : ""}`,
      );
    }
    const token = body as { access_token?: unknown; expires_in?: unknown } | null;
    if (
      !token ||
      typeof token.access_token !== "string" ||
      token.access_token.trim() === "" ||
      /\s/.test(token.access_token)
    ) {
      throw new UpstreamError(
        "invalid_response",
        response.status,
        "token endpoint answered without a usable access_token",
      );
    }
    // §3.2: expires_in is what Cognito sends; OccIDEAS falls back to 3600 when it is absent.
    const expiresIn = token.expires_in === undefined ? 3600 : Number(token.expires_in);
    if (!Number.isFinite(expiresIn) || expiresIn < EXPIRES_IN_RANGE.min || expiresIn > EXPIRES_IN_RANGE.max) {
      throw new UpstreamError(
        "invalid_response",
        response.status,
        `token endpoint answered an implausible expires_in (${String(token.expires_in)})`,
      );
    }
    return { accessToken: token.access_token, expiresInSeconds: expiresIn };
  }

  /** §5.5: one small batch; answers one response per record, matched by recordId. */
  async code(
    token: string,
    topic: string,
    records: AbsRecord[],
    numberOfSuggestions: number,
  ): Promise<Map<string, AbsCodeResponse>> {
    const response = await this.send(`${this.options.apiBaseUrl}/topics/${encodeURIComponent(topic)}/code`, {
      method: "POST",
      // §3.3: the raw token, no "Bearer " (the gateway denies that form).
      headers: { "content-type": "application/json", authorization: token },
      body: JSON.stringify({ records, numberOfSuggestions }),
    });
    const body = await readJson(response);
    if (!response.ok) throw classify(response.status, body);
    const list = Array.isArray(body) ? body : body && typeof body === "object" ? [body] : [];
    const byId = new Map<string, AbsCodeResponse>();
    for (const item of list as AbsCodeResponse[]) {
      if (!item || typeof item.recordId !== "string" || !Array.isArray(item.result)) continue;
      byId.set(item.recordId, {
        recordId: item.recordId,
        codeStatus: item.codeStatus === "successful" ? "successful" : "unsuccessful",
        result: item.result
          .filter((r) => r && typeof r.codeCategory === "string")
          .map((r) => ({
            codeCategory: r.codeCategory,
            codeLabel: String(r.codeLabel ?? ""),
            codeConfidence: Number(r.codeConfidence) || 0,
          })),
      });
    }
    if (records.some((r) => !byId.has(r.recordId))) {
      throw new UpstreamError(
        "invalid_response",
        response.status,
        `ABS answered ${byId.size} usable results for ${records.length} records`,
      );
    }
    return byId;
  }

  /** §5.4: the latest model of a topic; its id becomes part of the cache key. */
  async latestModel(token: string, topic: string): Promise<string> {
    const response = await this.send(`${this.options.apiBaseUrl}/topics/${encodeURIComponent(topic)}/models/latest`, {
      method: "GET",
      headers: { "content-type": "application/json", authorization: token },
    });
    const body = await readJson(response);
    if (!response.ok) throw classify(response.status, body);
    const model = body as { modelId?: unknown; modelVersion?: unknown } | null;
    if (!model || (typeof model.modelId !== "string" && model.modelVersion === undefined)) {
      throw new UpstreamError("invalid_response", response.status, "models/latest answered without a modelId");
    }
    return typeof model.modelId === "string" ? model.modelId : `v${String(model.modelVersion)}`;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      const name = (error as Error).name;
      throw new UpstreamError(
        "network",
        0,
        name === "TimeoutError"
          ? `no answer from ${new URL(url).host} within ${this.options.timeoutMs} ms`
          : `cannot reach ${new URL(url).host} (${(error as Error).message})`,
      );
    }
  }
}

/** §9.1, §9.2: status plus the gateway's message (message or Message). */
function classify(status: number, body: unknown): UpstreamError {
  const message = messageOf(body) ?? "";
  const text = `ABS answered ${status}${message ? ` "${message}"` : ""}`;
  if (status === 429) return new UpstreamError(/limit exceeded/i.test(message) ? "quota" : "throttled", status, text);
  if (status === 401 || status === 403) return new UpstreamError("denied", status, text);
  if (status === 400 || status === 413) return new UpstreamError("bad_request", status, text);
  if (status === 404 || status === 409) return new UpstreamError("not_found", status, text);
  if (status >= 500) return new UpstreamError("server", status, text);
  return new UpstreamError("invalid_response", status, text);
}

function messageOf(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const { message, Message } = body as { message?: unknown; Message?: unknown };
  const value = message ?? Message;
  return typeof value === "string" ? value.slice(0, 200) : undefined;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text ? { message: text.slice(0, 200) } : null;
  }
}
