/**
 * The 50,000-row scenario shared by the test (which asserts the bounds) and
 * bench/taskpane.bench.ts (which prints the figures): a header plus N job titles with tasks,
 * coded as a backend job and written back through the Excel fake with its real limits.
 */
import { DEFAULT_OPTIONS } from "../../../../src/addin/taskpane/coding/types";
import { DEFAULT_LIMITS, type RunnerLimits } from "../../../../src/addin/taskpane/coding/session";
import { DEFAULT_MAX_ROWS_PER_CHUNK } from "../../../../src/addin/excel/workbookGateway";
import type { RunSummary } from "../../../../src/addin/taskpane/coding/types";
import { harness } from "./excelHarness";

const TITLES = [
  "nurse",
  "teacher",
  "bricklayer",
  "software engineer",
  "zz widget herder",
  "retail assistant",
  "farm hand",
];

export interface BigSelectionFigures {
  rows: number;
  syncs: number;
  syncBound: number;
  readChunks: number;
  peakRequestBytes: number;
  peakResponseBytes: number;
  heapDeltaBytes: number;
  millis: number;
  summary: RunSummary;
}

export async function codeBigSelection(rows = 50_000): Promise<BigSelectionFigures> {
  const limits: Partial<RunnerLimits> = { flushIntervalMs: Number.POSITIVE_INFINITY };
  const h = harness({ limits });
  const data: Array<[string, string]> = [["Job title", "Main tasks"]];
  for (let i = 0; i < rows; i++) data.push([`${TITLES[i % TITLES.length]} ${i % 97}`, `does task ${i % 13}`]);
  h.fake.setCells("Sheet1", "A1", data);
  h.fake.select("Sheet1", `A1:B${rows + 1}`);
  h.fake.resetCounters();

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = Date.now();
  const prepared = await h.session.prepare(DEFAULT_OPTIONS);
  const summary = await h.session.execute(prepared, { overwrite: false });
  const millis = Date.now() - started;
  gc?.();
  const heapDeltaBytes = process.memoryUsage().heapUsed - heapBefore;

  // Reads: 1 (selection) + 1 small first chunk (sized for worst-case cells) + one per maxRowsPerChunk rows.
  const readChunks = 1 + Math.ceil((rows + 1) / DEFAULT_MAX_ROWS_PER_CHUNK);
  // Writes: each flush of flushRows results is one re-check read and one write.
  const flushRows = limits.flushRows ?? DEFAULT_LIMITS.flushRows;
  const writeChunks = Math.ceil((rows + 1) / flushRows) + 1;
  const syncBound = 1 + readChunks + 2 * writeChunks;
  return {
    rows,
    syncs: h.fake.syncCount,
    syncBound,
    readChunks,
    peakRequestBytes: h.fake.peakRequestBytes,
    peakResponseBytes: h.fake.peakResponseBytes,
    heapDeltaBytes,
    millis,
    summary,
  };
}

export function formatFigures(f: BigSelectionFigures): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  return [
    `rows coded:          ${f.summary.total} (${f.summary.counts.coded} coded, ${f.summary.counts.uncoded} uncoded, ${f.summary.counts.error} errors), ${f.summary.written} written`,
    `context.sync calls:  ${f.syncs} (bound ${f.syncBound})`,
    `peak request:        ${mb(f.peakRequestBytes)} (Excel on the web cap 5 MB)`,
    `peak response:       ${mb(f.peakResponseBytes)} (cap 5 MB)`,
    `heap delta:          ${mb(f.heapDeltaBytes)}`,
    `time:                ${f.millis} ms`,
  ].join("\n");
}
