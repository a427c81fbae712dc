/**
 * Simulator configuration: the options callers pass, their defaults (documented values first,
 * inferred ones from ./inferredContract) and one validation pass that names every problem.
 */
import { systemClock, type Clock } from "../shared/clock";
import type { OccupationCoder } from "./coderPort";
import {
  DEFAULT_ASYNC_PROCESSING_SECONDS,
  DEFAULT_ASYNC_SCAN_SECONDS,
  DEFAULT_BURST,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_TOPICS,
  DEFAULT_UPLOAD_URL_TTL_SECONDS,
  type AsyncOutputShape,
  type TopicDefinition,
} from "./inferredContract";
import { DOCUMENTED_LIMITS } from "./messages";

export type Tier = "public" | "partner";

export interface SimulatorClient {
  clientId: string;
  clientSecret: string;
  /** Clients of one organisation share the token rule (§3.5). Default: the client id. */
  organisation?: string;
}

export interface SimulatorOptions {
  /** 0 (the default for startSimulator) picks a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Default "public". Public tokens get the explicit deny on the async endpoints. */
  tier?: Tier;
  /** Registered clients. Default: one client `dev-client` / `dev-secret`. */
  clients?: SimulatorClient[];
  /** Requests per client per UTC day. Default 1,000 (public) or 10,000 (partner). */
  dailyQuota?: number;
  /** Steady rate per client. Default 1. `Infinity` turns throttling off. */
  requestsPerSecond?: number;
  /** Token-bucket capacity. Default 1. */
  burst?: number;
  /** Token lifetime. Default 3600. */
  tokenTtlSeconds?: number;
  /** Token requests allowed per window per organisation. Default 1. */
  tokenRequestsPerWindow?: number;
  /** Default 3600. */
  tokenRequestWindowSeconds?: number;
  /** How long an organisation stays blocked after exceeding the token rule. Default 3600. */
  tokenBlockSeconds?: number;
  /** Also give API calls the explicit deny while the caller's organisation is blocked. Default false. */
  tokenBlockDeniesApiCalls?: boolean;
  /** "deny" (default): 403 explicit deny for a missing Authorization header; "unauthorized": 401. */
  missingTokenResponse?: "deny" | "unauthorized";
  /** Default 300. */
  maxBatchRecords?: number;
  /** Combined occp_text + tasks_text, sync. Default 100. */
  maxSyncTextLength?: number;
  /** Combined occp_text + tasks_text, async. Default 300. */
  maxAsyncTextLength?: number;
  /** Default 3600. */
  uploadUrlTtlSeconds?: number;
  /** Time between upload and IN_PROGRESS. Default 2. */
  asyncScanSeconds?: number;
  /** Time between IN_PROGRESS and COMPLETED/FAILED. Default 5. */
  asyncProcessingSeconds?: number;
  /** Default "v2". */
  asyncOutputShape?: AsyncOutputShape;
  /** Largest accepted upload. Default 100 MiB. */
  maxUploadBytes?: number;
  /** Real delay added to every API call, in ms. Default 0. */
  latencyMs?: number;
  /** Topics and their models. Default: osca and anzsco (see inferredContract). */
  topics?: TopicDefinition[];
  /** Default systemClock. */
  clock?: Clock;
  /** Default: createCoder() from src/coder, loaded on first use. */
  coder?: OccupationCoder;
  /** Fastify request logging. Default false. */
  logger?: boolean;
  /** Serve the /__simulator test-control routes. Default true. */
  testControl?: boolean;
  /** Entries kept in each counter log (API requests, token requests). Default 100,000. */
  maxLogEntries?: number;
}

export interface SimulatorConfig {
  port: number;
  host: string;
  tier: Tier;
  clients: Required<SimulatorClient>[];
  dailyQuota: number;
  requestsPerSecond: number;
  burst: number;
  tokenTtlSeconds: number;
  tokenRequestsPerWindow: number;
  tokenRequestWindowSeconds: number;
  tokenBlockSeconds: number;
  tokenBlockDeniesApiCalls: boolean;
  missingTokenResponse: "deny" | "unauthorized";
  maxBatchRecords: number;
  maxSyncTextLength: number;
  maxAsyncTextLength: number;
  uploadUrlTtlSeconds: number;
  asyncScanSeconds: number;
  asyncProcessingSeconds: number;
  asyncOutputShape: AsyncOutputShape;
  maxUploadBytes: number;
  latencyMs: number;
  topics: TopicDefinition[];
  clock: Clock;
  coder?: OccupationCoder;
  logger: boolean;
  testControl: boolean;
  maxLogEntries: number;
}

export const DEFAULT_CLIENT: SimulatorClient = { clientId: "dev-client", clientSecret: "dev-secret" };

export class SimulatorConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid simulator configuration:\n- ${problems.join("\n- ")}`);
    this.name = "SimulatorConfigError";
  }
}

/** Applies defaults and validates; throws SimulatorConfigError listing every problem. */
export function resolveOptions(options: SimulatorOptions = {}): SimulatorConfig {
  const tier = options.tier ?? "public";
  const config: SimulatorConfig = {
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
    tier,
    clients: (options.clients ?? [DEFAULT_CLIENT]).map((c) => ({
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      organisation: c.organisation ?? c.clientId,
    })),
    dailyQuota:
      options.dailyQuota ??
      (tier === "partner" ? DOCUMENTED_LIMITS.partnerDailyQuota : DOCUMENTED_LIMITS.publicDailyQuota),
    requestsPerSecond: options.requestsPerSecond ?? DOCUMENTED_LIMITS.requestsPerSecond,
    burst: options.burst ?? DEFAULT_BURST,
    tokenTtlSeconds: options.tokenTtlSeconds ?? DOCUMENTED_LIMITS.tokenTtlSeconds,
    tokenRequestsPerWindow: options.tokenRequestsPerWindow ?? DOCUMENTED_LIMITS.tokenRequestsPerWindow,
    tokenRequestWindowSeconds: options.tokenRequestWindowSeconds ?? DOCUMENTED_LIMITS.tokenRequestWindowSeconds,
    tokenBlockSeconds: options.tokenBlockSeconds ?? 3600,
    tokenBlockDeniesApiCalls: options.tokenBlockDeniesApiCalls ?? false,
    missingTokenResponse: options.missingTokenResponse ?? "deny",
    maxBatchRecords: options.maxBatchRecords ?? DOCUMENTED_LIMITS.maxBatchRecords,
    maxSyncTextLength: options.maxSyncTextLength ?? DOCUMENTED_LIMITS.maxSyncTextLength,
    maxAsyncTextLength: options.maxAsyncTextLength ?? DOCUMENTED_LIMITS.maxAsyncTextLength,
    uploadUrlTtlSeconds: options.uploadUrlTtlSeconds ?? DEFAULT_UPLOAD_URL_TTL_SECONDS,
    asyncScanSeconds: options.asyncScanSeconds ?? DEFAULT_ASYNC_SCAN_SECONDS,
    asyncProcessingSeconds: options.asyncProcessingSeconds ?? DEFAULT_ASYNC_PROCESSING_SECONDS,
    asyncOutputShape: options.asyncOutputShape ?? "v2",
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    latencyMs: options.latencyMs ?? 0,
    topics: (options.topics ?? DEFAULT_TOPICS).map((t) => ({ ...t, models: t.models.map((m) => ({ ...m })) })),
    clock: options.clock ?? systemClock,
    coder: options.coder,
    logger: options.logger ?? false,
    testControl: options.testControl ?? true,
    maxLogEntries: options.maxLogEntries ?? 100_000,
  };
  const problems = validateConfig(config);
  if (problems.length > 0) throw new SimulatorConfigError(problems);
  return config;
}

function validateConfig(c: SimulatorConfig): string[] {
  const problems: string[] = [];
  const integer = (name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
    }
  };
  const positive = (name: string, value: number, allowInfinity: boolean) => {
    const ok = allowInfinity && value === Infinity ? true : Number.isFinite(value) && value > 0;
    if (!ok) problems.push(`${name} must be a number above 0${allowInfinity ? " (or Infinity)" : ""}, got ${value}`);
  };
  const nonNegative = (name: string, value: number) => {
    if (!Number.isFinite(value) || value < 0) problems.push(`${name} must be a number of 0 or more, got ${value}`);
  };

  integer("port", c.port, 0, 65535);
  if (!c.host) problems.push("host must not be empty");
  if (c.tier !== "public" && c.tier !== "partner") problems.push(`tier must be "public" or "partner", got "${c.tier}"`);
  if (c.clients.length === 0) problems.push("at least one client must be registered");
  const ids = new Set<string>();
  for (const client of c.clients) {
    if (!client.clientId || client.clientId.includes(":")) {
      problems.push(`client id "${client.clientId}" must be non-empty and contain no ":"`);
    }
    if (!client.clientSecret) problems.push(`client "${client.clientId}" needs a non-empty secret`);
    if (ids.has(client.clientId)) problems.push(`client id "${client.clientId}" is registered twice`);
    ids.add(client.clientId);
  }
  if (!(c.dailyQuota === Infinity)) integer("dailyQuota", c.dailyQuota, 1);
  positive("requestsPerSecond", c.requestsPerSecond, true);
  integer("burst", c.burst, 1);
  positive("tokenTtlSeconds", c.tokenTtlSeconds, false);
  integer("tokenRequestsPerWindow", c.tokenRequestsPerWindow, 1);
  positive("tokenRequestWindowSeconds", c.tokenRequestWindowSeconds, false);
  nonNegative("tokenBlockSeconds", c.tokenBlockSeconds);
  if (c.missingTokenResponse !== "deny" && c.missingTokenResponse !== "unauthorized") {
    problems.push(`missingTokenResponse must be "deny" or "unauthorized", got "${c.missingTokenResponse}"`);
  }
  integer("maxBatchRecords", c.maxBatchRecords, 1);
  integer("maxSyncTextLength", c.maxSyncTextLength, 1);
  integer("maxAsyncTextLength", c.maxAsyncTextLength, 1);
  positive("uploadUrlTtlSeconds", c.uploadUrlTtlSeconds, false);
  nonNegative("asyncScanSeconds", c.asyncScanSeconds);
  nonNegative("asyncProcessingSeconds", c.asyncProcessingSeconds);
  if (c.asyncOutputShape !== "v1" && c.asyncOutputShape !== "v2") {
    problems.push(`asyncOutputShape must be "v1" or "v2", got "${c.asyncOutputShape}"`);
  }
  integer("maxUploadBytes", c.maxUploadBytes, 1);
  nonNegative("latencyMs", c.latencyMs);
  integer("maxLogEntries", c.maxLogEntries, 0);
  const topicNames = new Set<string>();
  const modelIds = new Set<string>();
  for (const topic of c.topics) {
    if (topicNames.has(topic.uriName)) problems.push(`topic "${topic.uriName}" is defined twice`);
    topicNames.add(topic.uriName);
    for (const model of topic.models) {
      if (modelIds.has(model.modelId)) problems.push(`model id "${model.modelId}" is used twice`);
      modelIds.add(model.modelId);
    }
  }
  return problems;
}
