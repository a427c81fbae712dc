/**
 * The main job, in a real browser: select real job descriptions, click Code, get codes written
 * beside them, through the real backend and the ABS simulator.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { useBrowserStack } from "./support/browserStack";
import { browserTestsEnabled } from "./support/chromium";
import { cellValues, countApiRequests, fillSheet, openWorkbook, sampleJobs, select } from "./support/workbookPage";

const enabled = browserTestsEnabled();
const describeBrowser = enabled ? describe : describe.skip;
jest.setTimeout(180_000);

const ARTIFACTS = path.resolve(__dirname, "../../test-artifacts");

/** The in-memory sheet has no screen of its own: render its cells as a table and capture that. */
async function screenshotSheet(page: Page, address: string, file: string): Promise<void> {
  const cells = await cellValues(page, address);
  const escape = (value: unknown) => String(value).replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows = cells.map((row) => `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join("")}</tr>`).join("");
  const sheet = await page.context().newPage();
  await sheet.setContent(
    `<style>body{font:12px sans-serif}td{border:1px solid #ccc;padding:2px 6px;max-width:260px;white-space:nowrap;overflow:hidden}</style><table>${rows}</table>`,
  );
  await sheet.screenshot({ path: file, fullPage: true });
  await sheet.close();
}
const ROWS = 200;

describeBrowser("coding a selection in the task pane", () => {
  const world = useBrowserStack();
  let page: Page;

  beforeAll(async () => {
    const context = await world.browser.newContext({ viewport: { width: 420, height: 900 } });
    page = await openWorkbook(context, world.stack.backendUrl);
    await fillSheet(page, sampleJobs(ROWS));
  });

  async function clickCodeAndWait(): Promise<string> {
    await page.getByRole("button", { name: "Code", exact: true }).click();
    const notice = page.getByText(/rows? written to/);
    await notice.waitFor({ timeout: 120_000 });
    return (await notice.textContent()) ?? "";
  }

  test("200 rows of titles and tasks are coded, one outcome each, with one token request", async () => {
    const api = countApiRequests(page);
    await select(page, `A1:B${ROWS + 1}`);
    const summary = await clickCodeAndWait();

    const output = await cellValues(page, `C1:G${ROWS + 1}`);
    expect(output[0]).toEqual(["Code", "Title", "Level", "Confidence", "Status"]);
    const rows = output.slice(1);
    const statuses = rows.map((row) => row[4]);
    expect(statuses.every((status) => ["coded", "uncoded", "error"].includes(String(status)))).toBe(true);
    expect(summary).toMatch(new RegExp(`${ROWS} rows written`));

    // The codes written are the backend's codes for the same texts.
    const jobs = sampleJobs(ROWS);
    const response = await fetch(`${world.stack.backendUrl}/api/code`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        topic: "osca",
        records: jobs.map((job, i) => ({ id: String(i), occp_text: job.occp_text, tasks_text: job.tasks_text })),
      }),
    });
    const { results } = (await response.json()) as { results: { status: string; code?: string }[] };
    expect(rows.map((row) => String(row[0]))).toEqual(results.map((r) => (r.status === "coded" ? r.code : "")));

    const counters = world.stack.simulator.counters();
    expect(counters.tokenRequests.total).toBe(1);
    expect(counters.apiRequests.total).toBeLessThanOrEqual(1 + Math.ceil(ROWS / 300));
    expect(counters.codingRequests.sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(ROWS);
    expect(api.code + api.jobs).toBeGreaterThan(0);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "coded-200-rows-pane.png"), fullPage: true });
    await screenshotSheet(page, `A1:G21`, path.join(ARTIFACTS, "coded-200-rows-sheet.png"));
  });

  test("the same selection again costs no upstream request", async () => {
    const before = world.stack.simulator.counters().apiRequests.total;
    await select(page, `A1:B${ROWS + 1}`);
    await page.getByRole("button", { name: "Code", exact: true }).click();
    // Every output cell is filled: the pane asks before overwriting; fill only empty rows.
    const dialog = page.getByRole("alertdialog");
    if (await dialog.isVisible({ timeout: 5_000 }).catch(() => false)) {
      await dialog.getByRole("button", { name: "Overwrite" }).click();
    }
    await page.getByText(/rows? written to/).waitFor({ timeout: 60_000 });
    expect(world.stack.simulator.counters().apiRequests.total).toBe(before);
  });

  test("after clearing ten result rows, a re-run fills just those ten", async () => {
    const cleared = [5, 17, 33, 48, 60, 91, 120, 150, 177, 199].map((row) => row + 1);
    const before = await cellValues(page, `C1:G${ROWS + 1}`);
    await page.evaluate(
      (rows) => rows.forEach((row) => window.__host.workbook.setCells("Sheet1", `C${row}`, [["", "", "", "", ""]])),
      cleared,
    );
    await select(page, `A1:B${ROWS + 1}`);
    await page.getByRole("button", { name: "Code", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Fill empty rows only" }).click();
    const summary = await page.getByText(/rows? written to/).textContent();
    expect(summary).toMatch(/(^|\D)10 rows written/);
    expect(await cellValues(page, `C1:G${ROWS + 1}`)).toEqual(before);
  });
});
