/**
 * The authorizer in front of the coder API (§3.3, §9.1): the raw access token in the standard
 * `Authorization` header, nothing else. A missing header, a `Bearer ` prefix, an unknown or an
 * expired token all get the 403 explicit deny (a missing header can be switched to 401).
 */
import type { FastifyRequest } from "fastify";
import { AUTH_HEADER, BEARER_PREFIX, UNAUTHORIZED } from "../inferredContract";
import { explicitDeny, type ApiError } from "../http";
import type { SimulatorState } from "../state";

export type Authentication = { ok: true; clientId: string; organisation: string } | { ok: false; error: ApiError };

export function authenticate(state: SimulatorState, request: FastifyRequest): Authentication {
  const header = request.headers[AUTH_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) {
    const error: ApiError =
      state.config.missingTokenResponse === "unauthorized"
        ? { ...UNAUTHORIZED, reason: "explicit_deny.missing_token" }
        : explicitDeny("explicit_deny.missing_token");
    return { ok: false, error };
  }
  if (BEARER_PREFIX.test(value)) return { ok: false, error: explicitDeny("explicit_deny.bearer_prefix") };
  const checked = state.tokens.check(value);
  if (!checked.ok) {
    return {
      ok: false,
      error: explicitDeny(checked.reason === "expired" ? "explicit_deny.expired_token" : "explicit_deny.unknown_token"),
    };
  }
  if (state.faults.takeDeny()) return { ok: false, error: explicitDeny("explicit_deny.injected") };
  if (state.config.tokenBlockDeniesApiCalls && state.tokens.blockedUntil(checked.organisation) !== undefined) {
    return { ok: false, error: explicitDeny("explicit_deny.organisation_blocked") };
  }
  return { ok: true, clientId: checked.clientId, organisation: checked.organisation };
}
