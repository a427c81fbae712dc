/**
 * Turns many callers' records into as few, as full, as well-paced ABS requests as possible
 * (invariants 3, 4, 6):
 *
 *  - every record is cleaned first (src/shared/cleaning.ts); a record that cannot be sent gets
 *    its error and never joins a batch;
 *  - cache hits are answered at once; identical waiting texts share one queue entry;
 *  - one loop per process takes a send slot from the store (shared spacing across instances),
 *    then fills a batch of up to `batchSize` from every waiting caller, round-robin by team;
 *    while it waits for the slot, records keep queuing, so under load batches are full;
 *  - the daily quota (per UTC day, per team share) is charged in the store before each request;
 *  - 429 Too Many Requests and 5xx are retried with bounded, jittered backoff; a 400 is never
 *    retried: the batch is split in halves until the bad record is alone; Limit Exceeded closes
 *    the day; 401/403 rejects the token generation and nothing else;
 *  - a caller may pass an AbortSignal (a cancelled job): its records still waiting in the queue,
 *    and wanted by no other caller, leave the queue and are never sent; records already in a
 *    request finish normally.
 */
import type { CodeRecordInput, CodeResult, RecordError, Topic } from "../../shared/api";
import { cleanRecord, normaliseForKey } from "../../shared/cleaning";
import type { Clock } from "../../shared/clock";
import type { DispatchPolicy } from "../config/types";
import type { CachedResult, StateStore } from "../state/StateStore";
import { nextUtcMidnight, sleepUntil, utcDay, type Sleep } from "../time";
import { TokenUnavailableError, type TokenKeeper, type UsableToken } from "../token/TokenKeeper";
import { UpstreamError, type AbsCodeResponse, type AbsRecord } from "../upstream/absApi";
import { FairQueue } from "./FairQueue";
import { Outcomes, REJECTED_BY_ABS, cacheKey, errorResult, fromAbs } from "./outcomes";

/** The calls the dispatcher makes upstream (AbsApi in production, fakes in unit tests). */
export interface Upstream {
  code(
    token: string,
    topic: string,
    records: AbsRecord[],
    numberOfSuggestions: number,
  ): Promise<Map<string, AbsCodeResponse>>;
  latestModel(token: string, topic: string): Promise<string>;
}

export interface DispatchObserver {
  upstreamRequest(endpoint: "code" | "model", records: number, outcome: string): void;
  cache(hits: number, misses: number): void;
  queueDepth(waiting: number): void;
}

export interface DispatcherDeps {
  store: StateStore;
  clock: Clock;
  sleep: Sleep;
  keeper: TokenKeeper;
  upstream: Upstream;
  policy: DispatchPolicy;
  tokenMaxWaitMs: number;
  numberOfSuggestions: number;
  /** "auto" learns the model from ABS once a day; anything else is used as the model label. */
  modelVersion: string;
  timeZone: string;
  random?: () => number;
  observer?: DispatchObserver;
  log?: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
    debug(obj: object, msg: string): void;
  };
}

type Outcome = { result: CachedResult; model: string | null };

interface Entry {
  topic: Topic;
  team: string;
  enqueuedAt: number;
  key: string;
  normalised: string;
  text: { occp_text: string; tasks_text: string };
  settle: (outcome: Outcome) => void;
  /** Callers waiting for this entry; a cancelled caller gives its share up. */
  holders: number;
  /** queued: in the FairQueue; taken: in a batch being sent; settled: has its outcome. */
  where: "queued" | "taken" | "settled";
}

/** The outcome of a record whose caller cancelled before it was sent. */
export const CANCELLED: RecordError = {
  reason: "cancelled",
  message: "The job was cancelled before this record was sent; code it again to get a result.",
};

const INTERNAL_ERROR: RecordError = {
  reason: "internal",
  message: "The coding backend failed unexpectedly; retry, and tell the operator if it persists.",
};
const MODEL_CHECK_INTERVAL_MS = 24 * 3_600_000;
const SYSTEM_TEAM = "_system";

export class Dispatcher {
  private readonly queue = new FairQueue<Entry>();
  private readonly waiting = new Map<string, { entry: Entry; promise: Promise<Outcome> }>();
  private readonly outcomes: Outcomes;
  private loop: Promise<void> | undefined;
  private inFlight = new Set<Promise<void>>();
  private closed = false;
  readonly stats = { cacheHits: 0, cacheMisses: 0, upstreamRequests: 0, upstreamRecords: 0 };

  constructor(private readonly deps: DispatcherDeps) {
    this.outcomes = new Outcomes(deps.timeZone);
  }

  get waitingRecords(): number {
    return this.queue.size;
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /**
   * One outcome per record, in order. Never throws for a record's sake. When `signal` aborts,
   * records not yet sent get the CANCELLED error (and leave the queue unless another caller
   * waits for the same text); records already sent get their real outcome.
   */
  async code(
    team: string,
    topic: Topic,
    records: CodeRecordInput[],
    options: { signal?: AbortSignal } = {},
  ): Promise<{ model: string; results: CodeResult[] }> {
    const { signal } = options;
    if (signal?.aborted) {
      return { model: "unknown", results: records.map((r) => ({ ...errorResult(CANCELLED), id: r.id })) };
    }
    const model = await this.knownModel(topic);
    const cleaned = records.map((record) => cleanRecord(record));
    const normalised = cleaned.map((c) => (c.ok ? normaliseForKey(c.report) : ""));
    const keys = normalised.map((n) => (model ? cacheKey(topic, model, n) : ""));
    const cached = model ? await this.deps.store.getCached(keys.filter(Boolean)) : new Map<string, CachedResult>();

    let hits = 0;
    const held: Entry[] = [];
    const onCancel: Array<() => void> = [];
    const pending = cleaned.map((c, i): Outcome | Promise<Outcome> => {
      if (!c.ok) return { result: errorResult({ reason: c.reason, message: c.message }), model };
      const hit = cached.get(keys[i]!);
      if (hit) {
        hits++;
        return { result: hit, model };
      }
      if (signal?.aborted) return { result: errorResult(CANCELLED), model: null };
      const queued = this.enqueue(team, topic, normalised[i]!, {
        occp_text: c.report.occp_text,
        tasks_text: c.report.tasks_text,
      });
      const entry = queued.entry;
      if (!entry || !signal) return queued.promise;
      held.push(entry);
      // Once the caller lets go: an entry still queued (another caller wants it) is not waited
      // for; one already in a request is, for its real outcome.
      let letGo!: (outcome: Outcome | null) => void;
      const cancelled = new Promise<Outcome | null>((resolve) => (letGo = resolve));
      onCancel.push(() => letGo(entry.where === "queued" ? { result: errorResult(CANCELLED), model: null } : null));
      return Promise.race([queued.promise, cancelled.then((outcome) => outcome ?? queued.promise)]);
    });
    const onAbort = () => {
      for (const cancel of onCancel) cancel();
      this.release(held);
    };
    if (signal && held.length > 0) {
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    }
    const misses = cleaned.filter((c) => c.ok).length - hits;
    this.stats.cacheHits += hits;
    this.stats.cacheMisses += misses;
    this.deps.observer?.cache(hits, misses);

    const settled = await Promise.all(pending).finally(() => signal?.removeEventListener("abort", onAbort));
    const results = settled.map(({ result }, i): CodeResult => {
      const report = cleaned[i]!.report;
      return { ...result, id: records[i]!.id, ...(report.changes.length > 0 ? { cleaned: report } : {}) };
    });
    const usedModel = settled.find((s) => s.model)?.model ?? model ?? "unknown";
    return { model: usedModel, results };
  }

  /** Stops taking new work and waits for requests already sent. */
  async close(): Promise<void> {
    this.closed = true;
    const retryAfter = new Date(this.deps.clock.now() + 60_000).toISOString();
    this.failWaiting(() => true, {
      reason: "shutting_down",
      message: "The coding backend is restarting; retry in a minute.",
      retryAfter,
    });
    // The loop may be asleep (waiting for a slot or a permit); it exits when it wakes.
    await Promise.allSettled([...this.inFlight]);
  }

  private enqueue(
    team: string,
    topic: Topic,
    normalised: string,
    text: { occp_text: string; tasks_text: string },
  ): { entry?: Entry; promise: Promise<Outcome> } {
    if (this.closed) {
      const retryAfter = new Date(this.deps.clock.now() + 60_000).toISOString();
      return {
        promise: Promise.resolve({
          result: errorResult({
            reason: "shutting_down",
            message: "The coding backend is restarting; retry in a minute.",
            retryAfter,
          }),
          model: null,
        }),
      };
    }
    const key = `${topic}\u0000${normalised}`;
    const existing = this.waiting.get(key);
    if (existing) {
      existing.entry.holders++;
      return existing;
    }
    let entry!: Entry;
    const promise = new Promise<Outcome>((resolve) => {
      entry = {
        topic,
        team,
        enqueuedAt: this.deps.clock.now(),
        key,
        normalised,
        text,
        settle: resolve,
        holders: 1,
        where: "queued",
      };
    });
    this.queue.push(entry);
    const waiting = { entry, promise };
    this.waiting.set(key, waiting);
    this.deps.observer?.queueDepth(this.queue.size);
    this.kick();
    return waiting;
  }

  /** A cancelled caller lets go of its entries; those nobody else waits for leave the queue unsent. */
  private release(entries: Entry[]): void {
    let abandoned = 0;
    for (const entry of entries) {
      entry.holders--;
      if (entry.holders <= 0 && entry.where === "queued") abandoned++;
    }
    if (abandoned === 0) return;
    const removed = this.queue.remove((entry) => entry.holders <= 0);
    this.settle(removed, () => errorResult(CANCELLED));
    this.deps.log?.info({ records: removed.length }, "cancelled records left the queue unsent");
  }

  /** Puts a batch that could not be sent back at the head of the queue, minus records nobody wants any more. */
  private requeue(batch: Entry[]): void {
    const abandoned = batch.filter((entry) => entry.holders <= 0);
    const keep = batch.filter((entry) => entry.holders > 0);
    if (abandoned.length > 0) this.settle(abandoned, () => errorResult(CANCELLED));
    for (const entry of keep) entry.where = "queued";
    this.queue.unshift(keep);
  }

  private kick(): void {
    if (this.loop || this.closed) return;
    this.loop = this.run()
      .catch((error: unknown) => {
        this.deps.log?.warn({ error: (error as Error).message }, "dispatcher loop failed; failing waiting records");
        this.failWaiting(() => true, INTERNAL_ERROR);
      })
      .finally(() => {
        this.loop = undefined;
        if (this.queue.size > 0) this.kick();
      });
  }

  private settle(entries: Entry[], result: (entry: Entry) => CachedResult, model: string | null = null): void {
    for (const entry of entries) {
      this.waiting.delete(entry.key);
      entry.where = "settled";
      entry.settle({ result: result(entry), model });
    }
    this.deps.observer?.queueDepth(this.queue.size);
  }

  private failWaiting(predicate: (entry: Entry) => boolean, error: RecordError): void {
    this.settle(this.queue.remove(predicate), () => errorResult(error));
  }

  // ---- the loop --------------------------------------------------------------------------

  private async run(): Promise<void> {
    const { clock } = this.deps;
    while (this.queue.size > 0 && !this.closed) {
      await this.collect();

      // Token first (a token request can take a while), then the slot, then send at once.
      if (!(await this.tokenOrWait())) continue;
      await this.takeSlot(clock.now());
      const token = await this.tokenOrWait();
      if (!token || this.queue.size === 0 || this.closed) continue;
      const topic = this.queue.oldest()!.topic;

      const model = await this.modelFor(topic, token);
      if (model === undefined) continue; // this slot went to the model check

      const batch = await this.takeWithinQuota(topic);
      if (batch.length === 0) continue;
      this.track(this.send(batch, topic, token, model, 1));
    }
  }

  /**
   * A burst that arrives together leaves together: before sending a part-filled batch, wait
   * lingerMs, and keep waiting while records are still arriving (at most 4 x lingerMs).
   */
  private async collect(): Promise<void> {
    const { clock, sleep, policy } = this.deps;
    const oldest = this.queue.oldest();
    if (!oldest || policy.lingerMs === 0) return;
    const deadline = oldest.enqueuedAt + 4 * policy.lingerMs;
    let seen = -1;
    for (;;) {
      const waiting = this.queue.countFor(oldest.topic);
      if (waiting >= policy.batchSize || waiting === seen || clock.now() >= deadline) return;
      seen = waiting;
      await sleepUntil(clock, sleep, Math.min(deadline, Math.max(clock.now(), oldest.enqueuedAt) + policy.lingerMs));
    }
  }

  /** Waits for a send slot; a slot missed by more than the tolerance is abandoned for the next. */
  private async takeSlot(earliest: number): Promise<void> {
    const { clock, sleep, store, policy } = this.deps;
    for (;;) {
      const slot = await store.reserveSlot(Math.max(earliest, clock.now()), policy.spacingMs);
      await sleepUntil(clock, sleep, slot);
      if (clock.now() - slot <= policy.lateToleranceMs) return;
    }
  }

  /** A token, or null after failing (or deferring) the waiting records with the time to retry. */
  private async tokenOrWait(): Promise<UsableToken | null> {
    const { clock, sleep } = this.deps;
    try {
      return await this.deps.keeper.get();
    } catch (error) {
      if (!(error instanceof TokenUnavailableError)) throw error;
      const wait = error.retryAt - clock.now();
      if (wait <= this.deps.tokenMaxWaitMs) {
        await sleep(Math.max(wait, 1));
      } else {
        this.deps.log?.warn(
          { reason: error.reason, retryAt: new Date(error.retryAt).toISOString() },
          "no ABS token: failing waiting records",
        );
        this.failWaiting(() => true, this.outcomes.upstreamUnavailable(error.retryAt, error.message));
      }
      return null;
    }
  }

  private async knownModel(topic: Topic): Promise<string | null> {
    if (this.deps.modelVersion !== "auto") return this.deps.modelVersion;
    return (await this.deps.store.getModel(topic))?.model ?? null;
  }

  /** The model label for this batch, or undefined when this slot was spent asking ABS for it. */
  private async modelFor(topic: Topic, token: UsableToken): Promise<string | undefined> {
    if (this.deps.modelVersion !== "auto") return this.deps.modelVersion;
    const { store, clock } = this.deps;
    const known = await store.getModel(topic);
    if (known && clock.now() - known.checkedAt < MODEL_CHECK_INTERVAL_MS) return known.model;
    if (!(await this.charge({ [SYSTEM_TEAM]: 1 }))) return known?.model ?? undefined;
    let model = known?.model ?? "latest";
    try {
      model = await this.deps.upstream.latestModel(token.value, topic);
      this.deps.observer?.upstreamRequest("model", 0, "ok");
    } catch (error) {
      const kind = error instanceof UpstreamError ? error.kind : "internal";
      this.deps.observer?.upstreamRequest("model", 0, kind);
      if (kind === "denied") await this.deps.keeper.reject(token.generation);
      if (kind === "quota") await this.closeDay();
      this.deps.log?.warn(
        { topic, error: (error as Error).message },
        "could not learn the ABS model; keeping the last label for a day",
      );
      if (kind === "denied" || kind === "quota") return undefined;
    }
    await store.saveModel(topic, model, clock.now());
    this.deps.log?.info({ topic, model }, "ABS model for topic");
    return undefined;
  }

  /** Takes a batch and charges the quota for it; records that cannot be charged get their error. */
  private async takeWithinQuota(topic: Topic): Promise<Entry[]> {
    const { store, clock, policy } = this.deps;
    const day = utcDay(clock.now());
    const resetAt = nextUtcMidnight(clock.now());
    const usage = await store.quotaUsage(day);
    if (usage.closed || usage.used >= policy.dailyQuota) {
      this.failWaiting(() => true, this.outcomes.quotaExhausted(resetAt));
      return [];
    }
    for (const team of this.queue.teams(topic)) {
      if ((usage.byTeam[team] ?? 0) >= this.teamLimit(team))
        this.failWaiting((e) => e.team === team, this.outcomes.teamQuotaExhausted(team, resetAt));
    }
    const batch = this.queue.take(topic, policy.batchSize);
    if (batch.length === 0) return batch;
    for (const entry of batch) entry.where = "taken";
    const charges: Record<string, number> = {};
    for (const entry of batch) charges[entry.team] = (charges[entry.team] ?? 0) + 1 / batch.length;
    const decision = await this.chargeDecision(charges);
    if (decision.granted) return batch;
    if (decision.scope === "overall") {
      this.settle(batch, () => errorResult(this.outcomes.quotaExhausted(resetAt)));
      this.failWaiting(() => true, this.outcomes.quotaExhausted(resetAt));
    } else {
      const over = new Set(decision.teams);
      this.settle(
        batch.filter((e) => over.has(e.team)),
        (e) => errorResult(this.outcomes.teamQuotaExhausted(e.team, resetAt)),
      );
      this.requeue(batch.filter((e) => !over.has(e.team)));
    }
    return [];
  }

  private teamLimit(team: string): number {
    const { teamShares, dailyQuota } = this.deps.policy;
    return (teamShares[team] ?? teamShares["*"] ?? 1) * dailyQuota;
  }

  private chargeDecision(charges: Record<string, number>) {
    const { clock, policy } = this.deps;
    const teamLimits = Object.fromEntries(
      Object.keys(charges).map((team) => [team, team === SYSTEM_TEAM ? Infinity : this.teamLimit(team)]),
    );
    return this.deps.store.chargeQuota({
      day: utcDay(clock.now()),
      dailyLimit: policy.dailyQuota,
      charges,
      teamLimits,
    });
  }

  private async charge(charges: Record<string, number>): Promise<boolean> {
    const decision = await this.chargeDecision(charges);
    if (!decision.granted)
      this.failWaiting(() => true, this.outcomes.quotaExhausted(nextUtcMidnight(this.deps.clock.now())));
    return decision.granted;
  }

  private async closeDay(): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.closeQuotaDay(utcDay(now), "ABS answered Limit Exceeded");
    this.failWaiting(() => true, this.outcomes.quotaExhausted(nextUtcMidnight(now)));
  }

  // ---- one upstream request and its aftermath --------------------------------------------

  private track(promise: Promise<void>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  private async send(batch: Entry[], topic: Topic, token: UsableToken, model: string, attempt: number): Promise<void> {
    const records: AbsRecord[] = batch.map((entry, i) => ({
      recordId: String(i),
      occp_text: entry.text.occp_text,
      tasks_text: entry.text.tasks_text,
    }));
    this.stats.upstreamRequests++;
    this.stats.upstreamRecords += batch.length;
    this.deps.log?.debug(
      { topic, records: batch.length, attempt, tokenGeneration: token.generation, waiting: this.queue.size },
      "sending a batch to ABS",
    );
    try {
      const answers = await this.deps.upstream.code(token.value, topic, records, this.deps.numberOfSuggestions);
      this.deps.log?.debug({ topic, records: batch.length }, "ABS coded the batch");
      this.deps.observer?.upstreamRequest("code", batch.length, "ok");
      const results = batch.map((entry, i) => ({ entry, result: fromAbs(answers.get(String(i))!) }));
      await this.deps.store
        .putCached(
          results.map(({ entry, result }) => ({ key: cacheKey(topic, model, entry.normalised), result })),
          this.deps.clock.now(),
        )
        .catch((error: unknown) => this.deps.log?.warn({ error: (error as Error).message }, "could not cache results"));
      for (const { entry, result } of results) this.settle([entry], () => result, model);
    } catch (error) {
      const upstreamError =
        error instanceof UpstreamError ? error : new UpstreamError("invalid_response", 0, (error as Error).message);
      this.deps.observer?.upstreamRequest("code", batch.length, upstreamError.kind);
      this.deps.log?.warn(
        { status: upstreamError.status, kind: upstreamError.kind, records: batch.length, attempt },
        upstreamError.message,
      );
      try {
        await this.recover(batch, topic, token, model, attempt, upstreamError);
      } catch (unexpected) {
        // Every record gets an outcome, even when the store itself fails (invariant 5).
        this.deps.log?.warn({ error: (unexpected as Error).message }, "could not recover a failed batch");
        this.settle(batch, () => errorResult(INTERNAL_ERROR));
      }
    }
  }

  private async recover(
    batch: Entry[],
    topic: Topic,
    token: UsableToken,
    model: string,
    attempt: number,
    error: UpstreamError,
  ): Promise<void> {
    const now = this.deps.clock.now();
    switch (error.kind) {
      case "bad_request": {
        if (batch.length === 1) return this.settle(batch, () => errorResult(REJECTED_BY_ABS));
        const half = Math.ceil(batch.length / 2);
        await Promise.all([
          this.resend(batch.slice(0, half), topic, model, 1, now),
          this.resend(batch.slice(half), topic, model, 1, now),
        ]);
        return;
      }
      case "denied":
        // Only this generation is spoiled; the records wait in the queue for the next permitted token.
        await this.deps.keeper.reject(token.generation);
        this.requeue(batch);
        this.kick();
        return;
      case "quota":
        this.settle(batch, () => errorResult(this.outcomes.quotaExhausted(nextUtcMidnight(now))));
        await this.closeDay();
        return;
      case "not_found":
        return this.settle(batch, () =>
          errorResult({
            reason: "configuration",
            message: `ABS does not know topic "${topic}" (${error.message}); tell the backend operator.`,
          }),
        );
      default: {
        if (attempt >= this.deps.policy.maxAttempts) {
          return this.settle(batch, () => errorResult(this.outcomes.upstreamFailed(now + 60_000, error.message)));
        }
        // Exponential from 1 s, full jitter in [50%, 100%]: never hammer a throttled or failing service.
        const backoff = 1_000 * 2 ** (attempt - 1) * (0.5 + 0.5 * (this.deps.random ?? Math.random)());
        await this.resend(batch, topic, model, attempt + 1, now + backoff);
      }
    }
  }

  /** A retry or a split half: its own slot, token check and quota charge, like any request. */
  private async resend(batch: Entry[], topic: Topic, model: string, attempt: number, earliest: number): Promise<void> {
    let token: UsableToken;
    try {
      await this.deps.keeper.get();
      await this.takeSlot(earliest);
      token = await this.deps.keeper.get();
    } catch {
      this.requeue(batch);
      this.kick();
      return;
    }
    const charges: Record<string, number> = {};
    for (const entry of batch) charges[entry.team] = (charges[entry.team] ?? 0) + 1 / batch.length;
    const decision = await this.chargeDecision(charges);
    if (!decision.granted) {
      const resetAt = nextUtcMidnight(this.deps.clock.now());
      this.settle(batch, (e) =>
        errorResult(
          decision.scope === "team" && decision.teams.includes(e.team)
            ? this.outcomes.teamQuotaExhausted(e.team, resetAt)
            : this.outcomes.quotaExhausted(resetAt),
        ),
      );
      return;
    }
    await this.send(batch, topic, token, model, attempt);
  }
}
