/**
 * ABS fails a whole batch for one bad record (§5.5). Cleaning keeps bad records out of batches;
 * if one still gets through, splitting the batch in halves isolates it.
 */
import { ManualClock } from "../../src/shared/clock";
import { virtualSleep } from "../../src/server/time";
import type { RunningSimulator } from "../../src/simulator";
import { addKey, codingSizes, post, startBackend, startTestSimulator, testConfig, type Backend } from "./helpers";

jest.setTimeout(30_000);

function goodRecords(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `A${i + 2}`,
    occp_text: `software engineer ${i}`,
    tasks_text: "writes code",
  }));
}

describe("bad records in a batch of 300", () => {
  let sim: RunningSimulator;
  let backend: Backend;
  let key: string;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));

  async function start(maxSyncTextLength: number) {
    sim = await startTestSimulator({ clock, maxSyncTextLength });
    backend = await startBackend(testConfig(sim, { MODEL_VERSION: "fixed", BATCH_LINGER_MS: "0" }), {
      clock,
      sleep: virtualSleep(clock),
    });
    key = await addKey(backend.app, "finance");
  }

  afterEach(async () => {
    await backend?.close();
    await sim?.close();
  });

  test("a non-ASCII, an over-long and an empty record are cleaned or refused, and 299 are coded", async () => {
    await start(100);
    const records = goodRecords(300);
    records[10] = { id: "A12", occp_text: "Café manager – “night” shift", tasks_text: "runs the café’s kitchen" };
    records[20] = { id: "A22", occp_text: "Bricklayer", tasks_text: "lays bricks and blocks ".repeat(12) };
    records[30] = { id: "A32", occp_text: "  \u200b ", tasks_text: "something" };
    const response = await post(`${backend.url}/api/code`, { topic: "osca", records }, key);

    expect(response.status).toBe(200);
    const results = response.body.results;
    expect(results.map((r: { id: string }) => r.id)).toEqual(records.map((r) => r.id));
    expect(results.filter((r: { status: string }) => r.status === "coded")).toHaveLength(299);
    expect(results[30].error.reason).toBe("empty_input");
    expect(results[10].cleaned.occp_text).toBe('Cafe manager - "night" shift');
    expect(results[10].cleaned.changes.join(" ")).toMatch(/plain ASCII/);
    expect(results[20].cleaned.occp_text.length + results[20].cleaned.tasks_text.length).toBeLessThanOrEqual(100);
    expect(results[20].cleaned.changes.join(" ")).toMatch(/shortened tasks/);
    expect(sim.counters().apiRequests.byStatus["400"] ?? 0).toBe(0);
    expect(codingSizes(sim)).toEqual([299]);
  });

  test("a record ABS still rejects is isolated by halving: the other 299 are coded", async () => {
    await start(60);
    const records = goodRecords(300);
    // 90 characters: clean by our 100-character rule, too long for this simulator (60).
    records[137] = { id: "A139", occp_text: "software engineer", tasks_text: "x".repeat(73) };
    const response = await post(`${backend.url}/api/code`, { topic: "osca", records }, key);

    const results = response.body.results;
    expect(results.filter((r: { status: string }) => r.status === "coded")).toHaveLength(299);
    expect(results[137].status).toBe("error");
    expect(results[137].error.reason).toBe("rejected_by_abs");
    // Halving costs about two requests per level, never one request per record.
    expect(sim.counters().apiRequests.total).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(300)));
    expect(codingSizes(sim).reduce((a, b) => a + b, 0)).toBe(299);
  });
});
