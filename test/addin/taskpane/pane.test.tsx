/** The task pane as a person uses it, over the Excel fake and an in-test backend. */
import "./support/dom";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../../src/addin/taskpane/App";
import { MemoryStorage, WorkbookSettings } from "../../../src/addin/excel/settings";
import { WorkbookGateway, type ExcelRun } from "../../../src/addin/excel/workbookGateway";
import { ExcelFake } from "../../../src/addin/fakes/excelFake";
import { BackendFailure } from "../../../src/addin/taskpane/coding/backendPort";
import { JobStore } from "../../../src/addin/taskpane/coding/jobStore";
import { PaneServices } from "../../../src/addin/taskpane/coding/paneServices";
import { PaneSettings, SETTING_KEYS } from "../../../src/addin/taskpane/coding/paneSettings";
import type { RunnerLimits } from "../../../src/addin/taskpane/coding/session";
import { MemoryBackend } from "./support/memoryBackend";

const EXCEL = { host: "Excel", platform: "OfficeOnline", darkTheme: false };

function setup(
  options: {
    limits?: Partial<RunnerLimits>;
    fake?: ExcelFake;
    backend?: MemoryBackend;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  } = {},
) {
  const fake = options.fake ?? new ExcelFake();
  const backend = options.backend ?? new MemoryBackend();
  const personal = new MemoryStorage();
  const workbookSettings = new WorkbookSettings(fake.settings);
  const made: Array<{ backendUrl: string; apiKey: string }> = [];
  const services = new PaneServices({
    settings: new PaneSettings(workbookSettings, personal),
    workbook: new WorkbookGateway(fake.run as unknown as ExcelRun),
    jobs: new JobStore(workbookSettings),
    makeBackend: (values) => {
      made.push({ ...values });
      return backend;
    },
    sleep: options.sleep ?? (async () => undefined),
    limits: options.limits,
  });
  const user = userEvent.setup();
  const view = render(<App host={EXCEL} services={services} />);
  return { fake, backend, personal, services, user, made, view };
}

function titles(fake: ExcelFake, values: string[]): void {
  fake.setCells(
    "Sheet1",
    "A1",
    values.map((v) => [v]),
  );
  fake.select("Sheet1", `A1:A${values.length}`);
}

async function clickCode(user: ReturnType<typeof userEvent.setup>): Promise<void> {
  await user.click(await screen.findByRole("button", { name: "Code" }));
}

describe("task pane", () => {
  test("Code writes the results beside the selection and says what happened", async () => {
    const { fake, user } = setup();
    titles(fake, ["Job title", "nurse", "", "zz widget herder"]);
    await clickCode(user);
    const done = await screen.findByText(/2 rows written to B1:F4: 1 coded, 1 uncoded, 0 errors\./);
    expect(done.textContent).toMatch(/1 empty cell skipped \(A3\)/);
    expect(done.textContent).toMatch(/1 uncoded row to review in the Review tab/);
    expect(fake.values("Sheet1", "B2:F2")).toEqual([["254499", "Registered Nurse", 6, 0.92, "coded"]]);
  });

  test("non-empty output cells need confirmation; Fill empty rows only leaves them alone", async () => {
    const { fake, user } = setup();
    titles(fake, ["nurse", "teacher"]);
    fake.setCells("Sheet1", "C2", [["my note"]]);
    await clickCode(user);
    const dialog = await screen.findByRole("alertdialog");
    expect(within(dialog).getByText(/1 row already has something in the output columns B1:F2 \(B2\)/)).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Fill empty rows only" }));
    await screen.findByText(/1 row written/);
    expect(fake.value("Sheet1", "C2")).toBe("my note");
    expect(fake.value("Sheet1", "B1")).toBe("254499");
  });

  test("Overwrite replaces the output the person agreed to replace", async () => {
    const { fake, user } = setup();
    titles(fake, ["nurse"]);
    fake.setCells("Sheet1", "B1", [["old"]]);
    await clickCode(user);
    await user.click(await screen.findByRole("button", { name: "Overwrite" }));
    await screen.findByText(/1 row written/);
    expect(fake.value("Sheet1", "B1")).toBe("254499");
  });

  test("progress shows counts and ETA; Cancel stops and keeps what was written", async () => {
    const backend = new MemoryBackend();
    let release: () => void = () => undefined;
    const code = backend.code.bind(backend);
    backend.code = async (topic, records, signal) => {
      if (backend.codeCalls >= 1) {
        await new Promise<void>((resolve, reject) => {
          release = resolve;
          signal?.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "AbortError" })));
        });
      }
      return code(topic, records, signal);
    };
    const { fake, user } = setup({ backend, limits: { batchSize: 2, flushRows: 2 } });
    titles(fake, ["nurse", "teacher", "bricklayer", "nurse"]);
    await clickCode(user);
    const progress = await screen.findByText(/2 of 4 done · 2 coded · 0 uncoded · 0 errors · 2 written/);
    expect(progress).toBeTruthy();
    expect(screen.getByRole("progressbar")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await screen.findByText(/Stopped\. 2 rows written/);
    release();
    expect(fake.values("Sheet1", "B1:B4").map((r) => r[0])).toEqual(["254499", "241411", "", ""]);
  });

  test("Review lists uncoded rows with suggestions; Accept writes status accepted; the link selects the row", async () => {
    const { fake, user } = setup();
    titles(fake, ["Job title", "nurse", "zz widget herder"]);
    await clickCode(user);
    await screen.findByText(/Done/);
    await user.click(screen.getByRole("tab", { name: "Review (1)" }));
    expect(screen.getByText("zz widget herder")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Go to Sheet1!A3" }));
    expect(fake.selectedAddress()).toBe("Sheet1!A3");
    await user.click(screen.getByRole("button", { name: /Accept 139999 Specialist Managers nec for A3/ }));
    await screen.findByText(/A3: accepted 139999 Specialist Managers nec\./);
    expect(fake.values("Sheet1", "B3:F3")).toEqual([["139999", "Specialist Managers nec", 6, 0.41, "accepted"]]);
    expect(screen.getByRole("tab", { name: "Review" })).toBeTruthy();
  });

  test.each([
    ["Excel in cell-edit mode", (f: ExcelFake) => f.setEditMode(true), /Excel is editing a cell\. Press Enter or Esc/],
    ["a protected sheet", (f: ExcelFake) => f.protect("Sheet1"), /Unprotect it \(Review › Unprotect Sheet\)/],
    ["several areas", (f: ExcelFake) => f.select("Sheet1", "A1", "C1"), /2 areas are selected/],
  ])("%s gets a message saying what to do", async (_name, arrange, expected) => {
    const { fake, user } = setup();
    titles(fake, ["nurse"]);
    arrange(fake);
    await clickCode(user);
    expect(await screen.findByText(expected)).toBeTruthy();
  });

  test("a refused API key and a used-up quota get messages saying what to do", async () => {
    const { fake, backend, user } = setup();
    titles(fake, ["nurse"]);
    backend.failNext("code", new BackendFailure("unauthorized", 401, "unauthorized", "no"));
    await clickCode(user);
    expect(await screen.findByText(/refused your API key \(401\)\. Open Settings/)).toBeTruthy();
    const reset = new Date(Date.now() + 90 * 60_000).toISOString();
    backend.failNext("code", new BackendFailure("quota", 429, "quota_exhausted", "q", reset));
    await clickCode(user);
    expect(await screen.findByText(/Coding can resume at .+\(in 1 h 30 min\)/)).toBeTruthy();
  });

  test("Settings keep the backend URL in the workbook and the API key out of it; Test connection reports", async () => {
    const { fake, personal, user, made } = setup();
    await user.click(screen.getByRole("tab", { name: "Settings" }));
    await user.type(screen.getByLabelText("Backend URL"), "https://coder.example.gov.au/");
    await user.type(screen.getByLabelText("API key"), "team-secret");
    await user.click(screen.getByRole("button", { name: "Test connection" }));
    expect(
      await screen.findByText(
        /Connected to https:\/\/coder\.example\.gov\.au\/, backend 0\.1\.0, answering from the ABS simulator/,
      ),
    ).toBeTruthy();
    expect(made.at(-1)).toEqual({ backendUrl: "https://coder.example.gov.au/", apiKey: "team-secret" });
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    await screen.findByText(/Settings saved/);
    fake.reopen();
    expect(fake.settings.get(SETTING_KEYS.backendUrl)).toBe("https://coder.example.gov.au");
    expect(
      JSON.stringify([SETTING_KEYS, fake.settings.get(SETTING_KEYS.layout), fake.settings.get(SETTING_KEYS.topic)]),
    ).not.toMatch(/team-secret/);
    expect(fake.settings.get(SETTING_KEYS.apiKey)).toBeNull();
    expect(personal.getItem(SETTING_KEYS.apiKey)).toBe("team-secret");
  });

  test("a backend URL that is not https gets a message", async () => {
    const { user } = setup();
    await user.click(screen.getByRole("tab", { name: "Settings" }));
    await user.type(screen.getByLabelText("Backend URL"), "coder.example");
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText(/must start with https:\/\//)).toBeTruthy();
  });

  test("Status shows the caller's team quota first, then the other teams, token health, version and a simulator banner", async () => {
    const backend = new MemoryBackend();
    backend.statusBody = {
      version: "1.4.2",
      caller: { team: "labour" },
      upstream: { kind: "simulator", apiHost: "127.0.0.1:4010", simulator: true },
      token: { state: "valid", generation: 1, blocked: null },
      quota: {
        day: "2030-01-01",
        limit: 1000,
        used: 900,
        left: 100,
        closed: false,
        resetsAt: "2030-01-02T00:00:00.000Z",
        teams: [
          { team: "finance", share: 0.5, limit: 500, used: 780, left: 0 },
          { team: "labour", share: 0.5, limit: 500, used: 120, left: 380 },
        ],
      },
      cache: { hits: 3, misses: 1, hitRate: 0.75, entries: 4 },
    };
    const { user } = setup({ backend });
    await user.click(screen.getByRole("tab", { name: "Status" }));
    expect(await screen.findByText(/answers from the ABS simulator, not the real ABS/)).toBeTruthy();
    expect(screen.getByText("1.4.2")).toBeTruthy();
    const quotaRows = screen
      .getAllByRole("rowheader")
      .map((cell) => cell.textContent ?? "")
      .filter((label) => label.startsWith("Quota,"));
    expect(quotaRows).toEqual(["Quota, your team (labour)", "Quota, team finance", "Quota, everyone"]);
    expect(screen.getByText("120 used, 380 left, of 500 today")).toBeTruthy();
    expect(screen.getByText("780 used, 0 left, of 500 today")).toBeTruthy();
    expect(screen.getByText("900 used, 100 left, of 1,000 today")).toBeTruthy();
    expect(screen.getByText(/^healthy/)).toBeTruthy();
  });

  test("a large selection runs as a job: finished rows are written as they arrive, the ETA is shown, Cancel stops the job", async () => {
    const backend = new MemoryBackend();
    backend.jobStep = 2;
    backend.eta = (s) => (s.total - s.done) * 50;
    // The pane waits between polls until Cancel aborts the wait.
    const sleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((_resolve, reject) =>
        signal?.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "AbortError" }))),
      );
    const { fake, user } = setup({ backend, sleep, limits: { jobThreshold: 3, flushRows: 1 } });
    titles(fake, ["nurse", "teacher", "bricklayer", "nurse", "teacher"]);
    await clickCode(user);
    // 3 records left at 50 s each: the backend's estimate, formatted.
    expect(
      await screen.findByText(/2 of 5 done · 2 coded · 0 uncoded · 0 errors · 2 written · about 3 min left/),
    ).toBeTruthy();
    expect(fake.values("Sheet1", "B1:B5").map((r) => r[0])).toEqual(["254499", "241411", "", "", ""]);
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await screen.findByText(/Stopped\. 2 rows written/);
    expect(backend.cancelled).toEqual(["job-1"]);
    expect(backend.jobs.get("job-1")!.status.state).toBe("cancelled");
    expect(fake.settings.get("absCoder.job")).toBeNull();
  });

  test("Status says what to do when the backend cannot be reached", async () => {
    const backend = new MemoryBackend();
    backend.failNext("status", new BackendFailure("unreachable", 0, "backend_unreachable", "down"));
    const { user } = setup({ backend });
    await user.click(screen.getByRole("tab", { name: "Status" }));
    expect(await screen.findByText(/Could not reach the coding backend.*Test connection/)).toBeTruthy();
  });

  test("a reopened pane resumes the job remembered in the workbook and shows the result", async () => {
    const fake = new ExcelFake();
    const backend = new MemoryBackend();
    titles(fake, ["nurse", "teacher", "bricklayer"]);
    const job = await backend.createJob("osca", [{ id: "R1.1", occp_text: "x" }]);
    // The job as the earlier pane sent it: ids carry the row and a fingerprint of the inputs.
    const { recordId } = await import("../../../src/addin/taskpane/coding/text");
    const records = ["nurse", "teacher", "bricklayer"].map((t, row) => ({ id: recordId(row, t, ""), occp_text: t }));
    backend.jobs.get(job.id)!.results = records.map((r) => ({
      id: r.id,
      status: "coded" as const,
      code: "254499",
      title: "Registered Nurse",
      level: 6,
      confidence: 0.9,
      suggestions: [],
    }));
    backend.jobs.get(job.id)!.status.total = 3;
    await new JobStore(new WorkbookSettings(fake.settings)).save({
      jobId: job.id,
      topic: "osca",
      sheetId: "Sheet1",
      sheetName: "Sheet1",
      titleColumn: 0,
      outputColumn: 1,
      fields: ["code", "status"],
      total: 3,
      nextOffset: 0,
      overwrite: false,
      startedAt: new Date().toISOString(),
      selectionAddress: "Sheet1!A1:A3",
    });
    fake.reopen();
    setup({ fake, backend });
    expect(await screen.findByText(/3 rows written to B:C/)).toBeTruthy();
    expect(fake.values("Sheet1", "B1:C3")).toEqual([
      ["254499", "coded"],
      ["254499", "coded"],
      ["254499", "coded"],
    ]);
  });

  test("works from the keyboard: Enter or Space opens a tab, Enter on Code codes", async () => {
    const { fake, user } = setup();
    titles(fake, ["nurse"]);
    // Tabs are buttons: Enter and Space open them (Fluent moves focus between them with the arrow keys).
    screen.getByRole("tab", { name: "Settings" }).focus();
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("heading", { name: "Settings" })).toBeTruthy();
    screen.getByRole("tab", { name: "Code" }).focus();
    await user.keyboard(" ");
    expect(await screen.findByRole("heading", { name: "Code the selected job titles" })).toBeTruthy();
    // Code is a native button in the tab order, and Enter runs it.
    const code = screen.getByRole("button", { name: "Code" });
    expect(code.tabIndex).toBe(0);
    code.focus();
    await user.keyboard("{Enter}");
    expect(await screen.findByText(/1 row written/)).toBeTruthy();
  });

  test("follows a dark Office theme", () => {
    render(<App host={{ ...EXCEL, darkTheme: true }} />);
    expect(screen.getAllByRole("heading", { name: "Occupation Coder" }).length).toBeGreaterThan(0);
  });
});
