/**
 * Task pane bench: codes a 50,000-row selection through the in-memory Excel fake (with Excel on
 * the web's 5 MB payload caps) and prints round trips, peak payloads and heap growth.
 * Run: NODE_OPTIONS=--expose-gc npx tsx bench/taskpane.bench.ts [rows]
 * The heap delta includes the fake workbook's written cells and the in-test backend's stored results.
 */
import { codeBigSelection, formatFigures } from "../test/addin/taskpane/support/bigSelection";

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 50_000);
  const figures = await codeBigSelection(rows);
  process.stdout.write(
    `${rows.toLocaleString("en-AU")}-row selection through the Excel fake:\n${formatFigures(figures)}\n`,
  );
}

void main();
