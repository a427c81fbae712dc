/**
 * One contract on both sides: the task pane's own HTTP port and coding session (the code that
 * runs in Excel) against the real backend routes and the simulator, over real HTTP. A large
 * selection becomes a job, its finished rows are paged in and written, a reopened pane resumes
 * it, and Cancel stops it on the backend.
 */
import { WorkbookSettings } from "../../src/addin/excel/settings";
import { WorkbookGateway, type ExcelRun } from "../../src/addin/excel/workbookGateway";
import { ExcelFake } from "../../src/addin/fakes/excelFake";
import { HttpBackend } from "../../src/addin/taskpane/coding/backendPort";
import { JobStore } from "../../src/addin/taskpane/coding/jobStore";
import { CodingSession, type RunnerLimits } from "../../src/addin/taskpane/coding/session";
import { DEFAULT_OPTIONS } from "../../src/addin/taskpane/coding/types";
import { ManualClock } from "../../src/shared/clock";
import { virtualSleep } from "../../src/server/time";
import type { RunningSimulator } from "../../src/simulator";
import { addKey, codingSizes, startBackend, startTestSimulator, testConfig, type Backend } from "./helpers";

jest.setTimeout(30_000);

const ROWS = 700;

function pane(fake: ExcelFake, backend: HttpBackend, limits: Partial<RunnerLimits>) {
  return new CodingSession({
    workbook: new WorkbookGateway(fake.run as unknown as ExcelRun),
    backend: () => backend,
    jobs: new JobStore(new WorkbookSettings(fake.settings)),
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
        setTimeout(resolve, ms);
      }),
    limits,
  });
}

function sheet(): ExcelFake {
  const fake = new ExcelFake();
  fake.setCells(
    "Sheet1",
    "A1",
    Array.from({ length: ROWS }, (_, i) => [i % 50 === 7 ? "" : `software engineer ${i}`]),
  );
  fake.select("Sheet1", `A1:A${ROWS}`);
  return fake;
}

describe("the task pane against the real backend", () => {
  let sim: RunningSimulator;
  let backend: Backend;
  let http: HttpBackend;
  let key: string;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));

  beforeEach(async () => {
    sim = await startTestSimulator({ clock });
    backend = await startBackend(testConfig(sim, { MODEL_VERSION: "fixed", BATCH_LINGER_MS: "0" }), {
      clock,
      sleep: virtualSleep(clock),
    });
    key = await addKey(backend.app, "finance");
    http = new HttpBackend({ baseUrl: backend.url, apiKey: key });
  });

  afterEach(async () => {
    await backend?.close();
    await sim?.close();
  });

  test("a job's rows are paged in and written; a reopened pane resumes from where the sheet was written", async () => {
    const fake = sheet();
    const limits = { jobThreshold: 100, resultsPageSize: 250, flushRows: 250, pollIntervalMs: 5 };
    // The first pane is closed once it has written some rows: its next call to the backend never returns.
    let written = 0;
    const closing = new HttpBackend({
      baseUrl: backend.url,
      apiKey: key,
      fetchImpl: (input, init) => (written > 0 ? new Promise<Response>(() => undefined) : fetch(input, init)),
    });
    const first = pane(fake, closing, limits);
    const prepared = await first.prepare(DEFAULT_OPTIONS);
    let jobId: string | undefined;
    void first.execute(
      prepared,
      { overwrite: false },
      {
        onProgress: (p) => {
          jobId = p.jobId ?? jobId;
          written = p.written;
        },
      },
    );
    const deadline = Date.now() + 15_000;
    while ((first.pendingJob()?.nextOffset ?? 0) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    expect(first.pendingJob()).toMatchObject({ total: ROWS - 14 });
    const writtenByFirst = written;
    expect(writtenByFirst).toBeGreaterThan(0);
    expect(writtenByFirst).toBeLessThan(ROWS - 14);

    const reopened = pane(fake, http, limits);
    const summary = await reopened.resume();
    await backend.app.services.jobs.idle();
    // The reopened pane wrote only the rest: it paged on from the offset saved in the workbook.
    expect(summary).toMatchObject({ state: "done", jobId, written: ROWS - 14 - writtenByFirst });
    expect(reopened.pendingJob()).toBeUndefined();
    const codes = fake.values("Sheet1", `B1:B${ROWS}`).map((r) => r[0]);
    expect(codes.filter((c) => c === "261313")).toHaveLength(ROWS - 14);
    // Every text was sent upstream once.
    expect(codingSizes(sim).reduce((a, b) => a + b, 0)).toBe(ROWS - 14);
  });

  test("Cancel calls DELETE /api/jobs/:id: the job is cancelled on the backend and stops", async () => {
    const fake = sheet();
    const session = pane(fake, http, { jobThreshold: 100, pollIntervalMs: 5 });
    const prepared = await session.prepare(DEFAULT_OPTIONS);
    const controller = new AbortController();
    let jobId: string | undefined;
    const summary = await session.execute(
      prepared,
      { overwrite: false },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.jobId && !jobId) {
            jobId = p.jobId;
            controller.abort();
          }
        },
      },
    );
    expect(summary.state).toBe("cancelled");
    const status = await http.getJob(jobId!);
    expect(status.state).toBe("cancelled");
    expect(session.pendingJob()).toBeUndefined();
  });
});
