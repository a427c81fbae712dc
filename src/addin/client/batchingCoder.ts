/**
 * Turns many single-cell coding calls into few backend requests: calls that arrive within a
 * short window are sent together, identical inputs share one record, results are cached, and
 * only a few requests are ever in flight. Every call settles: with a result, or with an error
 * on failure, timeout or cancellation. Cancelling one call never aborts a request that other
 * calls still wait on.
 */
import type { CodeRecordInput, CodeResponse, CodeResult, Topic } from "../../shared/api";
import { ResultCache } from "./resultCache";
import { type CodingInput, inputKey } from "./inputKey";

export interface CodingTransport {
  code(topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<CodeResponse>;
}

export interface BatchingCoderOptions {
  transport: CodingTransport;
  cache?: ResultCache<CodeResult>;
  /** How long to wait for more calls before sending (recalculation delivers calls in bursts). */
  windowMs?: number;
  /** Records per backend request; the backend refills its own 300-record upstream batches. */
  maxBatchSize?: number;
  /** Backend requests in flight at once from this runtime. */
  maxInFlight?: number;
  /** A call that has no answer after this long settles with a timeout error. */
  timeoutMs?: number;
}

export interface CodeCallOptions {
  signal?: AbortSignal;
  /** Answer only from the cache (formula value preview while the user types). */
  cacheOnly?: boolean;
}

export class CallTimedOutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No answer from the coding backend within ${Math.round(timeoutMs / 1000)} s.`);
    this.name = "CallTimedOutError";
  }
}

export class CallCancelledError extends Error {
  constructor() {
    super("The calculation was cancelled.");
    this.name = "CallCancelledError";
  }
}

export class NotCachedError extends Error {
  constructor() {
    super("Not coded yet.");
    this.name = "NotCachedError";
  }
}

interface Waiter {
  resolve(result: CodeResult): void;
  reject(error: Error): void;
  detach(): void;
}

/** One distinct input and everyone waiting for it. */
class PendingInput {
  readonly waiters = new Set<Waiter>();

  constructor(readonly input: CodingInput) {}

  wait(options: CodeCallOptions, timeoutMs: number): Promise<CodeResult> {
    return new Promise<CodeResult>((resolve, reject) => {
      const onAbort = () => settle(() => reject(new CallCancelledError()));
      const timer = setTimeout(() => settle(() => reject(new CallTimedOutError(timeoutMs))), timeoutMs);
      const waiter: Waiter = {
        resolve: (result) => settle(() => resolve(result)),
        reject: (error) => settle(() => reject(error)),
        detach: () => {
          clearTimeout(timer);
          options.signal?.removeEventListener("abort", onAbort);
          this.waiters.delete(waiter);
        },
      };
      const settle = (finish: () => void) => {
        waiter.detach();
        finish();
      };
      this.waiters.add(waiter);
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  get abandoned(): boolean {
    return this.waiters.size === 0;
  }

  resolveAll(result: CodeResult): void {
    for (const waiter of [...this.waiters]) waiter.resolve(result);
  }

  rejectAll(error: Error): void {
    for (const waiter of [...this.waiters]) waiter.reject(error);
  }
}

export class BatchingCoder {
  readonly cache: ResultCache<CodeResult>;
  private readonly transport: CodingTransport;
  private readonly windowMs: number;
  private readonly maxBatchSize: number;
  private readonly maxInFlight: number;
  private readonly timeoutMs: number;

  /** Inputs waiting to be sent, in arrival order. */
  private readonly queued = new Map<string, PendingInput>();
  /** Inputs in a request that has not answered yet; late identical calls join them. */
  private readonly sent = new Map<string, PendingInput>();
  private inFlight = 0;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  /** Counters for the task pane's status and for tests. */
  readonly stats = { requests: 0, records: 0, failedRequests: 0 };

  constructor(options: BatchingCoderOptions) {
    this.transport = options.transport;
    this.cache = options.cache ?? new ResultCache<CodeResult>();
    this.windowMs = options.windowMs ?? 25;
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.timeoutMs = options.timeoutMs ?? 90_000;
  }

  code(input: CodingInput, options: CodeCallOptions = {}): Promise<CodeResult> {
    const key = inputKey(input);
    const cached = this.cache.get(key);
    if (cached) return Promise.resolve(cached);
    if (options.cacheOnly) return Promise.reject(new NotCachedError());

    const joined = this.queued.get(key) ?? this.sent.get(key);
    const pending = joined ?? new PendingInput(input);
    // Wait before flushing: a flush drops inputs nobody waits for.
    const answer = pending.wait(options, this.timeoutMs);
    if (!joined) {
      this.queued.set(key, pending);
      this.scheduleFlush();
    }
    return answer;
  }

  private scheduleFlush(): void {
    if (this.queued.size >= this.maxBatchSize) {
      this.flush();
      return;
    }
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, this.windowMs);
  }

  private flush(): void {
    while (this.queued.size > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.takeBatch();
      if (batch.length > 0) void this.send(batch);
    }
  }

  /** Up to maxBatchSize queued inputs that someone still waits for, topic by topic. */
  private takeBatch(): [string, PendingInput][] {
    const batch: [string, PendingInput][] = [];
    let topic: Topic | undefined;
    for (const [key, pending] of this.queued) {
      if (pending.abandoned) {
        this.queued.delete(key); // every caller cancelled or timed out before it was sent
        continue;
      }
      topic ??= pending.input.topic;
      if (pending.input.topic !== topic) continue;
      batch.push([key, pending]);
      this.queued.delete(key);
      this.sent.set(key, pending);
      if (batch.length === this.maxBatchSize) break;
    }
    return batch;
  }

  private async send(batch: [string, PendingInput][]): Promise<void> {
    this.inFlight++;
    this.stats.requests++;
    this.stats.records += batch.length;
    const topic = batch[0][1].input.topic;
    const records = batch.map(([, pending], index) => ({
      id: String(index),
      occp_text: pending.input.occp_text,
      tasks_text: pending.input.tasks_text,
    }));
    // A request that hangs must not hold its in-flight slot forever, or later calls would never be sent.
    const abandon = new AbortController();
    const requestTimer = setTimeout(() => abandon.abort(), this.timeoutMs);
    try {
      const response = await this.transport.code(topic, records, abandon.signal);
      const byId = new Map(response.results.map((result) => [result.id, result]));
      batch.forEach(([key, pending], index) => {
        const result = byId.get(String(index));
        if (!result) {
          pending.rejectAll(new Error("The coding backend returned no result for this cell."));
          return;
        }
        // Transient errors (quota, outage) must be retried on the next calculation, so only outcomes are cached.
        if (result.status !== "error") this.cache.set(key, result);
        pending.resolveAll(result);
      });
    } catch (error) {
      this.stats.failedRequests++;
      const failure = abandon.signal.aborted
        ? new CallTimedOutError(this.timeoutMs)
        : error instanceof Error
          ? error
          : new Error(String(error));
      for (const [, pending] of batch) pending.rejectAll(failure);
    } finally {
      clearTimeout(requestTimer);
      for (const [key] of batch) this.sent.delete(key);
      this.inFlight--;
      this.flush();
    }
  }
}
