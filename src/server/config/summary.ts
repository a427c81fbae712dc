/** The one-screen start-up summary (secrets masked) and the banner for the simulator upstream. */
import type { AppConfig } from "./types";
import { VERSION } from "../version";

export function startupSummary(config: AppConfig, listenUrl: string): string {
  const u = config.upstream;
  const d = config.dispatch;
  const t = config.token;
  const shares = Object.entries(d.teamShares)
    .map(([team, share]) => `${team === "*" ? "any team" : team} ${Math.round(share * 100)}%`)
    .join(", ");
  const rows: [string, string][] = [
    ["version", VERSION],
    ["listening", listenUrl],
    ["upstream", `${u.kind}${u.embeddedSimulator ? " (embedded, this process)" : ""}`],
    ["token URL", u.tokenUrl],
    ["API base", u.apiBaseUrl],
    ["client id", mask(u.clientId)],
    ["client secret", u.clientSecret.masked()],
    [
      "token policy",
      `1 request per ${t.minIntervalMs / 1000} s + ${t.marginMs / 1000} s margin; 403 blocks ${t.blockMs / 1000} s`,
    ],
    ["pacing", `${d.spacingMs} ms between upstream requests, batches of ${d.batchSize}, linger ${d.lingerMs} ms`],
    ["daily quota", `${d.dailyQuota} requests (UTC day); shares: ${shares}`],
    ["model", u.modelVersion === "auto" ? "learned from ABS once a day" : u.modelVersion],
    [
      "auth",
      config.auth.mode === "dev-open"
        ? "dev-open: keyless calls from this machine allowed (development only)"
        : "team API keys (x-api-key)",
    ],
    ["key rate limit", `${config.auth.ratePerMinute}/min, burst ${config.auth.burst}`],
    ["allowed origins", config.allowedOrigins.length > 0 ? config.allowedOrigins.join(", ") : "(same origin only)"],
    ["state store", `${config.stateStore} in ${config.dataDir}`],
    ["add-in files", config.addinDir],
    ["max records", `${config.maxRecordsPerCall} per /api/code call, ${config.maxJobRecords} per job`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return ["Occupation Coder backend", ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join("\n");
}

export function simulatorBanner(): string {
  const line = "!".repeat(78);
  return [
    line,
    "!!  UPSTREAM = SIMULATOR. Codes come from the LOCAL ABS SIMULATOR (local OSCA coder),",
    "!!  NOT from the ABS Occupation Coding Service. Do not use them as official codes.",
    "!!  For real coding set UPSTREAM=abs-public (or abs-partner) and ABS_CLIENT_ID/SECRET.",
    line,
  ].join("\n");
}

function mask(value: string): string {
  return value.length <= 4 ? "****" : `${value.slice(0, 4)}****`;
}
