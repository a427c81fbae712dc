/** How the simulator answers refusals, so every plugin records the reason the same way. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { RejectionReason } from "./counters";
import { EXPLICIT_DENY_BODY, errorBody } from "./inferredContract";
import { MESSAGES } from "./messages";
import type { SimulatorState } from "./state";

export interface ApiError {
  status: number;
  reason: RejectionReason;
  body: unknown;
}

/** 403 `User is not authorized to access this resource with an explicit deny` (§9.1). */
export function explicitDeny(reason: RejectionReason): ApiError {
  return { status: 403, reason, body: EXPLICIT_DENY_BODY };
}

export function apiError(status: number, reason: RejectionReason, message: string): ApiError {
  return { status, reason, body: errorBody(message) };
}

export const invalidRequestBody = (reason: RejectionReason): ApiError =>
  apiError(400, reason, MESSAGES.invalidRequestBody);

export function sendApiError(
  state: SimulatorState,
  request: FastifyRequest,
  reply: FastifyReply,
  error: ApiError,
): FastifyReply {
  state.context(request).reason = error.reason;
  return reply.code(error.status).type("application/json").send(error.body);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
