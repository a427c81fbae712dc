/**
 * The headline scenario: many users, one token, full and well-paced batches. Real HTTP on
 * loopback against the real simulator at ABS's real limits (1 request/s; the backend's default
 * 1,100 ms spacing). Time runs for real; the clock jumps forward when the test needs an hour.
 */
import type { RunningSimulator } from "../../src/simulator";
import {
  JumpClock,
  addKey,
  codingSizes,
  minGapMs,
  post,
  startBackend,
  startTestSimulator,
  testConfig,
  tokenRequests,
  type Backend,
} from "./helpers";

const SIM_RPS = 1; // ABS: 1 request per second
const CLIENTS = 500;
const CELLS_PER_CLIENT = 20;
const TEAMS = ["finance", "hr", "health", "transport", "education"];

/** 10,000 cells, 5,000 distinct texts, each text sent by two different clients. */
function cellsFor(client: number, round: string): { id: string; occp_text: string; tasks_text: string }[] {
  return Array.from({ length: CELLS_PER_CLIENT }, (_, i) => {
    const unique = ((client % (CLIENTS / 2)) * CELLS_PER_CLIENT + i).toString();
    return { id: `R${i + 2}`, occp_text: `software engineer ${round}`, tasks_text: `builds payroll system ${unique}` };
  });
}

jest.setTimeout(60_000);

describe("500 concurrent clients, one shared backend", () => {
  let sim: RunningSimulator;
  let backend: Backend;
  const clock = new JumpClock();
  let keys: string[];
  let config: ReturnType<typeof testConfig>;

  beforeAll(async () => {
    sim = await startTestSimulator({ requestsPerSecond: SIM_RPS, clock, dailyQuota: 10_000 });
    config = testConfig(sim, {
      MODEL_VERSION: "osca-test-model",
      KEY_RATE_BURST: "1000",
      DAILY_QUOTA: "10000",
    });
    backend = await startBackend(config, { clock });
    keys = await Promise.all(TEAMS.map((team) => addKey(backend.app, team)));
  });

  afterAll(async () => {
    await backend?.close();
    await sim?.close();
  });

  async function storm(round: string, clients = CLIENTS) {
    const responses = await Promise.all(
      Array.from({ length: clients }, (_, client) =>
        post(
          `${backend.url}/api/code`,
          { topic: "osca", records: cellsFor(client, round) },
          keys[client % TEAMS.length],
        ),
      ),
    );
    return responses;
  }

  test("10,000 cells (half duplicates) cost one token request and full, well-paced batches", async () => {
    const responses = await storm("a");
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const results = responses.flatMap((r) => r.body.results);
    expect(results).toHaveLength(CLIENTS * CELLS_PER_CLIENT);
    expect(results.every((r: { status: string }) => r.status === "coded")).toBe(true);

    const sizes = codingSizes(sim);
    const recordsPerRequest = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    console.log(
      `load: ${sizes.length} coding requests, ${recordsPerRequest.toFixed(1)} records/request, sizes ${sizes.join(",")}, min gap ${minGapMs(sim)} ms`,
    );
    expect(tokenRequests(sim)).toBe(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5_000); // duplicates never reach ABS
    expect(sizes.length).toBe(Math.ceil(5_000 / 300));
    expect(recordsPerRequest).toBeGreaterThanOrEqual(290);
    expect(minGapMs(sim)).toBeGreaterThanOrEqual(1000 / SIM_RPS);
    expect(minGapMs(sim)).toBeGreaterThanOrEqual(config.dispatch.spacingMs - 50); // 1,100 ms, less loopback jitter
    expect(sim.counters().apiRequests.byStatus["429"] ?? 0).toBe(0);
    expect(sim.counters().apiRequests.byStatus["403"] ?? 0).toBe(0);
  });

  test("the same cells again are answered from the cache without touching ABS", async () => {
    sim.resetCounters();
    const responses = await storm("a");
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(sim.counters().apiRequests.total).toBe(0);
    expect(tokenRequests(sim)).toBe(0);
  });

  test("a restart within the hour (new app, same SQLite file) makes no token request", async () => {
    await backend.close();
    sim.resetCounters();
    backend = await startBackend(config, { clock });
    const responses = await storm("b", 60);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(sim.counters().codingRequests.succeeded).toBeGreaterThan(0);
    expect(tokenRequests(sim)).toBe(0);
    expect(sim.counters().apiRequests.byStatus["429"] ?? 0).toBe(0);
  });

  test("after the hour, the next traffic makes exactly one more token request", async () => {
    sim.resetCounters();
    clock.advance(3_600_000 + 60_000 + 1_000);
    const responses = await storm("c", 60);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.flatMap((r) => r.body.results).every((r: { status: string }) => r.status === "coded")).toBe(true);
    expect(tokenRequests(sim)).toBe(1);
    expect(sim.counters().apiRequests.byStatus["403"] ?? 0).toBe(0);
  });
});
