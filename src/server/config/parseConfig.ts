/**
 * Environment -> ServerConfig, once, at the edge. Every problem gets its own message and all of
 * them are reported together, so an operator fixes a bad .env in one go. Nothing else in the
 * server reads process.env.
 */
import fs from "node:fs";
import path from "node:path";
import { Secret } from "./Secret";
import type { AuthMode, ServerConfig, UpstreamKind } from "./types";
import { ABS_TIERS, DEFAULT_SPACING_MS, MAX_BATCH_SIZE, defaultDailyQuota } from "../upstream/hosts";

export type Env = Record<string, string | undefined>;

export type ParseResult = { ok: true; config: ServerConfig } | { ok: false; problems: string[] };

const UPSTREAMS: readonly UpstreamKind[] = ["simulator", "abs-public", "abs-partner"];
const HOUR_MS = 3_600_000;

export function parseConfig(
  env: Env,
  readFile: (file: string) => string = (f) => fs.readFileSync(f, "utf8"),
): ParseResult {
  const problems: string[] = [];
  const read = new Reader(env, problems);

  const nodeEnv = env.NODE_ENV ?? "development";
  const kind = read.oneOf("UPSTREAM", UPSTREAMS, "simulator");
  const clientId = read.secretish("ABS_CLIENT_ID", readFile);
  const clientSecret = read.secretish("ABS_CLIENT_SECRET", readFile);
  const simulatorUrl = read.url("SIMULATOR_URL");
  const isAbs = kind !== "simulator";

  if (isAbs && !clientId) problems.push(`ABS_CLIENT_ID (or ABS_CLIENT_ID_FILE) is required when UPSTREAM=${kind}.`);
  if (isAbs && !clientSecret)
    problems.push(`ABS_CLIENT_SECRET (or ABS_CLIENT_SECRET_FILE) is required when UPSTREAM=${kind}.`);
  if (kind === "simulator" && simulatorUrl && (!clientId || !clientSecret)) {
    problems.push("SIMULATOR_URL needs ABS_CLIENT_ID and ABS_CLIENT_SECRET registered with that simulator.");
  }
  const embeddedSimulator = kind === "simulator" && !simulatorUrl;
  const tier = isAbs ? ABS_TIERS[kind as "abs-public" | "abs-partner"] : undefined;
  const base = simulatorUrl?.replace(/\/+$/, "");
  const tokenUrl = read.url("ABS_TOKEN_URL") ?? tier?.tokenUrl ?? (base ? `${base}/oauth2/token` : null);
  const apiBaseUrl = read.url("ABS_API_BASE_URL") ?? tier?.apiBaseUrl ?? (base ? `${base}/v1` : null);

  const authDefault: AuthMode = kind === "simulator" && nodeEnv !== "production" ? "dev-open" : "api-key";
  const authMode = read.oneOf("AUTH_MODE", ["api-key", "dev-open"] as const, authDefault);
  if (authMode === "dev-open" && (isAbs || nodeEnv === "production")) {
    problems.push(
      "AUTH_MODE=dev-open lets anyone on this machine spend the quota without a key; it is refused with real ABS upstreams and NODE_ENV=production. Use AUTH_MODE=api-key and create keys with `npm run keys -- create <team>`.",
    );
  }

  const spacingMs = read.int("UPSTREAM_SPACING_MS", DEFAULT_SPACING_MS, { min: 1 });
  if (isAbs && spacingMs < 1_000)
    problems.push(
      `UPSTREAM_SPACING_MS=${spacingMs} is below ABS's 1 request per second; use 1000 or more (default ${DEFAULT_SPACING_MS}).`,
    );
  const minIntervalS = read.int("TOKEN_MIN_INTERVAL_SECONDS", 3_600, { min: 1 });
  if (isAbs && minIntervalS < 3_600)
    problems.push("TOKEN_MIN_INTERVAL_SECONDS must be at least 3600 with real ABS: one token request per hour (§3.5).");
  const blockS = read.int("TOKEN_BLOCK_SECONDS", 3_600, { min: 1 });
  if (isAbs && blockS < 3_600)
    problems.push(
      "TOKEN_BLOCK_SECONDS must be at least 3600: a 403 from the token endpoint blocks requests for at least an hour.",
    );

  const config: ServerConfig = {
    nodeEnv,
    host: env.HOST ?? "localhost",
    port: read.int("PORT", 3000, { min: 0, max: 65_535 }),
    tls: parseTls(read, env, problems),
    dataDir: path.resolve(env.DATA_DIR ?? ".data"),
    stateStore: read.oneOf("STATE_STORE", ["sqlite"] as const, "sqlite"),
    addinDir: path.resolve(env.ADDIN_DIR ?? "dist"),
    allowedOrigins: read.list("ALLOWED_ORIGINS").map((origin) => origin.replace(/\/+$/, "")),
    logLevel: read.oneOf("LOG_LEVEL", ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const, "info"),
    timeZone: read.timeZone("TIME_ZONE", "Australia/Sydney"),
    maxRecordsPerCall: read.int("MAX_RECORDS_PER_CALL", 1_000, { min: 1, max: 100_000 }),
    maxJobRecords: read.int("MAX_JOB_RECORDS", 100_000, { min: 1, max: 10_000_000 }),
    upstream: {
      kind,
      tokenUrl,
      apiBaseUrl,
      clientId: clientId ?? null,
      clientSecret: clientSecret ? new Secret(clientSecret) : null,
      embeddedSimulator,
      numberOfSuggestions: read.int("NUMBER_OF_SUGGESTIONS", 4, { min: 1, max: 16 }),
      modelVersion: env.MODEL_VERSION?.trim() || "auto",
      requestTimeoutMs: read.int("UPSTREAM_TIMEOUT_MS", 30_000, { min: 100 }),
    },
    token: {
      minIntervalMs: minIntervalS * 1000,
      marginMs: read.int("TOKEN_PERMIT_MARGIN_SECONDS", 60, { min: 0 }) * 1000,
      blockMs: blockS * 1000,
      maxWaitMs: read.int("TOKEN_MAX_WAIT_SECONDS", 120, { min: 0 }) * 1000,
    },
    dispatch: {
      spacingMs,
      lateToleranceMs: read.int("UPSTREAM_LATE_TOLERANCE_MS", Math.min(50, Math.floor(spacingMs / 10)), { min: 0 }),
      dailyQuota: read.int("DAILY_QUOTA", defaultDailyQuota(kind), { min: 1 }),
      batchSize: read.int("BATCH_SIZE", MAX_BATCH_SIZE, { min: 1, max: MAX_BATCH_SIZE }),
      lingerMs: read.int("BATCH_LINGER_MS", 50, { min: 0, max: 10_000 }),
      maxAttempts: read.int("UPSTREAM_MAX_ATTEMPTS", 4, { min: 1, max: 10 }),
      teamShares: { "*": read.fraction("TEAM_QUOTA_SHARE", 1), ...read.shares("TEAM_QUOTA_SHARES") },
    },
    auth: {
      mode: authMode,
      keyHashes: read.keyHashes("API_KEY_HASHES"),
      ratePerMinute: read.int("KEY_RATE_PER_MINUTE", 600, { min: 1 }),
      burst: read.int("KEY_RATE_BURST", 120, { min: 1 }),
    },
  };
  if (config.token.blockMs < HOUR_MS && isAbs) config.token.blockMs = HOUR_MS;
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

function parseTls(read: Reader, env: Env, problems: string[]): ServerConfig["tls"] {
  const keyFile = env.TLS_KEY_FILE;
  const certFile = env.TLS_CERT_FILE;
  const mode = read.oneOf("TLS", ["dev-certs", "files", "off"] as const, keyFile || certFile ? "files" : "dev-certs");
  if (mode === "files" && (!keyFile || !certFile))
    problems.push("TLS=files needs both TLS_KEY_FILE and TLS_CERT_FILE.");
  return { mode, keyFile, certFile };
}

/** Reads one variable at a time, recording a clear message for each bad value. */
class Reader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}="${value}" is not one of: ${allowed.join(", ")}.`);
    return fallback;
  }

  int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value.replace(/_/g, ""));
    if (
      !Number.isInteger(n) ||
      (range.min !== undefined && n < range.min) ||
      (range.max !== undefined && n > range.max)
    ) {
      const bounds = [
        range.min !== undefined ? `>= ${range.min}` : "",
        range.max !== undefined ? `<= ${range.max}` : "",
      ]
        .filter(Boolean)
        .join(" and ");
      this.problems.push(`${name}="${value}" must be a whole number${bounds ? ` ${bounds}` : ""}.`);
      return fallback;
    }
    return n;
  }

  fraction(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!(n > 0 && n <= 1)) {
      this.problems.push(
        `${name}="${value}" must be a fraction of the daily quota, greater than 0 and at most 1 (e.g. 0.25).`,
      );
      return fallback;
    }
    return n;
  }

  list(name: string): string[] {
    return (this.raw(name) ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  }

  url(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error();
      return value.replace(/\/+$/, "");
    } catch {
      this.problems.push(`${name}="${value}" is not an http(s) URL.`);
      return undefined;
    }
  }

  timeZone(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    try {
      new Intl.DateTimeFormat("en-AU", { timeZone: value });
      return value;
    } catch {
      this.problems.push(`${name}="${value}" is not an IANA time zone (e.g. Australia/Sydney).`);
      return fallback;
    }
  }

  /** NAME or NAME_FILE (for Docker/Kubernetes secrets); never both. */
  secretish(name: string, readFile: (file: string) => string): string | undefined {
    const direct = this.raw(name);
    const file = this.raw(`${name}_FILE`);
    if (direct && file) {
      this.problems.push(`Set either ${name} or ${name}_FILE, not both.`);
      return direct;
    }
    if (!file) return direct;
    try {
      const value = readFile(file).trim();
      if (!value) this.problems.push(`${name}_FILE=${file} is empty.`);
      return value || undefined;
    } catch (error) {
      this.problems.push(`${name}_FILE=${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
      return undefined;
    }
  }

  /** "finance:0.5,hr:0.25" -> { finance: 0.5, hr: 0.25 } */
  shares(name: string): Record<string, number> {
    const shares: Record<string, number> = {};
    for (const item of this.list(name)) {
      const [team, share] = item.split(":").map((s) => s.trim());
      const n = Number(share);
      if (!team || !(n > 0 && n <= 1))
        this.problems.push(`${name}: "${item}" should be team:fraction, e.g. finance:0.5.`);
      else shares[team] = n;
    }
    return shares;
  }

  /** "finance:<sha256 hex>,hr:<sha256 hex>" (what `npm run keys -- create` prints) -> hash -> team. */
  keyHashes(name: string): Record<string, string> {
    const hashes: Record<string, string> = {};
    for (const item of this.list(name)) {
      const [team, hash] = item.split(":").map((s) => s.trim());
      if (!team || !/^[0-9a-f]{64}$/i.test(hash ?? ""))
        this.problems.push(`${name}: "${item.slice(0, 20)}..." should be team:<64 hex characters of sha256>.`);
      else hashes[hash!.toLowerCase()] = team;
    }
    return hashes;
  }
}
