/** The token policy on its own: ManualClock, a fake token endpoint, a real SQLite file. */
import path from "node:path";
import { ManualClock } from "../../src/shared/clock";
import { SqliteStateStore } from "../../src/server/state/SqliteStateStore";
import { TokenKeeper, TokenUnavailableError } from "../../src/server/token/TokenKeeper";
import { UpstreamError, type IssuedToken } from "../../src/server/upstream/absApi";
import { tempDir } from "./helpers";

const HOUR = 3_600_000;
const policy = { minIntervalMs: HOUR, marginMs: 60_000, blockMs: HOUR, maxWaitMs: 120_000 };

function setup(file = path.join(tempDir(), "state.sqlite"), clock = new ManualClock()) {
  const store = new SqliteStateStore(file);
  const calls: number[] = [];
  let answer: () => Promise<IssuedToken> = async () => ({
    accessToken: `token-${calls.length}`,
    expiresInSeconds: 3600,
  });
  const keeper = new TokenKeeper({
    store,
    clock,
    policy,
    holder: "test",
    requestToken: () => {
      calls.push(clock.now());
      return answer();
    },
  });
  return { store, keeper, clock, calls, file, answerWith: (fn: () => Promise<IssuedToken>) => (answer = fn) };
}

describe("TokenKeeper", () => {
  test("no traffic, no token request (lazy)", async () => {
    const { calls, store } = setup();
    expect(calls).toHaveLength(0);
    await store.close();
  });

  test("1,000 concurrent callers share one token request", async () => {
    const { keeper, calls, store } = setup();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => keeper.get()));
    expect(calls).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.value))).toEqual(new Set(["token-1"]));
    await store.close();
  });

  test("the permit is written before the request: a crash mid-request still spends the hour", async () => {
    const first = setup();
    first.answerWith(() => new Promise(() => undefined)); // the process "dies" while waiting
    void first.keeper.get();
    await new Promise((r) => setImmediate(r));
    expect(first.calls).toHaveLength(1);
    await first.store.close();

    const clock = first.clock;
    clock.advance(2 * 60_000);
    const restarted = setup(first.file, clock);
    await expect(restarted.keeper.get()).rejects.toMatchObject({
      reason: "spent",
      retryAt: first.calls[0]! + HOUR + 60_000,
    });
    expect(restarted.calls).toHaveLength(0);
    await restarted.store.close();
  });

  test("no refresh-ahead: the next request waits until the last is an hour (+ margin) old", async () => {
    const { keeper, calls, clock, store } = setup();
    await keeper.get();
    clock.advance(HOUR - 10_000); // token nearly expired: still used, no new request
    expect((await keeper.get()).value).toBe("token-1");
    clock.advance(20_000); // expired, but the permit is not due for another 50 s
    await expect(keeper.get()).rejects.toBeInstanceOf(TokenUnavailableError);
    clock.advance(50_000);
    expect((await keeper.get()).value).toBe("token-2");
    expect(calls).toHaveLength(2);
    await store.close();
  });

  test("a 403 from the token endpoint blocks token requests for an hour, without retrying", async () => {
    const { keeper, calls, clock, store, answerWith } = setup();
    answerWith(async () => {
      throw new UpstreamError("denied", 403, "token endpoint answered 403");
    });
    await expect(keeper.get()).rejects.toMatchObject({ reason: "blocked", retryAt: clock.now() + HOUR });
    clock.advance(HOUR + 59_000);
    await expect(keeper.get()).rejects.toMatchObject({ reason: "spent" });
    expect(calls).toHaveLength(1);
    expect((await store.tokenLedger(clock.now())).lastPermit?.outcome).toBe("forbidden");
    await store.close();
  });

  test("a rejected token generation is not replaced inside the hour", async () => {
    const { keeper, calls, clock, store } = setup();
    const token = await keeper.get();
    await keeper.reject(token.generation);
    await keeper.reject(token.generation - 1); // an older generation: no effect
    clock.advance(10 * 60_000);
    await expect(keeper.get()).rejects.toMatchObject({ reason: "spent" });
    expect(calls).toHaveLength(1);
    await store.close();
  });

  test.each([
    ["no access_token", { expires_in: 3600 }],
    ["an empty access_token", { access_token: "", expires_in: 3600 }],
    ["an implausible expires_in", { access_token: "abc", expires_in: -5 }],
  ])("a token response with %s is refused and the permit stays spent", async (_name, body) => {
    const { AbsApi } = await import("../../src/server/upstream/absApi");
    const { Secret } = await import("../../src/server/config/Secret");
    const api = new AbsApi({
      tokenUrl: "http://token.invalid/oauth2/token",
      apiBaseUrl: "http://api.invalid/v1",
      clientId: "id",
      clientSecret: new Secret("secret"),
      timeoutMs: 1000,
      fetchImpl: async () =>
        new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } }),
    });
    const { keeper, calls, store, answerWith } = setup();
    answerWith(() => api.requestToken());
    await expect(keeper.get()).rejects.toMatchObject({ reason: "failed" });
    await expect(keeper.get()).rejects.toMatchObject({ reason: "spent" });
    expect(calls).toHaveLength(1);
    await store.close();
  });
});
