/** POST /api/jobs, GET /api/jobs/:id: large selections coded in the background, persisted. */
import type { FastifyInstance } from "fastify";
import type { CodeResult, JobView } from "../../shared/api";
import { sendError } from "../http/errors";
import type { Services } from "../services";
import type { JobRecord } from "../state/StateStore";
import { ApiErrorSchema, CodeRequestSchema, JobIdParams, JobQuery, JobSchema, type CodeRequestBody } from "./schemas";

export async function jobRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const { jobs, store, config, metrics } = services;

  app.post<{ Body: CodeRequestBody }>(
    "/jobs",
    {
      bodyLimit: 256 * 1024 * 1024,
      schema: { body: CodeRequestSchema, response: { 202: JobSchema, "4xx": ApiErrorSchema } },
    },
    async (request, reply) => {
      const { topic, records } = request.body;
      if (records.length > config.maxJobRecords) {
        return sendError(
          reply,
          413,
          "too_many_records",
          `A job holds at most ${config.maxJobRecords} records; this one has ${records.length}. Split the selection.`,
        );
      }
      metrics.recordsRequested.inc(records.length);
      const job = await jobs.submit(request.caller.team, topic, records);
      reply.code(202).header("location", `/api/jobs/${job.id}`);
      return describe(job, new Map(), false);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { results?: boolean } }>(
    "/jobs/:id",
    { schema: { params: JobIdParams, querystring: JobQuery, response: { 200: JobSchema, "4xx": ApiErrorSchema } } },
    async (request, reply) => {
      const job = await store.getJob(request.params.id);
      // Another team's job is as invisible as a job that does not exist.
      if (!job || job.team !== request.caller.team)
        return sendError(reply, 404, "job_not_found", "No such job for your team.");
      const results = await store.jobResults(job.id);
      const include = request.query.results ?? job.status === "done";
      return describe(job, results, include);
    },
  );
}

function describe(job: JobRecord, results: Map<number, CodeResult>, includeResults: boolean): JobView {
  const counts = { coded: 0, uncoded: 0, errors: 0 };
  for (const result of results.values()) {
    if (result.status === "coded") counts.coded++;
    else if (result.status === "uncoded") counts.uncoded++;
    else counts.errors++;
  }
  const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());
  return {
    id: job.id,
    topic: job.topic,
    status: job.status,
    total: job.total,
    done: job.done,
    ...counts,
    createdAt: iso(job.createdAt)!,
    updatedAt: iso(job.updatedAt)!,
    finishedAt: iso(job.finishedAt),
    retryAfter: iso(job.retryAfter),
    ...(includeResults ? { results: [...results.entries()].sort(([a], [b]) => a - b).map(([, r]) => r) } : {}),
  };
}
