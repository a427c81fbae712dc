/**
 * Records every API request (endpoint, status, clock time, client, records, refusal reason) and
 * every synchronous coding call once its response is sent; also answers unknown routes the way
 * API Gateway does (`403 Missing Authentication Token`) and maps unexpected errors to
 * `500 Error performing request`.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import { MISSING_AUTH_TOKEN, REQUEST_TOO_LONG } from "../inferredContract";
import { apiError, sendApiError } from "../http";
import { ENDPOINT_PATHS, MESSAGES } from "../messages";
import type { SimulatorState } from "../state";

export function registerRequestRecording(app: FastifyInstance, state: SimulatorState): void {
  app.addHook("onRequest", async (request) => {
    state.context(request); // stamps the arrival time before any latency
  });

  app.addHook("onResponse", async (request, reply) => {
    const ctx = state.context(request);
    if (!ctx.endpoint) return; // token endpoint, simulated S3 and test control count themselves
    const endpoint = ctx.endpoint === "unmatched" ? "unmatched" : ENDPOINT_PATHS[ctx.endpoint];
    state.counters.apiRequest({
      at: ctx.at,
      method: request.method,
      endpoint,
      path: request.url.split("?")[0],
      status: reply.statusCode,
      clientId: ctx.clientId,
      records: ctx.coding?.records,
      reason: ctx.reason,
    });
    if (ctx.coding) {
      state.counters.codingRequest({
        at: ctx.at,
        endpoint,
        topic: ctx.coding.topic,
        modelId: ctx.coding.modelId,
        clientId: ctx.clientId,
        records: ctx.coding.records,
        status: reply.statusCode,
      });
    }
  });

  app.setNotFoundHandler((request, reply) => {
    state.context(request).endpoint = "unmatched";
    return sendApiError(state, request, reply, { ...MISSING_AUTH_TOKEN, reason: "missing_authentication_token" });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.statusCode === 413) {
      return sendApiError(state, request, reply, { ...REQUEST_TOO_LONG, reason: "request_too_long" });
    }
    request.log.error(error);
    return sendApiError(
      state,
      request,
      reply,
      apiError(500, "error_performing_request", MESSAGES.errorPerformingRequest),
    );
  });
}
