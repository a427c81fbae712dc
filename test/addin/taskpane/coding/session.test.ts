/** A coding run end to end over the Excel fake and an in-test backend: what a person would see in the sheet. */
import { BackendFailure } from "../../../../src/addin/taskpane/coding/backendPort";
import { DEFAULT_OPTIONS, type CodingOptions } from "../../../../src/addin/taskpane/coding/types";
import { ABSCODE_FORMULA } from "../../../../src/addin/functions/absCodeName";
import { harness, column } from "../support/excelHarness";

const options = (change: Partial<CodingOptions> = {}): CodingOptions => ({ ...DEFAULT_OPTIONS, ...change });

async function codeSelection(h: ReturnType<typeof harness>, overwrite = false, change: Partial<CodingOptions> = {}) {
  const prepared = await h.session.prepare(options(change));
  return { prepared, summary: await h.session.execute(prepared, { overwrite }) };
}

describe("coding a selection", () => {
  test("a header row is recognised, skipped, and names the output columns", async () => {
    const h = harness();
    column(h.fake, "A1", ["Job title", "nurse", "bricklayer"]);
    h.fake.select("Sheet1", "A1:A3");
    const { prepared, summary } = await codeSelection(h);
    expect(prepared.plan.headerRow).toBe(0);
    expect(summary).toMatchObject({ state: "done", total: 2, written: 2, counts: { coded: 2, uncoded: 0, error: 0 } });
    expect(h.fake.values("Sheet1", "A1:F3")).toEqual([
      ["Job title", "Code", "Title", "Level", "Confidence", "Status"],
      ["nurse", "254499", "Registered Nurse", 6, 0.92, "coded"],
      ["bricklayer", "331111", "Bricklayer", 6, 0.92, "coded"],
    ]);
    expect(h.backend.recordsSent).toBe(2);
  });

  test("without a header row every row is coded and no names are written", async () => {
    const h = harness();
    column(h.fake, "A1", ["nurse", "teacher"]);
    h.fake.select("Sheet1", "A1:A2");
    const { summary } = await codeSelection(h);
    expect(summary.written).toBe(2);
    expect(h.fake.value("Sheet1", "B1")).toBe("254499");
  });

  test("a whole-column selection codes only the used rows", async () => {
    const h = harness();
    column(h.fake, "A1", ["Occupation", "nurse", "teacher", "bricklayer"]);
    h.fake.select("Sheet1", "A:A");
    const { prepared, summary } = await codeSelection(h);
    expect(prepared.plan.clipped).toBe(true);
    expect(summary.total).toBe(3);
    expect(h.backend.recordsSent).toBe(3);
    expect(h.fake.syncCount).toBeLessThan(10);
  });

  test("hidden (filtered) rows are skipped and counted", async () => {
    const h = harness();
    column(h.fake, "A1", ["Job title", "nurse", "teacher", "bricklayer"]);
    h.fake.hideRows("Sheet1", 3);
    h.fake.select("Sheet1", "A1:A4");
    const { summary } = await codeSelection(h);
    expect(summary.skipped.hidden).toBe(1);
    expect(summary.written).toBe(2);
    expect(h.fake.value("Sheet1", "B3")).toBe("");
  });

  test("empty cells are skipped and reported; numbers are coded as text; #N/A gets an error status", async () => {
    const h = harness();
    column(h.fake, "A1", ["Job title", "nurse", "", 1234, "#N/A"]);
    h.fake.setFormula("Sheet1", "A7", '="Teach"&"er"', "Teacher");
    h.fake.select("Sheet1", "A1:A7");
    const sent: string[] = [];
    const code = h.backend.code.bind(h.backend);
    h.backend.code = async (topic, records, signal) => {
      sent.push(...records.map((r) => r.occp_text));
      return code(topic, records, signal);
    };
    const { summary } = await codeSelection(h);
    expect(sent).toEqual(["nurse", "1234", "Teacher"]);
    expect(summary.skipped.empty).toBe(2); // A3 and A6 (row 6 is empty after the #N/A row)
    expect(summary.examples.empty).toEqual(["A3", "A6"]);
    expect(summary.counts).toEqual({ coded: 3, uncoded: 0, error: 1 });
    expect(h.fake.value("Sheet1", "F5")).toMatch(/^error: the cell shows #N\/A/);
    expect(h.fake.value("Sheet1", "B7")).toBe("241411");
  });

  test("tasks come from the second selected column and output goes right of it", async () => {
    const h = harness();
    h.fake.setCells("Sheet1", "A1", [
      ["Job title", "Main tasks"],
      ["teacher", "teaches maths"],
    ]);
    h.fake.select("Sheet1", "A1:B2");
    const sent: Array<string | undefined> = [];
    const code = h.backend.code.bind(h.backend);
    h.backend.code = async (topic, records, signal) => {
      sent.push(...records.map((r) => r.tasks_text));
      return code(topic, records, signal);
    };
    await codeSelection(h);
    expect(sent).toEqual(["teaches maths"]);
    expect(h.fake.values("Sheet1", "C1:D2")).toEqual([
      ["Code", "Title"],
      ["241411", "Secondary School Teacher"],
    ]);
  });

  test("a row whose title changes while it is being coded is not written, and is reported", async () => {
    const h = harness();
    column(h.fake, "A1", ["Job title", "nurse", "teacher"]);
    h.fake.select("Sheet1", "A1:A3");
    h.backend.onCode = () => h.fake.setCells("Sheet1", "A3", [["bricklayer"]]);
    const { summary } = await codeSelection(h);
    expect(summary.skipped.inputChanged).toBe(1);
    expect(summary.examples.inputChanged).toEqual(["A3"]);
    expect(h.fake.value("Sheet1", "B2")).toBe("254499");
    expect(h.fake.value("Sheet1", "B3")).toBe("");
  });

  test("non-empty output cells are not overwritten unless the person confirms", async () => {
    const h = harness();
    h.fake.setCells("Sheet1", "A1", [["Job title"], ["nurse"], ["teacher"]]);
    h.fake.setCells("Sheet1", "C3", [["my notes"]]);
    h.fake.select("Sheet1", "A1:A3");
    const prepared = await h.session.prepare(options());
    expect(prepared.rowsWithOutput).toBe(1);
    expect(prepared.rowsWithOutputExamples).toEqual(["B3"]);
    expect(prepared.toCodeFillMissing).toBe(1);

    const fill = await h.session.execute(prepared, { overwrite: false });
    expect(fill.skipped.alreadyHadOutput).toBe(1);
    expect(h.fake.value("Sheet1", "C3")).toBe("my notes");
    expect(h.fake.value("Sheet1", "B2")).toBe("254499");

    const again = await h.session.prepare(options());
    await h.session.execute(again, { overwrite: true });
    expect(h.fake.value("Sheet1", "C3")).toBe("Secondary School Teacher");
  });

  test("output cells someone fills while coding runs are left alone", async () => {
    const h = harness();
    column(h.fake, "A1", ["nurse", "teacher"]);
    h.fake.select("Sheet1", "A1:A2");
    h.backend.onCode = () => h.fake.setCells("Sheet1", "D2", [["typed meanwhile"]]);
    const { summary } = await codeSelection(h);
    expect(summary.skipped.outputNotEmpty).toBe(1);
    expect(summary.examples.outputNotEmpty).toEqual(["B2"]);
    expect(h.fake.value("Sheet1", "D2")).toBe("typed meanwhile");
    expect(h.fake.value("Sheet1", "B2")).toBe("");
  });

  test("a re-run fills only rows without a result and sends nothing twice", async () => {
    const h = harness();
    column(h.fake, "A1", ["Job title", "nurse", "teacher"]);
    h.fake.select("Sheet1", "A1:A3");
    await codeSelection(h);
    column(h.fake, "A4", ["bricklayer"]);
    h.fake.select("Sheet1", "A1:A4");
    const before = h.backend.recordsSent;
    const { prepared, summary } = await codeSelection(h, false);
    expect(prepared.toCodeFillMissing).toBe(1);
    expect(h.backend.recordsSent - before).toBe(1);
    expect(summary.written).toBe(1);
    expect(h.fake.value("Sheet1", "B4")).toBe("331111");
  });

  test("uncoded rows come with up to three suggestions; accepting one writes it with status accepted", async () => {
    const h = harness();
    column(h.fake, "A1", ["Job title", "zz widget herder", "nurse"]);
    h.fake.select("Sheet1", "A1:A3");
    const { summary } = await codeSelection(h);
    expect(summary.counts.uncoded).toBe(1);
    expect(summary.review).toHaveLength(1);
    const item = summary.review[0];
    expect(item).toMatchObject({ address: "A2", title: "zz widget herder" });
    expect(item.suggestions).toHaveLength(3);
    expect(h.fake.value("Sheet1", "F2")).toBe("uncoded");

    expect(await h.session.accept(item, item.suggestions[1])).toBe("written");
    expect(h.fake.values("Sheet1", "B2:F2")).toEqual([
      ["149999", "Hospitality, Retail and Service Managers nec", 6, 0.33, "accepted"],
    ]);
    expect(await h.session.accept(item, item.suggestions[0])).toBe("outputChanged");

    await h.session.goTo(item);
    expect(h.fake.selectedAddress()).toBe("Sheet1!A2");
  });

  test("accepting a suggestion for a row whose title changed writes nothing", async () => {
    const h = harness();
    column(h.fake, "A1", ["zz unknown"]);
    h.fake.select("Sheet1", "A1");
    const { summary } = await codeSelection(h);
    h.fake.setCells("Sheet1", "A1", [["something else"]]);
    expect(await h.session.accept(summary.review[0], summary.review[0].suggestions[0])).toBe("inputChanged");
    expect(h.fake.value("Sheet1", "F1")).toBe("uncoded");
  });

  test("the output position and columns follow the layout", async () => {
    const h = harness();
    column(h.fake, "A1", ["Job title", "nurse"]);
    h.fake.select("Sheet1", "A1:A2");
    await codeSelection(h, false, {
      layout: {
        position: { column: "H" },
        fields: ["status", "code"],
        headers: { ...DEFAULT_OPTIONS.layout.headers, code: "OSCA" },
      },
    });
    expect(h.fake.values("Sheet1", "H1:I2")).toEqual([
      ["Status", "OSCA"],
      ["coded", "254499"],
    ]);
    expect(h.fake.value("Sheet1", "B2")).toBe("");
  });

  test("output columns overlapping the titles are refused with a message", async () => {
    const h = harness();
    column(h.fake, "A1", ["nurse"]);
    h.fake.select("Sheet1", "A1");
    await expect(
      h.session.prepare(options({ layout: { ...DEFAULT_OPTIONS.layout, position: { column: "A" } } })),
    ).rejects.toThrow(/overlap the job titles/);
  });

  test("defines =ABSCODE() once per workbook", async () => {
    const h = harness();
    expect(await h.session.defineAbscode()).toEqual({ added: true, formula: ABSCODE_FORMULA });
    expect(await h.session.defineAbscode()).toMatchObject({ added: false });
    expect(h.fake.namedItem("ABSCODE")?.formula).toBe(ABSCODE_FORMULA);
  });
});

describe("cancel and resume", () => {
  test("cancel mid-run stops cleanly and keeps what was written", async () => {
    const h = harness({ limits: { batchSize: 2, flushRows: 2 } });
    column(h.fake, "A1", ["nurse", "teacher", "bricklayer", "nurse", "teacher", "bricklayer"]);
    h.fake.select("Sheet1", "A1:A6");
    const controller = new AbortController();
    h.backend.onCode = (call) => {
      if (call === 2) controller.abort();
    };
    const prepared = await h.session.prepare(options());
    const summary = await h.session.execute(prepared, { overwrite: false }, { signal: controller.signal });
    expect(summary.state).toBe("cancelled");
    expect(summary.written).toBe(2);
    expect(h.fake.values("Sheet1", "B1:B6").map((r) => r[0])).toEqual(["254499", "241411", "", "", "", ""]);
    expect(h.backend.codeCalls).toBe(2);
  });

  test("cancelling a background job stops it on the backend and forgets it", async () => {
    const h = harness({ limits: { jobThreshold: 3, resultsPageSize: 2, flushRows: 2 } });
    h.backend.jobStep = 2;
    column(h.fake, "A1", ["nurse", "teacher", "bricklayer", "nurse", "teacher", "bricklayer"]);
    h.fake.select("Sheet1", "A1:A6");
    const controller = new AbortController();
    const prepared = await h.session.prepare(options());
    const summary = await h.session.execute(
      prepared,
      { overwrite: false },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.written >= 2) controller.abort();
        },
      },
    );
    expect(summary.state).toBe("cancelled");
    expect(summary.written).toBe(2);
    // DELETE /api/jobs/:id: the backend stops the job, so it uses no more quota.
    expect(h.backend.cancelled).toEqual(["job-1"]);
    expect(h.backend.jobs.get("job-1")!.status.state).toBe("cancelled");
    expect(h.session.pendingJob()).toBeUndefined();
  });

  test("a large selection runs as a backend job remembered in the workbook; a reopened pane resumes it", async () => {
    const never = () => new Promise<void>(() => undefined);
    const first = harness({ limits: { jobThreshold: 3, resultsPageSize: 2, flushRows: 2 }, sleep: never });
    first.backend.jobStep = 2;
    column(first.fake, "A1", ["Job title", "nurse", "teacher", "bricklayer", "nurse", "teacher"]);
    first.fake.select("Sheet1", "A1:A6");
    const prepared = await first.session.prepare(options());
    const progress: number[] = [];
    // The pane is closed while it waits for the next poll: this promise never settles.
    void first.session.execute(prepared, { overwrite: false }, { onProgress: (p) => progress.push(p.written) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(first.fake.values("Sheet1", "B2:B6").map((r) => r[0])).toEqual(["254499", "241411", "", "", ""]);

    const second = first.reopen();
    const pending = second.session.pendingJob();
    expect(pending).toMatchObject({ jobId: "job-1", total: 5, nextOffset: 2, sheetName: "Sheet1" });
    const summary = await second.session.resume();
    expect(summary).toMatchObject({ state: "done", written: 3 });
    expect(second.fake.values("Sheet1", "B2:B6").map((r) => r[0])).toEqual([
      "254499",
      "241411",
      "331111",
      "254499",
      "241411",
    ]);
    expect(second.session.pendingJob()).toBeUndefined();
    expect(second.reopen().session.pendingJob()).toBeUndefined();
  });

  test("a background job's rows are written as its results arrive, before the job is done", async () => {
    const snapshots: Array<{ state: string; column: unknown[]; nextOffset?: number; eta?: number }> = [];
    let h!: ReturnType<typeof harness>;
    const etas: Array<number | undefined> = [];
    h = harness({
      limits: { jobThreshold: 3, resultsPageSize: 2, flushRows: 2 },
      sleep: async () => {
        const job = h.backend.jobs.get("job-1")!;
        snapshots.push({
          state: job.status.state,
          column: h.fake.values("Sheet1", "B1:B6").map((r) => r[0]),
          nextOffset: h.session.pendingJob()?.nextOffset,
        });
      },
    });
    h.backend.jobStep = 2;
    h.backend.eta = (s) => (s.total - s.done) * 60;
    column(h.fake, "A1", ["nurse", "teacher", "bricklayer", "nurse", "teacher", "bricklayer"]);
    h.fake.select("Sheet1", "A1:A6");
    const prepared = await h.session.prepare(options());
    const summary = await h.session.execute(
      prepared,
      { overwrite: false },
      { onProgress: (p) => p.jobId && etas.push(p.etaSeconds) },
    );
    expect(summary).toMatchObject({ state: "done", written: 6, jobId: "job-1" });
    // Each poll wrote what was final so far, and remembered how far it got, while the job still ran.
    expect(snapshots).toEqual([
      { state: "running", column: ["254499", "241411", "", "", "", ""], nextOffset: 2 },
      { state: "running", column: ["254499", "241411", "331111", "254499", "", ""], nextOffset: 4 },
    ]);
    // Pages asked for only what the job had finished, from where the sheet was written.
    expect(h.backend.resultCalls).toEqual([
      [0, 2],
      [2, 2],
      [4, 2],
    ]);
    // The backend's estimate, as it shrank.
    expect(etas.filter((e) => e !== undefined)).toEqual(expect.arrayContaining([240, 120]));
    expect(h.session.pendingJob()).toBeUndefined();
  });

  test("rows already received are written while the job waits for quota, and the wait is reported", async () => {
    let t = 0;
    const written: unknown[][] = [];
    const waits: Array<string | undefined> = [];
    let h!: ReturnType<typeof harness>;
    h = harness({
      now: () => t,
      limits: { jobThreshold: 3, resultsPageSize: 10, flushRows: 100, flushIntervalMs: 3_000, pollIntervalMs: 2_000 },
      sleep: async (ms) => {
        written.push(h.fake.values("Sheet1", "B1:B5").map((r) => r[0]));
        t += ms;
      },
    });
    h.backend.jobStep = 2;
    h.backend.quotaWait = { atDone: 2, polls: 3, until: "2030-01-01T00:00:00.000Z" };
    column(h.fake, "A1", ["nurse", "teacher", "bricklayer", "nurse", "teacher"]);
    h.fake.select("Sheet1", "A1:A5");
    const prepared = await h.session.prepare(options());
    const summary = await h.session.execute(
      prepared,
      { overwrite: false },
      { onProgress: (p) => p.jobId && waits.push(p.waitingUntil) },
    );
    expect(summary).toMatchObject({ state: "done", written: 5 });
    // Two rows arrived before the wait; they reached the sheet at the flush interval, not when the wait ended.
    expect(written[0]).toEqual(["", "", "", "", ""]);
    expect(written[1]).toEqual(["", "", "", "", ""]);
    expect(written[2]).toEqual(["254499", "241411", "", "", ""]);
    expect(written[3]).toEqual(["254499", "241411", "", "", ""]);
    expect(waits).toContain("2030-01-01T00:00:00.000Z");
    expect(waits.at(-1)).toBeUndefined();
  });

  test("resuming a job the backend no longer has says so and forgets it", async () => {
    const h = harness();
    await h.jobs.save({
      jobId: "gone",
      topic: "osca",
      sheetId: "Sheet1",
      sheetName: "Sheet1",
      titleColumn: 0,
      outputColumn: 1,
      fields: ["code"],
      total: 10,
      nextOffset: 0,
      overwrite: false,
      startedAt: "",
      selectionAddress: "Sheet1!A1:A10",
    });
    const summary = await h.session.resume();
    expect(summary).toMatchObject({ state: "failed", error: expect.stringMatching(/no longer has the results/) });
    expect(h.session.pendingJob()).toBeUndefined();
  });
});

describe("failures say what to do", () => {
  test("Excel in cell-edit mode", async () => {
    const h = harness();
    column(h.fake, "A1", ["nurse"]);
    h.fake.setEditMode(true);
    await expect(h.session.prepare(options())).rejects.toThrow(
      "Excel is editing a cell. Press Enter or Esc to finish editing, then try again.",
    );
  });

  test("cell-edit mode during writing pauses the run until editing ends", async () => {
    const h = harness();
    column(h.fake, "A1", ["nurse"]);
    h.fake.select("Sheet1", "A1");
    const prepared = await h.session.prepare(options());
    h.backend.onCode = () => h.fake.setEditMode(true);
    const phases: string[] = [];
    const summary = await h.session.execute(
      prepared,
      { overwrite: false },
      {
        onProgress: (p) => {
          phases.push(p.phase);
          if (p.phase === "waitingForCellEdit") h.fake.setEditMode(false);
        },
      },
    );
    expect(phases).toContain("waitingForCellEdit");
    expect(summary).toMatchObject({ state: "done", written: 1 });
  });

  test("a protected sheet", async () => {
    const h = harness();
    column(h.fake, "A1", ["nurse"]);
    h.fake.protect("Sheet1");
    await expect(h.session.prepare(options())).rejects.toThrow(/protected.*Unprotect Sheet/);
    expect(h.backend.recordsSent).toBe(0);
  });

  test("a sheet protected part-way through a run keeps what was written", async () => {
    const h = harness({ limits: { batchSize: 1, flushRows: 1 } });
    column(h.fake, "A1", ["nurse", "teacher"]);
    h.fake.select("Sheet1", "A1:A2");
    h.backend.onCode = (call) => {
      if (call === 2) h.fake.protect("Sheet1");
    };
    const { summary } = await codeSelection(h);
    expect(summary).toMatchObject({ state: "failed", written: 1, error: expect.stringMatching(/Unprotect Sheet/) });
  });

  test("a cell too large for one Excel request", async () => {
    const h = harness({ fake: { maxResponseBytes: 4096 } });
    column(h.fake, "A1", ["x".repeat(5000)]);
    await expect(h.session.prepare(options())).rejects.toThrow(/Shorten the longest cells/);
  });

  test("the backend refuses the API key (401)", async () => {
    const h = harness();
    column(h.fake, "A1", ["nurse"]);
    h.backend.failNext("code", new BackendFailure("unauthorized", 401, "unauthorized", "Bad key"));
    const { summary } = await codeSelection(h);
    expect(summary).toMatchObject({ state: "failed", written: 0 });
    expect(summary.error).toMatch(/refused your API key \(401\)\. Open Settings/);
  });

  test("the daily quota is used up: the message says when coding can resume", async () => {
    const h = harness();
    column(h.fake, "A1", ["nurse"]);
    const reset = new Date(Date.now() + (3 * 60 + 20) * 60_000).toISOString();
    h.backend.failNext("code", new BackendFailure("quota", 429, "quota_exhausted", "Quota", reset));
    const { summary } = await codeSelection(h);
    expect(summary.error).toMatch(/daily coding quota is used up\. Coding can resume at .+ \(in 3 h 20 min\)/);
  });

  test("the backend cannot be reached", async () => {
    const h = harness();
    column(h.fake, "A1", ["nurse"]);
    h.backend.failNext("code", new BackendFailure("unreachable", 0, "backend_unreachable", "down"));
    const { summary } = await codeSelection(h);
    expect(summary.error).toMatch(/Could not reach the coding backend.*Test connection/);
  });
});
