/** The SQLite state store: each decision is atomic across instances sharing one file. */
import path from "node:path";
import { SqliteStateStore } from "../../src/server/state/SqliteStateStore";
import { tempDir } from "./helpers";

const HOUR = 3_600_000;

describe("SqliteStateStore", () => {
  test("two instances on one file get one token permit per hour between them", async () => {
    const file = path.join(tempDir(), "state.sqlite");
    const a = new SqliteStateStore(file);
    const b = new SqliteStateStore(file);
    const now = Date.UTC(2026, 0, 5, 9);
    const decisions = await Promise.all([a, b, a, b].map((s) => s.claimTokenPermit(now, HOUR, 60_000, "x")));
    expect(decisions.filter((d) => d.granted)).toHaveLength(1);
    expect(decisions.filter((d) => !d.granted).map((d) => !d.granted && d.reason)).toEqual([
      "pending",
      "pending",
      "pending",
    ]);
    const granted = decisions.find((d) => d.granted)!;
    if (granted.granted) await a.settleTokenPermit(granted.generation, "issued");
    expect(await b.claimTokenPermit(now + HOUR - 1, HOUR, 60_000, "x")).toMatchObject({
      granted: false,
      reason: "spent",
      retryAt: now + HOUR,
    });
    expect(await b.claimTokenPermit(now + HOUR, HOUR, 60_000, "x")).toMatchObject({ granted: true });
    await a.close();
    await b.close();
  });

  test("send slots are spaced across instances", async () => {
    const file = path.join(tempDir(), "state.sqlite");
    const a = new SqliteStateStore(file);
    const b = new SqliteStateStore(file);
    const slots = [];
    for (let i = 0; i < 10; i++) slots.push(await (i % 2 ? a : b).reserveSlot(1_000, 1_100));
    expect(slots).toEqual(Array.from({ length: 10 }, (_, i) => 1_000 + i * 1_100));
    await a.close();
    await b.close();
  });

  test("the quota is never exceeded and team shares are charged by fraction", async () => {
    const store = new SqliteStateStore(":memory:");
    const charge = (charges: Record<string, number>) =>
      store.chargeQuota({ day: "2026-01-05", dailyLimit: 3, charges, teamLimits: { hr: 1, finance: 3 } });
    expect(await charge({ hr: 0.5, finance: 0.5 })).toEqual({ granted: true });
    expect(await charge({ hr: 0.5, finance: 0.5 })).toEqual({ granted: true });
    expect(await charge({ hr: 1 })).toEqual({ granted: false, scope: "team", teams: ["hr"] });
    expect(await charge({ finance: 1 })).toEqual({ granted: true });
    expect(await charge({ finance: 1 })).toEqual({ granted: false, scope: "overall" });
    expect(await store.quotaUsage("2026-01-05")).toEqual({
      day: "2026-01-05",
      used: 3,
      closed: false,
      byTeam: { hr: 1, finance: 2 },
    });
    await store.closeQuotaDay("2026-01-06", "Limit Exceeded");
    expect(
      await store.chargeQuota({ day: "2026-01-06", dailyLimit: 3, charges: { finance: 1 }, teamLimits: {} }),
    ).toEqual({ granted: false, scope: "overall" });
    await store.close();
  });

  test("API keys are found by hash and revoked by id", async () => {
    const store = new SqliteStateStore(":memory:");
    await store.addApiKey({ id: "abcd1234", team: "finance", label: "k", hash: "h1", createdAt: 1, revokedAt: null });
    expect(await store.findApiKey("h1")).toMatchObject({ team: "finance" });
    expect(await store.revokeApiKey("abcd", 2)).toMatchObject({ id: "abcd1234", revokedAt: 2 });
    expect(await store.findApiKey("h1")).toBeNull();
    await store.close();
  });

  test("job results page from an offset and stop at the first record without a result", async () => {
    const store = new SqliteStateStore(":memory:");
    await store.createJob(
      { id: "j1", team: "finance", topic: "osca", state: "queued", total: 5, createdAt: 1, updatedAt: 1 },
      [...Array.from({ length: 5 }, (_, i) => ({ id: `R${i}`, occp_text: `text ${i}` }))],
    );
    const result = (id: string, status: "coded" | "uncoded" | "error") => ({ id, status, suggestions: [] });
    await store.saveJobResults(
      "j1",
      [
        { index: 0, result: result("R0", "coded") },
        { index: 1, result: result("R1", "uncoded") },
        { index: 3, result: result("R3", "error") },
      ],
      2,
    );
    expect((await store.jobResultsFrom("j1", 0, 10)).map((r) => r.id)).toEqual(["R0", "R1"]);
    expect((await store.jobResultsFrom("j1", 1, 1)).map((r) => r.id)).toEqual(["R1"]);
    expect(await store.jobResultsFrom("j1", 2, 10)).toEqual([]);
    expect((await store.jobResultsFrom("j1", 3, 10)).map((r) => r.id)).toEqual(["R3"]);
    expect(await store.getJob("j1")).toMatchObject({ done: 3, counts: { coded: 1, uncoded: 1, error: 1 } });

    // A cancelled job stays cancelled whatever a runner still busy with it writes afterwards.
    expect(await store.setJobState("j1", "cancelled", 3)).toBe(true);
    expect(await store.setJobState("j1", "done", 4)).toBe(false);
    expect(await store.setJobState("j1", "waiting", 4, { retryAfter: 9 })).toBe(false);
    expect(await store.getJob("j1")).toMatchObject({ state: "cancelled", finishedAt: 3, retryAfter: null });
    expect(await store.unfinishedJobs()).toEqual([]);
    await store.close();
  });

  test("a state file from before job counts and job errors gains the columns, counts included", async () => {
    const file = path.join(tempDir(), "state.sqlite");
    const Database = (await import("better-sqlite3")).default;
    const old = new Database(file);
    old.exec(`CREATE TABLE jobs (id TEXT PRIMARY KEY, team TEXT NOT NULL, topic TEXT NOT NULL, status TEXT NOT NULL,
        total INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, finished_at INTEGER,
        retry_after INTEGER, inputs TEXT NOT NULL);
      CREATE TABLE job_results (job_id TEXT NOT NULL, idx INTEGER NOT NULL, result TEXT NOT NULL, PRIMARY KEY (job_id, idx));
      INSERT INTO jobs VALUES ('old', 'finance', 'osca', 'waiting', 2, 1, 1, NULL, 5, '[]');
      INSERT INTO job_results VALUES ('old', 0, '{"id":"R0","status":"coded","suggestions":[]}');`);
    old.close();
    const store = new SqliteStateStore(file);
    expect(await store.getJob("old")).toMatchObject({
      state: "waiting",
      done: 1,
      counts: { coded: 1, uncoded: 0, error: 0 },
    });
    await store.close();
  });
});
