/**
 * Builds one simulator instance: a Fastify app serving the token endpoint, the /v1 coder API,
 * the simulated S3 buckets and the /__simulator test-control routes from one host, plus the
 * in-process handle on its state.
 */
import Fastify, { type FastifyInstance } from "fastify";
import type { SimulatorCounters } from "./counters";
import type { FaultSpec, FaultState } from "./faults";
import { resolveOptions, type SimulatorConfig, type SimulatorOptions } from "./options";
import { asyncBatchRoutes } from "./plugins/asyncBatch";
import { registerRequestRecording } from "./plugins/counters";
import { informationalRoutes } from "./plugins/informational";
import { s3Routes } from "./plugins/s3";
import { syncCodingRoutes } from "./plugins/syncCoding";
import { TEST_CONTROL_PREFIX, testControlRoutes } from "./plugins/testControl";
import { tokenEndpointRoutes } from "./plugins/tokenEndpoint";
import { SimulatorState } from "./state";

/** [AWS] API Gateway's payload limit; the S3 upload route has its own (maxUploadBytes). */
const API_BODY_LIMIT = 10 * 1024 * 1024;

export interface Simulator {
  app: FastifyInstance;
  config: SimulatorConfig;
  /** A snapshot of everything counted so far. */
  counters(): SimulatorCounters;
  /** Zeroes the counters only. */
  resetCounters(): void;
  /** Back to a fresh start: counters, issued tokens, token blocks, limits, operations, faults. */
  reset(): void;
  /** Adds faults (counts add up; latency replaces). */
  injectFaults(faults: FaultSpec): void;
  clearFaults(): void;
  faults(): FaultState;
}

export function buildSimulator(options: SimulatorOptions = {}): Simulator {
  const config = resolveOptions(options);
  const state = new SimulatorState(config);
  const app = Fastify({ logger: config.logger, bodyLimit: API_BODY_LIMIT });

  // Every body arrives raw: the simulator itself decides what is "Invalid request body".
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  registerRequestRecording(app, state);
  app.register(tokenEndpointRoutes, { state });
  app.register(informationalRoutes, { state });
  app.register(syncCodingRoutes, { state });
  app.register(asyncBatchRoutes, { state });
  app.register(s3Routes, { state });
  if (config.testControl) app.register(testControlRoutes, { state, prefix: TEST_CONTROL_PREFIX });

  return {
    app,
    config,
    counters: () => state.snapshot(),
    resetCounters: () => state.resetCounters(),
    reset: () => state.reset(),
    injectFaults: (faults) => state.faults.inject(faults),
    clearFaults: () => state.faults.clear(),
    faults: () => state.faults.snapshot(),
  };
}
