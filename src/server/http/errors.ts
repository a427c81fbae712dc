/** Every non-2xx from the backend is an ApiErrorBody with a stable `error` and a plain message. */
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import type { ApiErrorBody } from "../../shared/api";

export function sendError(
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
  retryAfter?: string,
): FastifyReply {
  const body: ApiErrorBody = { error, message, ...(retryAfter ? { retryAfter } : {}) };
  return reply.code(status).send(body);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      return sendError(reply, 400, "invalid_request", `The request does not match the API: ${error.message}.`);
    }
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return sendError(
        reply,
        413,
        "payload_too_large",
        "The request body is too large; send fewer records per call or use POST /api/jobs.",
      );
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, error.statusCode, "bad_request", error.message);
    }
    request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, "unhandled error");
    return sendError(
      reply,
      500,
      "internal",
      "The coding backend failed unexpectedly; retry, and tell the operator if it persists.",
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, "not_found", `No such endpoint: ${request.method} ${request.url.split("?")[0]}.`),
  );
}
