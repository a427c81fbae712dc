/**
 * Large selections as persisted jobs, so a closed task pane or a restart loses nothing: inputs
 * and every final result are in the store; at start-up unfinished jobs resume where they were.
 * A record whose error names a retry time (quota, token permit) is not final: the job waits
 * until then and carries on by itself. A cancelled job sends nothing more: its records still in
 * the dispatcher's queue leave it, no further chunk is handed over, and what was coded stays.
 */
import { randomBytes } from "node:crypto";
import type { CodeResult, Topic } from "../../shared/api";
import type { Clock } from "../../shared/clock";
import { CANCELLED, type Dispatcher } from "../dispatch/Dispatcher";
import { isTransient } from "../dispatch/outcomes";
import { TERMINAL_JOB_STATES, type JobInputRecord, type JobRecord, type StateStore } from "../state/StateStore";

export interface JobRunnerDeps {
  store: StateStore;
  dispatcher: Pick<Dispatcher, "code">;
  clock: Clock;
  /** Records handed to the dispatcher at a time; each chunk's results are saved before the next. */
  chunkSize?: number;
  /** After an unexpected failure (the store, a bug) a job waits this long and tries again. */
  retryAfterFailureMs?: number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export class JobRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly deps: JobRunnerDeps) {}

  async submit(team: string, topic: Topic, records: JobInputRecord[]): Promise<JobRecord> {
    const now = this.deps.clock.now();
    const id = randomBytes(12).toString("base64url");
    await this.deps.store.createJob(
      { id, team, topic, state: "queued", total: records.length, createdAt: now, updatedAt: now },
      records,
    );
    this.start(id);
    return (await this.deps.store.getJob(id))!;
  }

  /**
   * Cancels a job: it becomes "cancelled" (unless it already finished), its records still
   * waiting in this instance's dispatcher leave the queue unsent, and no further chunk is sent.
   * Another instance running the job notices before its next chunk. Idempotent.
   */
  async cancel(id: string): Promise<JobRecord | null> {
    await this.deps.store.setJobState(id, "cancelled", this.deps.clock.now());
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
    this.controllers.get(id)?.abort();
    return this.deps.store.getJob(id);
  }

  /** Picks up every job a previous run left unfinished. */
  async resumeUnfinished(): Promise<number> {
    const jobs = await this.deps.store.unfinishedJobs();
    for (const job of jobs) {
      if (job.state === "waiting" && job.retryAfter && job.retryAfter > this.deps.clock.now())
        this.schedule(job.id, job.retryAfter);
      else this.start(job.id);
    }
    if (jobs.length > 0) this.deps.log?.info({ jobs: jobs.length }, "resumed unfinished jobs");
    return jobs.length;
  }

  /** Resolves when the job has nothing left to do right now (tests and shutdown). */
  async idle(id?: string): Promise<void> {
    await Promise.allSettled(id ? [this.running.get(id)] : [...this.running.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.idle();
  }

  private start(id: string): void {
    if (this.stopped || this.running.has(id)) return;
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const run = this.process(id, controller.signal)
      .catch((error: unknown) => this.failed(id, error))
      .finally(() => {
        this.running.delete(id);
        if (this.controllers.get(id) === controller) this.controllers.delete(id);
      });
    this.running.set(id, run);
  }

  private schedule(id: string, at: number): void {
    if (this.stopped) return;
    const previous = this.timers.get(id);
    if (previous) clearTimeout(previous);
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        this.start(id);
      },
      Math.max(0, at - this.deps.clock.now()),
    );
    timer.unref();
    this.timers.set(id, timer);
  }

  /** An unexpected failure: the job waits a minute and carries on (it never silently stalls). */
  private async failed(id: string, error: unknown): Promise<void> {
    const retryAt = this.deps.clock.now() + (this.deps.retryAfterFailureMs ?? 60_000);
    this.deps.log?.warn({ job: id, error: (error as Error).message }, "job failed; it carries on in a minute");
    try {
      if (await this.deps.store.setJobState(id, "waiting", this.deps.clock.now(), { retryAfter: retryAt }))
        this.schedule(id, retryAt);
    } catch {
      // The store itself is failing: the job keeps its state and resumes at the next start.
    }
  }

  private async process(id: string, signal: AbortSignal): Promise<void> {
    const { store, clock } = this.deps;
    const job = await store.getJob(id);
    if (!job || TERMINAL_JOB_STATES.includes(job.state)) return;
    if (!(await store.setJobState(id, "running", clock.now()))) return;
    const inputs = await store.jobInputs(id);
    const finished = await store.jobResultIndexes(id);
    const todo = inputs.map((record, index) => ({ record, index })).filter(({ index }) => !finished.has(index));
    const chunkSize = this.deps.chunkSize ?? 1_000;
    let retryAt: number | null = null;

    for (let start = 0; start < todo.length; start += chunkSize) {
      if (this.stopped || signal.aborted || (await this.cancelledElsewhere(id))) return;
      const chunk = todo.slice(start, start + chunkSize);
      const { results } = await this.deps.dispatcher.code(
        job.team,
        job.topic,
        chunk.map(({ record }) => record),
        { signal },
      );
      const final: { index: number; result: CodeResult }[] = [];
      results.forEach((result, i) => {
        if (result.error?.reason === CANCELLED.reason) return; // never sent: no result
        if (isTransient(result.error)) retryAt = Math.min(retryAt ?? Infinity, Date.parse(result.error!.retryAfter!));
        else final.push({ index: chunk[i]!.index, result });
      });
      // Saved even when cancelled meanwhile: records already sent were paid for.
      await store.saveJobResults(id, final, clock.now());
      if (retryAt !== null) break; // the rest would meet the same closed door
    }
    if (this.stopped || signal.aborted) return;
    if (retryAt !== null) {
      if (await store.setJobState(id, "waiting", clock.now(), { retryAfter: retryAt })) this.schedule(id, retryAt);
    } else {
      await store.setJobState(id, "done", clock.now());
    }
  }

  /** A job cancelled through another instance (shared store) stops before its next chunk. */
  private async cancelledElsewhere(id: string): Promise<boolean> {
    return (await this.deps.store.getJob(id))?.state === "cancelled";
  }
}
