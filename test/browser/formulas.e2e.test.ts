/**
 * =ABS.CODE in a real browser: formulas evaluated through the function the built functions.js
 * registered, batched by the shared runtime, against the real backend and simulator.
 */
import type { Page } from "playwright-core";
import { useBrowserStack } from "./support/browserStack";
import { browserTestsEnabled } from "./support/chromium";
import { cellValues, countApiRequests, fillSheet, openWorkbook, sampleJobs } from "./support/workbookPage";

const enabled = browserTestsEnabled();
const describeBrowser = enabled ? describe : describe.skip;
jest.setTimeout(180_000);

/** Types =ABS.CODE(A<row>) into `column` for every row, then waits until every cell settled. */
async function recalculate(page: Page, firstRow: number, lastRow: number, column = "C"): Promise<void> {
  await page.evaluate(
    ({ firstRow, lastRow, column }) => {
      for (let row = firstRow; row <= lastRow; row++) {
        window.__host.calculator.enter("Sheet1", `${column}${row}`, `=ABS.CODE(A${row})`);
      }
    },
    { firstRow, lastRow, column },
  );
  await page.evaluate(() => window.__host.calculator.settled());
}

describeBrowser("ABS.CODE formulas", () => {
  const world = useBrowserStack();

  test("500 cells of =ABS.CODE(A2) all settle through at most two backend requests", async () => {
    const page = await openWorkbook(await world.browser.newContext(), world.stack.backendUrl);
    const jobs = sampleJobs(500);
    await fillSheet(page, jobs, false);
    const api = countApiRequests(page);

    await recalculate(page, 2, 501);

    const shown = (await cellValues(page, "C2:C501")).map((row) => String(row[0]));
    expect(shown.filter((value) => value === "#BUSY!")).toEqual([]);
    expect(shown.every((value) => /^\d{1,6}$/.test(value) || value === "#N/A")).toBe(true);
    expect(api.code).toBeGreaterThanOrEqual(1);
    expect(api.code).toBeLessThanOrEqual(2);

    // Same codes as the backend gives the same titles.
    const response = await fetch(`${world.stack.backendUrl}/api/code`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        topic: "osca",
        records: jobs.map((job, i) => ({ id: String(i), occp_text: job.occp_text })),
      }),
    });
    const { results } = (await response.json()) as { results: { status: string; code?: string }[] };
    expect(shown).toEqual(results.map((r) => (r.status === "coded" ? r.code : "#N/A")));

    // An uncoded cell explains itself, naming the best suggestion when there is one.
    const uncodedRow = shown.indexOf("#N/A");
    if (uncodedRow >= 0) {
      const message = await page.evaluate(
        (row) => window.__host.calculator.messageAt("Sheet1", `C${row}`),
        uncodedRow + 2,
      );
      expect(message).toMatch(/Not coded/);
    }
    await page.context().close();
  });

  test("=ABSCODE(A2) works literally once the pane defines the workbook name", async () => {
    const page = await openWorkbook(await world.browser.newContext(), world.stack.backendUrl);
    await fillSheet(page, sampleJobs(3), false);
    await page.getByRole("tab", { name: "Settings" }).click();
    await page.getByRole("button", { name: "Define =ABSCODE() in this workbook" }).click();
    await page.getByText(/Defined ABSCODE in this workbook/).waitFor();

    await page.evaluate(() => {
      window.__host.calculator.enter("Sheet1", "C2", "=ABS.CODE(A2)");
      window.__host.calculator.enter("Sheet1", "D2", "=ABSCODE(A2)");
      window.__host.calculator.enter("Sheet1", "E2", '=ABSCODE(A2,,"title")');
    });
    await page.evaluate(() => window.__host.calculator.settled());
    const [[viaFunction, viaName, title]] = await cellValues(page, "C2:E2");
    expect(viaName).toBe(viaFunction);
    expect(String(title).length).toBeGreaterThan(3);
    await page.context().close();
  });
});

describeBrowser("five co-authors recalculating one workbook", () => {
  const world = useBrowserStack();

  test("1,000 formulas in five browsers cost one token request and no more upstream requests than one user", async () => {
    const jobs = sampleJobs(880);
    const titles = Array.from({ length: 1000 }, (_, i) => jobs[i % jobs.length]);
    const uniqueTitles = new Set(titles.map((job) => job.occp_text.trim().toLowerCase())).size;
    const pages = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const page = await openWorkbook(await world.browser.newContext(), world.stack.backendUrl);
        await fillSheet(page, titles, false);
        return page;
      }),
    );

    await Promise.all(pages.map((page) => recalculate(page, 2, 1001)));

    const counters = world.stack.simulator.counters();
    expect(counters.tokenRequests.total).toBe(1);
    // One user alone would need ceil(unique / 300) coding requests (plus the daily model check).
    expect(counters.codingRequests.total).toBeLessThanOrEqual(Math.ceil(uniqueTitles / 300));
    expect(counters.apiRequests.byStatus["429"] ?? 0).toBe(0);
    expect(counters.apiRequests.total).toBeLessThanOrEqual(Math.ceil(uniqueTitles / 300) + 1);
    for (const page of pages) {
      const shown = (await cellValues(page, "C2:C1001")).map((row) => String(row[0]));
      expect(shown.filter((value) => value === "#BUSY!" || value === "")).toEqual([]);
    }
    const first = await cellValues(pages[0], "C2:C1001");
    for (const page of pages.slice(1)) expect(await cellValues(page, "C2:C1001")).toEqual(first);
  });
});
