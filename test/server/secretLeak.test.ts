/**
 * Invariant 2: the client secret and the tokens never leave the backend: not in any log line
 * (debug level, captured from pino), not in any response or error body.
 */
import { ManualClock } from "../../src/shared/clock";
import { virtualSleep } from "../../src/server/time";
import type { RunningSimulator } from "../../src/simulator";
import {
  CLIENT,
  addKey,
  captureLogs,
  get,
  post,
  startBackend,
  startTestSimulator,
  testConfig,
  type Backend,
} from "./helpers";

jest.setTimeout(30_000);

describe("secrets stay in the backend", () => {
  let sim: RunningSimulator;
  let backend: Backend;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const logs = captureLogs();

  beforeAll(async () => {
    sim = await startTestSimulator({ clock });
    backend = await startBackend(testConfig(sim, { LOG_LEVEL: "trace", BATCH_LINGER_MS: "0" }), {
      clock,
      sleep: virtualSleep(clock),
      logStream: logs.stream,
    });
  });

  afterAll(async () => {
    await backend?.close();
    await sim?.close();
  });

  test("the client secret and every token are absent from logs, responses and errors (trace logging)", async () => {
    const key = await addKey(backend.app, "finance");
    const bodies: string[] = [];
    const tokens = new Set<string>();
    const remember = async () => {
      const token = await backend.app.services.store.getToken();
      if (token) tokens.add(token.value);
    };
    const code = async (text: string, headers: Record<string, string> = {}) => {
      const response = await post(
        `${backend.url}/api/code`,
        { topic: "osca", records: [{ id: "D4", occp_text: text }] },
        key,
        headers,
      );
      bodies.push(response.text);
      await remember();
      return response;
    };

    await code("software engineer");
    sim.injectFaults({ denies: 1 }); // API 403: the token is rejected
    clock.advance(60_000);
    await code("bricklayer");
    clock.advance(3_700_000); // next permit; the token endpoint fails once, then works
    sim.injectFaults({ tokenErrors: 1 });
    await code("software tester");
    clock.advance(3_700_000);
    sim.injectFaults({ errors: 2, throttles: 1 });
    await code("developer");
    await code("nurse", {
      authorization: "Basic " + Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64"),
    });
    for (const path of ["/api/status", "/api/topics", "/metrics", "/healthz", "/api/nope"])
      bodies.push((await get(`${backend.url}${path}`, key)).text);
    bodies.push((await post(`${backend.url}/api/code`, { topic: "osca", records: [] }, key)).text);
    bodies.push(
      (await post(`${backend.url}/api/code`, { topic: "osca", records: [{ id: "x", occp_text: "a" }] }, "occ_bad_key"))
        .text,
    );
    await backend.app.services.dispatcher.close();

    expect(tokens.size).toBeGreaterThanOrEqual(2);
    const basic = Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64");
    const secrets = [CLIENT.clientSecret, basic, key, ...tokens];
    const everything = [...logs.lines, ...bodies];
    expect(logs.lines.length).toBeGreaterThan(20);
    expect(logs.lines.some((line) => line.includes('"level":10') || line.includes('"level":20'))).toBe(true);
    for (const secret of secrets) {
      const leaks = everything.filter((text) => text.includes(secret));
      expect(leaks).toEqual([]);
    }
  });
});
