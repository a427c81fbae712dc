/** Large selections as jobs: persisted, processed in the background, resumed after a restart. */
import { ManualClock } from "../../src/shared/clock";
import { virtualSleep } from "../../src/server/time";
import type { RunningSimulator } from "../../src/simulator";
import { addKey, get, post, startBackend, startTestSimulator, testConfig } from "./helpers";

jest.setTimeout(30_000);

const records = (n: number, prefix = "software engineer") =>
  Array.from({ length: n }, (_, i) => ({ id: `A${i + 2}`, occp_text: `${prefix} ${i}`, tasks_text: "" }));

describe("jobs", () => {
  let sim: RunningSimulator;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));

  // A fresh simulator per test: each test's backend has its own state file, and the simulator
  // (like ABS) allows the organisation one token request per hour.
  beforeEach(async () => {
    sim = await startTestSimulator({ clock });
  });

  afterEach(async () => {
    await sim?.close();
  });

  test("a job codes every record in the background and its results come back in order", async () => {
    const backend = await startBackend(testConfig(sim, { MODEL_VERSION: "fixed", BATCH_LINGER_MS: "0" }), {
      clock,
      sleep: virtualSleep(clock),
    });
    try {
      const key = await addKey(backend.app, "finance");
      const submitted = await post(
        `${backend.url}/api/jobs`,
        { topic: "osca", records: [...records(700), { id: "E1", occp_text: " " }] },
        key,
      );
      expect(submitted.status).toBe(202);
      expect(submitted.headers.get("location")).toBe(`/api/jobs/${submitted.body.id}`);
      expect(submitted.body).toMatchObject({ total: 701, status: expect.stringMatching(/queued|running/) });

      await backend.app.services.jobs.idle();
      const job = await get(`${backend.url}/api/jobs/${submitted.body.id}`, key);
      expect(job.body).toMatchObject({ status: "done", total: 701, done: 701, coded: 700, errors: 1 });
      expect(job.body.results.map((r: { id: string }) => r.id)).toEqual([...records(700).map((r) => r.id), "E1"]);

      const otherTeam = await addKey(backend.app, "hr");
      expect((await get(`${backend.url}/api/jobs/${submitted.body.id}`, otherTeam)).status).toBe(404);
    } finally {
      await backend.close();
    }
  });

  test("an unfinished job resumes after a restart and keeps what was already coded", async () => {
    const config = testConfig(sim, { MODEL_VERSION: "fixed", BATCH_LINGER_MS: "0", DAILY_QUOTA: "3" });
    const first = await startBackend(config, { clock, sleep: virtualSleep(clock) });
    let key: string;
    let submitted: Awaited<ReturnType<typeof post>>;
    try {
      key = await addKey(first.app, "finance");
      submitted = await post(`${first.url}/api/jobs`, { topic: "osca", records: records(1_200, "developer") }, key);
      await first.app.services.jobs.idle();
      const waiting = await get(`${first.url}/api/jobs/${submitted.body.id}`, key);
      // Three requests of 300 fit today's quota; the rest waits for the reset, with the time named.
      expect(waiting.body).toMatchObject({
        status: "waiting",
        done: 900,
        coded: 900,
        retryAfter: "2026-01-06T00:00:00.000Z",
      });
    } finally {
      await first.close();
    }

    clock.set(Date.UTC(2026, 0, 6, 0, 5, 0));
    const second = await startBackend(config, { clock, sleep: virtualSleep(clock) });
    try {
      await second.app.services.jobs.resumeUnfinished();
      await second.app.services.jobs.idle();
      const done = await get(`${second.url}/api/jobs/${submitted.body.id}`, key);
      expect(done.body).toMatchObject({ status: "done", done: 1_200, coded: 1_200 });
      expect(done.body.results).toHaveLength(1_200);
    } finally {
      await second.close();
    }
  });
});
