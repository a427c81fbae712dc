/** The inbound API as the add-in and an operator see it, over real HTTP. */
import { ManualClock } from "../../src/shared/clock";
import { virtualSleep } from "../../src/server/time";
import type { RunningSimulator } from "../../src/simulator";
import { addKey, get, post, startBackend, startTestSimulator, testConfig, type Backend } from "./helpers";

jest.setTimeout(30_000);

describe("inbound API", () => {
  let sim: RunningSimulator;
  let backend: Backend;
  let key: string;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));

  beforeAll(async () => {
    sim = await startTestSimulator({ clock });
    backend = await startBackend(
      testConfig(sim, {
        MAX_RECORDS_PER_CALL: "50",
        KEY_RATE_PER_MINUTE: "60",
        KEY_RATE_BURST: "40",
        ALLOWED_ORIGINS: "https://coder.example.gov.au",
        BATCH_LINGER_MS: "0",
      }),
      { clock, sleep: virtualSleep(clock) },
    );
    key = await addKey(backend.app, "finance");
  });

  afterAll(async () => {
    await backend?.close();
    await sim?.close();
  });

  const body = (records: unknown[]) => ({ topic: "osca", records });

  test("a request without an API key gets 401 with a clear JSON message", async () => {
    const response = await post(`${backend.url}/api/code`, body([{ id: "A1", occp_text: "nurse" }]));
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: "missing_api_key", message: expect.stringMatching(/x-api-key/) });
  });

  test("an unknown or revoked key gets 401", async () => {
    const revoked = await addKey(backend.app, "hr");
    const id = revoked.split("_")[1]!;
    await backend.app.services.store.revokeApiKey(id, clock.now());
    for (const k of ["occ_nope_nope", revoked]) {
      const response = await post(`${backend.url}/api/code`, body([{ id: "A1", occp_text: "nurse" }]), k);
      expect(response.status).toBe(401);
      expect(response.body.error).toBe("invalid_api_key");
    }
  });

  test("one result per record, in order: coded, uncoded with suggestions, error with a reason", async () => {
    const response = await post(
      `${backend.url}/api/code`,
      body([
        { id: "A2", occp_text: "Bricklayer", tasks_text: "lays bricks" },
        { id: "A3", occp_text: "nothing much" },
        { id: "A4", occp_text: "" },
        { id: "A5", occp_text: "bricklayer", tasks_text: "LAYS   bricks" },
      ]),
      key,
    );
    expect(response.status).toBe(200);
    const [coded, uncoded, error, duplicate] = response.body.results;
    expect(coded).toMatchObject({
      id: "A2",
      status: "coded",
      code: "371131",
      title: "Bricklayer",
      level: 6,
      confidence: 0.93,
    });
    expect(uncoded).toMatchObject({
      id: "A3",
      status: "uncoded",
      suggestions: [{ code: "8", title: "Labourers", confidence: 0.3 }, expect.anything()],
    });
    expect(error).toMatchObject({ id: "A4", status: "error", error: { reason: "empty_input" } });
    expect(duplicate).toMatchObject({ id: "A5", status: "coded", code: "371131" });
    expect(sim.counters().codingRequests.sizes).toEqual([2]); // A5 normalises to A2's text
    expect(typeof response.body.model).toBe("string");
  });

  test("more records than allowed per call get 413 pointing to jobs", async () => {
    const records = Array.from({ length: 51 }, (_, i) => ({ id: `A${i}`, occp_text: "nurse" }));
    const response = await post(`${backend.url}/api/code`, body(records), key);
    expect(response.status).toBe(413);
    expect(response.body.error).toBe("too_many_records");
    expect(response.body.message).toMatch(/at most 50 per call.*\/api\/jobs/);
  });

  test("a body that does not match the schema gets 400 with the reason", async () => {
    for (const bad of [
      { topic: "isco", records: [{ id: "A1", occp_text: "x" }] },
      { topic: "osca", records: [{ occp_text: "x" }] },
      { topic: "osca" },
    ]) {
      const response = await post(`${backend.url}/api/code`, bad, key);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe("invalid_request");
    }
  });

  test("one key cannot flood the backend: the per-key bucket answers 429 with retryAfter", async () => {
    const flooder = await addKey(backend.app, "flood");
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await get(`${backend.url}/api/topics`, flooder)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    const limited = await get(`${backend.url}/api/topics`, flooder);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: "rate_limited", retryAfter: expect.any(String) });
    expect((await get(`${backend.url}/api/topics`, key)).status).toBe(200); // other keys unaffected
    clock.advance(60_000);
    expect((await get(`${backend.url}/api/topics`, flooder)).status).toBe(200);
  });

  test("GET /api/topics lists OSCA and ANZSCO", async () => {
    const response = await get(`${backend.url}/api/topics`, key);
    expect(response.body.topics.map((t: { id: string }) => t.id)).toEqual(["osca", "anzsco"]);
  });

  test("GET /api/status reports token, quota, pacing and cache without the token", async () => {
    await post(
      `${backend.url}/api/code`,
      body([{ id: "A9", occp_text: "bricklayer", tasks_text: "lays bricks" }]),
      key,
    ); // a cache hit
    const response = await get(`${backend.url}/api/status`, key);
    expect(response.status).toBe(200);
    const status = response.body;
    expect(status.upstream).toMatchObject({ kind: "simulator", simulator: true });
    expect(status.token).toMatchObject({ state: "valid", generation: 1, requestsLast24h: 1, blocked: null });
    expect(Date.parse(status.token.nextPermittedRequestAt)).toBe(Date.parse(status.token.lastRequestAt) + 3_660_000);
    expect(status.quota).toMatchObject({ limit: 1000, closed: false });
    expect(status.quota.used).toBeGreaterThanOrEqual(1);
    expect(status.pacing.spacingMs).toBe(1100);
    expect(status.cache.hits).toBeGreaterThanOrEqual(1);
    expect(status.version).toMatch(/^\d+\.\d+\.\d+/);
    // Who is asking, and that team's quota is listed, so the pane can show it first.
    expect(status.caller).toEqual({ team: "finance" });
    expect(status.quota.teams.map((t: { team: string }) => t.team)).toContain("finance");
    const token = await backend.app.services.store.getToken();
    expect(response.text).not.toContain(token!.value);
  });

  test("/healthz and /metrics need no key; metrics are Prometheus text", async () => {
    expect((await get(`${backend.url}/healthz`)).body).toEqual({ status: "ok" });
    const metrics = await get(`${backend.url}/metrics`);
    expect(metrics.headers.get("content-type")).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(/coder_upstream_requests_total\{endpoint="code",outcome="ok"\} \d+/);
    expect(metrics.text).toMatch(/coder_cache_hits_total \d+/);
  });

  test("security headers let Office frame the task pane", async () => {
    const response = await get(`${backend.url}/healthz`);
    expect(response.headers.get("x-frame-options")).toBeNull();
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toMatch(
      /frame-ancestors 'self' https:\/\/\*\.office\.com https:\/\/\*\.officeapps\.live\.com https:\/\/\*\.microsoft\.com/,
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("CORS answers only allow-listed origins", async () => {
    const allowed = await get(`${backend.url}/api/topics`, key, { origin: "https://coder.example.gov.au" });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://coder.example.gov.au");
    const other = await get(`${backend.url}/api/topics`, key, { origin: "https://evil.example.com" });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("unknown endpoints get a JSON 404", async () => {
    const response = await get(`${backend.url}/api/nothing-here`, key);
    expect(response.status).toBe(404);
    expect(response.body.error).toBe("not_found");
  });
});

describe("development mode", () => {
  test("AUTH_MODE=dev-open lets keyless calls from this machine through as team dev-open", async () => {
    const sim = await startTestSimulator();
    const backend = await startBackend(
      testConfig(sim, { AUTH_MODE: "dev-open", MODEL_VERSION: "fixed", BATCH_LINGER_MS: "0" }),
    );
    try {
      const response = await post(`${backend.url}/api/code`, {
        topic: "osca",
        records: [{ id: "A1", occp_text: "bricklayer" }],
      });
      expect(response.status).toBe(200);
      expect(response.body.results[0].status).toBe("coded");
      const status = await get(`${backend.url}/api/status`);
      expect(status.body.caller).toEqual({ team: "dev-open" });
      expect(status.body.quota.teams).toEqual([expect.objectContaining({ team: "dev-open", used: 1 })]);
    } finally {
      await backend.close();
      await sim.close();
    }
  });
});
