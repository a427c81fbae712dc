/**
 * An in-memory Excel workbook shaped like Office.js, for tests and (later) a browser test host.
 * Plain TypeScript, no Jest: it implements only the subset of the Excel JavaScript API the
 * add-in uses, with the real rules that matter to us:
 *
 * - Proxy objects queue work; `context.sync()` runs the queue. Loaded properties can be read
 *   only after the sync that loaded them (`PropertyNotLoaded` otherwise); writes are applied
 *   at sync, in order; navigation (selection, used range, offsets) resolves at sync time.
 * - Excel on the web's 5 MB cap on one request and on one response
 *   (`RequestPayloadSizeLimitExceeded`, `ResponsePayloadSizeLimitExceeded`).
 * - Cell-edit mode fails every batch (`InvalidOperationInCellEditMode`); writes to a protected
 *   sheet fail (`AccessDenied`); `getSelectedRange()` with several areas fails (`InvalidSelection`).
 * - Setting `values` converts numeric-looking text to numbers (unless the number format is "@"),
 *   turns "=..." into a formula and stores "'text" as text, as typing would.
 * - `Office.context.document.settings` (get/set/remove/saveAsync), persisted only when saved.
 *
 * Test hooks: `syncCount`, `peakRequestBytes`, `peakResponseBytes`, `setCells`, `hideRows`,
 * `protect`, `setEditMode`, `select`, `beforeSync`, `reopen`.
 * Formulas are stored, never calculated: `setFormula` takes the value the formula shows.
 */
import {
  MAX_COLUMNS,
  MAX_ROWS,
  cellAddress,
  parseRangeAddress,
  quoteSheet,
  rangeAddress,
  type GridRect,
} from "../excel/a1";

export type FakeScalar = string | number | boolean;

interface FakeCell {
  value: FakeScalar;
  formula?: string;
  numberFormat?: string;
}

interface SheetState {
  id: string;
  name: string;
  cells: Map<number, FakeCell>;
  hiddenRows: Set<number>;
  protected: boolean;
}

/** Shaped like OfficeExtension.Error: `code`, `message`, `debugInfo`. */
export class FakeOfficeError extends Error {
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  constructor(
    readonly code: string,
    message: string,
    errorLocation?: string,
  ) {
    super(message);
    this.name = "RichApi.Error";
    this.debugInfo = { code, message, errorLocation };
  }
}

/** Messages as Office.js words them (Excel on the web, English). */
export const FAKE_OFFICE_MESSAGES = {
  PropertyNotLoaded: (name: string) =>
    `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  RequestPayloadSizeLimitExceeded:
    "The request payload size has exceeded the limit. Please refer to the documentation: https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins.",
  ResponsePayloadSizeLimitExceeded:
    "The response payload size has exceeded the limit. Please refer to the documentation: https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins.",
  InvalidOperationInCellEditMode:
    "The requested operation is not supported while the cell is in edit mode. Exit edit mode by pressing ENTER or TAB or by selecting another cell, and then try again.",
  AccessDenied:
    "The cell or chart you're trying to change is on a protected sheet. To make a change, unprotect the sheet. You might be requested to enter a password.",
  InvalidSelection: "The current selection is invalid for this operation.",
  ItemNotFound: "The requested resource doesn't exist.",
  ItemAlreadyExists: "The resource already exists.",
  InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
} as const;

/** Excel on the web: 5 MB per request and per response. */
export const WEB_PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
/** Rough fixed cost of one queued operation in the request body. */
const OP_OVERHEAD_BYTES = 48;

export interface ExcelFakeOptions {
  maxRequestBytes?: number;
  maxResponseBytes?: number;
  /** Name of the first sheet (default "Sheet1"). */
  firstSheet?: string;
}

type Op =
  | { kind: "load"; target: FakeClientObject; props: string[] }
  | { kind: "set"; bytes: number; apply: () => void }
  | { kind: "call"; bytes: number; apply: () => void };

interface RangeState {
  sheet: SheetState;
  rect: GridRect;
}

/* ------------------------------------------------------------------------------------------ */

abstract class FakeClientObject {
  private readonly loaded = new Map<string, unknown>();
  protected constructor(protected readonly context: FakeRequestContext) {}

  load(props?: string | string[] | { select?: string | string[] }): this {
    let names: string[];
    if (props === undefined) names = this.defaultProps();
    else if (typeof props === "string") names = props.split(",");
    else if (Array.isArray(props)) names = props;
    else names = typeof props.select === "string" ? props.select.split(",") : (props.select ?? this.defaultProps());
    const clean = names.map((name) => name.trim()).filter(Boolean);
    for (const name of clean) {
      if (!this.defaultProps().includes(name)) {
        throw new FakeOfficeError("InvalidArgument", `The fake Excel does not implement property '${name}'.`);
      }
    }
    this.context.queue({ kind: "load", target: this, props: clean });
    return this;
  }

  /** The properties this fake can load on this object. */
  protected abstract defaultProps(): string[];
  /** Computes a property's value at sync time (may throw an Office error). */
  abstract snapshot(prop: string, budget: ResponseBudget): unknown;

  /** @internal called by sync once the batch succeeded. */
  commit(prop: string, value: unknown): void {
    this.loaded.set(prop, value);
  }

  protected read<T>(prop: string): T {
    if (!this.loaded.has(prop)) {
      throw new FakeOfficeError("PropertyNotLoaded", FAKE_OFFICE_MESSAGES.PropertyNotLoaded(prop));
    }
    return this.loaded.get(prop) as T;
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.loaded);
  }
}

/** Counts response bytes as a sync builds its answer; throws when over the cap. */
class ResponseBudget {
  bytes = 0;
  constructor(private readonly limit: number) {}
  add(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limit) {
      throw new FakeOfficeError(
        "ResponsePayloadSizeLimitExceeded",
        FAKE_OFFICE_MESSAGES.ResponsePayloadSizeLimitExceeded,
      );
    }
  }
}

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
  }
  return bytes;
}

function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value) ?? "");
}

/** A cell's size in a JSON response: quotes plus UTF-8 bytes for text (escapes ignored). */
function scalarBytes(value: FakeScalar): number {
  return typeof value === "string" ? 2 + utf8Bytes(value) : String(value).length;
}

/* ------------------------------------------------------------------------------------------ */

export class FakeRange extends FakeClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly resolver: () => RangeState,
  ) {
    super(context);
  }

  /** @internal */
  resolve(): RangeState {
    return this.resolver();
  }

  protected defaultProps(): string[] {
    return [
      "address",
      "rowIndex",
      "columnIndex",
      "rowCount",
      "columnCount",
      "values",
      "formulas",
      "numberFormat",
      "rowHidden",
    ];
  }

  get address(): string {
    return this.read("address");
  }
  get rowIndex(): number {
    return this.read("rowIndex");
  }
  get columnIndex(): number {
    return this.read("columnIndex");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }
  get rowHidden(): boolean | null {
    return this.read("rowHidden");
  }
  get values(): FakeScalar[][] {
    return this.read("values");
  }
  set values(values: FakeScalar[][] | FakeScalar) {
    this.queueCellWrite("values", values);
  }
  get formulas(): FakeScalar[][] {
    return this.read("formulas");
  }
  set formulas(formulas: FakeScalar[][] | FakeScalar) {
    this.queueCellWrite("formulas", formulas);
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }
  set numberFormat(formats: string[][] | string) {
    this.queueCellWrite("numberFormat", formats);
  }

  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.resolve().sheet);
  }

  getCell(row: number, column: number): FakeRange {
    return this.derive((s) => {
      const rect = { row: s.rect.row + row, column: s.rect.column + column, rowCount: 1, columnCount: 1 };
      return { sheet: s.sheet, rect };
    });
  }

  getRow(row: number): FakeRange {
    return this.derive((s) => ({ sheet: s.sheet, rect: { ...s.rect, row: s.rect.row + row, rowCount: 1 } }));
  }

  getColumn(column: number): FakeRange {
    return this.derive((s) => ({
      sheet: s.sheet,
      rect: { ...s.rect, column: s.rect.column + column, columnCount: 1 },
    }));
  }

  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derive((s) => ({
      sheet: s.sheet,
      rect: { ...s.rect, row: s.rect.row + rowOffset, column: s.rect.column + columnOffset },
    }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derive((s) => ({
      sheet: s.sheet,
      rect: { ...s.rect, rowCount: s.rect.rowCount + deltaRows, columnCount: s.rect.columnCount + deltaColumns },
    }));
  }

  /** Range.getUsedRange: the used part of this range. */
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return this.derive((s) => {
      const used = usedRect(s.sheet, valuesOnly);
      const rect = used && intersect(used, s.rect);
      if (!rect) throw new FakeOfficeError("ItemNotFound", FAKE_OFFICE_MESSAGES.ItemNotFound);
      return { sheet: s.sheet, rect };
    });
  }

  /** Range.getVisibleView: the rows and columns not hidden (only `cellAddresses`, `rowCount`). */
  getVisibleView(): FakeRangeView {
    return new FakeRangeView(this.context, () => this.resolve());
  }

  select(): void {
    this.context.queue({
      kind: "call",
      bytes: OP_OVERHEAD_BYTES,
      apply: () => {
        const s = this.resolve();
        this.context.fake.select(
          s.sheet.name,
          rangeAddress(s.rect.row, s.rect.column, s.rect.rowCount, s.rect.columnCount),
        );
      },
    });
  }

  private derive(next: (state: RangeState) => RangeState): FakeRange {
    return new FakeRange(this.context, () => {
      const state = next(this.resolve());
      checkRect(state.rect);
      return state;
    });
  }

  private queueCellWrite(kind: "values" | "formulas" | "numberFormat", input: unknown): void {
    this.context.queue({
      kind: "set",
      bytes: OP_OVERHEAD_BYTES + jsonBytes(input),
      apply: () => {
        const { sheet, rect } = this.resolve();
        if (sheet.protected) throw new FakeOfficeError("AccessDenied", FAKE_OFFICE_MESSAGES.AccessDenied);
        const grid = Array.isArray(input) ? (input as unknown[][]) : undefined;
        if (
          grid &&
          (grid.length !== rect.rowCount || grid.some((row) => !Array.isArray(row) || row.length !== rect.columnCount))
        ) {
          throw new FakeOfficeError(
            "InvalidArgument",
            "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
          );
        }
        for (let r = 0; r < rect.rowCount; r++) {
          for (let c = 0; c < rect.columnCount; c++) {
            const item = grid ? grid[r][c] : input;
            const row = rect.row + r;
            const column = rect.column + c;
            if (kind === "numberFormat") setNumberFormat(sheet, row, column, String(item));
            else writeCell(sheet, row, column, item as FakeScalar);
          }
        }
      },
    });
  }

  snapshot(prop: string, budget: ResponseBudget): unknown {
    const { sheet, rect } = this.resolve();
    switch (prop) {
      case "address":
        budget.add(40);
        return `${quoteSheet(sheet.name)}!${rangeAddress(rect.row, rect.column, rect.rowCount, rect.columnCount)}`;
      case "rowIndex":
        budget.add(12);
        return rect.row;
      case "columnIndex":
        budget.add(12);
        return rect.column;
      case "rowCount":
        budget.add(12);
        return rect.rowCount;
      case "columnCount":
        budget.add(12);
        return rect.columnCount;
      case "rowHidden": {
        budget.add(8);
        let hidden = 0;
        for (const row of sheet.hiddenRows) if (row >= rect.row && row < rect.row + rect.rowCount) hidden++;
        return hidden === 0 ? false : hidden === rect.rowCount ? true : null;
      }
      case "values":
      case "formulas":
      case "numberFormat":
        return grid(sheet, rect, budget, (cell) => {
          if (prop === "numberFormat") return cell?.numberFormat ?? "General";
          if (!cell) return "";
          return prop === "formulas" && cell.formula !== undefined ? cell.formula : cell.value;
        });
      default:
        throw new FakeOfficeError("InvalidArgument", `Unknown property ${prop}`);
    }
  }
}

function grid(
  sheet: SheetState,
  rect: GridRect,
  budget: ResponseBudget,
  pick: (cell: FakeCell | undefined) => FakeScalar,
): FakeScalar[][] {
  const rows: FakeScalar[][] = [];
  budget.add(2);
  for (let r = 0; r < rect.rowCount; r++) {
    const row: FakeScalar[] = [];
    let bytes = 3;
    for (let c = 0; c < rect.columnCount; c++) {
      const value = pick(sheet.cells.get(key(rect.row + r, rect.column + c)));
      bytes += scalarBytes(value) + 1;
      row.push(value);
    }
    budget.add(bytes);
    rows.push(row);
  }
  return rows;
}

export class FakeRangeView extends FakeClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly resolver: () => RangeState,
  ) {
    super(context);
  }
  protected defaultProps(): string[] {
    return ["cellAddresses", "rowCount"];
  }
  get cellAddresses(): string[][] {
    return this.read("cellAddresses");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  snapshot(prop: string, budget: ResponseBudget): unknown {
    const { sheet, rect } = this.resolver();
    const visible: number[] = [];
    for (let r = rect.row; r < rect.row + rect.rowCount; r++) if (!sheet.hiddenRows.has(r)) visible.push(r);
    if (prop === "rowCount") {
      budget.add(12);
      return visible.length;
    }
    const prefix = `${quoteSheet(sheet.name)}!`;
    return visible.map((row) => {
      const line: string[] = [];
      for (let c = rect.column; c < rect.column + rect.columnCount; c++) line.push(prefix + cellAddress(row, c));
      budget.add(jsonBytes(line));
      return line;
    });
  }
}

export class FakeWorksheetProtection extends FakeClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly sheet: () => SheetState,
  ) {
    super(context);
  }
  protected defaultProps(): string[] {
    return ["protected"];
  }
  get protected(): boolean {
    return this.read("protected");
  }
  snapshot(_prop: string, budget: ResponseBudget): unknown {
    budget.add(8);
    return this.sheet().protected;
  }
}

export class FakeWorksheet extends FakeClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly resolver: () => SheetState,
  ) {
    super(context);
  }
  protected defaultProps(): string[] {
    return ["name", "id"];
  }
  get name(): string {
    return this.read("name");
  }
  get id(): string {
    return this.read("id");
  }
  get protection(): FakeWorksheetProtection {
    return new FakeWorksheetProtection(this.context, this.resolver);
  }
  snapshot(prop: string, budget: ResponseBudget): unknown {
    const sheet = this.resolver();
    const value = prop === "name" ? sheet.name : sheet.id;
    budget.add(jsonBytes(value));
    return value;
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(this.context, () => {
      const sheet = this.resolver();
      if (!address) return { sheet, rect: { row: 0, column: 0, rowCount: MAX_ROWS, columnCount: MAX_COLUMNS } };
      return { sheet, rect: parseRangeAddress(address).rect };
    });
  }

  getRangeByIndexes(row: number, column: number, rowCount: number, columnCount: number): FakeRange {
    return new FakeRange(this.context, () => {
      const rect = { row, column, rowCount, columnCount };
      checkRect(rect);
      return { sheet: this.resolver(), rect };
    });
  }

  getCell(row: number, column: number): FakeRange {
    return this.getRangeByIndexes(row, column, 1, 1);
  }

  /** Worksheet.getUsedRange: A1 when the sheet is empty, as Excel answers. */
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const sheet = this.resolver();
      return { sheet, rect: usedRect(sheet, valuesOnly) ?? { row: 0, column: 0, rowCount: 1, columnCount: 1 } };
    });
  }

  activate(): void {
    this.context.queue({
      kind: "call",
      bytes: OP_OVERHEAD_BYTES,
      apply: () => this.context.fake.activate(this.resolver().name),
    });
  }
}

export class FakeWorksheetCollection {
  constructor(private readonly context: FakeRequestContext) {}
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.fake.sheetState(this.context.fake.activeSheetName));
  }
  /** By name or by id, like Excel. */
  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.fake.sheetState(key));
  }
}

export class FakeRangeAreas extends FakeClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly resolver: () => { sheet: SheetState; areas: GridRect[] },
  ) {
    super(context);
  }
  protected defaultProps(): string[] {
    return ["address", "areaCount"];
  }
  get address(): string {
    return this.read("address");
  }
  get areaCount(): number {
    return this.read("areaCount");
  }
  snapshot(prop: string, budget: ResponseBudget): unknown {
    const { sheet, areas } = this.resolver();
    if (prop === "areaCount") {
      budget.add(8);
      return areas.length;
    }
    const address = areas
      .map((a) => `${quoteSheet(sheet.name)}!${rangeAddress(a.row, a.column, a.rowCount, a.columnCount)}`)
      .join(",");
    budget.add(jsonBytes(address));
    return address;
  }
}

export class FakeNamedItem extends FakeClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly lookup: () => { name: string; formula: string } | undefined,
  ) {
    super(context);
  }
  protected defaultProps(): string[] {
    return ["name", "formula"];
  }
  private nullState: boolean | undefined;
  /** Readable after a sync, as in Office.js. */
  get isNullObject(): boolean {
    if (this.nullState === undefined) {
      throw new FakeOfficeError("PropertyNotLoaded", FAKE_OFFICE_MESSAGES.PropertyNotLoaded("isNullObject"));
    }
    return this.nullState;
  }
  get name(): string {
    return this.read("name");
  }
  get formula(): string {
    return this.read("formula");
  }
  /** @internal */
  settleNull(): void {
    this.nullState = this.lookup() === undefined;
  }
  snapshot(prop: string, budget: ResponseBudget): unknown {
    const item = this.lookup();
    if (!item) return null;
    const value = prop === "name" ? item.name : item.formula;
    budget.add(jsonBytes(value));
    return value;
  }
}

export class FakeNamedItemCollection {
  constructor(private readonly context: FakeRequestContext) {}
  add(name: string, reference: string, comment?: string): FakeNamedItem {
    void comment;
    const names = this.context.fake.names;
    this.context.queue({
      kind: "call",
      bytes: OP_OVERHEAD_BYTES + jsonBytes(reference),
      apply: () => {
        if (names.has(name.toUpperCase())) {
          throw new FakeOfficeError("ItemAlreadyExists", FAKE_OFFICE_MESSAGES.ItemAlreadyExists);
        }
        names.set(name.toUpperCase(), { name, formula: reference.startsWith("=") ? reference : `=${reference}` });
      },
    });
    return new FakeNamedItem(this.context, () => names.get(name.toUpperCase()));
  }
  getItemOrNullObject(name: string): FakeNamedItem {
    const item = new FakeNamedItem(this.context, () => this.context.fake.names.get(name.toUpperCase()));
    this.context.afterSync.push(() => item.settleNull());
    return item;
  }
}

export class FakeWorkbook {
  readonly worksheets: FakeWorksheetCollection;
  readonly names: FakeNamedItemCollection;
  constructor(private readonly context: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(context);
    this.names = new FakeNamedItemCollection(context);
  }
  /** Throws InvalidSelection at sync when several areas are selected, like Excel. */
  getSelectedRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const { sheet, areas } = this.context.fake.selectionState();
      if (areas.length !== 1) throw new FakeOfficeError("InvalidSelection", FAKE_OFFICE_MESSAGES.InvalidSelection);
      return { sheet, rect: areas[0] };
    });
  }
  getSelectedRanges(): FakeRangeAreas {
    return new FakeRangeAreas(this.context, () => this.context.fake.selectionState());
  }
}

export class FakeRequestContext {
  readonly workbook: FakeWorkbook;
  /** @internal */
  readonly afterSync: Array<() => void> = [];
  private ops: Op[] = [];
  readonly trackedObjects = { add: () => undefined, remove: () => undefined };

  constructor(readonly fake: ExcelFake) {
    this.workbook = new FakeWorkbook(this);
  }

  /** @internal */
  queue(op: Op): void {
    this.ops.push(op);
  }

  async sync(): Promise<void> {
    const ops = this.ops;
    const settle = this.afterSync.splice(0);
    this.ops = [];
    await Promise.resolve();
    this.fake.runSync(ops);
    for (const fn of settle) fn();
  }
}

/* ------------------------------------------------------------------------------------------ */

/** Office.context.document.settings, persisted into the "file" only by saveAsync. */
export class FakeDocumentSettings {
  private live = new Map<string, unknown>();
  private saved = new Map<string, unknown>();
  saveCount = 0;

  get(name: string): unknown {
    return this.live.has(name) ? clone(this.live.get(name)) : null;
  }
  set(name: string, value: unknown): void {
    this.live.set(name, clone(value));
  }
  remove(name: string): void {
    this.live.delete(name);
  }
  saveAsync(
    optionsOrCallback?: unknown,
    callback?: (result: { status: "succeeded" | "failed"; error?: { message: string } }) => void,
  ): void {
    const cb = typeof optionsOrCallback === "function" ? optionsOrCallback : callback;
    this.saved = new Map([...this.live].map(([k, v]) => [k, clone(v)]));
    this.saveCount++;
    if (cb) queueMicrotask(() => (cb as (r: { status: "succeeded" }) => void)({ status: "succeeded" }));
  }
  /** @internal the file is closed and opened again: unsaved settings are gone. */
  reopen(): void {
    this.live = new Map([...this.saved].map(([k, v]) => [k, clone(v)]));
  }
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/* ------------------------------------------------------------------------------------------ */

export interface FakeExcelRun {
  <T>(batch: (context: FakeRequestContext) => Promise<T>): Promise<T>;
}

export class ExcelFake {
  readonly settings = new FakeDocumentSettings();
  /** @internal */
  readonly names = new Map<string, { name: string; formula: string }>();
  /** @internal */
  activeSheetName: string;

  syncCount = 0;
  runCount = 0;
  peakRequestBytes = 0;
  peakResponseBytes = 0;
  /** Called before each sync runs, with the sync's number (1-based): change the sheet between syncs. */
  beforeSync?: (syncNumber: number) => void;

  private readonly sheets: SheetState[] = [];
  private selection: { sheetName: string; areas: GridRect[] };
  private editMode = false;
  private nextSheetId = 1;
  private readonly maxRequestBytes: number;
  private readonly maxResponseBytes: number;

  constructor(options: ExcelFakeOptions = {}) {
    this.maxRequestBytes = options.maxRequestBytes ?? WEB_PAYLOAD_LIMIT_BYTES;
    this.maxResponseBytes = options.maxResponseBytes ?? WEB_PAYLOAD_LIMIT_BYTES;
    const first = options.firstSheet ?? "Sheet1";
    this.addSheet(first);
    this.activeSheetName = first;
    this.selection = { sheetName: first, areas: [{ row: 0, column: 0, rowCount: 1, columnCount: 1 }] };
  }

  /** Excel.run(batch) and Excel.run(options, batch). */
  readonly run = (async <T>(...args: unknown[]): Promise<T> => {
    const batch = args[args.length - 1] as (context: FakeRequestContext) => Promise<T>;
    this.runCount++;
    const context = new FakeRequestContext(this);
    const result = await batch(context);
    // Office.js syncs whatever is still queued when the batch's promise resolves.
    await context.sync();
    return result;
  }) as FakeExcelRun;

  get peakPayloadBytes(): number {
    return Math.max(this.peakRequestBytes, this.peakResponseBytes);
  }

  /* ---- test hooks ---- */

  addSheet(name: string): void {
    if (this.sheets.some((s) => s.name.toUpperCase() === name.toUpperCase())) throw new Error(`Sheet ${name} exists`);
    this.sheets.push({
      id: `{fake-sheet-${this.nextSheetId++}}`,
      name,
      cells: new Map(),
      hiddenRows: new Set(),
      protected: false,
    });
  }

  renameSheet(from: string, to: string): void {
    this.sheetState(from).name = to;
    if (this.activeSheetName === from) this.activeSheetName = to;
    if (this.selection.sheetName === from) this.selection.sheetName = to;
  }

  /** Writes values from a top-left cell ("A1"), as typing them would (numbers stay numbers). */
  setCells(sheetName: string, topLeft: string, rows: FakeScalar[][]): void {
    const sheet = this.sheetState(sheetName);
    const { rect } = parseRangeAddress(topLeft);
    rows.forEach((line, r) => line.forEach((value, c) => writeCell(sheet, rect.row + r, rect.column + c, value)));
  }

  /** A formula cell showing `shownValue` (the fake does not calculate). */
  setFormula(sheetName: string, address: string, formula: string, shownValue: FakeScalar): void {
    const sheet = this.sheetState(sheetName);
    const { rect } = parseRangeAddress(address);
    sheet.cells.set(key(rect.row, rect.column), { value: shownValue, formula });
  }

  /** The value a cell shows ("" when empty). */
  value(sheetName: string, address: string): FakeScalar {
    const { rect } = parseRangeAddress(address);
    return this.sheetState(sheetName).cells.get(key(rect.row, rect.column))?.value ?? "";
  }

  /** Values of a range, row by row. */
  values(sheetName: string, address: string): FakeScalar[][] {
    const sheet = this.sheetState(sheetName);
    const { rect } = parseRangeAddress(address);
    return grid(sheet, rect, new ResponseBudget(Number.POSITIVE_INFINITY), (cell) => cell?.value ?? "");
  }

  /** Hides rows (1-based, inclusive), as hiding or filtering does. */
  hideRows(sheetName: string, firstRow: number, lastRow = firstRow): void {
    const sheet = this.sheetState(sheetName);
    for (let r = firstRow - 1; r < lastRow; r++) sheet.hiddenRows.add(r);
  }

  protect(sheetName: string, on = true): void {
    this.sheetState(sheetName).protected = on;
  }

  setEditMode(on: boolean): void {
    this.editMode = on;
  }

  /** Selects one area ("A2:A10") or several ("A2:A5", "C2:C5"), activating that sheet. */
  select(sheetName: string, ...addresses: string[]): void {
    this.sheetState(sheetName);
    this.activeSheetName = sheetName;
    this.selection = { sheetName, areas: addresses.map((a) => parseRangeAddress(a).rect) };
  }

  /** The selection's address, like "Sheet1!B7". */
  selectedAddress(): string {
    const { sheet, areas } = this.selectionState();
    return areas
      .map((a) => `${quoteSheet(sheet.name)}!${rangeAddress(a.row, a.column, a.rowCount, a.columnCount)}`)
      .join(",");
  }

  activate(sheetName: string): void {
    this.activeSheetName = this.sheetState(sheetName).name;
  }

  /** The workbook is closed and opened again: unsaved settings are lost, cells stay. */
  reopen(): void {
    this.settings.reopen();
  }

  namedItem(name: string): { name: string; formula: string } | undefined {
    return this.names.get(name.toUpperCase());
  }

  resetCounters(): void {
    this.syncCount = 0;
    this.runCount = 0;
    this.peakRequestBytes = 0;
    this.peakResponseBytes = 0;
  }

  /* ---- internals used by the proxies ---- */

  /** @internal by name or id. */
  sheetState(key: string): SheetState {
    const sheet = this.sheets.find((s) => s.id === key || s.name.toUpperCase() === key.toUpperCase());
    if (!sheet) throw new FakeOfficeError("ItemNotFound", FAKE_OFFICE_MESSAGES.ItemNotFound);
    return sheet;
  }

  /** @internal */
  selectionState(): { sheet: SheetState; areas: GridRect[] } {
    return { sheet: this.sheetState(this.selection.sheetName), areas: this.selection.areas.map((a) => ({ ...a })) };
  }

  /** @internal one context.sync(). */
  runSync(ops: Op[]): void {
    // An empty queue makes no round trip to Excel (Excel.run's closing sync is often empty).
    if (ops.length === 0) return;
    this.syncCount++;
    this.beforeSync?.(this.syncCount);
    let requestBytes = 64;
    for (const op of ops) requestBytes += op.kind === "load" ? OP_OVERHEAD_BYTES : op.bytes;
    this.peakRequestBytes = Math.max(this.peakRequestBytes, requestBytes);
    if (requestBytes > this.maxRequestBytes) {
      throw new FakeOfficeError(
        "RequestPayloadSizeLimitExceeded",
        FAKE_OFFICE_MESSAGES.RequestPayloadSizeLimitExceeded,
      );
    }
    if (this.editMode) {
      throw new FakeOfficeError("InvalidOperationInCellEditMode", FAKE_OFFICE_MESSAGES.InvalidOperationInCellEditMode);
    }
    const budget = new ResponseBudget(this.maxResponseBytes);
    const staged: Array<() => void> = [];
    try {
      for (const op of ops) {
        if (op.kind === "load") {
          const values = op.props.map((prop) => [prop, op.target.snapshot(prop, budget)] as const);
          staged.push(() => values.forEach(([prop, value]) => op.target.commit(prop, value)));
        } else {
          op.apply();
        }
      }
    } finally {
      this.peakResponseBytes = Math.max(this.peakResponseBytes, budget.bytes);
    }
    for (const commit of staged) commit();
  }
}

/* ------------------------------------------------------------------------------------------ */

function key(row: number, column: number): number {
  return row * MAX_COLUMNS + column;
}

function checkRect(rect: GridRect): void {
  if (
    rect.row < 0 ||
    rect.column < 0 ||
    rect.rowCount < 1 ||
    rect.columnCount < 1 ||
    rect.row + rect.rowCount > MAX_ROWS ||
    rect.column + rect.columnCount > MAX_COLUMNS
  ) {
    throw new FakeOfficeError("InvalidArgument", FAKE_OFFICE_MESSAGES.InvalidArgument);
  }
}

function intersect(a: GridRect, b: GridRect): GridRect | undefined {
  const row = Math.max(a.row, b.row);
  const column = Math.max(a.column, b.column);
  const rowEnd = Math.min(a.row + a.rowCount, b.row + b.rowCount);
  const columnEnd = Math.min(a.column + a.columnCount, b.column + b.columnCount);
  if (rowEnd <= row || columnEnd <= column) return undefined;
  return { row, column, rowCount: rowEnd - row, columnCount: columnEnd - column };
}

function usedRect(sheet: SheetState, valuesOnly?: boolean): GridRect | undefined {
  let minRow = Infinity;
  let maxRow = -1;
  let minCol = Infinity;
  let maxCol = -1;
  for (const [k, cell] of sheet.cells) {
    const hasContent = cell.value !== "" || cell.formula !== undefined;
    if (!hasContent && (valuesOnly || cell.numberFormat === undefined)) continue;
    const row = Math.floor(k / MAX_COLUMNS);
    const col = k % MAX_COLUMNS;
    if (row < minRow) minRow = row;
    if (row > maxRow) maxRow = row;
    if (col < minCol) minCol = col;
    if (col > maxCol) maxCol = col;
  }
  if (maxRow < 0) return undefined;
  return { row: minRow, column: minCol, rowCount: maxRow - minRow + 1, columnCount: maxCol - minCol + 1 };
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** What typing (or setting `values`) does to a cell. */
function writeCell(sheet: SheetState, row: number, column: number, input: FakeScalar | null | undefined): void {
  const k = key(row, column);
  const existing = sheet.cells.get(k);
  const numberFormat = existing?.numberFormat;
  let cell: FakeCell;
  if (input === null || input === undefined || input === "") {
    cell = { value: "" };
  } else if (typeof input === "string" && input.startsWith("'")) {
    cell = { value: input.slice(1) };
  } else if (typeof input === "string" && input.startsWith("=") && input.length > 1 && numberFormat !== "@") {
    cell = { value: "", formula: input };
  } else if (typeof input === "string" && numberFormat !== "@" && NUMERIC.test(input.trim())) {
    cell = { value: Number(input.trim()) };
  } else if (typeof input === "number" && numberFormat === "@") {
    cell = { value: String(input) };
  } else {
    cell = { value: input };
  }
  if (numberFormat !== undefined) cell.numberFormat = numberFormat;
  if (cell.value === "" && cell.formula === undefined && cell.numberFormat === undefined) sheet.cells.delete(k);
  else sheet.cells.set(k, cell);
}

function setNumberFormat(sheet: SheetState, row: number, column: number, format: string): void {
  const k = key(row, column);
  const cell = sheet.cells.get(k) ?? { value: "" };
  cell.numberFormat = format;
  sheet.cells.set(k, cell);
}
