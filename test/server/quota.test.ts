/**
 * The daily quota (per UTC day): never exceeded, shared fairly between teams, and when it runs
 * out callers learn when coding resumes while everything already coded stays available.
 */
import { ManualClock } from "../../src/shared/clock";
import { virtualSleep } from "../../src/server/time";
import type { RunningSimulator } from "../../src/simulator";
import { addKey, get, post, startBackend, startTestSimulator, testConfig, type Backend } from "./helpers";

jest.setTimeout(30_000);

const MIDNIGHT_UTC = "2026-01-06T00:00:00.000Z";

describe("daily quota", () => {
  let sim: RunningSimulator;
  let backend: Backend;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));

  async function start(simQuota: number, env: Record<string, string>) {
    clock.set(Date.UTC(2026, 0, 5, 9, 0, 0));
    sim = await startTestSimulator({ clock, dailyQuota: simQuota });
    backend = await startBackend(testConfig(sim, { MODEL_VERSION: "fixed", BATCH_LINGER_MS: "0", ...env }), {
      clock,
      sleep: virtualSleep(clock),
    });
  }

  afterEach(async () => {
    await backend?.close();
    await sim?.close();
  });

  const code = (key: string, text: string) =>
    post(`${backend.url}/api/code`, { topic: "osca", records: [{ id: "C3", occp_text: text }] }, key);

  test("the backend's own quota stops upstream traffic and names the reset time", async () => {
    await start(100, { DAILY_QUOTA: "2" });
    const key = await addKey(backend.app, "finance");
    expect((await code(key, "software engineer")).body.results[0].status).toBe("coded");
    expect((await code(key, "bricklayer")).body.results[0].status).toBe("coded");

    const over = await code(key, "software tester");
    const error = over.body.results[0].error;
    expect(error.reason).toBe("quota_exhausted");
    expect(error.retryAfter).toBe(MIDNIGHT_UTC);
    expect(error.message).toMatch(/11:00 AEDT \(00:00 UTC\)/);
    expect(sim.counters().apiRequests.total).toBe(2);

    // Nothing already coded is lost: it comes from the cache, quota or not.
    expect((await code(key, "bricklayer")).body.results[0].status).toBe("coded");
    const status = await get(`${backend.url}/api/status`, key);
    expect(status.body.quota).toMatchObject({ limit: 2, used: 2, left: 0, resetsAt: MIDNIGHT_UTC });

    clock.set(Date.parse(MIDNIGHT_UTC) + 60_000);
    expect((await code(key, "software tester")).body.results[0].status).toBe("coded");
  });

  test("ABS's Limit Exceeded closes the day for every caller", async () => {
    await start(1, { DAILY_QUOTA: "1000" });
    const key = await addKey(backend.app, "finance");
    expect((await code(key, "software engineer")).body.results[0].status).toBe("coded");

    const over = await code(key, "bricklayer");
    expect(over.body.results[0].error).toMatchObject({ reason: "quota_exhausted", retryAfter: MIDNIGHT_UTC });
    expect(sim.counters().rejections.limit_exceeded).toBe(1);

    const after = await code(key, "software tester");
    expect(after.body.results[0].error.reason).toBe("quota_exhausted");
    expect(sim.counters().apiRequests.total).toBe(2); // the day is closed: nothing more is sent
    expect((await get(`${backend.url}/api/status`, key)).body.quota.closed).toBe(true);
    expect((await code(key, "software engineer")).body.results[0].status).toBe("coded");
  });

  test("a team's share runs out without touching other teams' share", async () => {
    await start(100, { DAILY_QUOTA: "8", TEAM_QUOTA_SHARES: "hr:0.25" });
    const hr = await addKey(backend.app, "hr");
    const finance = await addKey(backend.app, "finance");
    expect((await code(hr, "software engineer 1")).body.results[0].status).toBe("coded");
    expect((await code(hr, "software engineer 2")).body.results[0].status).toBe("coded");
    const over = await code(hr, "software engineer 3");
    expect(over.body.results[0].error).toMatchObject({ reason: "team_quota_exhausted", retryAfter: MIDNIGHT_UTC });
    expect((await code(finance, "software engineer 3")).body.results[0].status).toBe("coded");

    const teams = (await get(`${backend.url}/api/status`, finance)).body.quota.teams;
    expect(teams).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ team: "hr", share: 0.25, limit: 2, used: 2, left: 0 }),
        expect.objectContaining({ team: "finance", share: 1, used: 1 }),
      ]),
    );
  });
});
