/**
 * The API Gateway in front of every /v1 endpoint, in the order of §12: (route match →
 * `403 Missing Authentication Token`, see ./counters.ts) → authorizer → tier → rate → quota →
 * query string. Each route passes its endpoint key; body checks follow in the handlers.
 */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import {
  ENDPOINTS_WITHOUT_AUTH,
  PARTNER_ONLY_ENDPOINTS,
  REJECT_QUERY_STRINGS,
  countsTowardLimits,
} from "../inferredContract";
import { apiError, explicitDeny, invalidRequestBody, sendApiError, sleep, type ApiError } from "../http";
import type { EndpointKey } from "../messages";
import type { SimulatorState } from "../state";
import { authenticate } from "./auth";
import { enforceLimits } from "./limits";

export function gatewayGuard(state: SimulatorState, endpoint: EndpointKey): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = state.context(request);
    ctx.endpoint = endpoint;

    const latency = state.config.latencyMs + state.faults.takeLatency();
    if (latency > 0) await sleep(latency);

    if (ENDPOINTS_WITHOUT_AUTH.has(endpoint)) return;

    const auth = authenticate(state, request);
    if (!auth.ok) return sendApiError(state, request, reply, auth.error);
    ctx.clientId = auth.clientId;

    if (PARTNER_ONLY_ENDPOINTS.has(endpoint) && state.config.tier === "public") {
      return sendApiError(state, request, reply, explicitDeny("explicit_deny.public_tier"));
    }

    if (countsTowardLimits(endpoint)) {
      const limited = enforceLimits(state, auth.clientId);
      if (limited) return sendApiError(state, request, reply, limited);
    }

    if (REJECT_QUERY_STRINGS && request.url.includes("?")) {
      return sendApiError(state, request, reply, invalidRequestBody("invalid_request_body.query_string"));
    }
  };
}

/** Backend step shared by every handler: a pending injected 500 fires here. */
export function injectedBackendError(state: SimulatorState): ApiError | undefined {
  const message = state.faults.takeError();
  return message === undefined ? undefined : apiError(500, "error_performing_request.injected", message);
}
