/**
 * TypeBox schemas of the inbound API (the runtime twin of src/shared/api.ts). Response schemas
 * are strict on purpose: fast-json-stringify drops any field not listed, so nothing can leak
 * into a response by accident.
 */
import { Type, type Static } from "@sinclair/typebox";
import {
  JOB_RESULTS_PAGE,
  type ApiErrorBody,
  type CodeResult,
  type JobResultsPage,
  type JobStatus,
  type StatusCaller,
} from "../../shared/api";

export const TopicSchema = Type.Union([Type.Literal("osca"), Type.Literal("anzsco")]);

export const RecordInputSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200 }),
    occp_text: Type.String({ maxLength: 4000 }),
    tasks_text: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const CodeRequestSchema = Type.Object(
  { topic: TopicSchema, records: Type.Array(RecordInputSchema, { minItems: 1 }) },
  { additionalProperties: false },
);
export type CodeRequestBody = Static<typeof CodeRequestSchema>;

const SuggestionSchema = Type.Object({ code: Type.String(), title: Type.String(), confidence: Type.Number() });

const RecordErrorSchema = Type.Object({
  reason: Type.String(),
  message: Type.String(),
  retryAfter: Type.Optional(Type.String()),
});

export const CodeResultSchema = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal("coded"), Type.Literal("uncoded"), Type.Literal("error")]),
  code: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  level: Type.Optional(Type.Integer()),
  confidence: Type.Optional(Type.Number()),
  suggestions: Type.Array(SuggestionSchema),
  cleaned: Type.Optional(
    Type.Object({ occp_text: Type.String(), tasks_text: Type.String(), changes: Type.Array(Type.String()) }),
  ),
  error: Type.Optional(RecordErrorSchema),
});

export const CodeResponseSchema = Type.Object({ model: Type.String(), results: Type.Array(CodeResultSchema) });

export const ApiErrorSchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  retryAfter: Type.Optional(Type.String()),
});

export const JobIdParams = Type.Object({ id: Type.String({ pattern: "^[A-Za-z0-9_-]{1,64}$" }) });

export const JobStateSchema = Type.Union([
  Type.Literal("queued"),
  Type.Literal("running"),
  Type.Literal("waiting"),
  Type.Literal("done"),
  Type.Literal("failed"),
  Type.Literal("cancelled"),
]);

/** JobStatus: POST /api/jobs (202), GET and DELETE /api/jobs/:id. */
export const JobStatusSchema = Type.Object({
  id: Type.String(),
  topic: TopicSchema,
  state: JobStateSchema,
  total: Type.Integer(),
  done: Type.Integer(),
  counts: Type.Object({ coded: Type.Integer(), uncoded: Type.Integer(), error: Type.Integer() }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  etaSeconds: Type.Optional(Type.Integer()),
  retryAfter: Type.Optional(Type.String()),
  error: Type.Optional(ApiErrorSchema),
});

export const JobResultsQuery = Type.Object(
  {
    offset: Type.Integer({ minimum: 0, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: JOB_RESULTS_PAGE.maxLimit, default: JOB_RESULTS_PAGE.defaultLimit }),
  },
  { additionalProperties: false },
);
export type JobResultsQueryValues = Static<typeof JobResultsQuery>;

/** JobResultsPage: GET /api/jobs/:id/results. */
export const JobResultsPageSchema = Type.Object({
  id: Type.String(),
  offset: Type.Integer(),
  total: Type.Integer(),
  results: Type.Array(CodeResultSchema),
});

export const TopicsResponseSchema = Type.Object({
  topics: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), classification: Type.String() })),
});

const Iso = Type.Union([Type.String(), Type.Null()]);

export const StatusResponseSchema = Type.Object({
  version: Type.String(),
  /** Who is asking: the team of the API key, or "dev-open" for keyless local calls. */
  caller: Type.Object({ team: Type.String() }),
  upstream: Type.Object({ kind: Type.String(), apiHost: Type.String(), simulator: Type.Boolean() }),
  token: Type.Object({
    state: Type.String(),
    generation: Type.Union([Type.Integer(), Type.Null()]),
    obtainedAt: Iso,
    ageSeconds: Type.Union([Type.Integer(), Type.Null()]),
    expiresAt: Iso,
    lastRequestAt: Iso,
    lastRequestOutcome: Type.Union([Type.String(), Type.Null()]),
    nextPermittedRequestAt: Iso,
    requestsLast24h: Type.Integer(),
    blocked: Type.Union([Type.Object({ until: Type.String(), reason: Type.String() }), Type.Null()]),
  }),
  quota: Type.Object({
    day: Type.String(),
    limit: Type.Integer(),
    used: Type.Number(),
    left: Type.Number(),
    closed: Type.Boolean(),
    resetsAt: Type.String(),
    teams: Type.Array(
      Type.Object({
        team: Type.String(),
        share: Type.Number(),
        limit: Type.Number(),
        used: Type.Number(),
        left: Type.Number(),
      }),
    ),
  }),
  pacing: Type.Object({ spacingMs: Type.Integer(), nextFreeSlotAt: Iso }),
  cache: Type.Object({
    hits: Type.Integer(),
    misses: Type.Integer(),
    hitRate: Type.Union([Type.Number(), Type.Null()]),
    entries: Type.Integer(),
  }),
  queue: Type.Object({
    waitingRecords: Type.Integer(),
    requestsInFlight: Type.Integer(),
    upstreamRequests: Type.Integer(),
    upstreamRecords: Type.Integer(),
  }),
});

// The schemas above are the runtime twin of src/shared/api.ts: these fail to compile when the two drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemasMatchSharedTypes = [
  Assert<Same<Static<typeof CodeResultSchema>, CodeResult>>,
  Assert<Same<Static<typeof ApiErrorSchema>, ApiErrorBody>>,
  Assert<Same<Static<typeof JobStatusSchema>, JobStatus>>,
  Assert<Same<Static<typeof JobResultsPageSchema>, JobResultsPage>>,
  Assert<Same<Static<typeof StatusResponseSchema>["caller"], StatusCaller>>,
];
