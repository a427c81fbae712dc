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
});
