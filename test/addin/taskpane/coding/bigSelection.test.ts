/** 50,000 rows: memory and round trips to Excel stay bounded by the chunk sizes. */
import { codeBigSelection, formatFigures } from "../support/bigSelection";

test("a 50,000-row selection is coded with a bounded number of syncs, under the 5 MB payload cap", async () => {
  const figures = await codeBigSelection(50_000);
  process.stdout.write(`\n50,000-row selection through the Excel fake:\n${formatFigures(figures)}\n`);
  expect(figures.summary).toMatchObject({ state: "done", total: 50_000, written: 50_000 });
  expect(figures.syncs).toBeLessThanOrEqual(figures.syncBound);
  expect(figures.peakRequestBytes).toBeLessThan(5 * 1024 * 1024);
  expect(figures.peakResponseBytes).toBeLessThan(5 * 1024 * 1024);
  expect(figures.heapDeltaBytes).toBeLessThan(400 * 1024 * 1024);
}, 60_000);
