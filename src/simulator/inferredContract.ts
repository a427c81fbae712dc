/**
 * EVERYTHING THE ABS GUIDE LEAVES OPEN, DECIDED IN ONE PLACE.
 *
 * The ABS User Guide does not show (see §13 "Gaps" of abs-coding-service.md): error body shapes,
 * the small-batch response, where suggestions go, the numberOfSuggestions range, model ids,
 * the ANZSCO topic names, any async shape after the create call, the quota reset time, which
 * calls count toward the limits, the token-endpoint errors and the organisation token block.
 * Each decision below carries its gap number (G1…G27) and its basis:
 *   [AWS] standard behaviour of the AWS component the guide says is used,
 *   [EXT] seen in third-party client code (OccIDEAS) calling the live API,
 *   [INF] our own inference.
 * When the real contract becomes known, change it here; the rest of the simulator follows.
 */
import { createHmac } from "node:crypto";
import type { CodeCandidate, CoderResult, Classification } from "./coderPort";
import { DOCUMENTED_LIMITS, MESSAGES, type EndpointKey } from "./messages";
import type {
  AsynchronousCodeResponseV1,
  AsynchronousCodeResponseV2,
  CodedRecord,
  ModelDetails,
  RecordObject,
  SynchronousCodeResponse,
} from "./wire";

// ---------------------------------------------------------------------------------------------
// Error bodies (G14)
// ---------------------------------------------------------------------------------------------

/** G14 [AWS]: API Gateway's default gateway-response body, used for every `message` error. */
export function errorBody(message: string): { message: string } {
  return { message };
}

/** G14 [AWS]: a Lambda-authorizer Deny answers with a capital-M `Message`. */
export const EXPLICIT_DENY_BODY = { Message: MESSAGES.explicitDeny } as const;

/** [AWS]: unknown path or wrong method on an API Gateway REST API. */
export const MISSING_AUTH_TOKEN = { status: 403, body: errorBody("Missing Authentication Token") };

/** [AWS]: a TOKEN authorizer with no header answers 401; off by default (the guide shows 403). */
export const UNAUTHORIZED = { status: 401, body: errorBody("Unauthorized") };

/** [AWS]: API Gateway's payload limit response (10 MB; our limit is configurable). */
export const REQUEST_TOO_LONG = { status: 413, body: errorBody("Request Too Long") };

/** G13 [INF]: status call for an operation that does not exist (message invented, §8.3). */
export const OPERATION_NOT_FOUND_MESSAGE = "The specified operation does not exist";

// ---------------------------------------------------------------------------------------------
// Authentication and the token endpoint (G15, G16, G25)
// ---------------------------------------------------------------------------------------------

/**
 * G15 [AWS]: Cognito token-endpoint errors are `400 {"error": code}` with no description.
 * [INF] order of checks: content type → organisation block → client authentication → grant type.
 */
export type TokenErrorCode =
  "invalid_request" | "invalid_client" | "unauthorized_client" | "unsupported_grant_type" | "invalid_scope";

export function tokenErrorBody(error: TokenErrorCode): { error: TokenErrorCode } {
  return { error };
}

/**
 * G15 [DOC §3.5 says only "token requests answer HTTP 403" while blocked]. The body is [INF]:
 * the message Cognito gives when AWS WAF blocks a request to a user pool.
 */
export const TOKEN_BLOCKED = {
  status: 403,
  body: { __type: "ForbiddenException", message: "Request not allowed due to WAF block." },
} as const;

/*
 * G15 [INF] the organisation token rule (implemented in ./tokens.ts and ./plugins/tokenEndpoint.ts):
 * - only token requests that would otherwise be granted (registered client, right secret,
 *   right grant type) count toward the window; malformed or wrongly authenticated requests get
 *   their 400 and count as "refused";
 * - the request that exceeds `tokenRequestsPerWindow` inside `tokenRequestWindowSeconds` is
 *   itself refused with 403 and starts a block of `tokenBlockSeconds`;
 * - requests during the block answer 403, are counted as "blocked" and do not extend it;
 * - the rule is kept per organisation (a client's `organisation`, default its client id), so
 *   excess requests by another client of the same organisation block everyone in it.
 * Whether API calls are also denied during a block is a switch (`tokenBlockDeniesApiCalls`,
 * default false: the founding document only says token requests answer 403).
 */

/** G16 [AWS]: the token response always carries `expires_in` and `token_type`. */
export function tokenResponse(accessToken: string, ttlSeconds: number) {
  return { access_token: accessToken, expires_in: ttlSeconds, token_type: "Bearer" as const };
}

/**
 * [AWS]: Cognito access tokens are JWTs. The simulator issues JWT-shaped opaque strings
 * (header.payload.random) and recognises only the ones it issued, so any other string is an
 * unknown token. Nothing should parse them.
 */
export function makeAccessToken(
  claims: { clientId: string; issuedAtMs: number; ttlSeconds: number; jti: string },
  signature: string,
): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const iat = Math.floor(claims.issuedAtMs / 1000);
  const header = { kid: "abs-simulator", alg: "RS256" };
  const payload = {
    sub: claims.clientId,
    token_use: "access",
    scope: "coder/api",
    auth_time: iat,
    iss: "https://abs-simulator.invalid",
    exp: iat + claims.ttlSeconds,
    iat,
    jti: claims.jti,
    client_id: claims.clientId,
  };
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

/**
 * §3.3 [EXT occideas] + G25 [INF]: only the `Authorization` header carries the credential (the
 * guide's `Authorisation` spelling is a different header and is ignored); its value must be the
 * raw token. `Bearer <token>` is denied.
 */
export const AUTH_HEADER = "authorization";
export const BEARER_PREFIX = /^bearer\s/i;

// ---------------------------------------------------------------------------------------------
// Limits (G17, G18, G20)
// ---------------------------------------------------------------------------------------------

/**
 * G17 [INF]: every authenticated /v1 call counts toward the per-client rate limit and daily
 * quota (GETs and async calls included); `security.txt` needs no token (G21) and counts toward
 * nothing; token calls are governed only by the organisation token rule. A call refused by the
 * rate limit or the quota does not consume either; a call refused later (400, 404, 409, 500)
 * has consumed both, as with an API Gateway usage plan.
 */
export function countsTowardLimits(endpoint: EndpointKey): boolean {
  return endpoint !== "securityTxt";
}

/** G18 [AWS]: API Gateway DAY quotas reset at 00:00 UTC. Returns the current period's start. */
export function quotaPeriodStart(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** G18 [AWS]: the next 00:00 UTC after `nowMs`. */
export function nextQuotaReset(nowMs: number): number {
  return quotaPeriodStart(nowMs) + 24 * 3600 * 1000;
}

/** G18 [INF]: throttle burst (token-bucket capacity) — 1, i.e. strictly spaced requests. */
export const DEFAULT_BURST = 1;

/** G20 [INF]: a public-tier token calling an async endpoint gets the explicit deny. */
export const PARTNER_ONLY_ENDPOINTS: ReadonlySet<EndpointKey> = new Set<EndpointKey>([
  "batchCode",
  "modelBatchCode",
  "operation",
  "modelOperation",
]);

/** G21 [INF]: endpoints that answer without a token. */
export const ENDPOINTS_WITHOUT_AUTH: ReadonlySet<EndpointKey> = new Set<EndpointKey>(["securityTxt"]);

/** §4 [DOC formats] "no query string parameters are accepted"; §12 [INF]: → Invalid request body. */
export const REJECT_QUERY_STRINGS = true;

// ---------------------------------------------------------------------------------------------
// Request bodies (G3, G19, G23, G24)
// ---------------------------------------------------------------------------------------------

/** G3 [INF]: `numberOfSuggestions` is optional, an integer 1..16; absent means 16. */
export const NUMBER_OF_SUGGESTIONS = { min: 1, max: DOCUMENTED_LIMITS.maxResultLength, default: 16 } as const;

/** G24 [INF]: the gateway model sets additionalProperties:false — unknown fields are rejected. */
export const REJECT_UNKNOWN_FIELDS = true;
export const REQUEST_FIELDS = ["record", "records", "numberOfSuggestions"] as const;
/** G23 [INF]: `recordId` is allowed on the single-record form too, and echoed. */
export const RECORD_FIELDS = ["recordId", "occp_text", "tasks_text"] as const;

/**
 * G19 [INF]: the limit is the sum of the two string lengths (no truncation); over → Invalid
 * request body. Field types are checked by the gateway (wrong type → Invalid request body);
 * a record without a field the model needs is the backend's "Malformed record found in request".
 * Sync: `occp_text` is needed and `tasks_text` may be left out (the guide only recommends it);
 * async: both keys are needed on every line [DOC-v1b/v2 formats].
 */
export const SYNC_REQUIRED_FIELDS = ["occp_text"] as const;
export const ASYNC_REQUIRED_FIELDS = ["occp_text", "tasks_text"] as const;

// ---------------------------------------------------------------------------------------------
// Topics and models (G6, G7, G8)
// ---------------------------------------------------------------------------------------------

export interface ModelDefinition {
  modelId: string;
  modelVersion: number;
  modelReleaseDate: string;
  modelType: string;
  inputFormat: string[];
}

export interface TopicDefinition {
  uriName: string;
  fullName: string;
  /** Which classification the local coder codes this topic to. */
  classification: Classification;
  topicVersion: string;
  /** The latest model is the one with the highest modelVersion. May be empty (→ 500). */
  models: ModelDefinition[];
}

const INPUT_FORMAT = ["occp_text", "tasks_text"];

/**
 * G8 [INF]: the ANZSCO topic is `anzsco` with an "ANZSCO - …" full name. G7 [INF]: model ids are
 * fixed GUIDs (invented; 6f1c2a9e-… is the doc's illustrative id), OSCA has an older and a
 * latest model so pinning can be exercised.
 */
export const DEFAULT_TOPICS: readonly TopicDefinition[] = [
  {
    uriName: "osca",
    fullName: "OSCA - Occupation Standard Classification for Australia",
    classification: "osca",
    topicVersion: "1.0",
    models: [
      {
        modelId: "3d0c9f52-7a1e-4b8f-9c21-5e6a7b8c9d01",
        modelVersion: 1,
        modelReleaseDate: "2025-06-30T00:00:00Z",
        modelType: "hsvm",
        inputFormat: INPUT_FORMAT,
      },
      {
        modelId: "6f1c2a9e-0b7d-4c1e-9a55-2d8e3f4a7b10",
        modelVersion: 2,
        modelReleaseDate: "2025-10-22T00:00:00Z",
        modelType: "hsvm",
        inputFormat: INPUT_FORMAT,
      },
    ],
  },
  {
    uriName: "anzsco",
    fullName: "ANZSCO - Australian and New Zealand Standard Classification of Occupations",
    classification: "anzsco",
    topicVersion: "2022",
    models: [
      {
        modelId: "b2e4d6f8-1a3c-4e5f-8a7b-9c0d1e2f3a4b",
        modelVersion: 1,
        modelReleaseDate: "2025-10-22T00:00:00Z",
        modelType: "hsvm",
        inputFormat: INPUT_FORMAT,
      },
    ],
  },
];

/** G7 [INF]: a model's details object (§6.2 fields). */
export function modelDetails(topic: TopicDefinition, model: ModelDefinition): ModelDetails {
  return {
    modelId: model.modelId,
    modelVersion: model.modelVersion,
    modelReleaseDate: model.modelReleaseDate,
    modelType: model.modelType,
    inputFormat: [...model.inputFormat],
    topicStandard: topic.fullName,
    topicVersion: topic.topicVersion,
  };
}

/** G7 [INF]: `GET …/models` is a JSON array of model details, oldest first. */
export function modelsListBody(topic: TopicDefinition): ModelDetails[] {
  return [...topic.models].sort((a, b) => a.modelVersion - b.modelVersion).map((m) => modelDetails(topic, m));
}

/** G6 [INF]: `GET /v1/topics/{topic}` answers the same object as `…/models/latest`. */
export const TOPIC_DESCRIBE_IS_LATEST_MODEL = true;

// ---------------------------------------------------------------------------------------------
// Coding responses (G1, G2, G4, G5, G23)
// ---------------------------------------------------------------------------------------------

/** G5 [INF]: confidences are 0–1 floats, rounded to 4 decimal places. */
export function toCodedRecord(candidate: CodeCandidate): CodedRecord {
  return {
    codeCategory: candidate.code,
    codeLabel: candidate.title,
    codeConfidence: Math.round(candidate.confidence * 10_000) / 10_000,
  };
}

/** How many candidates to ask the coder for, given numberOfSuggestions. */
export function candidatesWanted(numberOfSuggestions: number): number {
  return Math.max(numberOfSuggestions, DOCUMENTED_LIMITS.suggestionCount);
}

/**
 * Single record (§5.5 [DOC glossary, EXT occideas]): a bare SynchronousCodeResponse; `result`
 * holds up to numberOfSuggestions codes (G4 [INF]: the coder's related alternatives), and is
 * empty when nothing passes the threshold [DOC]. `recordId` is echoed when sent (G23 [INF]).
 */
export function syncSingleResponse(
  input: RecordObject,
  coded: CoderResult,
  numberOfSuggestions: number,
): SynchronousCodeResponse {
  const result = coded.status === "successful" ? coded.candidates.slice(0, numberOfSuggestions).map(toCodedRecord) : [];
  return withRecordId(input, { codeStatus: coded.status, input: { ...input }, result });
}

/**
 * G1 [INF]: a small batch answers a JSON array of SynchronousCodeResponse, one per record, in
 * input order. G2 [INF]: an uncoded record carries its (up to) 3 suggestions [DOC formats] in
 * `result` with codeStatus "unsuccessful", capped by numberOfSuggestions too.
 */
export function syncBatchItem(
  input: RecordObject,
  coded: CoderResult,
  numberOfSuggestions: number,
): SynchronousCodeResponse {
  const limit =
    coded.status === "successful"
      ? numberOfSuggestions
      : Math.min(numberOfSuggestions, DOCUMENTED_LIMITS.suggestionCount);
  const result = coded.candidates.slice(0, limit).map(toCodedRecord);
  return withRecordId(input, { codeStatus: coded.status, input: { ...input }, result });
}

function withRecordId(input: RecordObject, body: SynchronousCodeResponse): SynchronousCodeResponse {
  return input.recordId === undefined ? body : { recordId: input.recordId, ...body };
}

// ---------------------------------------------------------------------------------------------
// Asynchronous batch coding (G9, G10, G11, G12, G13)
// ---------------------------------------------------------------------------------------------

/** G10 [INF]: operation status values (§8.3 placeholders). */
export type OperationStatus = "AWAITING_UPLOAD" | "PENDING" | "IN_PROGRESS" | "COMPLETED" | "FAILED";

/** G9/G11 [INF]: simulated S3 buckets; served by this same host under /s3/. */
export const S3 = {
  pathPrefix: "/s3",
  inputBucket: "abs-coder-batch-input",
  outputBucket: "abs-coder-batch-output",
  region: "ap-southeast-2",
  kmsKeyArn: "arn:aws:kms:ap-southeast-2:000000000000:key/5e1b7c3a-9d2f-4a6e-8b0c-1f2e3d4c5b6a",
  /** G9 [INF]: the upload URL is signed with these headers; they must be sent with the PUT. */
  sseHeader: "x-amz-server-side-encryption",
  sseValue: "aws:kms",
  sseKeyHeader: "x-amz-server-side-encryption-aws-kms-key-id",
  /** [INF] content type of the result file. */
  resultContentType: "application/jsonl",
} as const;

/** G9 [INF]: upload URL lifetime; G11 [INF]: download URL lifetime. */
export const DEFAULT_UPLOAD_URL_TTL_SECONDS = 3600;
export const DOWNLOAD_URL_TTL_SECONDS = 3600;
/** [INF]: "a short period of time" — scanning then coding, simulated by the clock. */
export const DEFAULT_ASYNC_SCAN_SECONDS = 2;
export const DEFAULT_ASYNC_PROCESSING_SECONDS = 5;
/** [AWS]: a single S3 PUT takes up to 5 GB; the simulator keeps this configurable. */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** G9/G11 [AWS]: an S3 SigV4-style presigned URL (the signature is an HMAC of our own). */
export function presignedUrl(args: {
  baseUrl: string;
  bucket: string;
  key: string;
  method: "PUT" | "GET";
  issuedAtMs: number;
  expiresSeconds: number;
  signedHeaders: string[];
  secret: string;
}): string {
  const amzDate = new Date(args.issuedAtMs)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const params = new URLSearchParams({
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": `SIMULATOR/${amzDate.slice(0, 8)}/${S3.region}/s3/aws4_request`,
    "X-Amz-Date": amzDate,
    "X-Amz-Expires": String(args.expiresSeconds),
    "X-Amz-SignedHeaders": ["host", ...args.signedHeaders].join(";"),
  });
  const path = `${S3.pathPrefix}/${args.bucket}/${args.key}`;
  params.set("X-Amz-Signature", signUrl(args.secret, args.method, path, params));
  return `${args.baseUrl}${path}?${params.toString()}`;
}

/** The signature over method, path and the X-Amz-* parameters except the signature itself. */
export function signUrl(secret: string, method: string, path: string, params: URLSearchParams): string {
  const canonical = [...params.entries()]
    .filter(([k]) => k !== "X-Amz-Signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  return createHmac("sha256", secret).update(`${method}\n${path}\n${canonical}`).digest("hex");
}

/** [AWS]: S3 error documents are XML. */
export function s3ErrorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/** G10/G11 [INF]: the status response (§8.3 placeholders: status, resultDownloadUrl, recordCount). */
export interface OperationStatusBody {
  operationId: string;
  status: OperationStatus;
  topic: string;
  modelId: string;
  createdAt: string;
  uploadedAt?: string;
  completedAt?: string;
  recordCount?: number;
  resultDownloadUrl?: string;
  resultDownloadUrlExpiresAt?: string;
  message?: string;
}

/**
 * G12/G13 [INF]: an input file is validated as one packet, like a small batch: the first bad
 * line fails the whole operation (status FAILED, `message` = the documented error text plus
 * the line number); no record is coded. An upload URL that expires unused also ends FAILED.
 */
export const UPLOAD_EXPIRED_MESSAGE = "The upload URL expired before an input file was received";
export function lineErrorMessage(message: string, lineNumber: number): string {
  return `${message} (line ${lineNumber})`;
}

/** §6.5 [DOC]: output shape switch — v2 by default, v1 for the original guide's shape. */
export type AsyncOutputShape = "v2" | "v1";

/**
 * One JSONL output line (§6.5). v2 [DOC-v1b/v2 + INF]: `recordId` null when absent; `result`
 * the top code when successful, else null; `suggestions` up to 3 when unsuccessful, else [].
 * v1 [DOC]: `recordId` "" when absent; only `result` (success) or only `suggestions`.
 * G12 [INF]: lines are written in input order (clients should still match by recordId).
 */
export function asyncOutputLine(
  input: RecordObject,
  coded: CoderResult,
  shape: AsyncOutputShape,
): AsynchronousCodeResponseV2 | AsynchronousCodeResponseV1 {
  const top = coded.status === "successful" && coded.candidates[0] ? toCodedRecord(coded.candidates[0]) : null;
  const suggestions =
    top === null ? coded.candidates.slice(0, DOCUMENTED_LIMITS.suggestionCount).map(toCodedRecord) : [];
  if (shape === "v1") {
    return top ? { recordId: input.recordId ?? "", result: top } : { recordId: input.recordId ?? "", suggestions };
  }
  return {
    recordId: input.recordId ?? null,
    codeStatus: top ? "successful" : "unsuccessful",
    input: { ...input },
    result: top,
    suggestions,
  };
}

// ---------------------------------------------------------------------------------------------
// security.txt (G21)
// ---------------------------------------------------------------------------------------------

/** G21 [INF]: an RFC 9116 document, text/plain, no token needed. Placeholder contacts only. */
export const SECURITY_TXT = [
  "Contact: mailto:security@example.invalid",
  "Expires: 2099-12-31T23:59:59.000Z",
  "Preferred-Languages: en",
  "",
].join("\n");
