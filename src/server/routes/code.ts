/** POST /api/code: one result per record, in order (coded, uncoded with suggestions, or error). */
import type { FastifyInstance } from "fastify";
import type { CodeResponse } from "../../shared/api";
import { sendError } from "../http/errors";
import type { Services } from "../services";
import { ApiErrorSchema, CodeRequestSchema, CodeResponseSchema, type CodeRequestBody } from "./schemas";

export async function codeRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const { dispatcher, metrics, config } = services;
  app.post<{ Body: CodeRequestBody }>(
    "/code",
    {
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        body: CodeRequestSchema,
        response: { 200: CodeResponseSchema, "4xx": ApiErrorSchema, "5xx": ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const { topic, records } = request.body;
      if (records.length > config.maxRecordsPerCall) {
        return sendError(
          reply,
          413,
          "too_many_records",
          `This request has ${records.length} records; the backend codes at most ${config.maxRecordsPerCall} per call. Send smaller chunks, or POST /api/jobs for large selections.`,
        );
      }
      metrics.recordsRequested.inc(records.length);
      const response: CodeResponse = await dispatcher.code(request.caller.team, topic, records);
      return response;
    },
  );
}
