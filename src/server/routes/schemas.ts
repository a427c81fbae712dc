/**
 * TypeBox schemas of the inbound API (the runtime twin of src/shared/api.ts). Response schemas
 * are strict on purpose: fast-json-stringify drops any field not listed, so nothing can leak
 * into a response by accident.
 */
import { Type, type Static } from "@sinclair/typebox";

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

export const JobSchema = Type.Object({
  id: Type.String(),
  topic: Type.String(),
  status: Type.String(),
  total: Type.Integer(),
  done: Type.Integer(),
  coded: Type.Integer(),
  uncoded: Type.Integer(),
  errors: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Type.Optional(Type.String()),
  retryAfter: Type.Optional(Type.String()),
  model: Type.Optional(Type.String()),
  results: Type.Optional(Type.Array(CodeResultSchema)),
});

export const JobQuery = Type.Object({ results: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export const TopicsResponseSchema = Type.Object({
  topics: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), classification: Type.String() })),
});

const Iso = Type.Union([Type.String(), Type.Null()]);

export const StatusResponseSchema = Type.Object({
  version: Type.String(),
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
