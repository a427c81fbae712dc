/**
 * A simulated day on a ManualClock: every wait the backend makes moves the clock instead of the
 * wall, so 24 hours of steady traffic run in seconds with the simulator on the same clock.
 */
import { ManualClock } from "../../src/shared/clock";
import { virtualSleep } from "../../src/server/time";
import type { RunningSimulator } from "../../src/simulator";
import { addKey, post, startBackend, startTestSimulator, testConfig, tokenRequests, type Backend } from "./helpers";

jest.setTimeout(60_000);

describe("a day of steady traffic", () => {
  let sim: RunningSimulator;
  let backend: Backend;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, dailyQuota: 10_000 });
    backend = await startBackend(
      testConfig(sim, { BATCH_LINGER_MS: "0", DAILY_QUOTA: "10000", MODEL_VERSION: "fixed" }),
      { clock, sleep: virtualSleep(clock) },
    );
  });

  afterAll(async () => {
    await backend?.close();
    await sim?.close();
  });

  test("24 hours of a new cell every two minutes cost 24 token requests and no failed cell", async () => {
    const key = await addKey(backend.app, "finance");
    const start = clock.now();
    const failures: unknown[] = [];
    for (let minute = 0; minute < 24 * 60; minute += 2) {
      clock.set(Math.max(clock.now(), start + minute * 60_000));
      const response = await post(
        `${backend.url}/api/code`,
        { topic: "osca", records: [{ id: "A1", occp_text: `software engineer ${minute}` }] },
        key,
      );
      if (response.status !== 200 || response.body.results[0].status !== "coded") failures.push(response.body);
    }
    expect(failures).toEqual([]);
    expect(tokenRequests(sim)).toBe(24);
    expect(sim.counters().tokenRequests.blocked).toBe(0);
    expect(sim.counters().apiRequests.byStatus["403"] ?? 0).toBe(0);
    expect(sim.counters().apiRequests.byStatus["429"] ?? 0).toBe(0);
  });
});
