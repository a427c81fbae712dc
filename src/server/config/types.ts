/** The backend's configuration, parsed once from the environment (./parseConfig.ts). */
import type { Secret } from "./Secret";

export type UpstreamKind = "simulator" | "abs-public" | "abs-partner";
export type AuthMode = "api-key" | "dev-open";

export interface UpstreamConfig {
  kind: UpstreamKind;
  /** Null only for the embedded simulator, whose URLs exist once it has started (main.ts). */
  tokenUrl: string | null;
  apiBaseUrl: string | null;
  clientId: string | null;
  clientSecret: Secret | null;
  /** Start the simulator in this process (upstream=simulator and no SIMULATOR_URL). */
  embeddedSimulator: boolean;
  /** How many codes to ask ABS for per record (1..16). */
  numberOfSuggestions: number;
  /** "auto": learn the model from GET /v1/topics/{topic}/models/latest once a day; else a fixed label. */
  modelVersion: string;
  requestTimeoutMs: number;
}

/** The upstream once everything is known; what buildApp needs. */
export interface ResolvedUpstream extends UpstreamConfig {
  tokenUrl: string;
  apiBaseUrl: string;
  clientId: string;
  clientSecret: Secret;
}

export interface TokenPolicy {
  /** At most one token request per this many ms (3600 s) plus the margin. */
  minIntervalMs: number;
  marginMs: number;
  /** How long a 403 from the token endpoint stops all token requests (never less than an hour). */
  blockMs: number;
  /** Callers wait for a permit this close instead of failing (the gap between expiry and permit). */
  maxWaitMs: number;
}

export interface DispatchPolicy {
  /** No two upstream requests start closer than this, across every instance sharing the store. */
  spacingMs: number;
  /** A send later than its slot by more than this takes a new slot (keeps real gaps >= the ABS limit). */
  lateToleranceMs: number;
  dailyQuota: number;
  batchSize: number;
  /** While the slot is free, wait this long for more records before sending a part-filled batch. */
  lingerMs: number;
  maxAttempts: number;
  /** Team name -> share (0..1] of the daily quota; "*" is the default for any team. */
  teamShares: Record<string, number>;
}

export interface AuthConfig {
  mode: AuthMode;
  /** Extra keys from the environment, as sha256 hex -> team (CLI-created keys live in the store). */
  keyHashes: Record<string, string>;
  /** Per-key token bucket. */
  ratePerMinute: number;
  burst: number;
}

export interface ServerConfig {
  nodeEnv: string;
  host: string;
  port: number;
  tls: { mode: "dev-certs" | "files" | "off"; keyFile?: string; certFile?: string };
  dataDir: string;
  stateStore: "sqlite";
  addinDir: string;
  allowedOrigins: string[];
  logLevel: string;
  /** Time zone for "retry after HH:MM" messages. */
  timeZone: string;
  maxRecordsPerCall: number;
  maxJobRecords: number;
  upstream: UpstreamConfig;
  token: TokenPolicy;
  dispatch: DispatchPolicy;
  auth: AuthConfig;
}

export interface AppConfig extends ServerConfig {
  upstream: ResolvedUpstream;
}
