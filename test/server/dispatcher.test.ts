/** The dispatcher with a fake upstream: batching, fairness, retries, splitting. */
import { ManualClock } from "../../src/shared/clock";
import { Dispatcher, type Upstream } from "../../src/server/dispatch/Dispatcher";
import { SqliteStateStore } from "../../src/server/state/SqliteStateStore";
import { TokenKeeper } from "../../src/server/token/TokenKeeper";
import { virtualSleep } from "../../src/server/time";
import { UpstreamError, type AbsCodeResponse, type AbsRecord } from "../../src/server/upstream/absApi";

const HOUR = 3_600_000;

function setup(
  answer: (records: AbsRecord[], call: number) => void | Promise<void> = () => undefined,
  policy: Partial<ConstructorParameters<typeof Dispatcher>[0]["policy"]> = {},
) {
  const clock = new ManualClock();
  const store = new SqliteStateStore(":memory:");
  const calls: { at: number; records: AbsRecord[] }[] = [];
  const upstream: Upstream = {
    async code(_token, _topic, records) {
      calls.push({ at: clock.now(), records });
      await answer(records, calls.length);
      return new Map<string, AbsCodeResponse>(
        records.map((r) => [
          r.recordId,
          {
            recordId: r.recordId,
            codeStatus: "successful",
            result: [{ codeCategory: "261313", codeLabel: "Software Engineer", codeConfidence: 0.9 }],
          },
        ]),
      );
    },
    latestModel: async () => "m1",
  };
  const keeper = new TokenKeeper({
    store,
    clock,
    holder: "t",
    policy: { minIntervalMs: HOUR, marginMs: 60_000, blockMs: HOUR, maxWaitMs: 120_000 },
    requestToken: async () => ({ accessToken: "tok", expiresInSeconds: 3600 }),
  });
  const dispatcher = new Dispatcher({
    store,
    clock,
    sleep: virtualSleep(clock),
    keeper,
    upstream,
    policy: {
      spacingMs: 1100,
      lateToleranceMs: 50,
      dailyQuota: 1000,
      batchSize: 300,
      lingerMs: 0,
      maxAttempts: 4,
      teamShares: { "*": 1 },
      ...policy,
    },
    tokenMaxWaitMs: 120_000,
    numberOfSuggestions: 4,
    modelVersion: "fixed",
    timeZone: "Australia/Sydney",
    random: () => 1,
  });
  return { dispatcher, calls, clock, store };
}

const records = (team: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `${team}${i}`, occp_text: `${team} job ${i}` }));

describe("Dispatcher", () => {
  test("waiting records from every caller share full batches, round-robin by team", async () => {
    const { dispatcher, calls } = setup(undefined, { batchSize: 10 });
    await Promise.all([
      dispatcher.code("big", "osca", records("big", 40)),
      dispatcher.code("small", "osca", records("small", 3)),
    ]);
    expect(calls.map((c) => c.records.length)).toEqual([10, 10, 10, 10, 3]);
    // The small team's three records ride in the first batches, not after the big team's forty.
    const firstTwo = [...calls[0]!.records, ...calls[1]!.records].map((r) => r.occp_text);
    expect(firstTwo.filter((t) => t.startsWith("small"))).toHaveLength(3);
  });

  test("requests are spaced by the configured interval", async () => {
    const { dispatcher, calls } = setup(undefined, { batchSize: 5 });
    await dispatcher.code("t", "osca", records("t", 20));
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    expect(gaps.every((g) => g >= 1100)).toBe(true);
  });

  test("identical texts from concurrent callers go upstream once", async () => {
    const { dispatcher, calls } = setup();
    const [a, b] = await Promise.all([
      dispatcher.code("a", "osca", [{ id: "1", occp_text: "Nurse" }]),
      dispatcher.code("b", "osca", [{ id: "2", occp_text: " nurse " }]),
    ]);
    expect(calls.flatMap((c) => c.records)).toHaveLength(1);
    expect(a.results[0]!.status).toBe("coded");
    expect(b.results[0]!).toMatchObject({ id: "2", status: "coded" });
  });

  test("Too Many Requests and 5xx are retried with growing backoff, then given up with a retry time", async () => {
    const { dispatcher, calls } = setup((_records, call) => {
      if (call <= 2) throw new UpstreamError(call === 1 ? "throttled" : "server", call === 1 ? 429 : 500, "busy");
    });
    const result = await dispatcher.code("t", "osca", [{ id: "1", occp_text: "nurse" }]);
    expect(result.results[0]!.status).toBe("coded");
    expect(calls).toHaveLength(3);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(2_000);

    const failing = setup(() => {
      throw new UpstreamError("server", 500, "Error performing request");
    });
    const failed = await failing.dispatcher.code("t", "osca", [{ id: "1", occp_text: "nurse" }]);
    expect(failing.calls).toHaveLength(4);
    expect(failed.results[0]!.error).toMatchObject({ reason: "upstream_error", retryAfter: expect.any(String) });
  });

  test("a 400 is never retried as is: halves isolate the bad record", async () => {
    const { dispatcher, calls } = setup((batch) => {
      if (batch.some((r) => r.occp_text === "t job 77"))
        throw new UpstreamError("bad_request", 400, "Invalid request body");
    });
    const { results } = await dispatcher.code("t", "osca", records("t", 300));
    expect(results.filter((r) => r.status === "coded")).toHaveLength(299);
    expect(results[77]!.error?.reason).toBe("rejected_by_abs");
    const sizes = calls.map((c) => c.records.length);
    expect(new Set(calls.map((c) => c.records.map((r) => r.occp_text).join("|"))).size).toBe(calls.length); // no batch sent twice
    expect(sizes.length).toBeLessThanOrEqual(1 + 2 * 9);
  });

  test("a cancelled caller's records not yet sent leave the queue, unless another caller waits for the same text", async () => {
    const controller = new AbortController();
    const { dispatcher, calls } = setup((_records, call) => {
      if (call === 1) controller.abort(); // while the first batch is in flight
    });
    const job = records("job", 900);
    const shared = job.slice(-5).map((r, i) => ({ id: `other${i}`, occp_text: r.occp_text }));
    const [cancelled, other] = await Promise.all([
      dispatcher.code("job", "osca", job, { signal: controller.signal }),
      dispatcher.code("other", "osca", shared),
    ]);
    // The batch in flight finished; of the rest, only the five texts the other caller wanted went out.
    expect(calls.map((c) => c.records.length)).toEqual([300, 5]);
    expect(cancelled.results.slice(0, 300).every((r) => r.status === "coded")).toBe(true);
    expect(cancelled.results.slice(300).every((r) => r.error?.reason === "cancelled")).toBe(true);
    expect(other.results.map((r) => r.status)).toEqual(["coded", "coded", "coded", "coded", "coded"]);
    expect(dispatcher.waitingRecords).toBe(0);

    // A signal already aborted sends nothing at all.
    const again = await dispatcher.code("job", "osca", records("late", 3), { signal: controller.signal });
    expect(again.results.map((r) => r.error?.reason)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(calls).toHaveLength(2);
  });
});
