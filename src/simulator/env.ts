/**
 * Environment variables of `npm run simulator` (documented in docs/simulator.md): parsed and
 * checked once here, into SimulatorOptions; nothing else in the simulator reads process.env.
 */
import { DEFAULT_CLIENT, type SimulatorOptions } from "./options";

type Kind = "integer" | "number" | "rate" | "quota" | "boolean" | "string" | "tier" | "missingToken" | "shape";

interface EnvVar {
  name: string;
  kind: Kind;
  /** What a reader sees as the default in docs and errors. */
  defaultText: string;
  apply(options: SimulatorOptions, value: never): void;
}

const v = <T>(
  name: string,
  kind: Kind,
  defaultText: string,
  apply: (options: SimulatorOptions, value: T) => void,
): EnvVar => ({ name, kind, defaultText, apply: apply as EnvVar["apply"] });

export const SIMULATOR_ENV: readonly EnvVar[] = [
  v<number>("SIMULATOR_PORT", "integer", "4010", (o, x) => (o.port = x)),
  v<string>("SIMULATOR_HOST", "string", "127.0.0.1", (o, x) => (o.host = x)),
  v<"public" | "partner">("SIMULATOR_TIER", "tier", "public", (o, x) => (o.tier = x)),
  v<string>("SIMULATOR_CLIENT_ID", "string", DEFAULT_CLIENT.clientId, (o, x) => (client(o).clientId = x)),
  v<string>("SIMULATOR_CLIENT_SECRET", "string", DEFAULT_CLIENT.clientSecret, (o, x) => (client(o).clientSecret = x)),
  v<number>("SIMULATOR_DAILY_QUOTA", "quota", "1000 (public) / 10000 (partner)", (o, x) => (o.dailyQuota = x)),
  v<number>("SIMULATOR_REQUESTS_PER_SECOND", "rate", "1", (o, x) => (o.requestsPerSecond = x)),
  v<number>("SIMULATOR_BURST", "integer", "1", (o, x) => (o.burst = x)),
  v<number>("SIMULATOR_TOKEN_TTL_SECONDS", "number", "3600", (o, x) => (o.tokenTtlSeconds = x)),
  v<number>("SIMULATOR_TOKEN_REQUESTS_PER_WINDOW", "integer", "1", (o, x) => (o.tokenRequestsPerWindow = x)),
  v<number>("SIMULATOR_TOKEN_REQUEST_WINDOW_SECONDS", "number", "3600", (o, x) => (o.tokenRequestWindowSeconds = x)),
  v<number>("SIMULATOR_TOKEN_BLOCK_SECONDS", "number", "3600", (o, x) => (o.tokenBlockSeconds = x)),
  v<boolean>("SIMULATOR_TOKEN_BLOCK_DENIES_API_CALLS", "boolean", "false", (o, x) => (o.tokenBlockDeniesApiCalls = x)),
  v<"deny" | "unauthorized">(
    "SIMULATOR_MISSING_TOKEN_RESPONSE",
    "missingToken",
    "deny",
    (o, x) => (o.missingTokenResponse = x),
  ),
  v<number>("SIMULATOR_MAX_BATCH_RECORDS", "integer", "300", (o, x) => (o.maxBatchRecords = x)),
  v<number>("SIMULATOR_MAX_SYNC_TEXT_LENGTH", "integer", "100", (o, x) => (o.maxSyncTextLength = x)),
  v<number>("SIMULATOR_MAX_ASYNC_TEXT_LENGTH", "integer", "300", (o, x) => (o.maxAsyncTextLength = x)),
  v<number>("SIMULATOR_UPLOAD_URL_TTL_SECONDS", "number", "3600", (o, x) => (o.uploadUrlTtlSeconds = x)),
  v<number>("SIMULATOR_ASYNC_SCAN_SECONDS", "number", "2", (o, x) => (o.asyncScanSeconds = x)),
  v<number>("SIMULATOR_ASYNC_PROCESSING_SECONDS", "number", "5", (o, x) => (o.asyncProcessingSeconds = x)),
  v<"v1" | "v2">("SIMULATOR_ASYNC_OUTPUT_SHAPE", "shape", "v2", (o, x) => (o.asyncOutputShape = x)),
  v<number>("SIMULATOR_MAX_UPLOAD_BYTES", "integer", "104857600", (o, x) => (o.maxUploadBytes = x)),
  v<number>("SIMULATOR_LATENCY_MS", "number", "0", (o, x) => (o.latencyMs = x)),
  v<boolean>("SIMULATOR_LOG", "boolean", "false", (o, x) => (o.logger = x)),
  v<boolean>("SIMULATOR_TEST_CONTROL", "boolean", "true", (o, x) => (o.testControl = x)),
];

function client(options: SimulatorOptions) {
  options.clients ??= [{ ...DEFAULT_CLIENT }];
  return options.clients[0];
}

export interface EnvParseResult {
  options: SimulatorOptions;
  /** One clear message per bad value; the simulator must not start when there are any. */
  problems: string[];
  /** SIMULATOR_* variables that are not known (probably typos). */
  warnings: string[];
}

/** Reads the SIMULATOR_* variables; the defaults apply to everything not set (or set empty). */
export function parseSimulatorEnv(env: NodeJS.ProcessEnv): EnvParseResult {
  const options: SimulatorOptions = { port: 4010 };
  const problems: string[] = [];
  for (const variable of SIMULATOR_ENV) {
    const raw = env[variable.name]?.trim();
    if (raw === undefined || raw === "") continue;
    const parsed = parseValue(variable.kind, raw);
    if (parsed.ok) variable.apply(options, parsed.value as never);
    else problems.push(`${variable.name}=${JSON.stringify(raw)}: ${parsed.expected} (default ${variable.defaultText})`);
  }
  const known = new Set(SIMULATOR_ENV.map((e) => e.name));
  const warnings = Object.keys(env)
    .filter((name) => name.startsWith("SIMULATOR_") && !known.has(name))
    .map((name) => `${name} is not a simulator setting and is ignored`);
  return { options, problems, warnings };
}

function parseValue(kind: Kind, raw: string): { ok: true; value: unknown } | { ok: false; expected: string } {
  const num = Number(raw);
  switch (kind) {
    case "integer":
      return /^\d+$/.test(raw) ? { ok: true, value: num } : { ok: false, expected: "expected a whole number" };
    case "number":
      return raw !== "" && Number.isFinite(num) && num >= 0
        ? { ok: true, value: num }
        : { ok: false, expected: "expected a number of 0 or more" };
    case "rate":
    case "quota":
      if (raw.toLowerCase() === "unlimited") return { ok: true, value: Infinity };
      if (kind === "quota" && !/^\d+$/.test(raw))
        return { ok: false, expected: 'expected a whole number or "unlimited"' };
      return Number.isFinite(num) && num > 0
        ? { ok: true, value: num }
        : { ok: false, expected: 'expected a number above 0 or "unlimited"' };
    case "boolean":
      if (/^(true|1|yes|on)$/i.test(raw)) return { ok: true, value: true };
      if (/^(false|0|no|off)$/i.test(raw)) return { ok: true, value: false };
      return { ok: false, expected: "expected true or false" };
    case "tier":
      return raw === "public" || raw === "partner"
        ? { ok: true, value: raw }
        : { ok: false, expected: 'expected "public" or "partner"' };
    case "missingToken":
      return raw === "deny" || raw === "unauthorized"
        ? { ok: true, value: raw }
        : { ok: false, expected: 'expected "deny" or "unauthorized"' };
    case "shape":
      return raw === "v1" || raw === "v2" ? { ok: true, value: raw } : { ok: false, expected: 'expected "v1" or "v2"' };
    case "string":
      return { ok: true, value: raw };
  }
}
