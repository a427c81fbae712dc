/**
 * Large selections as jobs, over real HTTP against the simulator: persisted, processed in the
 * background, results paged in input order as they become final, cancellable (a cancelled job
 * sends nothing more upstream), resumed after a restart.
 */
import { ManualClock } from "../../src/shared/clock";
import { virtualSleep } from "../../src/server/time";
import { estimateEtaSeconds, recordsAhead } from "../../src/server/jobs/jobStatus";
import type { JobRecord } from "../../src/server/state/StateStore";
import type { RunningSimulator } from "../../src/simulator";
import { addKey, codingSizes, get, post, startBackend, startTestSimulator, testConfig } from "./helpers";

jest.setTimeout(30_000);

const records = (n: number, prefix = "software engineer") =>
  Array.from({ length: n }, (_, i) => ({ id: `A${i + 2}`, occp_text: `${prefix} ${i}`, tasks_text: "" }));

async function del(url: string, key?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: "DELETE", headers: key ? { "x-api-key": key } : {} });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Every result of a job, page by page, as the task pane reads them. */
async function readAll(base: string, id: string, key: string, limit: number): Promise<{ id: string }[]> {
  const all: { id: string }[] = [];
  for (;;) {
    const page = await get(`${base}/api/jobs/${id}/results?offset=${all.length}&limit=${limit}`, key);
    expect(page.status).toBe(200);
    expect(page.body.offset).toBe(all.length);
    if (page.body.results.length === 0) return all;
    all.push(...page.body.results);
  }
}

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

  test("a job codes every record in the background; status, then results in input order, page by page", async () => {
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
      expect(submitted.body).toMatchObject({
        topic: "osca",
        total: 701,
        state: expect.stringMatching(/^(queued|running)$/),
        counts: { coded: 0, uncoded: 0, error: 0 },
      });
      // 701 records = 3 requests at 1.1 s: an estimate of a few seconds.
      expect(submitted.body.etaSeconds).toBeGreaterThanOrEqual(3);
      expect(submitted.body.etaSeconds).toBeLessThan(10);

      await backend.app.services.jobs.idle();
      const id = submitted.body.id;
      const job = await get(`${backend.url}/api/jobs/${id}`, key);
      expect(job.body).toEqual({
        id,
        topic: "osca",
        state: "done",
        total: 701,
        done: 701,
        counts: { coded: 700, uncoded: 0, error: 1 },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(job.body).not.toHaveProperty("results"); // results come from the results route only

      const all = await readAll(backend.url, id, key, 300);
      expect(all.map((r) => r.id)).toEqual([...records(700).map((r) => r.id), "E1"]);
      const defaultPage = await get(`${backend.url}/api/jobs/${id}/results`, key);
      expect(defaultPage.body).toMatchObject({ id, offset: 0, total: 701 });
      expect(defaultPage.body.results).toHaveLength(701);

      for (const query of ["limit=0", "limit=5001", "offset=-1", "offset=abc"]) {
        const bad = await get(`${backend.url}/api/jobs/${id}/results?${query}`, key);
        expect(bad.status).toBe(400);
        expect(bad.body.error).toBe("invalid_request");
      }
      expect((await get(`${backend.url}/api/jobs/${id}/results?limit=5000`, key)).status).toBe(200);

      // Another team's job is as invisible as one that does not exist, on every route.
      const otherTeam = await addKey(backend.app, "hr");
      expect((await get(`${backend.url}/api/jobs/${id}`, otherTeam)).status).toBe(404);
      expect((await get(`${backend.url}/api/jobs/${id}/results`, otherTeam)).status).toBe(404);
      expect((await del(`${backend.url}/api/jobs/${id}`, otherTeam)).status).toBe(404);
      expect((await del(`${backend.url}/api/jobs/nope`, key)).status).toBe(404);

      // Cancelling a finished job changes nothing.
      expect((await del(`${backend.url}/api/jobs/${id}`, key)).body).toMatchObject({ state: "done", done: 701 });
    } finally {
      await backend.close();
    }
  });

  test("results are readable as they become final, while the job waits for quota, and survive a restart", async () => {
    const config = testConfig(sim, { MODEL_VERSION: "fixed", BATCH_LINGER_MS: "0", DAILY_QUOTA: "6" });
    const first = await startBackend(config, { clock, sleep: virtualSleep(clock) });
    let key: string;
    let id: string;
    let coded: number;
    try {
      key = await addKey(first.app, "finance");
      const submitted = await post(
        `${first.url}/api/jobs`,
        { topic: "osca", records: records(2_100, "developer") },
        key,
      );
      id = submitted.body.id;
      await first.app.services.jobs.idle();
      const waiting = await get(`${first.url}/api/jobs/${id}`, key);
      // Today's six requests code what they can (up to 1,800); the rest waits for the reset, with the time named.
      coded = sim.counters().recordsCoded;
      expect(coded).toBeGreaterThan(1_000);
      expect(coded).toBeLessThan(2_100);
      expect(waiting.body).toMatchObject({
        state: "waiting",
        done: coded,
        counts: { coded, uncoded: 0, error: 0 },
        retryAfter: "2026-01-06T00:00:00.000Z",
      });
      // The estimate includes the wait until the quota resets (15 h) and the requests left.
      const untilReset = (Date.UTC(2026, 0, 6) - clock.now()) / 1000;
      expect(waiting.body.etaSeconds).toBeGreaterThanOrEqual(untilReset);
      expect(waiting.body.etaSeconds).toBeLessThan(untilReset + 10);

      // What is final so far is readable now, in order, a page at a time (default limit 1,000).
      const page1 = await get(`${first.url}/api/jobs/${id}/results`, key);
      expect(page1.body).toMatchObject({ id, offset: 0, total: 2_100 });
      expect(page1.body.results.map((r: { id: string }) => r.id)).toEqual(records(1_000, "developer").map((r) => r.id));
      const page2 = await get(`${first.url}/api/jobs/${id}/results?offset=1000&limit=5000`, key);
      expect(page2.body.results.map((r: { id: string }) => r.id)).toEqual(
        records(coded, "developer")
          .slice(1_000)
          .map((r) => r.id),
      );
      const nothingYet = await get(`${first.url}/api/jobs/${id}/results?offset=${coded}`, key);
      expect(nothingYet.body).toEqual({ id, offset: coded, total: 2_100, results: [] });
    } finally {
      await first.close();
    }

    clock.set(Date.UTC(2026, 0, 6, 0, 5, 0));
    const second = await startBackend(config, { clock, sleep: virtualSleep(clock), resumeJobs: false });
    try {
      // After the restart, before the job resumes: everything coded before is still there.
      const before = await get(`${second.url}/api/jobs/${id}`, key);
      expect(before.body).toMatchObject({ state: "waiting", done: coded });
      expect(await readAll(second.url, id, key, 5_000)).toHaveLength(coded);

      await second.app.services.jobs.resumeUnfinished();
      await second.app.services.jobs.idle();
      const done = await get(`${second.url}/api/jobs/${id}`, key);
      expect(done.body).toMatchObject({ state: "done", done: 2_100, counts: { coded: 2_100 } });
      expect(done.body).not.toHaveProperty("etaSeconds");
      expect(done.body).not.toHaveProperty("retryAfter");
      const all = await readAll(second.url, id, key, 500);
      expect(all.map((r) => r.id)).toEqual(records(2_100, "developer").map((r) => r.id));
      // Each record was sent once: after the restart, only those left.
      expect(codingSizes(sim).reduce((a, b) => a + b, 0)).toBe(2_100);
    } finally {
      await second.close();
    }
  });

  test("DELETE cancels: records not yet sent are never sent, what was coded stays readable", async () => {
    // Real time at the real pacing (1.1 s between requests): cancel while the job is under way.
    const live = await startTestSimulator();
    const backend = await startBackend(testConfig(live, { MODEL_VERSION: "fixed", BATCH_LINGER_MS: "0" }));
    try {
      const key = await addKey(backend.app, "finance");
      const submitted = await post(`${backend.url}/api/jobs`, { topic: "osca", records: records(3_000) }, key);
      const id = submitted.body.id;
      const deadline = Date.now() + 15_000;
      while (codingSizes(live).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(codingSizes(live).length).toBeGreaterThanOrEqual(2);

      const cancelled = await del(`${backend.url}/api/jobs/${id}`, key);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ id, state: "cancelled", total: 3_000 });
      expect(cancelled.body).not.toHaveProperty("etaSeconds");
      const sentAtCancel = codingSizes(live).length;

      // Nothing waits in the dispatcher any more, and several send slots later nothing more went out
      // (at most the one request that had already taken its slot when the DELETE arrived).
      await backend.app.services.jobs.idle();
      expect(backend.app.services.dispatcher.waitingRecords).toBe(0);
      await new Promise((r) => setTimeout(r, 3_500));
      const sizes = codingSizes(live);
      expect(sizes.length).toBeLessThanOrEqual(sentAtCancel + 1);
      const sent = sizes.reduce((a, b) => a + b, 0);
      expect(sent).toBeLessThan(3_000);

      // Every record that was coded is readable, in order; the job stays cancelled and DELETE is idempotent.
      const after = await get(`${backend.url}/api/jobs/${id}`, key);
      expect(after.body).toMatchObject({ state: "cancelled", done: sent, counts: { coded: sent } });
      const all = await readAll(backend.url, id, key, 1_000);
      expect(all.map((r) => r.id)).toEqual(records(sent).map((r) => r.id));
      expect((await del(`${backend.url}/api/jobs/${id}`, key)).body).toMatchObject({ state: "cancelled", done: sent });

      // A cancelled job is not resumed by a restart.
      expect(await backend.app.services.store.unfinishedJobs()).toEqual([]);
    } finally {
      await backend.close();
      await live.close();
    }
  });
});

describe("etaSeconds", () => {
  const now = Date.UTC(2026, 0, 5, 9, 0, 0);
  const job = (change: Partial<JobRecord> = {}): JobRecord => ({
    id: "j",
    team: "finance",
    topic: "osca",
    state: "running",
    total: 3_000,
    done: 600,
    counts: { coded: 600, uncoded: 0, error: 0 },
    createdAt: now - 10_000,
    updatedAt: now,
    finishedAt: null,
    retryAfter: null,
    error: null,
    ...change,
  });
  const policy = { batchSize: 300, spacingMs: 1_100 };

  test("records still to send, in batches, at the upstream spacing, after the next free slot", () => {
    expect(estimateEtaSeconds(job(), { now, policy, nextFreeSlot: now - 5, recordsAhead: 0 })).toBe(9); // 8 × 1.1 s
    expect(estimateEtaSeconds(job(), { now, policy, nextFreeSlot: now + 2_000, recordsAhead: 0 })).toBe(11);
    expect(estimateEtaSeconds(job(), { now, policy, nextFreeSlot: now, recordsAhead: 3_000 })).toBe(20); // 18 × 1.1 s
    for (const state of ["done", "failed", "cancelled"] as const)
      expect(estimateEtaSeconds(job({ state }), { now, policy, nextFreeSlot: now, recordsAhead: 0 })).toBeUndefined();
  });

  test("a waiting job starts when it resumes; a job bigger than today's quota finishes after the reset", () => {
    const retryAfter = now + 3_600_000;
    expect(
      estimateEtaSeconds(job({ state: "waiting", retryAfter }), { now, policy, nextFreeSlot: now, recordsAhead: 0 }),
    ).toBe(3_609);
    const resetsAt = now + 15 * 3_600_000;
    expect(
      estimateEtaSeconds(job(), { now, policy, nextFreeSlot: now, recordsAhead: 0, quota: { left: 3, resetsAt } }),
    ).toBe(15 * 3_600 + 6); // 5 of the 8 requests after the reset
  });

  test("the queue ahead is older unfinished jobs that are not waiting", () => {
    const mine = job({ id: "b" });
    const older = job({ id: "a", createdAt: mine.createdAt - 1, done: 0 });
    const parked = job({ id: "c", createdAt: mine.createdAt - 2, state: "waiting" });
    const newer = job({ id: "d", createdAt: mine.createdAt + 1 });
    expect(recordsAhead(mine, [parked, older, mine, newer])).toBe(3_000);
  });
});
