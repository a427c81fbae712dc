/**
 * Opens the built task pane in Chromium as Excel would: same taskpane.html, same bundles,
 * with Microsoft's office.js answered by the in-memory workbook host (test/browser/host).
 * Every request that would leave this machine is refused.
 */
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import type { BrowserContext, Page } from "playwright-core";
import { parseCsvRecords } from "../../../src/coder/csv";

const ROOT = path.resolve(__dirname, "../../..");
const OFFICE_JS = /^https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js$/;

let hostBundle: Promise<string> | undefined;

/** The workbook host, bundled for the browser once per test run. */
function officeHostBundle(): Promise<string> {
  hostBundle ??= build({
    entryPoints: [path.join(ROOT, "test/browser/host/officeHost.ts")],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
  }).then((result) => result.outputFiles[0].text);
  return hostBundle;
}

export interface SampleJob {
  id: string;
  occp_text: string;
  tasks_text: string;
  expected_osca_codes: string;
}

export function sampleJobs(count: number): SampleJob[] {
  const text = fs.readFileSync(path.join(ROOT, "test/fixtures/sample-jobs.csv"), "utf8");
  const rows = parseCsvRecords(text) as unknown as SampleJob[];
  if (rows.length < count) throw new Error(`sample-jobs.csv has ${rows.length} rows, ${count} wanted`);
  return rows.slice(0, count);
}

export async function openWorkbook(context: BrowserContext, backendUrl: string): Promise<Page> {
  const bundle = await officeHostBundle();
  const backendOrigin = new URL(backendUrl).origin;
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (OFFICE_JS.test(url)) return route.fulfill({ body: bundle, contentType: "text/javascript" });
    if (url.startsWith(backendOrigin) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    return route.abort("blockedbyclient"); // tests talk to loopback only
  });
  const page = await context.newPage();
  await page.goto(`${backendUrl}/taskpane.html`);
  await page.waitForFunction(() => Boolean((window as unknown as { __host?: unknown }).__host));
  await page.getByRole("heading", { name: "Occupation Coder", level: 1 }).waitFor();
  return page;
}

/** Puts a header row and the jobs into A1:B(n+1), as a user's sheet would hold them. */
export async function fillSheet(page: Page, jobs: SampleJob[], withTasks = true): Promise<void> {
  const rows = [withTasks ? ["Job title", "Tasks"] : ["Job title"]].concat(
    jobs.map((job) => (withTasks ? [job.occp_text, job.tasks_text] : [job.occp_text])),
  );
  await page.evaluate((cells) => window.__host.workbook.setCells("Sheet1", "A1", cells), rows);
}

export async function select(page: Page, address: string): Promise<void> {
  await page.evaluate((a) => window.__host.workbook.select("Sheet1", a), address);
}

export async function cellValues(page: Page, address: string): Promise<(string | number | boolean)[][]> {
  return page.evaluate((a) => window.__host.workbook.values("Sheet1", a), address);
}

/** Counts the add-in's requests to the backend's coding routes. */
export function countApiRequests(page: Page): { code: number; jobs: number } {
  const counts = { code: 0, jobs: 0 };
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname === "/api/code") counts.code++;
    if (pathname.startsWith("/api/jobs")) counts.jobs++;
  });
  return counts;
}
