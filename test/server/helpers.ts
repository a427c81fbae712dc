/**
 * Test fixtures for the backend: a real simulator and a real backend on 127.0.0.1 port 0,
 * configured through parseConfig like production, with the clock and sleep the test chooses.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { buildApp, type AppDeps } from "../../src/server/app";
import { generateApiKey } from "../../src/server/auth/apiKeys";
import { parseConfig, type Env } from "../../src/server/config/parseConfig";
import type { AppConfig } from "../../src/server/config/types";
import type { Clock } from "../../src/shared/clock";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../src/simulator";
import type { OccupationCoder } from "../../src/coder/types";

export const CLIENT = { clientId: "backend-test-client", clientSecret: "s3cr3t-Client-Secret-for-tests-0123456789" };

/** Real time that a test can jump forward (an hour) without waiting; waits stay real. */
export class JumpClock implements Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}

export function tempDir(prefix = "backend-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fast, deterministic coder so tests measure the backend, not the classification index. */
export const stubCoder: OccupationCoder = {
  code(input) {
    const text = `${input.occp_text} ${input.tasks_text ?? ""}`.toLowerCase();
    if (text.includes("brick"))
      return { status: "successful", candidates: [{ code: "371131", title: "Bricklayer", confidence: 0.93 }] };
    if (text.includes("nothing")) {
      return {
        status: "unsuccessful",
        candidates: [
          { code: "8", title: "Labourers", confidence: 0.3 },
          { code: "7", title: "Machinery Operators and Drivers", confidence: 0.2 },
        ],
      };
    }
    return {
      status: "successful",
      candidates: [
        { code: "261313", title: "Software Engineer", confidence: 0.81 },
        { code: "261312", title: "Developer Programmer", confidence: 0.4 },
      ],
    };
  },
  title: () => undefined,
};

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ port: 0, host: "127.0.0.1", clients: [CLIENT], coder: stubCoder, ...options });
}

export function testConfig(sim: { url: string }, env: Env = {}): AppConfig {
  const parsed = parseConfig({
    UPSTREAM: "simulator",
    SIMULATOR_URL: sim.url,
    ABS_CLIENT_ID: CLIENT.clientId,
    ABS_CLIENT_SECRET: CLIENT.clientSecret,
    DATA_DIR: tempDir(),
    ADDIN_DIR: path.join(__dirname, "no-addin-here"),
    LOG_LEVEL: "silent",
    AUTH_MODE: "api-key",
    TIME_ZONE: "Australia/Sydney",
    ...env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return parsed.config as AppConfig;
}

export interface Backend {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startBackend(config: AppConfig, deps: AppDeps = {}): Promise<Backend> {
  const app = await buildApp(config, deps);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export async function addKey(app: FastifyInstance, team: string): Promise<string> {
  const { id, key, hash } = generateApiKey();
  await app.services.store.addApiKey({
    id,
    team,
    label: `${team} test key`,
    hash,
    createdAt: Date.now(),
    revokedAt: null,
  });
  return key;
}

export async function post(
  url: string,
  body: unknown,
  key?: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "x-api-key": key } : {}), ...extra },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: safeJson(text), text, headers: response.headers };
}

export async function get(
  url: string,
  key?: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const response = await fetch(url, { headers: { ...(key ? { "x-api-key": key } : {}), ...extra } });
  const text = await response.text();
  return { status: response.status, body: safeJson(text), text, headers: response.headers };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Collects every log line the backend writes. */
export function captureLogs(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      callback();
    },
  });
  return { stream, lines };
}

/** Smallest gap between consecutive API requests the simulator saw. */
export function minGapMs(sim: RunningSimulator): number {
  const times = sim
    .counters()
    .apiRequests.log.map((entry) => entry.at)
    .sort((a, b) => a - b);
  let min = Infinity;
  for (let i = 1; i < times.length; i++) min = Math.min(min, times[i]! - times[i - 1]!);
  return min;
}

export function codingSizes(sim: RunningSimulator): number[] {
  return sim.counters().codingRequests.sizes;
}

export function tokenRequests(sim: RunningSimulator): number {
  return sim.counters().tokenRequests.total;
}
