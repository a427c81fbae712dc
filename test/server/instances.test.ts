/**
 * Two backend instances sharing one state file (one host): they share the token, the pacing and
 * the quota, so adding instances adds no token requests and no burst at ABS.
 */
import type { RunningSimulator } from "../../src/simulator";
import {
  addKey,
  minGapMs,
  post,
  startBackend,
  startTestSimulator,
  testConfig,
  tokenRequests,
  type Backend,
} from "./helpers";

jest.setTimeout(30_000);

describe("two instances, one state file", () => {
  let sim: RunningSimulator;
  const backends: Backend[] = [];

  afterAll(async () => {
    for (const backend of backends) await backend.close();
    await sim?.close();
  });

  test("concurrent traffic on both instances costs one token request, paced across both", async () => {
    sim = await startTestSimulator({ requestsPerSecond: 5 });
    const config = testConfig(sim, { UPSTREAM_SPACING_MS: "300", MODEL_VERSION: "fixed", KEY_RATE_BURST: "1000" });
    backends.push(await startBackend(config), await startBackend(config));
    const key = await addKey(backends[0]!.app, "finance");

    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, client) =>
        post(
          `${backends[client % 2]!.url}/api/code`,
          {
            topic: "osca",
            records: Array.from({ length: 10 }, (_, i) => ({
              id: `A${i}`,
              occp_text: `software engineer ${client * 10 + i}`,
            })),
          },
          key,
        ),
      ),
    );
    expect(
      responses.every((r) => r.status === 200 && r.body.results.every((x: { status: string }) => x.status === "coded")),
    ).toBe(true);
    expect(tokenRequests(sim)).toBe(1);
    expect(minGapMs(sim)).toBeGreaterThanOrEqual(200);
    expect(sim.counters().apiRequests.byStatus["429"] ?? 0).toBe(0);
    const used = (await backends[1]!.app.services.store.quotaUsage(new Date().toISOString().slice(0, 10))).used;
    expect(used).toBe(sim.counters().codingRequests.total);
  });
});
