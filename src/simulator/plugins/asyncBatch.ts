/**
 * Asynchronous batch coding, partner tier (§5.7–§5.9, §8): create an operation (the answer
 * holds a presigned upload URL on the simulated S3, see ./s3.ts), then poll its status; a
 * completed operation's status carries a presigned download URL for the JSONL result.
 * Public-tier tokens never get here: the gateway gives them the explicit deny (G20).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  DOWNLOAD_URL_TTL_SECONDS,
  OPERATION_NOT_FOUND_MESSAGE,
  S3,
  presignedUrl,
  type OperationStatusBody,
} from "../inferredContract";
import { apiError, sendApiError } from "../http";
import { MESSAGES } from "../messages";
import type { Operation } from "../operations";
import type { SimulatorState } from "../state";
import type { BatchCodeCreateResponse } from "../wire";
import { gatewayGuard, injectedBackendError } from "./gateway";
import { resolveModel } from "./resolveModel";

type CreateRoute = { Params: { topic: string; model?: string } };
type StatusRoute = { Params: { topic: string; model?: string; operation_id: string } };

const baseUrlOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export async function asyncBatchRoutes(app: FastifyInstance, opts: { state: SimulatorState }): Promise<void> {
  const { state } = opts;

  async function create(request: FastifyRequest<CreateRoute>, reply: FastifyReply) {
    const injected = injectedBackendError(state);
    if (injected) return sendApiError(state, request, reply, injected);
    const resolved = resolveModel(state, request.params.topic, request.params.model);
    if (!resolved.ok) return sendApiError(state, request, reply, resolved.error);

    const op = state.operations.create(
      resolved.topic.uriName,
      resolved.model.modelId,
      state.context(request).clientId ?? "",
    );
    state.counters.asyncOperation("created");
    const body: BatchCodeCreateResponse = {
      requestUploadUrl: presignedUrl({
        baseUrl: baseUrlOf(request),
        bucket: S3.inputBucket,
        key: `${op.operationId}.jsonl`,
        method: "PUT",
        issuedAtMs: op.createdAt,
        expiresSeconds: state.config.uploadUrlTtlSeconds,
        signedHeaders: [S3.sseHeader, S3.sseKeyHeader],
        secret: state.urlSecret,
      }),
      operationId: op.operationId,
      bucketKmsKeyArn: S3.kmsKeyArn,
    };
    return reply.send(body);
  }

  async function status(request: FastifyRequest<StatusRoute>, reply: FastifyReply) {
    const injected = injectedBackendError(state);
    if (injected) return sendApiError(state, request, reply, injected);
    const { topic: topicName, model: modelId, operation_id: operationId } = request.params;
    if (modelId !== undefined) {
      const resolved = resolveModel(state, topicName, modelId);
      if (!resolved.ok) return sendApiError(state, request, reply, resolved.error);
    } else if (!state.catalogue.topic(topicName)) {
      return sendApiError(state, request, reply, apiError(404, "topic_not_found", MESSAGES.topicNotFound));
    }
    const op = state.operations.get(operationId);
    if (!op || op.topic !== topicName || (modelId !== undefined && op.modelId !== modelId)) {
      return sendApiError(state, request, reply, apiError(404, "operation_not_found", OPERATION_NOT_FOUND_MESSAGE));
    }
    return reply.send(statusBody(state, op, baseUrlOf(request)));
  }

  app.post<CreateRoute>("/v1/topics/:topic/batch-code", { onRequest: gatewayGuard(state, "batchCode") }, create);
  app.post<CreateRoute>(
    "/v1/topics/:topic/models/:model/batch-code",
    { onRequest: gatewayGuard(state, "modelBatchCode") },
    create,
  );
  app.get<StatusRoute>(
    "/v1/topics/:topic/batch-code/operations/:operation_id",
    { onRequest: gatewayGuard(state, "operation") },
    status,
  );
  app.get<StatusRoute>(
    "/v1/topics/:topic/models/:model/batch-code/operations/:operation_id",
    { onRequest: gatewayGuard(state, "modelOperation") },
    status,
  );
}

function statusBody(state: SimulatorState, op: Operation, baseUrl: string): OperationStatusBody {
  const status = state.operations.status(op);
  const body: OperationStatusBody = {
    operationId: op.operationId,
    status,
    topic: op.topic,
    modelId: op.modelId,
    createdAt: new Date(op.createdAt).toISOString(),
    uploadedAt: iso(op.uploadedAt),
    completedAt: iso(state.operations.completedAt(op)),
  };
  if (status === "COMPLETED" && op.outcome?.ok) {
    const now = state.clock.now();
    body.recordCount = op.outcome.recordCount;
    body.resultDownloadUrl = presignedUrl({
      baseUrl,
      bucket: S3.outputBucket,
      key: `${op.operationId}.jsonl`,
      method: "GET",
      issuedAtMs: now,
      expiresSeconds: DOWNLOAD_URL_TTL_SECONDS,
      signedHeaders: [],
      secret: state.urlSecret,
    });
    body.resultDownloadUrlExpiresAt = new Date(now + DOWNLOAD_URL_TTL_SECONDS * 1000).toISOString();
  }
  if (status === "FAILED") body.message = state.operations.failureMessage(op);
  return JSON.parse(JSON.stringify(body)) as OperationStatusBody; // drops undefined fields
}
