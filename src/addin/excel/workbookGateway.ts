/**
 * The add-in's one door to the workbook's cells: the only code that calls `Excel.run` on ranges.
 * It reads the selection, reads rows in chunks, re-checks and writes result columns in chunks,
 * selects a cell and defines names. Everything it hands out is plain data (no `Excel.*`), so
 * the task pane and the orchestration never see Office.
 *
 * Rules it keeps:
 * - one `context.sync()` per chunk, never per cell; chunks sized by estimated bytes so each
 *   request and each response stays well under Excel on the web's 5 MB cap, and halved and
 *   retried if Excel still answers "payload too large";
 * - writes are plain values, only into the output columns, each chunk preceded by a re-check
 *   read so rows whose inputs changed (or whose output cells filled up) are skipped;
 * - Office errors become WorkbookErrors whose message says what to do.
 *
 * The host is a parameter (`run`), so tests pass the in-memory fake (src/addin/fakes/excelFake).
 */
import { parseRangeAddress } from "./a1";
import { WorkbookError, toWorkbookError } from "./workbookErrors";

/** What `Excel.run` looks like to us (the fake's `run` fits too, cast at the test's edge). */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** A cell's value as Office.js reports it: "" when empty, "#N/A" style text for errors. */
export type CellScalar = string | number | boolean;

export interface SelectionInfo {
  sheetId: string;
  sheetName: string;
  /** The address as selected, e.g. "Sheet1!A:A". */
  selectedAddress: string;
  /** Rows as selected (1,048,576 for whole columns). */
  selectedRowCount: number;
  /** The selection clipped to the sheet's used rows: what will be read. */
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
  /** True when rows beyond the used range were dropped (whole-column selections). */
  clipped: boolean;
  sheetProtected: boolean;
}

export interface ReadRowsRequest {
  sheetId: string;
  firstRow: number;
  rowCount: number;
  /** Columns whose shown values are read (job titles, tasks). */
  valueColumns: number[];
  /** Columns whose formulas are read (output columns: a formula showing "" still counts as content). */
  formulaColumns: number[];
}

export interface RowCells {
  row: number;
  /** Hidden by the user or by a filter. */
  hidden: boolean;
  /** One per requested value column, in order. */
  values: CellScalar[];
  /** One per requested formula column, in order. */
  formulas: CellScalar[];
}

export type WriteVerdict = "write" | "inputChanged" | "outputNotEmpty";

export interface WriteRow {
  row: number;
  /** One per output column. */
  values: CellScalar[];
}

export interface WriteRequest {
  sheetId: string;
  /** First output column and how many: the block the writer may touch. */
  outputColumn: number;
  outputWidth: number;
  /** Offsets within the output block written as text (number format "@"), e.g. the Code column. */
  textOffsets?: number[];
  /** Rows to write, any order; each row is re-checked just before its chunk is written. */
  rows: WriteRow[];
  /** Input columns re-read for the re-check. */
  checkColumns: number[];
  /** Decides, from what is in the sheet now, whether a row may be written. */
  verify: (row: number, inputs: CellScalar[], outputFormulas: CellScalar[]) => WriteVerdict;
  /** Excel is in cell-edit mode: resolve true to retry the chunk (after a wait), false to give up. */
  onEditMode?: () => Promise<boolean>;
  /** Called after each chunk is written. */
  onChunk?: (report: WriteReport) => void;
}

export interface WriteReport {
  written: number[];
  inputChanged: number[];
  outputNotEmpty: number[];
}

export interface GatewayOptions {
  /** Target size of one request or response; Excel on the web rejects over 5 MB. */
  payloadBudgetBytes?: number;
  /** Upper bound on rows per chunk, whatever their size. */
  maxRowsPerChunk?: number;
}

export const DEFAULT_PAYLOAD_BUDGET_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_ROWS_PER_CHUNK = 5000;
/**
 * First guess of one cell's size in a response, before anything has been measured: the
 * worst case (Excel holds up to 32,767 characters in a cell), so the first chunk can never be
 * refused; later chunks are sized from what was measured.
 */
const INITIAL_BYTES_PER_CELL = 32_768;

export class WorkbookGateway {
  readonly payloadBudgetBytes: number;
  readonly maxRowsPerChunk: number;
  /** Round trips this gateway made (for the bench and the logs). */
  syncs = 0;
  private bytesPerCell = INITIAL_BYTES_PER_CELL;

  constructor(
    private readonly run: ExcelRun,
    options: GatewayOptions = {},
  ) {
    this.payloadBudgetBytes = options.payloadBudgetBytes ?? DEFAULT_PAYLOAD_BUDGET_BYTES;
    this.maxRowsPerChunk = options.maxRowsPerChunk ?? DEFAULT_MAX_ROWS_PER_CHUNK;
  }

  /** The one selected block, clipped to the used rows. One round trip (two when several areas are selected). */
  async describeSelection(): Promise<SelectionInfo> {
    try {
      return await this.run(async (context) => {
        const range = context.workbook.getSelectedRange().load("address, rowIndex, columnIndex, rowCount, columnCount");
        const sheet = range.worksheet.load("id, name");
        const protection = sheet.protection.load("protected");
        const used = sheet.getUsedRange(true).load("rowIndex, rowCount");
        try {
          await this.sync(context);
        } catch (error) {
          if (toWorkbookError(error).kind !== "multipleAreas") throw error;
          const areas = context.workbook.getSelectedRanges().load("address, areaCount");
          await this.sync(context);
          throw new WorkbookError(
            "multipleAreas",
            `${areas.areaCount} areas are selected (${areas.address}). Select one block of cells (the job titles, optionally with the tasks column beside them) and try again.`,
          );
        }
        const first = Math.max(range.rowIndex, used.rowIndex);
        const end = Math.min(range.rowIndex + range.rowCount, used.rowIndex + used.rowCount);
        if (end <= first) throw new WorkbookError("emptySelection");
        return {
          sheetId: sheet.id,
          sheetName: sheet.name,
          selectedAddress: range.address,
          selectedRowCount: range.rowCount,
          row: first,
          column: range.columnIndex,
          rowCount: end - first,
          columnCount: range.columnCount,
          clipped: end - first < range.rowCount,
          sheetProtected: protection.protected,
        };
      });
    } catch (error) {
      throw toWorkbookError(error);
    }
  }

  /** Reads rows in chunks: one round trip per chunk (a second only when a chunk mixes hidden and shown rows). */
  async readRows(request: ReadRowsRequest, onProgress?: (rowsRead: number) => void): Promise<RowCells[]> {
    const out: RowCells[] = [];
    const columns = request.valueColumns.length + request.formulaColumns.length;
    const end = request.firstRow + request.rowCount;
    let row = request.firstRow;
    let rows = this.rowsFor(Math.max(columns, 1));
    while (row < end) {
      const take = Math.min(rows, end - row);
      try {
        const { cells, bytes } = await this.readChunk(request, row, take);
        for (const cell of cells) out.push(cell);
        this.learn(bytes, take * Math.max(columns, 1));
        row += take;
        onProgress?.(row - request.firstRow);
        rows = this.rowsFor(Math.max(columns, 1));
      } catch (error) {
        const failure = toWorkbookError(error);
        if (failure.kind === "responseTooLarge" && take > 1) {
          rows = Math.max(1, Math.floor(take / 2));
          this.bytesPerCell *= 2;
          continue;
        }
        throw failure;
      }
    }
    return out;
  }

  /**
   * Re-checks and writes rows in chunks: per chunk one round trip reads the inputs and output cells,
   * `verify` decides row by row, and one round trip writes the approved rows as plain values.
   * The report (also passed to onChunk) survives a failure part-way: pass your own to keep it.
   */
  async writeRows(request: WriteRequest, report: WriteReport = emptyReport()): Promise<WriteReport> {
    const rows = [...request.rows].sort((a, b) => a.row - b.row);
    let index = 0;
    while (index < rows.length) {
      const take = this.writeChunkLength(rows, index, request);
      const chunk = rows.slice(index, index + take);
      try {
        const { report: chunkReport, bytes, cells } = await this.writeChunk(request, chunk);
        this.learn(bytes, cells);
        report.written.push(...chunkReport.written);
        report.inputChanged.push(...chunkReport.inputChanged);
        report.outputNotEmpty.push(...chunkReport.outputNotEmpty);
        request.onChunk?.(chunkReport);
        index += take;
      } catch (error) {
        const failure = toWorkbookError(error);
        if ((failure.kind === "requestTooLarge" || failure.kind === "responseTooLarge") && take > 1) {
          // Split this chunk: the next pass takes at most half of it.
          this.bytesPerCell *= 2;
          const half = Math.max(1, Math.floor(take / 2));
          const chunkReport = await this.writeRows({ ...request, rows: chunk.slice(0, half), onChunk: undefined });
          const rest = await this.writeRows({ ...request, rows: chunk.slice(half), onChunk: undefined });
          for (const part of [chunkReport, rest]) {
            report.written.push(...part.written);
            report.inputChanged.push(...part.inputChanged);
            report.outputNotEmpty.push(...part.outputNotEmpty);
            request.onChunk?.(part);
          }
          index += take;
          continue;
        }
        if (failure.kind === "editMode" && request.onEditMode && (await request.onEditMode())) continue;
        throw failure;
      }
    }
    return report;
  }

  /** Shows a row: activates its sheet and selects the cell. */
  async selectCell(sheetId: string, row: number, column: number): Promise<void> {
    try {
      await this.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem(sheetId);
        sheet.activate();
        sheet.getCell(row, column).select();
        await this.sync(context);
      });
    } catch (error) {
      throw toWorkbookError(error);
    }
  }

  /** Defines a workbook name unless one exists; answers what was there. */
  async ensureName(name: string, formula: string, comment: string): Promise<{ added: boolean; formula: string }> {
    try {
      return await this.run(async (context) => {
        const existing = context.workbook.names.getItemOrNullObject(name).load("name, formula");
        await this.sync(context);
        if (!existing.isNullObject) return { added: false, formula: existing.formula };
        context.workbook.names.add(name, formula, comment);
        await this.sync(context);
        return { added: true, formula };
      });
    } catch (error) {
      throw toWorkbookError(error);
    }
  }

  /* ---- internals ---- */

  private async sync(context: Excel.RequestContext): Promise<void> {
    this.syncs++;
    await context.sync();
  }

  private rowsFor(cellsPerRow: number): number {
    const rows = Math.floor(this.payloadBudgetBytes / (cellsPerRow * this.bytesPerCell));
    return Math.max(1, Math.min(this.maxRowsPerChunk, rows));
  }

  /** Moves the per-cell estimate towards what was measured, keeping 50% headroom. */
  private learn(bytes: number, cells: number): void {
    if (cells <= 0) return;
    const measured = (bytes / cells) * 1.5;
    this.bytesPerCell = Math.max(8, measured);
  }

  private async readChunk(
    request: ReadRowsRequest,
    firstRow: number,
    rowCount: number,
  ): Promise<{ cells: RowCells[]; bytes: number }> {
    return this.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(request.sheetId);
      const valueRuns = runsOf(request.valueColumns);
      const formulaRuns = runsOf(request.formulaColumns);
      const valueRanges = valueRuns.map((run) =>
        sheet.getRangeByIndexes(firstRow, run.start, rowCount, run.count).load("values"),
      );
      const formulaRanges = formulaRuns.map((run) =>
        sheet.getRangeByIndexes(firstRow, run.start, rowCount, run.count).load("formulas"),
      );
      const probeColumn = request.valueColumns[0] ?? request.formulaColumns[0] ?? 0;
      const probe = sheet.getRangeByIndexes(firstRow, probeColumn, rowCount, 1).load("rowHidden");
      await this.sync(context);

      let hidden: (row: number) => boolean = () => probe.rowHidden === true;
      if (probe.rowHidden === null) {
        // Some rows hidden, some shown: ask for the shown ones (one more round trip for this chunk only).
        const view = probe.getVisibleView().load("cellAddresses");
        await this.sync(context);
        const shown = new Set<number>();
        for (const line of view.cellAddresses) shown.add(parseRangeAddress(line[0]).rect.row);
        hidden = (row) => !shown.has(row);
      }

      let bytes = 0;
      const cells: RowCells[] = [];
      for (let r = 0; r < rowCount; r++) {
        const values: CellScalar[] = [];
        const formulas: CellScalar[] = [];
        valueRuns.forEach((run, i) => {
          const line = valueRanges[i].values[r] as CellScalar[];
          for (let c = 0; c < run.count; c++) values.push(line[c]);
        });
        formulaRuns.forEach((run, i) => {
          const line = formulaRanges[i].formulas[r] as CellScalar[];
          for (let c = 0; c < run.count; c++) formulas.push(line[c]);
        });
        for (const v of values) bytes += cellBytes(v);
        for (const f of formulas) bytes += cellBytes(f);
        cells.push({
          row: firstRow + r,
          hidden: hidden(firstRow + r),
          values: reorder(values, request.valueColumns),
          formulas: reorder(formulas, request.formulaColumns),
        });
      }
      return { cells, bytes };
    });
  }

  /** How many rows, from `index`, make the next write chunk. */
  private writeChunkLength(rows: WriteRow[], index: number, request: WriteRequest): number {
    const checkCellsPerRow = request.checkColumns.length + request.outputWidth;
    const maxSpanForRead = Math.max(1, Math.floor(this.payloadBudgetBytes / (checkCellsPerRow * this.bytesPerCell)));
    const maxSpan = Math.min(this.maxRowsPerChunk, maxSpanForRead);
    const first = rows[index].row;
    let bytes = 0;
    let take = 0;
    while (index + take < rows.length) {
      const row = rows[index + take];
      if (row.row - first + 1 > maxSpan) break;
      const rowBytes =
        8 + row.values.reduce<number>((sum, v) => sum + cellBytes(v), 0) * (request.textOffsets?.length ? 2 : 1);
      if (take > 0 && bytes + rowBytes > this.payloadBudgetBytes) break;
      bytes += rowBytes;
      take++;
    }
    return Math.max(1, take);
  }

  private async writeChunk(
    request: WriteRequest,
    chunk: WriteRow[],
  ): Promise<{ report: WriteReport; bytes: number; cells: number }> {
    const report = emptyReport();
    let bytes = 0;
    const first = chunk[0].row;
    const span = chunk[chunk.length - 1].row - first + 1;
    await this.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(request.sheetId);
      const checkRuns = runsOf(request.checkColumns);
      const checkRanges = checkRuns.map((run) =>
        sheet.getRangeByIndexes(first, run.start, span, run.count).load("values"),
      );
      const outputs = sheet.getRangeByIndexes(first, request.outputColumn, span, request.outputWidth).load("formulas");
      await this.sync(context);

      for (const range of checkRanges)
        for (const line of range.values) for (const v of line) bytes += cellBytes(v as CellScalar);
      for (const line of outputs.formulas) for (const v of line) bytes += cellBytes(v as CellScalar);

      const approved: WriteRow[] = [];
      for (const item of chunk) {
        const r = item.row - first;
        const inputs: CellScalar[] = [];
        checkRuns.forEach((run, i) => {
          const line = checkRanges[i].values[r] as CellScalar[];
          for (let c = 0; c < run.count; c++) inputs.push(line[c]);
        });
        const verdict = request.verify(
          item.row,
          reorder(inputs, request.checkColumns),
          outputs.formulas[r] as CellScalar[],
        );
        if (verdict === "write") approved.push(item);
        else if (verdict === "inputChanged") report.inputChanged.push(item.row);
        else report.outputNotEmpty.push(item.row);
      }
      if (approved.length === 0) return;

      for (const run of contiguous(approved)) {
        const rowCount = run.length;
        for (const offset of request.textOffsets ?? []) {
          sheet.getRangeByIndexes(run[0].row, request.outputColumn + offset, rowCount, 1).numberFormat = run.map(() => [
            "@",
          ]);
        }
        const target = sheet.getRangeByIndexes(run[0].row, request.outputColumn, rowCount, request.outputWidth);
        target.values = run.map((item) => item.values.map(plainValue));
      }
      await this.sync(context);
      for (const item of approved) report.written.push(item.row);
    });
    return { report, bytes, cells: span * (request.checkColumns.length + request.outputWidth) };
  }
}

export function emptyReport(): WriteReport {
  return { written: [], inputChanged: [], outputNotEmpty: [] };
}

/** Text that Excel would read as a formula or strip a quote from is written with a leading quote. */
function plainValue(value: CellScalar): CellScalar {
  if (typeof value === "string" && /^[=+\-@']/.test(value) && value.length > 1) return `'${value}`;
  return value;
}

/** Bytes one cell takes in a JSON response (close enough for sizing). */
function cellBytes(value: CellScalar): number {
  return typeof value === "string" ? value.length + 3 : String(value).length + 1;
}

/** [4, 0, 1, 2, 7] → runs over sorted unique columns: {0,3}, {4,1}, {7,1}. */
function runsOf(columns: number[]): Array<{ start: number; count: number }> {
  const sorted = [...new Set(columns)].sort((a, b) => a - b);
  const runs: Array<{ start: number; count: number }> = [];
  for (const column of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.start + last.count === column) last.count++;
    else runs.push({ start: column, count: 1 });
  }
  return runs;
}

/** Values come back in sorted-column order; hand them back in the order asked for. */
function reorder(values: CellScalar[], asked: number[]): CellScalar[] {
  const sorted = [...new Set(asked)].sort((a, b) => a - b);
  if (sorted.length === asked.length && sorted.every((c, i) => c === asked[i])) return values;
  return asked.map((column) => values[sorted.indexOf(column)]);
}

function contiguous(rows: WriteRow[]): WriteRow[][] {
  const runs: WriteRow[][] = [];
  for (const row of rows) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1].row + 1 === row.row) last.push(row);
    else runs.push([row]);
  }
  return runs;
}
