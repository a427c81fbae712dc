/**
 * The literal strings and limits that the ABS User Guide documents, each with the section of
 * /work/shared/docs/abs-coding-service.md (and the guide page) it comes from. Nothing here is
 * inferred: anything the guide leaves open lives in ./inferredContract.ts instead.
 */

/** §9.1 [DOC errors] — the literal error messages. */
export const MESSAGES = {
  /** §9.1, §4 [DOC errors, formats]: bad JSON, > 300 records, non-printable ASCII, over-length text. */
  invalidRequestBody: "Invalid request body",
  /** §9.1 [DOC errors]: sync record does not match the model's expected input format. */
  malformedRecord: "Malformed record found in request",
  /** §9.1, §3.3 [DOC errors, EXT occideas]: no/expired/unknown token, `Bearer ` prefix. */
  explicitDeny: "User is not authorized to access this resource with an explicit deny",
  /** §9.1 [DOC errors]: daily quota. */
  limitExceeded: "Limit Exceeded",
  /** §9.1 [DOC errors]: rate throttle. */
  tooManyRequests: "Too Many Requests",
  /** §9.1 [DOC errors]: unexpected server error. */
  errorPerformingRequest: "Error performing request",
  /** §9.1 [DOC errors]. */
  topicNotFound: "The specified topic does not exist",
  /** §9.1 [DOC errors]. */
  modelNotFound: "The specified model does not exist",
  /** §9.1 [DOC errors] (the trailing full stop is part of the documented text). */
  modelTopicMismatch: "Selected model does not match the input topic.",
  /** §9.1 [DOC-v1b errors]; v1 read "No models found for topic topic". */
  noModelsForTopic: "No models found for topic",
} as const;

/** §10 [DOC] limits. Every one of them is configurable in SimulatorOptions. */
export const DOCUMENTED_LIMITS = {
  /** §1.1, §10 [DOC]: 1 request/second for both tiers (partner: [DOC-v2]). */
  requestsPerSecond: 1,
  /** §1.1, §10 [DOC]: public daily ceiling. */
  publicDailyQuota: 1_000,
  /** §1.1, §10 [DOC-v2]: partner daily ceiling. */
  partnerDailyQuota: 10_000,
  /** §5.5, §10 [DOC]: records per synchronous small batch. */
  maxBatchRecords: 300,
  /** §4, §10 [DOC]: combined occp_text + tasks_text characters, synchronous. */
  maxSyncTextLength: 100,
  /** §4, §10 [DOC-v2]: combined occp_text + tasks_text characters, asynchronous. */
  maxAsyncTextLength: 300,
  /** §3.4, §3.5 [DOC-v1b authentication]: tokens are valid for 60 minutes. */
  tokenTtlSeconds: 3600,
  /** §3.5 [DOC authentication]: at most one token request per hour per integration. */
  tokenRequestsPerWindow: 1,
  tokenRequestWindowSeconds: 3600,
  /** §6.4 [DOC glossary]: a synchronous `result` holds at most 16 codes. */
  maxResultLength: 16,
  /** §7 [DOC formats]: an uncodable record gets 3 suggestions (small batch and async). */
  suggestionCount: 3,
} as const;

/** §3.2 [DOC authentication]: the one documented grant type and form content type. */
export const TOKEN_REQUEST = {
  grantType: "client_credentials",
  contentType: "application/x-www-form-urlencoded",
  /** §3.2 [DOC + AWS]: `token_type` of a Cognito client-credentials response. */
  tokenType: "Bearer",
} as const;

/** §4 [DOC formats]: "printable ASCII only"; practical rule 0x20–0x7E ([INF] in §4). */
export const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** §5 [DOC endpoints]: the path of every endpoint, as the guide writes it. Used as counter keys. */
export const ENDPOINT_PATHS = {
  topics: "GET /v1/topics",
  topic: "GET /v1/topics/{topic}",
  code: "POST /v1/topics/{topic}/code",
  models: "GET /v1/topics/{topic}/models",
  latestModel: "GET /v1/topics/{topic}/models/latest",
  modelCode: "POST /v1/topics/{topic}/models/{model}/code",
  batchCode: "POST /v1/topics/{topic}/batch-code",
  modelBatchCode: "POST /v1/topics/{topic}/models/{model}/batch-code",
  operation: "GET /v1/topics/{topic}/batch-code/operations/{operation_id}",
  modelOperation: "GET /v1/topics/{topic}/models/{model}/batch-code/operations/{operation_id}",
  securityTxt: "GET /v1/security.txt",
} as const;

export type EndpointKey = keyof typeof ENDPOINT_PATHS;
