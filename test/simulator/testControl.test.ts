/** Test-only routes under /__simulator and their in-process equivalents: counters, reset, faults. */
import { CLIENT, DENY, record, startHarness, type Harness } from "./support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const control = (method: string, path: string, body?: unknown) =>
  fetch(`${h.sim.url}/__simulator${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("counters", () => {
  test("GET /__simulator/counters shows the same counters as the in-process handle", async () => {
    await h.api("GET", "/v1/topics");
    await h.api("POST", "/v1/topics/osca/code", { body: { records: [record("brickie"), record("worker")] } });
    const overHttp = await (await control("GET", "/counters")).json();
    expect(overHttp).toEqual(h.sim.counters());
    expect(overHttp).toMatchObject({
      tier: "public",
      tokenRequests: { total: 1, granted: 1 },
      apiRequests: {
        total: 2,
        byEndpoint: { "GET /v1/topics": 1, "POST /v1/topics/{topic}/code": 1 },
        byStatus: { "200": 2 },
      },
      codingRequests: { total: 1, succeeded: 1, sizes: [2] },
      recordsCoded: 2,
    });
  });

  test("rejections are counted by reason", async () => {
    await h.api("GET", "/v1/topics", { authorization: null });
    await h.api("GET", "/v1/topics/nope");
    await h.api("POST", "/v1/topics/osca/code", { body: "{" });
    expect(h.sim.counters().rejections).toEqual({
      "explicit_deny.missing_token": 1,
      topic_not_found: 1,
      "invalid_request_body.invalid_json": 1,
    });
    expect(h.sim.counters().apiRequests.byEndpointAndStatus["POST /v1/topics/{topic}/code"]).toEqual({ "400": 1 });
  });

  test("test-control calls are not counted as API requests", async () => {
    await control("GET", "/counters");
    await control("GET", "/faults");
    expect(h.sim.counters().apiRequests.total).toBe(0);
  });

  test("POST /__simulator/reset with scope counters keeps tokens and limits", async () => {
    await h.api("GET", "/v1/topics");
    expect((await control("POST", "/reset", { scope: "counters" })).status).toBe(200);
    const counters = h.sim.counters();
    expect(counters.apiRequests.total).toBe(0);
    expect(counters.tokenRequests.total).toBe(0);
    expect(counters.quota[CLIENT.clientId].used).toBe(1);
    expect((await h.api("GET", "/v1/topics")).status).toBe(200); // the token still works
  });

  test("POST /__simulator/reset forgets tokens, blocks and quota", async () => {
    const token = await h.token();
    await h.requestToken(); // blocks the client
    expect((await control("POST", "/reset")).status).toBe(200);
    expect((await h.api("GET", "/v1/topics", { authorization: token })).status).toBe(403);
    expect((await h.requestToken()).status).toBe(200);
    expect(h.sim.counters().tokenBlocks.active).toEqual([]);
  });

  test("a bad reset scope gets 400", async () => {
    expect((await control("POST", "/reset", { scope: "everything" })).status).toBe(400);
  });

  test("resetCounters() in-process zeroes the counters", async () => {
    await h.api("GET", "/v1/topics");
    h.sim.resetCounters();
    expect(h.sim.counters().apiRequests.total).toBe(0);
  });
});

describe("faults", () => {
  test("injected errors answer 500 Error performing request for the next N calls", async () => {
    const response = await control("POST", "/faults", { errors: 2 });
    expect(await response.json()).toMatchObject({ errors: 2 });
    for (let i = 0; i < 2; i++) {
      const failed = await h.api("POST", "/v1/topics/osca/code", { body: { record: record("brickie") } });
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({ message: "Error performing request" });
    }
    expect((await h.api("POST", "/v1/topics/osca/code", { body: { record: record("brickie") } })).status).toBe(200);
    expect(h.sim.counters().rejections["error_performing_request.injected"]).toBe(2);
  });

  test("an injected error can carry more context", async () => {
    h.sim.injectFaults({ errors: 1, errorMessage: "Error performing request: model timeout" });
    const response = await h.api("GET", "/v1/topics");
    expect(await response.json()).toEqual({ message: "Error performing request: model timeout" });
  });

  test("an injected error fires after body validation", async () => {
    h.sim.injectFaults({ errors: 1 });
    expect((await h.api("POST", "/v1/topics/osca/code", { body: "{" })).status).toBe(400);
    expect(h.sim.faults().errors).toBe(1);
  });

  test("injected denies give a valid token the explicit deny", async () => {
    await control("POST", "/faults", { denies: 1 });
    const response = await h.api("GET", "/v1/topics");
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(DENY);
    expect((await h.api("GET", "/v1/topics")).status).toBe(200);
  });

  test("injected throttles answer Too Many Requests", async () => {
    h.sim.injectFaults({ throttles: 1 });
    const response = await h.api("GET", "/v1/topics");
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ message: "Too Many Requests" });
  });

  test("injected token errors answer 500 and issue nothing", async () => {
    h.sim.injectFaults({ tokenErrors: 1 });
    const response = await h.requestToken();
    expect(response.status).toBe(500);
    expect((await h.requestToken()).status).toBe(200);
    expect(h.sim.counters().tokenRequests).toMatchObject({ total: 2, granted: 1, refused: 1 });
  });

  test("injected latency delays API calls in real time", async () => {
    await control("POST", "/faults", { latencyMs: 60, latencyCalls: 1 });
    const slowStart = performance.now();
    await h.api("GET", "/v1/topics");
    expect(performance.now() - slowStart).toBeGreaterThanOrEqual(55);
    expect(h.sim.faults().latencyCalls).toBe(0);
  });

  test("DELETE /__simulator/faults clears every fault", async () => {
    h.sim.injectFaults({ errors: 5, denies: 5 });
    const response = await control("DELETE", "/faults");
    expect(await response.json()).toMatchObject({ errors: 0, denies: 0 });
    expect((await h.api("GET", "/v1/topics")).status).toBe(200);
  });

  test("an unknown fault gets 400", async () => {
    const response = await control("POST", "/faults", { explode: true });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'unknown fault "explode"' });
  });
});

test("GET /__simulator/config shows the configuration with the secret masked", async () => {
  const response = await control("GET", "/config");
  const text = await response.text();
  expect(text).not.toContain(CLIENT.clientSecret);
  expect(JSON.parse(text)).toMatchObject({ tier: "public", clients: [{ clientId: CLIENT.clientId }] });
});

test("the test-control routes do not exist under /v1", async () => {
  const response = await h.api("GET", "/v1/__simulator/counters");
  expect(response.status).toBe(403);
  expect(await response.json()).toEqual({ message: "Missing Authentication Token" });
});

test("with testControl off the routes do not exist at all", async () => {
  const closed = await startHarness({ testControl: false });
  try {
    const response = await fetch(`${closed.sim.url}/__simulator/counters`);
    expect(response.status).toBe(403);
  } finally {
    await closed.close();
  }
});
