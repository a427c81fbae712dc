/**
 * Prometheus metrics (GET /metrics). One registry per app so tests can build several apps in
 * one process. Nothing here is labelled with a key, a token or record text.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DispatchObserver } from "../dispatch/Dispatcher";

export class Metrics implements DispatchObserver {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: "coder_http_requests_total",
    help: "Inbound HTTP requests",
    labelNames: ["route", "status"],
    registers: [this.registry],
  });
  readonly recordsRequested = new Counter({
    name: "coder_records_requested_total",
    help: "Records received on /api/code and jobs",
    registers: [this.registry],
  });
  readonly upstreamRequests = new Counter({
    name: "coder_upstream_requests_total",
    help: "Requests sent to ABS",
    labelNames: ["endpoint", "outcome"],
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: "coder_upstream_batch_records",
    help: "Records per ABS coding request",
    buckets: [1, 10, 50, 100, 200, 290, 300],
    registers: [this.registry],
  });
  readonly cacheHits = new Counter({
    name: "coder_cache_hits_total",
    help: "Records answered from the result cache",
    registers: [this.registry],
  });
  readonly cacheMisses = new Counter({
    name: "coder_cache_misses_total",
    help: "Records that needed ABS",
    registers: [this.registry],
  });
  readonly queueWaiting = new Gauge({
    name: "coder_queue_waiting_records",
    help: "Unique records waiting for an ABS request",
    registers: [this.registry],
  });
  readonly tokenEvents = new Counter({
    name: "coder_token_events_total",
    help: "Token keeper events (issued, failed, forbidden, rejected)",
    labelNames: ["event"],
    registers: [this.registry],
  });
  readonly authFailures = new Counter({
    name: "coder_auth_failures_total",
    help: "Inbound requests refused for a missing or bad API key",
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: "coder_rate_limited_total",
    help: "Inbound requests refused by the per-key rate limit",
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  upstreamRequest(endpoint: "code" | "model", records: number, outcome: string): void {
    this.upstreamRequests.inc({ endpoint, outcome });
    if (endpoint === "code" && outcome === "ok") this.batchSize.observe(records);
  }

  cache(hits: number, misses: number): void {
    if (hits) this.cacheHits.inc(hits);
    if (misses) this.cacheMisses.inc(misses);
  }

  queueDepth(waiting: number): void {
    this.queueWaiting.set(waiting);
  }
}
