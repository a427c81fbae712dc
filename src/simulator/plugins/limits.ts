/**
 * Usage-plan enforcement on an authenticated call (§9.1, §10): rate first (`429 Too Many
 * Requests`), then the daily quota (`429 Limit Exceeded`); a call that passes both uses one
 * unit of each. Which calls are subject to this is decided in inferredContract (G17).
 */
import { apiError, type ApiError } from "../http";
import { MESSAGES } from "../messages";
import type { SimulatorState } from "../state";

export function enforceLimits(state: SimulatorState, clientId: string): ApiError | undefined {
  if (state.faults.takeThrottle()) return apiError(429, "too_many_requests.injected", MESSAGES.tooManyRequests);
  if (!state.rate.allows(clientId)) return apiError(429, "too_many_requests", MESSAGES.tooManyRequests);
  if (!state.quota.allows(clientId)) return apiError(429, "limit_exceeded", MESSAGES.limitExceeded);
  state.rate.consume(clientId);
  state.quota.consume(clientId);
  return undefined;
}
