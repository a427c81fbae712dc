/**
 * What happens when ABS refuses: a 403 from the token endpoint (someone else in the organisation
 * used the hour's token request) and a 403 on an API call. Neither may cause token requests in
 * a loop; callers get an error that says when to retry.
 */
import { ManualClock } from "../../src/shared/clock";
import { virtualSleep } from "../../src/server/time";
import type { RunningSimulator } from "../../src/simulator";
import {
  CLIENT,
  addKey,
  get,
  post,
  startBackend,
  startTestSimulator,
  testConfig,
  tokenRequests,
  type Backend,
} from "./helpers";

jest.setTimeout(30_000);

const HOUR = 3_600_000;
const OTHER = { clientId: "other-script-in-same-agency", clientSecret: "other-secret-0987654321" };

async function code(backend: Backend, key: string, text: string) {
  return post(`${backend.url}/api/code`, { topic: "osca", records: [{ id: "B2", occp_text: text }] }, key);
}

describe("token endpoint answers 403", () => {
  let sim: RunningSimulator;
  let backend: Backend;
  let key: string;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));

  beforeAll(async () => {
    sim = await startTestSimulator({
      clock,
      clients: [
        { ...CLIENT, organisation: "agency" },
        { ...OTHER, organisation: "agency" },
      ],
    });
    backend = await startBackend(testConfig(sim, { MODEL_VERSION: "fixed", BATCH_LINGER_MS: "0" }), {
      clock,
      sleep: virtualSleep(clock),
    });
    key = await addKey(backend.app, "finance");
  });

  afterAll(async () => {
    await backend?.close();
    await sim?.close();
  });

  test("blocks token requests for an hour and tells callers when to retry", async () => {
    // Someone else in the agency spends the organisation's token request for this hour.
    const basic = Buffer.from(`${OTHER.clientId}:${OTHER.clientSecret}`).toString("base64");
    const other = await fetch(sim.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` },
      body: "grant_type=client_credentials",
    });
    expect(other.status).toBe(200);

    const first = await code(backend, key, "software engineer");
    expect(first.status).toBe(200);
    const error = first.body.results[0].error;
    expect(error.reason).toBe("upstream_unavailable");
    expect(error.message).toMatch(/retry after \d\d:\d\d/);
    expect(Date.parse(error.retryAfter)).toBeGreaterThanOrEqual(clock.now() + HOUR - 1_000);
    expect(tokenRequests(sim)).toBe(2); // the other script's and ours, answered 403

    const status = await get(`${backend.url}/api/status`, key);
    expect(status.body.token.state).toBe("blocked");
    expect(status.body.token.blocked.reason).toMatch(/403/);

    // (Within TOKEN_MAX_WAIT_SECONDS of the end of the block, callers wait instead; see the day test.)
    for (const minutes of [1, 10, 30, 55]) {
      clock.set(Date.UTC(2026, 0, 5, 9, minutes, 0));
      const again = await code(backend, key, `software engineer ${minutes}`);
      expect(again.body.results[0].error.reason).toBe("upstream_unavailable");
    }
    expect(tokenRequests(sim)).toBe(2);

    clock.set(Date.UTC(2026, 0, 5, 10, 2, 0));
    const later = await code(backend, key, "software engineer later");
    expect(later.body.results[0].status).toBe("coded");
    expect(tokenRequests(sim)).toBe(3);
  });
});

describe("an API call answers 403 with a valid-looking token", () => {
  let sim: RunningSimulator;
  let backend: Backend;
  let key: string;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));

  beforeAll(async () => {
    sim = await startTestSimulator({ clock });
    backend = await startBackend(testConfig(sim, { MODEL_VERSION: "fixed", BATCH_LINGER_MS: "0" }), {
      clock,
      sleep: virtualSleep(clock),
    });
    key = await addKey(backend.app, "finance");
  });

  afterAll(async () => {
    await backend?.close();
    await sim?.close();
  });

  test("rejects only that token, makes no immediate token request and names the retry time", async () => {
    expect((await code(backend, key, "software engineer")).body.results[0].status).toBe("coded");
    expect(tokenRequests(sim)).toBe(1);

    sim.injectFaults({ denies: 1 });
    clock.advance(5 * 60_000);
    const denied = await code(backend, key, "bricklayer");
    const error = denied.body.results[0].error;
    expect(error.reason).toBe("upstream_unavailable");
    expect(error.message).toMatch(/retry after \d\d:\d\d/);
    expect(tokenRequests(sim)).toBe(1);
    expect((await get(`${backend.url}/api/status`, key)).body.token.state).toBe("rejected");

    clock.advance(20 * 60_000);
    await code(backend, key, "bricklayer again");
    expect(tokenRequests(sim)).toBe(1);

    clock.set(Date.UTC(2026, 0, 5, 10, 1, 30));
    expect((await code(backend, key, "bricklayer")).body.results[0].status).toBe("coded");
    expect(tokenRequests(sim)).toBe(2);
  });
});
