/**
 * Synchronous coding (§5.5, §5.6): one `record` or a small batch of `records` (≤ 300), coded
 * with the topic's latest model or a pinned one. Order: gateway (see ./gateway.ts) → body
 * validation (400 Invalid request body, the whole batch fails) → injected 500 → topic/model
 * (404/409/500) → input format (400 Malformed record found in request) → coding.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CoderResult } from "../coderPort";
import {
  SYNC_REQUIRED_FIELDS,
  candidatesWanted,
  syncBatchItem,
  syncSingleResponse,
  type TopicDefinition,
} from "../inferredContract";
import { apiError, invalidRequestBody, sendApiError } from "../http";
import { MESSAGES } from "../messages";
import type { SimulatorState } from "../state";
import { checkCodeRequest, isMalformed } from "../validation";
import type { RecordObject } from "../wire";
import { gatewayGuard, injectedBackendError } from "./gateway";
import { resolveModel } from "./resolveModel";

type CodeRoute = { Params: { topic: string; model?: string }; Body: Buffer | undefined };

export async function syncCodingRoutes(app: FastifyInstance, opts: { state: SimulatorState }): Promise<void> {
  const { state } = opts;

  async function handle(request: FastifyRequest<CodeRoute>, reply: FastifyReply) {
    const { topic: topicName, model: modelId } = request.params;
    const ctx = state.context(request);
    ctx.coding = { topic: topicName, modelId, records: 0 };

    const checked = checkCodeRequest(request.body, {
      maxBatchRecords: state.config.maxBatchRecords,
      maxTextLength: state.config.maxSyncTextLength,
    });
    if (!checked.ok) {
      ctx.coding.records = checked.records ?? 0;
      return sendApiError(state, request, reply, invalidRequestBody(checked.reason));
    }
    const { records, single, numberOfSuggestions } = checked.value;
    ctx.coding.records = records.length;

    const injected = injectedBackendError(state);
    if (injected) return sendApiError(state, request, reply, injected);

    const resolved = resolveModel(state, topicName, modelId);
    if (!resolved.ok) return sendApiError(state, request, reply, resolved.error);
    ctx.coding.modelId = resolved.model.modelId;

    const required = SYNC_REQUIRED_FIELDS.filter((f) => resolved.model.inputFormat.includes(f));
    if (records.some((r) => isMalformed(r, required))) {
      return sendApiError(state, request, reply, apiError(400, "malformed_record", MESSAGES.malformedRecord));
    }

    let coded: CoderResult[];
    try {
      coded = records.map((r) => codeRecord(state, resolved.topic, r, numberOfSuggestions));
    } catch (error) {
      request.log.error(error);
      return sendApiError(
        state,
        request,
        reply,
        apiError(500, "error_performing_request", MESSAGES.errorPerformingRequest),
      );
    }
    if (single) return reply.send(syncSingleResponse(records[0], coded[0], numberOfSuggestions));
    return reply.send(records.map((r, i) => syncBatchItem(r, coded[i], numberOfSuggestions)));
  }

  app.post<CodeRoute>("/v1/topics/:topic/code", { onRequest: gatewayGuard(state, "code") }, handle);
  app.post<CodeRoute>("/v1/topics/:topic/models/:model/code", { onRequest: gatewayGuard(state, "modelCode") }, handle);
}

/** Codes one record with the local coder for the topic's classification. */
export function codeRecord(
  state: SimulatorState,
  topic: TopicDefinition,
  record: RecordObject,
  numberOfSuggestions: number,
): CoderResult {
  return state
    .coder()
    .code(
      { occp_text: record.occp_text ?? "", tasks_text: record.tasks_text ?? "" },
      { classification: topic.classification, maxCandidates: candidatesWanted(numberOfSuggestions) },
    );
}
