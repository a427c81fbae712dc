/**
 * Everything one simulator instance remembers, in one object handed to every plugin: the
 * configuration, clock, issued tokens, limits, async operations, faults and counters.
 */
import { randomBytes } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Clock } from "../shared/clock";
import { Catalogue } from "./catalogue";
import { loadDefaultCoder, type OccupationCoder } from "./coderPort";
import { CounterStore, type RejectionReason, type SimulatorCounters } from "./counters";
import { FaultStore } from "./faults";
import type { EndpointKey } from "./messages";
import { DailyQuota, RateLimiter } from "./limits";
import { OperationStore } from "./operations";
import type { SimulatorConfig } from "./options";
import { TokenService } from "./tokens";

/** What the simulator learns about one request while handling it. */
export interface RequestContext {
  /** Clock time at arrival. */
  at: number;
  /** The guide's endpoint (set by the gateway guard), or "unmatched". */
  endpoint?: EndpointKey | "unmatched";
  clientId?: string;
  reason?: RejectionReason;
  /** Set on coding calls that reached the handler. */
  coding?: { topic: string; modelId?: string; records: number };
}

export class SimulatorState {
  readonly clock: Clock;
  readonly counters: CounterStore;
  readonly faults = new FaultStore();
  readonly tokens: TokenService;
  readonly rate: RateLimiter;
  readonly quota: DailyQuota;
  readonly catalogue: Catalogue;
  readonly operations: OperationStore;
  /** Signs the simulated S3 URLs. */
  readonly urlSecret = randomBytes(32).toString("hex");
  private readonly contexts = new WeakMap<FastifyRequest, RequestContext>();

  constructor(readonly config: SimulatorConfig) {
    this.clock = config.clock;
    this.counters = new CounterStore(config.maxLogEntries);
    this.tokens = new TokenService(config, config.clock);
    this.rate = new RateLimiter(config.requestsPerSecond, config.burst, config.clock);
    this.quota = new DailyQuota(config.dailyQuota, config.clock);
    this.catalogue = new Catalogue(config.topics);
    this.operations = new OperationStore(config.clock, {
      scanSeconds: config.asyncScanSeconds,
      processingSeconds: config.asyncProcessingSeconds,
      uploadUrlTtlSeconds: config.uploadUrlTtlSeconds,
      maxTextLength: config.maxAsyncTextLength,
      outputShape: config.asyncOutputShape,
    });
  }

  /** The injected coder, or the real one loaded on first use. */
  coder(): OccupationCoder {
    return this.config.coder ?? loadDefaultCoder();
  }

  context(request: FastifyRequest): RequestContext {
    let ctx = this.contexts.get(request);
    if (!ctx) {
      ctx = { at: this.clock.now() };
      this.contexts.set(request, ctx);
    }
    return ctx;
  }

  snapshot(): SimulatorCounters {
    const own = this.counters.snapshot();
    return {
      ...own,
      tier: this.config.tier,
      tokenBlocks: { started: own.tokenBlocks.started, active: this.tokens.activeBlocks() },
      asyncOperations: { ...own.asyncOperations, byStatus: this.operations.countByStatus() },
      quota: this.quota.snapshot(),
    };
  }

  resetCounters(): void {
    this.counters.reset();
  }

  /** Back to a fresh start: counters, tokens, token blocks, limits, operations and faults. */
  reset(): void {
    this.counters.reset();
    this.tokens.reset();
    this.rate.reset();
    this.quota.reset();
    this.operations.reset();
    this.faults.clear();
  }
}
