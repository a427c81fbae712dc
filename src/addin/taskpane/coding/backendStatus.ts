/**
 * GET /api/status as the Status panel shows it. The backend's exact shape is still being built
 * (src/server/routes), so this reads it defensively: every field optional, common spellings
 * accepted, nothing assumed.
 */

export interface QuotaFigures {
  used?: number;
  left?: number;
  limit?: number;
}

export interface BackendStatus {
  version?: string;
  /** Where codes come from: "simulator", "abs-public", "abs-partner", "offline"… */
  upstream?: string;
  /** True when the backend answers from the ABS simulator, not the real service. */
  simulator: boolean;
  token?: { state?: string; healthy?: boolean; expiresAt?: string; blockedUntil?: string; message?: string };
  quota: {
    /** The caller's own team (GET /api/status names it in `caller.team`). */
    team?: QuotaFigures;
    overall?: QuotaFigures;
    /** Every team's share the backend lists, the caller's own included. */
    teams: Array<{ name: string; figures: QuotaFigures }>;
    resetsAt?: string;
    /** The caller's team: the team of the API key, or "dev-open" for keyless local calls. */
    teamName?: string;
  };
  nextSlotAt?: string;
  cacheHitRate?: number;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === "string" && value) return value;
  return undefined;
}

function num(...values: unknown[]): number | undefined {
  for (const value of values) if (typeof value === "number" && Number.isFinite(value)) return value;
  return undefined;
}

function bool(...values: unknown[]): boolean | undefined {
  for (const value of values) if (typeof value === "boolean") return value;
  return undefined;
}

function quota(value: unknown): QuotaFigures | undefined {
  const q = obj(value);
  if (!q) return undefined;
  const used = num(q.used, q.usedToday, q.requestsUsed, q.recordsUsed);
  const limit = num(q.limit, q.dailyLimit, q.share, q.total, q.quota);
  const left =
    num(q.left, q.remaining, q.available) ?? (used !== undefined && limit !== undefined ? limit - used : undefined);
  if (used === undefined && limit === undefined && left === undefined) return undefined;
  return { used, left, limit };
}

/** "valid", "none" (no traffic yet) and "expired" (renewed on the next request) are healthy. */
function healthOf(state: string | undefined): boolean | undefined {
  if (!state) return undefined;
  if (/^(blocked|rejected|error|failed)$/i.test(state)) return false;
  if (/^(valid|none|expired|ok)$/i.test(state)) return true;
  return undefined;
}

export function parseBackendStatus(raw: unknown): BackendStatus {
  const body = obj(raw) ?? {};
  const upstreamObj = obj(body.upstream);
  const upstream = str(
    body.upstream,
    upstreamObj?.kind,
    upstreamObj?.name,
    upstreamObj?.mode,
    body.mode,
    body.provider,
  );
  const simulator = bool(body.simulator, upstreamObj?.simulator) === true || /simulat/i.test(upstream ?? "");
  const tokenObj = obj(body.token);
  const blocked = obj(tokenObj?.blocked);
  const token = tokenObj
    ? {
        state: str(tokenObj.state, tokenObj.status),
        healthy: bool(tokenObj.healthy, tokenObj.ok, tokenObj.valid) ?? healthOf(str(tokenObj.state, tokenObj.status)),
        expiresAt: str(tokenObj.expiresAt, tokenObj.expires),
        blockedUntil: str(tokenObj.blockedUntil, blocked?.until),
        message: str(tokenObj.message, tokenObj.detail, blocked?.reason),
      }
    : typeof body.token === "string"
      ? { state: body.token }
      : undefined;
  const quotaObj = obj(body.quota) ?? {};
  const teams: Array<{ name: string; figures: QuotaFigures }> = [];
  const entries: Array<readonly [string, unknown]> = Array.isArray(quotaObj.teams)
    ? quotaObj.teams.map((t) => [str(obj(t)?.team, obj(t)?.name) ?? "", t] as const)
    : Object.entries(obj(quotaObj.teams) ?? {});
  for (const [name, value] of entries) {
    const figures = quota(value);
    if (name && figures) teams.push({ name, figures });
  }
  const teamName = str(obj(body.caller)?.team, obj(quotaObj.team)?.name, obj(body.team)?.name, body.teamName);
  const team =
    quota(quotaObj.team) ??
    quota(body.team) ??
    teams.find((t) => teamName !== undefined && t.name === teamName)?.figures;
  // The overall figures sit in quota.overall, or at the top of quota itself.
  const overall =
    quota(quotaObj.overall) ??
    quota(quotaObj.total) ??
    quota(quotaObj.deployment) ??
    quota(quotaObj.global) ??
    quota(quotaObj);
  const build = obj(body.build);
  return {
    version: str(body.version, body.backendVersion, build?.version),
    upstream,
    simulator,
    token,
    quota: {
      team,
      overall,
      teams,
      resetsAt: str(quotaObj.resetsAt, quotaObj.resetAt, quotaObj.resetTime),
      teamName,
    },
    nextSlotAt: str(body.nextSlotAt, body.nextFreeSlot, obj(body.pacing)?.nextSlotAt, obj(body.pacing)?.nextFreeSlotAt),
    cacheHitRate: num(body.cacheHitRate, obj(body.cache)?.hitRate),
  };
}
