/**
 * ABS simulator — an HTTP server that behaves like the ABS WoAG Occupation Coding Service
 * (token endpoint, every /v1 endpoint, every documented error and limit), answering with the
 * local coder. It is the backend's default upstream and the upstream of every integration
 * test. Contract: /work/shared/docs/abs-coding-service.md; behaviour by source: docs/simulator.md.
 */
import type { FastifyInstance } from "fastify";
import { buildSimulator, type Simulator } from "./app";
import type { SimulatorOptions } from "./options";
import { TOKEN_PATH } from "./plugins/tokenEndpoint";

export type { Simulator } from "./app";
export type {
  ApiRequestEntry,
  CodingRequestEntry,
  RejectionReason,
  SimulatorCounters,
  TokenRequestEntry,
} from "./counters";
export type { FaultSpec, FaultState } from "./faults";
export type { ModelDefinition, TopicDefinition } from "./inferredContract";
export { DEFAULT_TOPICS } from "./inferredContract";
export { MESSAGES, DOCUMENTED_LIMITS } from "./messages";
export {
  DEFAULT_CLIENT,
  SimulatorConfigError,
  resolveOptions,
  type SimulatorClient,
  type SimulatorConfig,
  type SimulatorOptions,
  type Tier,
} from "./options";
export { buildSimulator };

export interface RunningSimulator extends Simulator {
  /** Base URL, e.g. http://127.0.0.1:4010 — serves both the token and the API paths. */
  url: string;
  /** url + /oauth2/token */
  tokenUrl: string;
  /** url + /v1 */
  apiBaseUrl: string;
  port: number;
  close(): Promise<void>;
}

/** The Fastify app of a new simulator (for `app.inject()`); see buildSimulator for the handle. */
export function buildSimulatorApp(options: SimulatorOptions = {}): FastifyInstance {
  return buildSimulator(options).app;
}

/** Starts a simulator listening on options.host:options.port (default 127.0.0.1, a free port). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const simulator = buildSimulator({ port: 0, ...options });
  const { app, config } = simulator;
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  return {
    ...simulator,
    url,
    tokenUrl: `${url}${TOKEN_PATH}`,
    apiBaseUrl: `${url}/v1`,
    port,
    close: () => app.close(),
  };
}
