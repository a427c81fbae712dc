/**
 * Background jobs (JobStatus / JobResultsPage in src/shared/api.ts): POST /api/jobs,
 * GET /api/jobs/:id, GET /api/jobs/:id/results, DELETE /api/jobs/:id. Persisted, coded in the
 * background, resumed after a restart. A job is visible only to the team that created it;
 * another team's job answers 404 like one that does not exist.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { JobResultsPage, JobStatus } from "../../shared/api";
import { sendError } from "../http/errors";
import { describeJob, estimateEtaSeconds, recordsAhead } from "../jobs/jobStatus";
import type { Services } from "../services";
import type { JobRecord } from "../state/StateStore";
import { nextUtcMidnight, utcDay } from "../time";
import {
  ApiErrorSchema,
  CodeRequestSchema,
  JobIdParams,
  JobResultsPageSchema,
  JobResultsQuery,
  JobStatusSchema,
  type CodeRequestBody,
  type JobResultsQueryValues,
} from "./schemas";

export async function jobRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const { jobs, store, config, metrics, clock } = services;

  /** The caller's job, or a 404 sent. */
  async function ownJob(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    const job = await store.getJob(request.params.id);
    if (job && job.team === request.caller.team) return job;
    await sendError(reply, 404, "job_not_found", "No such job for your team.");
    return null;
  }

  async function status(job: JobRecord): Promise<JobStatus> {
    const now = clock.now();
    const { dispatch } = config;
    const [nextFreeSlot, unfinished, usage] = await Promise.all([
      store.nextFreeSlot(),
      store.unfinishedJobs(),
      store.quotaUsage(utcDay(now)),
    ]);
    const eta = estimateEtaSeconds(job, {
      now,
      policy: dispatch,
      nextFreeSlot,
      recordsAhead: recordsAhead(job, unfinished),
      quota: {
        left: usage.closed ? 0 : Math.max(0, Math.floor(dispatch.dailyQuota - usage.used)),
        resetsAt: nextUtcMidnight(now),
      },
    });
    return describeJob(job, eta);
  }

  app.post<{ Body: CodeRequestBody }>(
    "/jobs",
    {
      bodyLimit: 256 * 1024 * 1024,
      schema: { body: CodeRequestSchema, response: { 202: JobStatusSchema, "4xx": ApiErrorSchema } },
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
      return status(job);
    },
  );

  app.get<{ Params: { id: string } }>(
    "/jobs/:id",
    { schema: { params: JobIdParams, response: { 200: JobStatusSchema, "4xx": ApiErrorSchema } } },
    async (request, reply) => {
      const job = await ownJob(request, reply);
      return job ? status(job) : reply;
    },
  );

  app.get<{ Params: { id: string }; Querystring: JobResultsQueryValues }>(
    "/jobs/:id/results",
    {
      schema: {
        params: JobIdParams,
        querystring: JobResultsQuery,
        response: { 200: JobResultsPageSchema, "4xx": ApiErrorSchema },
      },
    },
    async (request, reply): Promise<JobResultsPage | FastifyReply> => {
      const job = await ownJob(request, reply);
      if (!job) return reply;
      const { offset, limit } = request.query;
      const results = await store.jobResultsFrom(job.id, offset, limit);
      return { id: job.id, offset, total: job.total, results };
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/jobs/:id",
    { schema: { params: JobIdParams, response: { 200: JobStatusSchema, "4xx": ApiErrorSchema } } },
    async (request, reply) => {
      const job = await ownJob(request, reply);
      if (!job) return reply;
      const after = await jobs.cancel(job.id);
      request.log.info({ job: job.id, state: after?.state }, "job cancel requested");
      return status(after ?? job);
    },
  );
}
