/**
 * Large selections as persisted jobs, so a closed task pane or a restart loses nothing: inputs
 * and every final result are in the store; at start-up unfinished jobs resume where they were.
 * A record whose error names a retry time (quota, token permit) is not final: the job waits
 * until then and carries on by itself.
 */
import { randomBytes } from "node:crypto";
import type { CodeResult, Topic } from "../../shared/api";
import type { Clock } from "../../shared/clock";
import type { Dispatcher } from "../dispatch/Dispatcher";
import { isTransient } from "../dispatch/outcomes";
import type { JobInputRecord, JobRecord, StateStore } from "../state/StateStore";

export interface JobRunnerDeps {
  store: StateStore;
  dispatcher: Pick<Dispatcher, "code">;
  clock: Clock;
  /** Records handed to the dispatcher at a time; each chunk's results are saved before the next. */
  chunkSize?: number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export class JobRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly deps: JobRunnerDeps) {}

  async submit(team: string, topic: Topic, records: JobInputRecord[]): Promise<JobRecord> {
    const now = this.deps.clock.now();
    const id = randomBytes(12).toString("base64url");
    await this.deps.store.createJob(
      { id, team, topic, status: "queued", total: records.length, createdAt: now, updatedAt: now },
      records,
    );
    this.start(id);
    return (await this.deps.store.getJob(id))!;
  }

  /** Picks up every job a previous run left unfinished. */
  async resumeUnfinished(): Promise<number> {
    const jobs = await this.deps.store.unfinishedJobs();
    for (const job of jobs) {
      if (job.status === "waiting" && job.retryAfter && job.retryAfter > this.deps.clock.now())
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
    for (const timer of this.timers) clearTimeout(timer);
    await this.idle();
  }

  private start(id: string): void {
    if (this.stopped || this.running.has(id)) return;
    const run = this.process(id)
      .catch((error: unknown) =>
        this.deps.log?.warn({ job: id, error: (error as Error).message }, "job failed; it resumes at the next start"),
      )
      .finally(() => this.running.delete(id));
    this.running.set(id, run);
  }

  private schedule(id: string, at: number): void {
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.start(id);
      },
      Math.max(0, at - this.deps.clock.now()),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private async process(id: string): Promise<void> {
    const { store, clock } = this.deps;
    const job = await store.getJob(id);
    if (!job || job.status === "done") return;
    await store.setJobStatus(id, "running", clock.now());
    const inputs = await store.jobInputs(id);
    const finished = await store.jobResults(id);
    const todo = inputs.map((record, index) => ({ record, index })).filter(({ index }) => !finished.has(index));
    const chunkSize = this.deps.chunkSize ?? 1_000;
    let retryAt: number | null = null;

    for (let start = 0; start < todo.length && !this.stopped; start += chunkSize) {
      const chunk = todo.slice(start, start + chunkSize);
      const { results } = await this.deps.dispatcher.code(
        job.team,
        job.topic,
        chunk.map(({ record }) => record),
      );
      const final: { index: number; result: CodeResult }[] = [];
      results.forEach((result, i) => {
        if (isTransient(result.error)) retryAt = Math.min(retryAt ?? Infinity, Date.parse(result.error!.retryAfter!));
        else final.push({ index: chunk[i]!.index, result });
      });
      await store.saveJobResults(id, final, clock.now());
      if (retryAt !== null) break; // the rest would meet the same closed door
    }
    if (this.stopped) return;
    if (retryAt !== null) {
      await store.setJobStatus(id, "waiting", clock.now(), retryAt);
      this.schedule(id, retryAt);
    } else {
      await store.setJobStatus(id, "done", clock.now());
    }
  }
}
