/**
 * The simulated S3 buckets behind the async service (§8.2, G9/G11): a presigned PUT uploads the
 * JSONL input (it must carry the two SSE-KMS headers the URL was signed with) and starts the
 * operation; a presigned GET downloads the result once the operation has COMPLETED. Errors are
 * S3-style XML. These paths need no access token and do not count toward the API limits.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { S3, s3ErrorXml, signUrl } from "../inferredContract";
import type { RejectionReason } from "../counters";
import type { Operation } from "../operations";
import type { SimulatorState } from "../state";
import { DOCUMENTED_LIMITS } from "../messages";
import { codeRecord } from "./syncCoding";

type ObjectRoute = { Params: { bucket: string; key: string }; Body: Buffer | undefined };

const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your key and signing method.";

export async function s3Routes(app: FastifyInstance, opts: { state: SimulatorState }): Promise<void> {
  const { state } = opts;

  function s3Error(reply: FastifyReply, status: number, code: string, message: string, reason: RejectionReason) {
    state.counters.s3Request("rejected", reason);
    return reply.code(status).type("application/xml").send(s3ErrorXml(code, message));
  }

  /** Checks the presigned URL; answers the S3 error itself and returns undefined when it fails. */
  function presignedOperation(
    request: FastifyRequest<ObjectRoute>,
    reply: FastifyReply,
    method: "PUT" | "GET",
    bucket: string,
  ): Operation | undefined {
    const [path, query = ""] = request.url.split("?");
    const params = new URLSearchParams(query);
    const signature = params.get("X-Amz-Signature");
    if (
      request.params.bucket !== bucket ||
      !signature ||
      signUrl(state.urlSecret, method, path, params) !== signature
    ) {
      s3Error(reply, 403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH, "s3.signature_does_not_match");
      return undefined;
    }
    const signedAt = parseAmzDate(params.get("X-Amz-Date") ?? "");
    const expires = Number(params.get("X-Amz-Expires"));
    if (!(state.clock.now() <= signedAt + expires * 1000)) {
      s3Error(reply, 403, "AccessDenied", "Request has expired", "s3.expired");
      return undefined;
    }
    const op = state.operations.get(request.params.key.replace(/\.jsonl$/, ""));
    if (!op) {
      s3Error(reply, 404, "NoSuchKey", "The specified key does not exist.", "s3.not_found");
      return undefined;
    }
    return op;
  }

  app.put<ObjectRoute>(
    `${S3.pathPrefix}/:bucket/:key`,
    { bodyLimit: state.config.maxUploadBytes },
    async (request, reply) => {
      const op = presignedOperation(request, reply, "PUT", S3.inputBucket);
      if (!op) return reply;
      if (request.headers[S3.sseHeader] !== S3.sseValue || request.headers[S3.sseKeyHeader] !== S3.kmsKeyArn) {
        return s3Error(reply, 403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH, "s3.signature_does_not_match");
      }
      if (op.uploadedAt !== undefined) {
        return s3Error(reply, 403, "AccessDenied", "Access Denied", "s3.upload_closed");
      }
      const file = request.body ?? Buffer.alloc(0);
      const topic = state.catalogue.topic(op.topic);
      const coded = state.operations.upload(op, file, (record) =>
        // topic exists: the operation was created through it
        codeRecord(state, topic!, record, DOCUMENTED_LIMITS.suggestionCount),
      );
      state.counters.s3Request("uploads");
      state.counters.asyncOperation("uploaded", coded);
      const etag = `"${createHash("md5").update(file).digest("hex")}"`;
      return reply.code(200).header("etag", etag).header(S3.sseHeader, S3.sseValue).send();
    },
  );

  app.get<ObjectRoute>(`${S3.pathPrefix}/:bucket/:key`, async (request, reply) => {
    const op = presignedOperation(request, reply, "GET", S3.outputBucket);
    if (!op) return reply;
    if (state.operations.status(op) !== "COMPLETED" || !op.outcome?.ok) {
      return s3Error(reply, 404, "NoSuchKey", "The specified key does not exist.", "s3.not_found");
    }
    state.counters.s3Request("downloads");
    return reply.type(S3.resultContentType).send(op.outcome.jsonl);
  });
}

/** "20260105T090000Z" → epoch ms (NaN when malformed, which counts as expired). */
function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}
