/**
 * A stored job as the API shows it (JobStatus in src/shared/api.ts), with its time estimate.
 * The estimate is arithmetic, not a forecast: the job's records still to send, plus those of
 * older unfinished jobs ahead of it, in batches of BATCH_SIZE, one request per
 * UPSTREAM_SPACING_MS, starting at the next free send slot (or when a waiting job resumes), and
 * pushed to the next quota day when today's quota cannot cover the requests.
 */
import type { JobStatus } from "../../shared/api";
import type { DispatchPolicy } from "../config/types";
import { TERMINAL_JOB_STATES, type JobRecord } from "../state/StateStore";

export interface EtaContext {
  now: number;
  policy: Pick<DispatchPolicy, "batchSize" | "spacingMs">;
  /** When the next upstream request may start (the store's pacing). */
  nextFreeSlot: number;
  /** Records still to send by unfinished jobs created before this one (not counting waiting ones). */
  recordsAhead: number;
  /** Upstream requests left today, and when the quota day resets. */
  quota?: { left: number; resetsAt: number };
}

export function estimateEtaSeconds(job: JobRecord, ctx: EtaContext): number | undefined {
  if (TERMINAL_JOB_STATES.includes(job.state)) return undefined;
  const remaining = Math.max(0, job.total - job.done);
  const requests = Math.ceil((remaining + Math.max(0, ctx.recordsAhead)) / Math.max(1, ctx.policy.batchSize));
  let start = Math.max(ctx.now, ctx.nextFreeSlot);
  if (job.state === "waiting" && job.retryAfter) start = Math.max(start, job.retryAfter);
  let sending = requests * ctx.policy.spacingMs;
  if (ctx.quota && requests > ctx.quota.left && start < ctx.quota.resetsAt) {
    // Today's quota runs out part-way: the rest goes after the reset.
    start = ctx.quota.resetsAt;
    sending = (requests - Math.max(0, ctx.quota.left)) * ctx.policy.spacingMs;
  }
  return Math.max(0, Math.ceil((start - ctx.now + sending) / 1000));
}

/** Records still to send by the unfinished, non-waiting jobs created before `job`. */
export function recordsAhead(job: JobRecord, unfinished: JobRecord[]): number {
  let ahead = 0;
  for (const other of unfinished) {
    if (other.id === job.id || other.state === "waiting") continue;
    if (other.createdAt < job.createdAt || (other.createdAt === job.createdAt && other.id < job.id))
      ahead += Math.max(0, other.total - other.done);
  }
  return ahead;
}

export function describeJob(job: JobRecord, etaSeconds?: number): JobStatus {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: job.id,
    topic: job.topic,
    state: job.state,
    total: job.total,
    done: job.done,
    counts: { ...job.counts },
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
    ...(etaSeconds !== undefined ? { etaSeconds } : {}),
    ...(job.state === "waiting" && job.retryAfter ? { retryAfter: iso(job.retryAfter) } : {}),
    ...(job.state === "failed" && job.error ? { error: job.error } : {}),
  };
}
