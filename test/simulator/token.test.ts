/** POST /oauth2/token (§3.2) and the organisation token rule (§3.5), over real HTTP. */
import { CLIENT, basic, startHarness, type Harness } from "./support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const HOUR = 3600_000;

describe("token endpoint", () => {
  test("registered credentials get a one-hour Bearer access token", async () => {
    const response = await h.requestToken();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: "Bearer" });
    expect(body.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  test("the guide's worked example credentials are accepted when registered", async () => {
    const sim = await startHarness({ clients: [{ clientId: "client1", clientSecret: "secret123" }] });
    try {
      const response = await sim.requestToken({ authorization: "Basic Y2xpZW50MTpzZWNyZXQxMjM=" });
      expect(response.status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  test("a wrong secret gets invalid_client", async () => {
    const response = await h.requestToken({ clientSecret: "wrong" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_client" });
  });

  test("an unknown client id gets invalid_client", async () => {
    const response = await h.requestToken({ clientId: "someone-else" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_client" });
  });

  test("a request without Basic credentials gets invalid_client", async () => {
    const response = await h.requestToken({ authorization: null });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_client" });
  });

  test("credentials in a Bearer header instead of Basic get invalid_client", async () => {
    const response = await h.requestToken({ authorization: `Bearer ${CLIENT.clientId}:${CLIENT.clientSecret}` });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_client" });
  });

  test("a missing grant_type gets invalid_request", async () => {
    const response = await h.requestToken({ body: "" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_request" });
  });

  test("another grant type gets unsupported_grant_type", async () => {
    const response = await h.requestToken({ body: "grant_type=password&username=a&password=b" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "unsupported_grant_type" });
  });

  test("a JSON body instead of a form gets invalid_request", async () => {
    const response = await h.requestToken({
      contentType: "application/json",
      body: JSON.stringify({ grant_type: "client_credentials" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_request" });
  });

  test("a form content type with a charset is accepted", async () => {
    const response = await h.requestToken({ contentType: "application/x-www-form-urlencoded; charset=UTF-8" });
    expect(response.status).toBe(200);
  });

  test("refused requests do not count toward the hourly token rule", async () => {
    await h.requestToken({ clientSecret: "wrong" });
    await h.requestToken({ body: "grant_type=password" });
    expect((await h.requestToken()).status).toBe(200);
    const counters = h.sim.counters().tokenRequests;
    expect(counters).toMatchObject({ total: 3, granted: 1, refused: 2, blocked: 0 });
  });
});

describe("organisation token rule", () => {
  test("a second token request inside the hour blocks the client for an hour", async () => {
    expect((await h.requestToken()).status).toBe(200);
    h.clock.advance(10 * 60_000);
    const second = await h.requestToken();
    expect(second.status).toBe(403);

    h.clock.advance(HOUR - 1);
    expect((await h.requestToken()).status).toBe(403);
    h.clock.advance(1);
    expect((await h.requestToken()).status).toBe(200);

    const counters = h.sim.counters();
    expect(counters.tokenRequests).toMatchObject({ total: 4, granted: 2, blocked: 2, refused: 0 });
    expect(counters.tokenBlocks.started).toBe(1);
    expect(counters.rejections["token.blocked"]).toBe(2);
  });

  test("the block is visible while it lasts", async () => {
    await h.requestToken();
    h.clock.advance(1000);
    await h.requestToken();
    expect(h.sim.counters().tokenBlocks.active).toEqual([
      { organisation: CLIENT.clientId, until: h.clock.now() + HOUR },
    ]);
  });

  test("one token request per hour never blocks", async () => {
    for (let hour = 0; hour < 5; hour++) {
      expect((await h.requestToken()).status).toBe(200);
      h.clock.advance(HOUR);
    }
    expect(h.sim.counters().tokenBlocks.started).toBe(0);
  });

  test("a blocked client's existing token keeps working for API calls", async () => {
    const token = await h.token();
    h.clock.advance(1000);
    expect((await h.requestToken()).status).toBe(403);
    expect((await h.api("GET", "/v1/topics", { authorization: token })).status).toBe(200);
  });

  test("with tokenBlockDeniesApiCalls the block also denies API calls", async () => {
    const strict = await startHarness({ tokenBlockDeniesApiCalls: true });
    try {
      const token = await strict.token();
      strict.clock.advance(1000);
      expect((await strict.requestToken()).status).toBe(403);
      const response = await strict.api("GET", "/v1/topics", { authorization: token });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        Message: "User is not authorized to access this resource with an explicit deny",
      });
    } finally {
      await strict.close();
    }
  });

  test("excess token requests by another client of the same organisation block both", async () => {
    const org = await startHarness({
      clients: [
        { clientId: "team-a", clientSecret: "a-secret", organisation: "agency" },
        { clientId: "team-b", clientSecret: "b-secret", organisation: "agency" },
      ],
    });
    try {
      expect((await org.requestToken({ clientId: "team-a", clientSecret: "a-secret" })).status).toBe(200);
      expect((await org.requestToken({ clientId: "team-b", clientSecret: "b-secret" })).status).toBe(403);
      expect((await org.requestToken({ clientId: "team-a", clientSecret: "a-secret" })).status).toBe(403);
      expect(org.sim.counters().tokenBlocks.active).toEqual([{ organisation: "agency", until: expect.any(Number) }]);
    } finally {
      await org.close();
    }
  });

  test("the window, allowance and block length are configurable", async () => {
    const relaxed = await startHarness({
      tokenRequestsPerWindow: 2,
      tokenRequestWindowSeconds: 60,
      tokenBlockSeconds: 120,
    });
    try {
      expect((await relaxed.requestToken()).status).toBe(200);
      expect((await relaxed.requestToken()).status).toBe(200);
      expect((await relaxed.requestToken()).status).toBe(403);
      relaxed.clock.advance(119_999);
      expect((await relaxed.requestToken()).status).toBe(403);
      relaxed.clock.advance(1);
      expect((await relaxed.requestToken()).status).toBe(200);
    } finally {
      await relaxed.close();
    }
  });

  test("requests with a blocked client's id are refused before the secret is checked", async () => {
    await h.requestToken();
    await h.requestToken();
    const response = await h.requestToken({ authorization: basic(CLIENT.clientId, "wrong") });
    expect(response.status).toBe(403);
  });
});
