/**
 * Plans a coding run from what was read: which columns hold titles, tasks and output; whether
 * the first row is a header; which rows to code, which to skip (empty, hidden) and why; which
 * cells hold Excel errors; which rows already have output. Pure: no Office, no network.
 */
import { MAX_COLUMNS, cellAddress, columnIndex, columnLetter, rangeAddress } from "../../excel/a1";
import type { CellScalar, RowCells, SelectionInfo } from "../../excel/workbookGateway";
import { looksLikeHeader } from "./header";
import { RUN_MESSAGES, RunSetupError } from "./messages";
import { isBlank, isErrorValue, recordId, toText } from "./text";
import type { CodingOptions, OutputField } from "./types";

export interface RunColumns {
  titleColumn: number;
  tasksColumn?: number;
  outputColumn: number;
  fields: OutputField[];
}

/** Where titles, tasks and output go, from the selection and the options. */
export function resolveColumns(selection: SelectionInfo, options: CodingOptions): RunColumns {
  const titleColumn = selection.column;
  let tasksColumn: number | undefined;
  switch (options.tasks.kind) {
    case "auto":
      tasksColumn = selection.columnCount >= 2 ? titleColumn + 1 : undefined;
      break;
    case "next":
      tasksColumn = titleColumn + 1;
      break;
    case "column": {
      tasksColumn = columnIndex(options.tasks.column);
      if (tasksColumn === undefined) throw new RunSetupError(RUN_MESSAGES.badTasksColumn(options.tasks.column));
      if (tasksColumn === titleColumn) throw new RunSetupError(RUN_MESSAGES.tasksIsTitle);
      break;
    }
    default:
      tasksColumn = undefined;
  }
  const fields = options.layout.fields;
  if (fields.length === 0) throw new RunSetupError(RUN_MESSAGES.noFields);

  let outputColumn: number;
  if (options.layout.position === "right") {
    const selectionEnd = selection.column + selection.columnCount;
    const tasksEnd = tasksColumn !== undefined && tasksColumn >= selectionEnd ? tasksColumn + 1 : selectionEnd;
    outputColumn = Math.max(selectionEnd, tasksEnd);
  } else {
    const picked = columnIndex(options.layout.position.column);
    if (picked === undefined) throw new RunSetupError(RUN_MESSAGES.badOutputColumn(options.layout.position.column));
    outputColumn = picked;
  }
  if (outputColumn + fields.length > MAX_COLUMNS) throw new RunSetupError(RUN_MESSAGES.outputOffSheet);
  const outputEnd = outputColumn + fields.length;
  const overlaps = (column: number | undefined) => column !== undefined && column >= outputColumn && column < outputEnd;
  if (overlaps(titleColumn) || overlaps(tasksColumn)) {
    throw new RunSetupError(RUN_MESSAGES.outputOverlapsInput(outputRangeLabel(outputColumn, fields.length)));
  }
  return { titleColumn, tasksColumn, outputColumn, fields };
}

export function outputRangeLabel(outputColumn: number, width: number): string {
  return width === 1
    ? columnLetter(outputColumn)
    : `${columnLetter(outputColumn)}:${columnLetter(outputColumn + width - 1)}`;
}

/** The columns to read for a run: values of titles/tasks, formulas of the output block. */
export function readColumns(columns: RunColumns): { valueColumns: number[]; formulaColumns: number[] } {
  const valueColumns =
    columns.tasksColumn === undefined ? [columns.titleColumn] : [columns.titleColumn, columns.tasksColumn];
  const formulaColumns = columns.fields.map((_, i) => columns.outputColumn + i);
  return { valueColumns, formulaColumns };
}

export interface PlannedRecord {
  row: number;
  id: string;
  title: string;
  tasks: string;
}

export interface RunPlan extends RunColumns {
  sheetId: string;
  sheetName: string;
  selectionAddress: string;
  /** The header row (its output cells get the column names), when there is one. */
  headerRow?: number;
  /** True when the header row's output cells are empty or already hold our names. */
  headerWritable: boolean;
  /** Rows to send for coding. */
  records: PlannedRecord[];
  /** Rows whose title cell shows an Excel error (#N/A…): an outcome without a request. */
  inputErrors: Array<{ row: number; id: string; value: string }>;
  /** Rows (records or input errors) whose output cells are not empty. */
  rowsWithOutput: Set<number>;
  hiddenRows: number;
  emptyRows: number[];
  /** Rows dropped because a whole-column selection reached past the used range. */
  clipped: boolean;
}

/** True when every output cell of a row is empty (a formula showing "" is not empty). */
export function outputsEmpty(formulas: CellScalar[]): boolean {
  return formulas.every((value) => isBlank(value));
}

/** True when the output cells hold nothing but our header names. */
export function outputsAreHeaders(formulas: CellScalar[], headers: string[]): boolean {
  return formulas.every((value, i) => isBlank(value) || value === headers[i]);
}

export function buildPlan(
  selection: SelectionInfo,
  columns: RunColumns,
  rows: RowCells[],
  options: CodingOptions,
): RunPlan {
  const hasTasks = columns.tasksColumn !== undefined;
  const headers = columns.fields.map((field) => options.layout.headers[field]);
  let headerRow: number | undefined;
  const first = rows[0];
  if (first) {
    const isHeader =
      options.header === "yes" ||
      (options.header === "auto" && looksLikeHeader(first.values[0], hasTasks ? first.values[1] : undefined));
    if (isHeader) headerRow = first.row;
  }
  const plan: RunPlan = {
    ...columns,
    sheetId: selection.sheetId,
    sheetName: selection.sheetName,
    selectionAddress: selection.selectedAddress,
    headerRow,
    headerWritable: headerRow === undefined ? false : outputsAreHeaders(first.formulas, headers),
    records: [],
    inputErrors: [],
    rowsWithOutput: new Set(),
    hiddenRows: 0,
    emptyRows: [],
    clipped: selection.clipped,
  };
  for (const cells of rows) {
    if (cells.row === headerRow) continue;
    if (cells.hidden) {
      plan.hiddenRows++;
      continue;
    }
    const rawTitle = cells.values[0];
    const rawTasks = hasTasks ? cells.values[1] : "";
    if (isErrorValue(rawTitle)) {
      plan.inputErrors.push({ row: cells.row, id: recordId(cells.row, String(rawTitle), ""), value: String(rawTitle) });
      if (!outputsEmpty(cells.formulas)) plan.rowsWithOutput.add(cells.row);
      continue;
    }
    const title = toText(rawTitle);
    if (!title) {
      plan.emptyRows.push(cells.row);
      continue;
    }
    const tasks = toText(rawTasks);
    plan.records.push({ row: cells.row, id: recordId(cells.row, title, tasks), title, tasks });
    if (!outputsEmpty(cells.formulas)) plan.rowsWithOutput.add(cells.row);
  }
  return plan;
}

/** "A17" for a row of the plan's title column. */
export function titleAddress(plan: Pick<RunColumns, "titleColumn">, row: number): string {
  return cellAddress(row, plan.titleColumn);
}

/** "F2:J50001": the output block over the rows read. */
export function outputAddress(columns: RunColumns, firstRow: number, rowCount: number): string {
  return rangeAddress(firstRow, columns.outputColumn, Math.max(1, rowCount), columns.fields.length);
}
