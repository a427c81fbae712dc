/**
 * Who may call /api: a team API key in `x-api-key` (stored as sha256 in the state store, or
 * given as hashes in API_KEY_HASHES), then a per-key token bucket. AUTH_MODE=dev-open lets
 * keyless calls from this machine (loopback only) through as team "dev-open"; config refuses it
 * with real ABS upstreams or in production.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AuthConfig } from "../config/types";
import { sendError } from "../http/errors";
import type { Metrics } from "../metrics/metrics";
import type { StateStore } from "../state/StateStore";
import type { Clock } from "../../shared/clock";
import { hashApiKey } from "./apiKeys";
import { RateLimiter } from "./RateLimiter";

export interface Caller {
  team: string;
  /** Key id, or "dev-open" / "env:<team>" for keys not in the store. */
  keyId: string;
}

declare module "fastify" {
  interface FastifyRequest {
    caller: Caller;
  }
}

/** The team of keyless loopback calls in AUTH_MODE=dev-open (quota, jobs, GET /api/status's caller). */
export const DEV_OPEN_TEAM = "dev-open";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export function registerAuth(
  app: FastifyInstance,
  options: { auth: AuthConfig; store: StateStore; clock: Clock; metrics: Metrics },
): void {
  const { auth, store, metrics } = options;
  const limiter = new RateLimiter(options.clock, auth.ratePerMinute, auth.burst);
  app.decorateRequest("caller", null as unknown as Caller);

  app.addHook("onRequest", async (request: FastifyRequest, reply) => {
    const key = request.headers["x-api-key"];
    let caller: Caller | null = null;
    if (typeof key === "string" && key.length > 0) {
      const hash = hashApiKey(key);
      const stored = await store.findApiKey(hash);
      if (stored) caller = { team: stored.team, keyId: stored.id };
      else if (auth.keyHashes[hash]) caller = { team: auth.keyHashes[hash]!, keyId: `env:${hash.slice(0, 8)}` };
      if (!caller) {
        metrics.authFailures.inc();
        return sendError(
          reply,
          401,
          "invalid_api_key",
          "This API key is not valid (unknown or revoked). Ask the backend operator for a key for your team.",
        );
      }
    } else if (auth.mode === "dev-open" && LOOPBACK.has(request.socket.remoteAddress ?? "")) {
      caller = { team: DEV_OPEN_TEAM, keyId: "dev-open" };
    } else {
      metrics.authFailures.inc();
      return sendError(
        reply,
        401,
        "missing_api_key",
        "This backend needs a team API key in the x-api-key header. Set it in the add-in's settings; the backend operator creates keys with `npm run keys -- create <team>`.",
      );
    }
    const verdict = limiter.take(caller.keyId === "dev-open" ? `ip:${request.ip}` : caller.keyId);
    if (!verdict.allowed) {
      metrics.rateLimited.inc();
      const retryAfter = new Date(options.clock.now() + verdict.retryAfterMs).toISOString();
      reply.header("retry-after", Math.ceil(verdict.retryAfterMs / 1000));
      return sendError(
        reply,
        429,
        "rate_limited",
        `Too many requests with this API key; retry in ${Math.ceil(verdict.retryAfterMs / 1000)} s.`,
        retryAfter,
      );
    }
    request.caller = caller;
  });
}
