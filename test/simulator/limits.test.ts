/** Rate limit (1 request/second) and daily quota (1,000 / 10,000, reset 00:00 UTC), §1.1, §9.1, §10. */
import { CLIENT, basic, record, startHarness, type Harness } from "./support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const TOO_MANY = { message: "Too Many Requests" };
const LIMIT = { message: "Limit Exceeded" };

describe("rate limit", () => {
  test("a second request inside one second gets Too Many Requests", async () => {
    expect((await h.apiNow("GET", "/v1/topics")).status).toBe(200);
    const second = await h.apiNow("GET", "/v1/topics");
    expect(second.status).toBe(429);
    expect(await second.json()).toEqual(TOO_MANY);
    expect(h.sim.counters().rejections.too_many_requests).toBe(1);
  });

  test("999 ms later is still too early, 1000 ms later is fine", async () => {
    await h.apiNow("GET", "/v1/topics");
    h.clock.advance(999);
    expect((await h.apiNow("GET", "/v1/topics")).status).toBe(429);
    h.clock.advance(1);
    expect((await h.apiNow("GET", "/v1/topics")).status).toBe(200);
  });

  test("the limit spans every endpoint, coding included", async () => {
    await h.apiNow("GET", "/v1/topics");
    const response = await h.apiNow("POST", "/v1/topics/osca/code", { body: { record: record("brickie") } });
    expect(response.status).toBe(429);
    expect(h.coder.calls).toHaveLength(0);
  });

  test("a throttled request does not use the daily quota", async () => {
    await h.apiNow("GET", "/v1/topics");
    await h.apiNow("GET", "/v1/topics");
    await h.apiNow("GET", "/v1/topics");
    expect(h.sim.counters().quota[CLIENT.clientId].used).toBe(1);
  });

  test("the limit is per client", async () => {
    const two = await startHarness({
      clients: [CLIENT, { clientId: "other", clientSecret: "other-secret" }],
    });
    try {
      const other = (await (await two.requestToken({ authorization: basic("other", "other-secret") })).json()) as {
        access_token: string;
      };
      expect((await two.apiNow("GET", "/v1/topics")).status).toBe(200);
      expect((await two.apiNow("GET", "/v1/topics", { authorization: other.access_token })).status).toBe(200);
    } finally {
      await two.close();
    }
  });

  test("authentication is checked before the rate limit", async () => {
    await h.apiNow("GET", "/v1/topics");
    const response = await h.apiNow("GET", "/v1/topics", { authorization: "unknown" });
    expect(response.status).toBe(403);
  });

  test("rate and burst are configurable", async () => {
    const fast = await startHarness({ requestsPerSecond: 2, burst: 2 });
    try {
      expect((await fast.apiNow("GET", "/v1/topics")).status).toBe(200);
      expect((await fast.apiNow("GET", "/v1/topics")).status).toBe(200);
      expect((await fast.apiNow("GET", "/v1/topics")).status).toBe(429);
      fast.clock.advance(500);
      expect((await fast.apiNow("GET", "/v1/topics")).status).toBe(200);
    } finally {
      await fast.close();
    }
  });

  test("requestsPerSecond Infinity turns throttling off", async () => {
    const free = await startHarness({ requestsPerSecond: Infinity });
    try {
      for (let i = 0; i < 5; i++) expect((await free.apiNow("GET", "/v1/topics")).status).toBe(200);
    } finally {
      await free.close();
    }
  });

  test("every API request is logged with its clock time, so spacing can be measured", async () => {
    await h.api("GET", "/v1/topics");
    h.clock.advance(500);
    await h.api("GET", "/v1/topics");
    const log = h.sim.counters().apiRequests.log;
    expect(log.map((e) => e.at)).toEqual([Date.UTC(2026, 0, 5, 9, 0, 1), Date.UTC(2026, 0, 5, 9, 0, 2, 500)]);
  });
});

describe("daily quota", () => {
  test("the 1,001st request of the day gets Limit Exceeded and the next UTC day works again", async () => {
    for (let i = 0; i < 1000; i++) {
      const response = await h.api("GET", "/v1/topics");
      if (response.status !== 200) throw new Error(`request ${i + 1} answered ${response.status}`);
    }
    const over = await h.api("GET", "/v1/topics");
    expect(over.status).toBe(429);
    expect(await over.json()).toEqual(LIMIT);

    h.clock.set(Date.UTC(2026, 0, 5, 23, 59, 59, 999));
    const token = await h.token(); // the first token is more than an hour old by now
    expect((await h.apiNow("GET", "/v1/topics", { authorization: token })).status).toBe(429);
    h.clock.set(Date.UTC(2026, 0, 6, 0, 0, 0));
    expect((await h.apiNow("GET", "/v1/topics", { authorization: token })).status).toBe(200);

    const counters = h.sim.counters();
    expect(counters.rejections.limit_exceeded).toBe(2);
    expect(counters.quota[CLIENT.clientId]).toEqual({
      used: 1,
      limit: 1000,
      periodStart: Date.UTC(2026, 0, 6),
      resetsAt: Date.UTC(2026, 0, 7),
    });
  });

  test("the quota is configurable", async () => {
    const small = await startHarness({ dailyQuota: 3 });
    try {
      for (let i = 0; i < 3; i++) expect((await small.api("GET", "/v1/topics")).status).toBe(200);
      const response = await small.api("GET", "/v1/topics");
      expect(response.status).toBe(429);
      expect(await response.json()).toEqual(LIMIT);
    } finally {
      await small.close();
    }
  });

  test("the partner tier allows 10,000 requests a day", async () => {
    const partner = await startHarness({ tier: "partner" });
    try {
      await partner.api("GET", "/v1/topics");
      expect(partner.sim.counters().quota[CLIENT.clientId].limit).toBe(10_000);
    } finally {
      await partner.close();
    }
  });

  test("calls refused after the quota check (400, 404) still use the quota", async () => {
    await h.api("GET", "/v1/topics/nope");
    await h.api("POST", "/v1/topics/osca/code", { body: "not json" });
    expect(h.sim.counters().quota[CLIENT.clientId].used).toBe(2);
  });

  test("the rate limit is checked before the quota", async () => {
    const small = await startHarness({ dailyQuota: 1 });
    try {
      await small.apiNow("GET", "/v1/topics");
      const response = await small.apiNow("GET", "/v1/topics");
      expect(await response.json()).toEqual(TOO_MANY);
    } finally {
      await small.close();
    }
  });
});
