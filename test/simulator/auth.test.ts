/** The authorizer in front of /v1 (§3.3, §9.1, §12): who gets the explicit deny, and when. */
import { DENY, record, startHarness, type Harness } from "./support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const code = (authorization: string | null, headers?: Record<string, string>) =>
  h.api("POST", "/v1/topics/osca/code", { authorization, body: { record: record("brickie") }, headers });

async function expectDeny(response: Response): Promise<void> {
  expect(response.status).toBe(403);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(await response.json()).toEqual(DENY);
}

test("the raw access token as the Authorization header is accepted", async () => {
  const token = await h.token();
  expect((await code(token)).status).toBe(200);
});

test("a missing Authorization header gets the explicit deny", async () => {
  await expectDeny(await code(null));
  expect(h.sim.counters().rejections["explicit_deny.missing_token"]).toBe(1);
});

test("a Bearer-prefixed token gets the explicit deny", async () => {
  const token = await h.token();
  await expectDeny(await code(`Bearer ${token}`));
  expect(h.sim.counters().rejections["explicit_deny.bearer_prefix"]).toBe(1);
});

test("a lower-case bearer prefix gets the explicit deny too", async () => {
  const token = await h.token();
  await expectDeny(await code(`bearer ${token}`));
});

test("an unknown token gets the explicit deny", async () => {
  await expectDeny(await code("eyJraWQiOiJ4In0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"));
  expect(h.sim.counters().rejections["explicit_deny.unknown_token"]).toBe(1);
});

test("a token is still accepted one second before the hour is up", async () => {
  const token = await h.token();
  h.clock.advance(3600_000 - 1000 - 1); // h.api moves the clock one more second
  expect((await code(token)).status).toBe(200);
});

test("an expired token gets the explicit deny", async () => {
  const token = await h.token();
  h.clock.advance(3600_000 - 1000); // the call lands exactly at expiry
  await expectDeny(await code(token));
  expect(h.sim.counters().rejections["explicit_deny.expired_token"]).toBe(1);
});

test("the token only in the guide's 'Authorisation' spelling counts as missing", async () => {
  const token = await h.token();
  await expectDeny(await code(null, { Authorisation: token }));
});

test("a token from another simulator instance is unknown here", async () => {
  const other = await startHarness();
  try {
    const foreign = await other.token();
    await expectDeny(await code(foreign));
  } finally {
    await other.close();
  }
});

test("the deny comes before body validation", async () => {
  const response = await h.api("POST", "/v1/topics/osca/code", { authorization: null, body: "{not json" });
  await expectDeny(response);
});

test("the deny comes before the topic lookup", async () => {
  await expectDeny(await h.api("GET", "/v1/topics/nope", { authorization: "unknown" }));
});

test("a missing header can be configured to answer 401 Unauthorized", async () => {
  const lax = await startHarness({ missingTokenResponse: "unauthorized" });
  try {
    const response = await lax.api("GET", "/v1/topics", { authorization: null });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "Unauthorized" });
  } finally {
    await lax.close();
  }
});

test("an unknown path gets Missing Authentication Token before any auth", async () => {
  const response = await h.api("GET", "/v1/unknown", { authorization: null });
  expect(response.status).toBe(403);
  expect(await response.json()).toEqual({ message: "Missing Authentication Token" });
});

test("a wrong method on a known path gets Missing Authentication Token", async () => {
  const response = await h.api("DELETE", "/v1/topics");
  expect(response.status).toBe(403);
  expect(await response.json()).toEqual({ message: "Missing Authentication Token" });
});

test("denied calls do not use the daily quota", async () => {
  await code(null);
  await code("unknown");
  expect(h.sim.counters().quota).toEqual({});
});
