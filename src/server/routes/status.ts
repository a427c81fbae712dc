/**
 * GET /api/status: what an operator (or the task pane's status line) needs to know, never the
 * token itself: token state and age, next permitted token request, any token-endpoint block,
 * quota used and left overall and per team, next free slot, cache hit rate, and who is asking
 * (`caller.team`: the team of the API key, or "dev-open"), so the pane can show that team first.
 */
import type { FastifyInstance } from "fastify";
import type { Services } from "../services";
import { nextUtcMidnight, utcDay } from "../time";
import { StatusResponseSchema } from "./schemas";
import { VERSION } from "../version";

export async function statusRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get("/status", { schema: { response: { 200: StatusResponseSchema } } }, async (request) =>
    buildStatus(services, request.caller),
  );
}

export async function buildStatus(services: Services, caller: { team: string }) {
  const { store, clock, config, dispatcher } = services;
  const now = clock.now();
  const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);
  const [token, ledger, usage, nextFree, entries] = await Promise.all([
    store.getToken(),
    store.tokenLedger(now),
    store.quotaUsage(utcDay(now)),
    store.nextFreeSlot(),
    store.cacheSize(),
  ]);
  const interval = config.token.minIntervalMs + config.token.marginMs;
  const permitAt = ledger.lastPermit ? ledger.lastPermit.requestedAt + interval : now;
  const nextPermit = Math.max(permitAt, ledger.block?.until ?? 0, now);
  const tokenState = ledger.block
    ? "blocked"
    : !token
      ? "none"
      : token.rejectedAt
        ? "rejected"
        : token.expiresAt <= now
          ? "expired"
          : "valid";

  const shares = config.dispatch.teamShares;
  // The caller's team is listed even before it has used anything today.
  const teams = new Set([caller.team, ...Object.keys(usage.byTeam), ...Object.keys(shares).filter((t) => t !== "*")]);
  const limit = config.dispatch.dailyQuota;
  const { cacheHits, cacheMisses } = dispatcher.stats;

  return {
    version: VERSION,
    caller: { team: caller.team },
    upstream: {
      kind: config.upstream.kind,
      apiHost: new URL(config.upstream.apiBaseUrl).host,
      simulator: config.upstream.kind === "simulator",
    },
    token: {
      state: tokenState,
      generation: token?.generation ?? null,
      obtainedAt: iso(token?.obtainedAt),
      ageSeconds: token ? Math.floor((now - token.obtainedAt) / 1000) : null,
      expiresAt: iso(token?.expiresAt),
      lastRequestAt: iso(ledger.lastPermit?.requestedAt),
      lastRequestOutcome: ledger.lastPermit?.outcome ?? null,
      nextPermittedRequestAt: iso(nextPermit),
      requestsLast24h: ledger.permitsLast24h,
      blocked: ledger.block ? { until: new Date(ledger.block.until).toISOString(), reason: ledger.block.reason } : null,
    },
    quota: {
      day: usage.day,
      limit,
      used: usage.used,
      left: usage.closed ? 0 : Math.max(0, limit - usage.used),
      closed: usage.closed,
      resetsAt: new Date(nextUtcMidnight(now)).toISOString(),
      teams: [...teams].sort().map((team) => {
        const share = shares[team] ?? shares["*"] ?? 1;
        const used = round(usage.byTeam[team] ?? 0);
        return { team, share, limit: share * limit, used, left: round(Math.max(0, share * limit - used)) };
      }),
    },
    pacing: { spacingMs: config.dispatch.spacingMs, nextFreeSlotAt: iso(Math.max(nextFree, now)) },
    cache: {
      hits: cacheHits,
      misses: cacheMisses,
      hitRate: cacheHits + cacheMisses > 0 ? round(cacheHits / (cacheHits + cacheMisses)) : null,
      entries,
    },
    queue: {
      waitingRecords: dispatcher.waitingRecords,
      requestsInFlight: dispatcher.requestsInFlight,
      upstreamRequests: dispatcher.stats.upstreamRequests,
      upstreamRecords: dispatcher.stats.upstreamRecords,
    },
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
