/**
 * Shared arrangements for the simulator contract tests: a simulator on 127.0.0.1 (random port)
 * driven by a ManualClock, a tiny deterministic coder, and fetch helpers. API helpers move the
 * clock one second forward before each call so that only the rate-limit tests meet the
 * 1 request/second throttle.
 */
import { ManualClock } from "../../src/shared/clock";
import type { CodeOptions, CoderInput, CoderResult, OccupationCoder } from "../../src/coder";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../src/simulator";

/** Monday 5 January 2026, 09:00 UTC. */
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);
export const CLIENT = { clientId: "test-client", clientSecret: "test-secret" };
export const OSCA_LATEST = "6f1c2a9e-0b7d-4c1e-9a55-2d8e3f4a7b10";
export const OSCA_OLDER = "3d0c9f52-7a1e-4b8f-9c21-5e6a7b8c9d01";
export const ANZSCO_LATEST = "b2e4d6f8-1a3c-4e5f-8a7b-9c0d1e2f3a4b";
export const DENY = { Message: "User is not authorized to access this resource with an explicit deny" };

/** A hand-written coder: "brickie" codes, "worker" gets suggestions, "explode" throws. */
export function fakeCoder(): OccupationCoder & { calls: { input: CoderInput; options?: CodeOptions }[] } {
  const calls: { input: CoderInput; options?: CodeOptions }[] = [];
  return {
    calls,
    code(input: CoderInput, options?: CodeOptions): CoderResult {
      calls.push({ input, options });
      const text = input.occp_text.toLowerCase();
      if (text === "explode") throw new Error("coder failure");
      if (text.includes("brickie")) {
        const anzsco = options?.classification === "anzsco";
        return {
          status: "successful",
          candidates: [
            { code: anzsco ? "331111" : "371131", title: "Bricklayer", confidence: 0.93 },
            { code: anzsco ? "821111" : "821132", title: "Builder's Labourer", confidence: 0.05 },
            { code: anzsco ? "821114" : "821134", title: "Demolition Labourer", confidence: 0.01 },
          ].slice(0, options?.maxCandidates ?? 3),
        };
      }
      if (text.includes("worker")) {
        return {
          status: "unsuccessful",
          candidates: [
            { code: "8", title: "Labourers", confidence: 0.41 },
            { code: "7", title: "Machinery Operators and Drivers", confidence: 0.22 },
            { code: "3", title: "Technicians and Trades Workers", confidence: 0.11 },
            { code: "5", title: "Clerical and Administrative Workers", confidence: 0.05 },
          ].slice(0, options?.maxCandidates ?? 3),
        };
      }
      return { status: "unsuccessful", candidates: [] };
    },
    title: () => undefined,
  };
}

export interface Harness {
  sim: RunningSimulator;
  clock: ManualClock;
  coder: ReturnType<typeof fakeCoder>;
  /** Back to a fresh simulator state at START. */
  reset(): void;
  /** POST /oauth2/token with the given (default: registered) credentials. */
  requestToken(init?: TokenRequestInit): Promise<Response>;
  /** A fresh access token for CLIENT. */
  token(): Promise<string>;
  /** An API call one second after the previous one (so the rate limit is never met). */
  api(method: string, path: string, init?: ApiInit): Promise<Response>;
  /** An API call at the current clock time. */
  apiNow(method: string, path: string, init?: ApiInit): Promise<Response>;
  close(): Promise<void>;
}

export interface TokenRequestInit {
  clientId?: string;
  clientSecret?: string;
  authorization?: string | null;
  contentType?: string | null;
  body?: string;
}

export interface ApiInit {
  /** Raw Authorization header value; null sends none. Default: a fresh token of CLIENT. */
  authorization?: string | null;
  /** Serialised as JSON unless it is a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const clock = new ManualClock(START);
  const coder = fakeCoder();
  const sim = await startSimulator({ clients: [CLIENT], clock, coder, ...options });
  let cachedToken: string | undefined;

  const requestToken = (init: TokenRequestInit = {}) => {
    const headers: Record<string, string> = {};
    const contentType = init.contentType === undefined ? "application/x-www-form-urlencoded" : init.contentType;
    if (contentType !== null) headers["content-type"] = contentType;
    const authorization =
      init.authorization === undefined
        ? basic(init.clientId ?? CLIENT.clientId, init.clientSecret ?? CLIENT.clientSecret)
        : init.authorization;
    if (authorization !== null) headers.authorization = authorization;
    return fetch(sim.tokenUrl, { method: "POST", headers, body: init.body ?? "grant_type=client_credentials" });
  };

  const token = async () => {
    const response = await requestToken();
    if (response.status !== 200) throw new Error(`token request answered ${response.status}`);
    cachedToken = ((await response.json()) as { access_token: string }).access_token;
    return cachedToken;
  };

  const apiNow = async (method: string, path: string, init: ApiInit = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    let authorization = init.authorization;
    if (authorization === undefined) authorization = cachedToken ?? (await token());
    if (authorization !== null) headers.authorization = authorization;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
      headers["content-type"] ??= "application/json";
    }
    return fetch(`${sim.url}${path}`, { method, headers, body });
  };

  return {
    sim,
    clock,
    coder,
    reset() {
      sim.reset();
      clock.set(START);
      cachedToken = undefined;
      coder.calls.length = 0;
    },
    requestToken,
    token,
    api: (method, path, init) => {
      clock.advance(1000);
      return apiNow(method, path, init);
    },
    apiNow,
    close: () => sim.close(),
  };
}

export const record = (occp_text: string, tasks_text = "", recordId?: string) =>
  recordId === undefined ? { occp_text, tasks_text } : { recordId, occp_text, tasks_text };
