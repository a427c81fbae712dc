/**
 * The backend's long-lived parts, wired once per app: store, token keeper, dispatcher, jobs,
 * metrics. buildApp hands them to the plugins; tests reach them through app.services.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Clock } from "../shared/clock";
import { systemClock } from "../shared/clock";
import type { AppConfig } from "./config/types";
import { Dispatcher } from "./dispatch/Dispatcher";
import { JobRunner } from "./jobs/JobRunner";
import type { SecretScrubber } from "./logging/logger";
import { Metrics } from "./metrics/metrics";
import { SqliteStateStore } from "./state/SqliteStateStore";
import type { StateStore } from "./state/StateStore";
import { realSleep, type Sleep } from "./time";
import { TokenKeeper } from "./token/TokenKeeper";
import { AbsApi } from "./upstream/absApi";
import type { Logger } from "pino";

export interface ServiceDeps {
  clock?: Clock;
  sleep?: Sleep;
  store?: StateStore;
  fetchImpl?: typeof fetch;
  random?: () => number;
}

export interface Services {
  config: AppConfig;
  clock: Clock;
  store: StateStore;
  keeper: TokenKeeper;
  dispatcher: Dispatcher;
  jobs: JobRunner;
  metrics: Metrics;
  close(): Promise<void>;
}

export function createServices(config: AppConfig, deps: ServiceDeps, log: Logger, scrubber: SecretScrubber): Services {
  const clock = deps.clock ?? systemClock;
  const store = deps.store ?? SqliteStateStore.inDataDir(config.dataDir);
  const metrics = new Metrics({ defaultMetrics: true });
  const upstream = config.upstream;
  scrubber.addBasicAuth(upstream.clientId, upstream.clientSecret.reveal());
  const api = new AbsApi({
    tokenUrl: upstream.tokenUrl,
    apiBaseUrl: upstream.apiBaseUrl,
    clientId: upstream.clientId,
    clientSecret: upstream.clientSecret,
    timeoutMs: upstream.requestTimeoutMs,
    fetchImpl: deps.fetchImpl,
  });

  const tokenLog = log.child({ component: "token" });
  const keeper = new TokenKeeper({
    store,
    clock,
    policy: config.token,
    holder: `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    requestToken: async () => {
      tokenLog.info({ tokenUrl: upstream.tokenUrl }, "requesting an ABS token (permit taken)");
      return api.requestToken();
    },
    onToken: (value) => scrubber.add(value),
    onEvent: (event, detail) => {
      metrics.tokenEvents.inc({ event });
      if (event === "issued") tokenLog.info({ event }, detail);
      else tokenLog.error({ event }, detail);
    },
  });

  const dispatcher = new Dispatcher({
    store,
    clock,
    sleep: deps.sleep ?? realSleep,
    keeper,
    upstream: api,
    policy: config.dispatch,
    tokenMaxWaitMs: config.token.maxWaitMs,
    numberOfSuggestions: upstream.numberOfSuggestions,
    modelVersion: upstream.modelVersion,
    timeZone: config.timeZone,
    random: deps.random,
    observer: metrics,
    log: log.child({ component: "dispatcher" }),
  });

  const jobs = new JobRunner({ store, dispatcher, clock, log: log.child({ component: "jobs" }) });

  return {
    config,
    clock,
    store,
    keeper,
    dispatcher,
    jobs,
    metrics,
    async close() {
      // Stop jobs taking new chunks, release the records they wait for, then let them settle:
      // a job interrupted here keeps its status and resumes at the next start.
      const jobsStopped = jobs.stop();
      await dispatcher.close();
      await jobsStopped;
      if (!deps.store) await store.close();
    },
  };
}
