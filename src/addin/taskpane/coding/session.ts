/**
 * A coding run from start to finish, in plain TypeScript: read the selection (through the
 * workbook port), plan it, send it to the backend in batches or as a background job, and write
 * results back in chunks with a re-check, reporting progress. It keeps invariant 5: every
 * record gets one outcome, only output columns are written, non-empty output cells are not
 * overwritten without the person's say-so, changed inputs are skipped, a re-run fills only
 * what is missing, and Cancel keeps what was written.
 */
import { cellAddress } from "../../excel/a1";
import type {
  CellScalar,
  ReadRowsRequest,
  RowCells,
  SelectionInfo,
  WriteReport,
  WriteRequest,
  WriteRow,
  WriteVerdict,
} from "../../excel/workbookGateway";
import { emptyReport } from "../../excel/workbookGateway";
import { WorkbookError } from "../../excel/workbookErrors";
import type { CodeRecordInput, CodeResult, Suggestion } from "../../../shared/api";
import { BackendFailure, isAbort, type CodingBackend } from "./backendPort";
import { JobStore, type JobRecord } from "./jobStore";
import { RUN_MESSAGES, RunSetupError, describeFailure } from "./messages";
import {
  buildPlan,
  outputAddress,
  outputsAreHeaders,
  outputsEmpty,
  outputRangeLabel,
  readColumns,
  resolveColumns,
  titleAddress,
  type RunPlan,
} from "./plan";
import { fingerprint, isErrorValue, parseRecordId, toText } from "./text";
import {
  DEFAULT_HEADERS,
  type CodingOptions,
  type OutcomeCounts,
  type OutputField,
  type ReviewItem,
  type RunProgress,
  type RunSummary,
} from "./types";
import { ABSCODE_COMMENT, ABSCODE_FORMULA, ABSCODE_NAME } from "../../functions/absCodeName";

/** What the session needs from the workbook: the gateway's plain-data methods. */
export interface WorkbookPort {
  describeSelection(): Promise<SelectionInfo>;
  readRows(request: ReadRowsRequest, onProgress?: (rowsRead: number) => void): Promise<RowCells[]>;
  writeRows(request: WriteRequest, report?: WriteReport): Promise<WriteReport>;
  selectCell(sheetId: string, row: number, column: number): Promise<void>;
  ensureName(name: string, formula: string, comment: string): Promise<{ added: boolean; formula: string }>;
}

export interface RunnerLimits {
  /** Records per POST /api/code (the ABS service's batch size). */
  batchSize: number;
  /** More records than this become a backend job, which survives closing the pane. */
  jobThreshold: number;
  /** Results per GET /api/jobs/:id/results page. */
  resultsPageSize: number;
  pollIntervalMs: number;
  /** Rows buffered before a write (the gateway splits further by bytes). */
  flushRows: number;
  /** Buffered rows are written at least this often while results trickle in. */
  flushIntervalMs: number;
  /** Wait between tries while Excel is in cell-edit mode. */
  editModeRetryMs: number;
}

export const DEFAULT_LIMITS: RunnerLimits = {
  batchSize: 300,
  jobThreshold: 2000,
  resultsPageSize: 1000,
  pollIntervalMs: 2000,
  flushRows: 2000,
  flushIntervalMs: 3000,
  editModeRetryMs: 1000,
};

export interface SessionDeps {
  workbook: WorkbookPort;
  /** The backend as the current settings describe it (URL, API key). */
  backend: () => CodingBackend;
  jobs: JobStore;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  limits?: Partial<RunnerLimits>;
}

export interface RunCallbacks {
  onProgress?: (progress: RunProgress) => void;
  signal?: AbortSignal;
}

/** A planned run, shown to the person before anything is sent or written. */
export interface PreparedRun {
  plan: RunPlan;
  options: CodingOptions;
  /** Rows that would be coded if only rows without output are filled. */
  toCodeFillMissing: number;
  /** Rows whose output cells already hold something (confirmation needed to overwrite). */
  rowsWithOutput: number;
  rowsWithOutputExamples: string[];
  outputAddress: string;
}

export type AcceptOutcome = "written" | "inputChanged" | "outputChanged";

const EXAMPLES = 20;

export class CodingSession {
  private readonly limits: RunnerLimits;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly deps: SessionDeps) {
    this.limits = { ...DEFAULT_LIMITS, ...deps.limits };
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? abortableSleep;
  }

  /** Reads and plans the selection; sends and writes nothing. */
  async prepare(options: CodingOptions, onProgress?: (progress: RunProgress) => void): Promise<PreparedRun> {
    const selection = await this.deps.workbook.describeSelection();
    if (selection.sheetProtected) throw new WorkbookError("protected");
    const columns = resolveColumns(selection, options);
    const { valueColumns, formulaColumns } = readColumns(columns);
    onProgress?.({ ...idle("reading"), total: selection.rowCount });
    const rows = await this.deps.workbook.readRows(
      {
        sheetId: selection.sheetId,
        firstRow: selection.row,
        rowCount: selection.rowCount,
        valueColumns,
        formulaColumns,
      },
      (read) => onProgress?.({ ...idle("reading"), total: selection.rowCount, done: read }),
    );
    const plan = buildPlan(selection, columns, rows, options);
    const withOutput = [...plan.rowsWithOutput].sort((a, b) => a - b);
    return {
      plan,
      options,
      toCodeFillMissing:
        plan.records.filter((r) => !plan.rowsWithOutput.has(r.row)).length +
        plan.inputErrors.filter((r) => !plan.rowsWithOutput.has(r.row)).length,
      rowsWithOutput: withOutput.length,
      rowsWithOutputExamples: withOutput.slice(0, EXAMPLES).map((row) => cellAddress(row, plan.outputColumn)),
      outputAddress: outputAddress(plan, selection.row, selection.rowCount),
    };
  }

  /**
   * Codes a prepared run. `overwrite` true: the person agreed to replace the output of the rows
   * that had some when the run was prepared; false: those rows are left alone.
   */
  async execute(
    prepared: PreparedRun,
    mode: { overwrite: boolean },
    callbacks: RunCallbacks = {},
  ): Promise<RunSummary> {
    const { plan, options } = prepared;
    const backend = this.deps.backend();
    const keep = (row: number) => mode.overwrite || !plan.rowsWithOutput.has(row);
    const records = plan.records.filter((r) => keep(r.row));
    const inputErrors = plan.inputErrors.filter((r) => keep(r.row));
    const writer = new ResultWriter(this.deps.workbook, {
      ...outputTarget(plan),
      headers: plan.fields.map((f) => options.layout.headers[f] ?? DEFAULT_HEADERS[f]),
      headerRow: plan.headerRow,
      titles: new Map(records.map((r) => [r.row, r.title])),
      overwriteRows: mode.overwrite ? plan.rowsWithOutput : new Set(),
      limits: this.limits,
      now: this.now,
      sleep: this.sleep,
      signal: callbacks.signal,
    });
    const progress = new ProgressTracker(records.length + inputErrors.length, callbacks.onProgress, this.now);
    writer.onWrite = () => progress.emit({ written: writer.written });
    writer.onEditMode = (waiting) => progress.emit({ phase: waiting ? "waitingForCellEdit" : "coding" });
    const skipped = {
      hidden: plan.hiddenRows,
      empty: plan.emptyRows.length,
      alreadyHadOutput: plan.records.length + plan.inputErrors.length - records.length - inputErrors.length,
    };
    const examples = { empty: plan.emptyRows.slice(0, EXAMPLES).map((row) => titleAddress(plan, row)) };
    const output = prepared.outputAddress;
    let jobId: string | undefined;

    try {
      if (
        plan.headerRow !== undefined &&
        (plan.headerWritable || plan.rowsWithOutput.has(plan.headerRow)) &&
        keep(plan.headerRow)
      ) {
        writer.addHeader();
      }
      for (const item of inputErrors) {
        writer.add(errorResult(item.id, RUN_MESSAGES.inputError(item.value)));
        progress.outcome("error");
      }
      if (records.length === 0) {
        await writer.flush();
        return this.summary("done", progress, writer, skipped, examples, output);
      }
      progress.emit({ phase: "coding" });
      if (records.length <= this.limits.jobThreshold) {
        await this.codeInBatches(backend, options, records, writer, progress, callbacks.signal);
      } else {
        const job = await backend.createJob(options.topic, records.map(toInput), callbacks.signal);
        jobId = job.id;
        const record: JobRecord = {
          jobId: job.id,
          topic: options.topic,
          ...outputTarget(plan),
          total: records.length,
          nextOffset: 0,
          overwrite: mode.overwrite,
          startedAt: new Date(this.now()).toISOString(),
          selectionAddress: plan.selectionAddress,
        };
        await this.deps.jobs.save(record);
        progress.emit({ jobId: job.id });
        await this.followJob(backend, record, writer, progress, callbacks.signal, inputErrors.length);
      }
      await writer.flush();
      return this.summary("done", progress, writer, skipped, examples, output, undefined, jobId);
    } catch (error) {
      return this.stop(error, backend, jobId, writer, progress, skipped, examples, output, callbacks.signal);
    }
  }

  /** The job a closed pane left running, if any. */
  pendingJob(): JobRecord | undefined {
    return this.deps.jobs.load();
  }

  /** Picks up the job remembered in the workbook: pages its results in and writes them. */
  async resume(callbacks: RunCallbacks = {}): Promise<RunSummary | undefined> {
    const record = this.deps.jobs.load();
    if (!record) return undefined;
    const backend = this.deps.backend();
    const writer = new ResultWriter(this.deps.workbook, {
      ...outputTarget(record),
      headers: [],
      overwriteRows: new Set(),
      limits: this.limits,
      now: this.now,
      sleep: this.sleep,
      signal: callbacks.signal,
    });
    const progress = new ProgressTracker(record.total, callbacks.onProgress, this.now);
    progress.state.done = record.nextOffset;
    writer.onWrite = () => progress.emit({ written: writer.written });
    writer.onEditMode = (waiting) => progress.emit({ phase: waiting ? "waitingForCellEdit" : "coding" });
    const skipped = { hidden: 0, empty: 0, alreadyHadOutput: 0 };
    const output = outputRangeLabel(record.outputColumn, record.fields.length);
    try {
      progress.emit({ phase: "coding", jobId: record.jobId });
      await this.followJob(backend, record, writer, progress, callbacks.signal, 0);
      await writer.flush();
      return this.summary("done", progress, writer, skipped, { empty: [] }, output, undefined, record.jobId);
    } catch (error) {
      if (error instanceof BackendFailure && error.kind === "notFound") {
        await this.deps.jobs.clear();
        return this.summary("failed", progress, writer, skipped, { empty: [] }, output, RUN_MESSAGES.jobGone);
      }
      return this.stop(
        error,
        backend,
        record.jobId,
        writer,
        progress,
        skipped,
        { empty: [] },
        output,
        callbacks.signal,
      );
    }
  }

  /** Forgets the remembered job (and asks the backend to stop it). */
  async discardJob(): Promise<void> {
    const record = this.deps.jobs.load();
    if (!record) return;
    await this.deps
      .backend()
      .cancelJob(record.jobId)
      .catch(() => undefined);
    await this.deps.jobs.clear();
  }

  /** Writes an accepted suggestion into an uncoded row, with status "accepted". */
  async accept(item: ReviewItem, suggestion: Suggestion): Promise<AcceptOutcome> {
    const expected = parseRecordId(item.id);
    const statusIndex = item.fields.indexOf("status");
    const values = outputValues(item.fields, {
      status: "accepted",
      code: suggestion.code,
      title: suggestion.title,
      level: suggestion.code.length,
      confidence: suggestion.confidence,
    });
    const report = await this.deps.workbook.writeRows({
      sheetId: item.sheetId,
      outputColumn: item.outputColumn,
      outputWidth: item.fields.length,
      textOffsets: textOffsets(item.fields),
      rows: [{ row: item.row, values }],
      checkColumns: item.tasksColumn === undefined ? [item.titleColumn] : [item.titleColumn, item.tasksColumn],
      verify: (_row, inputs, outputs) => {
        if (!expected || inputFingerprint(inputs, item.tasksColumn !== undefined) !== expected.fingerprint)
          return "inputChanged";
        const othersEmpty = outputs.every((value, i) => i === statusIndex || toText(value) === "");
        const status = statusIndex >= 0 ? toText(outputs[statusIndex]) : "";
        return othersEmpty && (status === "" || status === "uncoded") ? "write" : "outputNotEmpty";
      },
    });
    if (report.written.length) return "written";
    return report.inputChanged.length ? "inputChanged" : "outputChanged";
  }

  /** Selects the row's title cell. */
  goTo(item: Pick<ReviewItem, "sheetId" | "row" | "titleColumn">): Promise<void> {
    return this.deps.workbook.selectCell(item.sheetId, item.row, item.titleColumn);
  }

  /** Defines =ABSCODE(title, [tasks]) in this workbook. */
  defineAbscode(): Promise<{ added: boolean; formula: string }> {
    return this.deps.workbook.ensureName(ABSCODE_NAME, ABSCODE_FORMULA, ABSCODE_COMMENT);
  }

  /* ---- internals ---- */

  private async codeInBatches(
    backend: CodingBackend,
    options: CodingOptions,
    records: RunPlan["records"],
    writer: ResultWriter,
    progress: ProgressTracker,
    signal?: AbortSignal,
  ): Promise<void> {
    for (let start = 0; start < records.length; start += this.limits.batchSize) {
      throwIfAborted(signal);
      const batch = records.slice(start, start + this.limits.batchSize);
      const response = await backend.code(options.topic, batch.map(toInput), signal);
      const byId = new Map(response.results.map((result) => [result.id, result]));
      for (const record of batch) {
        // One outcome per record, even if the backend left one out.
        const result =
          byId.get(record.id) ?? errorResult(record.id, "the backend returned no result for this row; code it again");
        writer.add(result);
        progress.outcome(result.status);
      }
      progress.emit({ etaSeconds: progress.paceEta() });
      await writer.maybeFlush();
    }
  }

  private async followJob(
    backend: CodingBackend,
    record: JobRecord,
    writer: ResultWriter,
    progress: ProgressTracker,
    signal: AbortSignal | undefined,
    extraDone: number,
  ): Promise<void> {
    let offset = record.nextOffset;
    for (;;) {
      throwIfAborted(signal);
      const status = await backend.getJob(record.jobId, signal);
      progress.emit({
        etaSeconds: status.etaSeconds,
        jobId: record.jobId,
        waitingUntil: status.state === "waiting" ? status.retryAfter : undefined,
      });
      // Results arrive in input order as they become final: page in what is there, write it
      // (in chunks, re-checked), and remember how far the sheet is written.
      const available = status.state === "done" ? status.total : status.done;
      while (offset < available) {
        const page = await backend.getJobResults(record.jobId, offset, this.limits.resultsPageSize, signal);
        if (page.results.length === 0) break; // nothing more final yet
        for (const result of page.results) {
          writer.add(result);
          progress.outcome(result.status);
        }
        offset += page.results.length;
        progress.state.done = offset + extraDone;
        progress.emit({});
        if (await writer.maybeFlush()) await this.saveOffset(record, offset);
      }
      if (status.state === "done" && offset >= status.total) break;
      if (status.state === "failed" || status.state === "cancelled") {
        await writer.flush();
        await this.deps.jobs.clear();
        throw new RunSetupError(
          status.state === "failed"
            ? RUN_MESSAGES.jobFailed(status.error?.message ?? "no reason given.")
            : RUN_MESSAGES.jobCancelledElsewhere,
        );
      }
      // Rows still buffered go to the sheet at the flush interval even while no new results come
      // (a job waiting hours for quota must not keep finished rows back).
      if (await writer.maybeFlush()) await this.saveOffset(record, offset);
      await this.sleep(this.limits.pollIntervalMs, signal);
    }
    await writer.flush();
    await this.deps.jobs.clear();
  }

  private async saveOffset(record: JobRecord, offset: number): Promise<void> {
    record.nextOffset = offset;
    await this.deps.jobs.save(record);
  }

  private async stop(
    error: unknown,
    backend: CodingBackend,
    jobId: string | undefined,
    writer: ResultWriter,
    progress: ProgressTracker,
    skipped: Pick<RunSummary["skipped"], "hidden" | "empty" | "alreadyHadOutput">,
    examples: { empty: string[] },
    output: string,
    signal?: AbortSignal,
  ): Promise<RunSummary> {
    const cancelled = signal?.aborted || isAbort(error);
    // A cancelled job stops using quota first: DELETE /api/jobs/:id, so nothing more is sent.
    const stopJob = cancelled && jobId ? backend.cancelJob(jobId).catch(() => undefined) : undefined;
    // Results already received are written: they were paid for, and nothing is lost.
    await writer.flush({ ignoreSignal: true }).catch(() => undefined);
    if (cancelled) {
      if (jobId) {
        await stopJob;
        await this.deps.jobs.clear();
      }
      return this.summary("cancelled", progress, writer, skipped, examples, output, undefined, jobId);
    }
    // A job that is still running on the backend stays remembered: reopening the pane resumes it.
    const message = describeFailure(error, { now: this.now() }).message;
    return this.summary("failed", progress, writer, skipped, examples, output, message, jobId);
  }

  private summary(
    state: RunSummary["state"],
    progress: ProgressTracker,
    writer: ResultWriter,
    skipped: Pick<RunSummary["skipped"], "hidden" | "empty" | "alreadyHadOutput">,
    examples: { empty: string[] },
    outputAddress: string,
    error?: string,
    jobId?: string,
  ): RunSummary {
    progress.emit({ phase: state, etaSeconds: undefined });
    return {
      state,
      total: progress.state.total,
      counts: { ...progress.state.counts },
      written: writer.written,
      skipped: {
        ...skipped,
        inputChanged: writer.report.inputChanged.length,
        outputNotEmpty: writer.report.outputNotEmpty.filter((row) => row !== writer.headerRow).length,
      },
      examples: {
        empty: examples.empty,
        inputChanged: writer.report.inputChanged
          .slice(0, EXAMPLES)
          .map((row) => cellAddress(row, writer.target.titleColumn)),
        outputNotEmpty: writer.report.outputNotEmpty
          .filter((row) => row !== writer.headerRow)
          .slice(0, EXAMPLES)
          .map((row) => cellAddress(row, writer.target.outputColumn)),
      },
      review: writer.review,
      error,
      outputAddress,
      jobId,
    };
  }
}

/* ------------------------------------------------------------------------------------------ */

interface WriterTarget {
  sheetId: string;
  sheetName: string;
  titleColumn: number;
  tasksColumn?: number;
  outputColumn: number;
  fields: OutputField[];
  /** Header names, one per field ([] when no header is written). */
  headers: string[];
  headerRow?: number;
  /** The text coded for each row, for the Review list (a resumed run only has the cleaned text). */
  titles?: Map<number, string>;
  /** Rows the person agreed to overwrite. */
  overwriteRows: Set<number>;
  limits: RunnerLimits;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/** Buffers outcomes and writes them in chunks through the workbook port, re-checking each row. */
class ResultWriter {
  readonly report: WriteReport = emptyReport();
  readonly review: ReviewItem[] = [];
  written = 0;
  onWrite?: () => void;
  onEditMode?: (waiting: boolean) => void;
  private buffer: WriteRow[] = [];
  private readonly expected = new Map<number, string>();
  private readonly pendingReview = new Map<number, ReviewItem>();
  private lastFlush: number;
  private headerPending = false;

  constructor(
    private readonly workbook: WorkbookPort,
    readonly target: WriterTarget,
  ) {
    this.lastFlush = target.now();
  }

  get headerRow(): number | undefined {
    return this.target.headerRow;
  }

  addHeader(): void {
    if (this.target.headerRow === undefined) return;
    this.headerPending = true;
    this.buffer.push({ row: this.target.headerRow, values: this.target.headers });
  }

  /** Queues one outcome for writing. */
  add(result: CodeResult): void {
    const parsed = parseRecordId(result.id);
    if (!parsed) return; // Not one of ours: nothing to write it to.
    this.expected.set(parsed.row, parsed.fingerprint);
    this.buffer.push({ row: parsed.row, values: outputValues(this.target.fields, outcomeOf(result)) });
    if (result.status === "uncoded") {
      this.pendingReview.set(parsed.row, {
        sheetId: this.target.sheetId,
        sheetName: this.target.sheetName,
        row: parsed.row,
        address: cellAddress(parsed.row, this.target.titleColumn),
        id: result.id,
        title: this.target.titles?.get(parsed.row) ?? result.cleaned?.occp_text ?? "",
        suggestions: (result.suggestions ?? []).slice(0, 3),
        outputColumn: this.target.outputColumn,
        fields: this.target.fields,
        titleColumn: this.target.titleColumn,
        tasksColumn: this.target.tasksColumn,
      });
    }
  }

  /** Writes when enough rows are buffered or enough time has passed; true if it wrote. */
  async maybeFlush(): Promise<boolean> {
    if (this.buffer.length === 0) return false;
    const due =
      this.buffer.length >= this.target.limits.flushRows ||
      this.target.now() - this.lastFlush >= this.target.limits.flushIntervalMs;
    if (!due) return false;
    await this.flush();
    return true;
  }

  async flush(options: { ignoreSignal?: boolean } = {}): Promise<void> {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    const signal = options.ignoreSignal ? undefined : this.target.signal;
    const chunkReport = emptyReport();
    const hasTasks = this.target.tasksColumn !== undefined;
    try {
      await this.workbook.writeRows(
        {
          sheetId: this.target.sheetId,
          outputColumn: this.target.outputColumn,
          outputWidth: this.target.fields.length,
          textOffsets: textOffsets(this.target.fields),
          rows,
          checkColumns: hasTasks ? [this.target.titleColumn, this.target.tasksColumn!] : [this.target.titleColumn],
          verify: (row, inputs, outputs) => this.verify(row, inputs, outputs, hasTasks),
          onEditMode: options.ignoreSignal ? undefined : () => this.waitForCellEdit(signal),
          onChunk: (part) => {
            this.collect(part);
            this.onWrite?.();
          },
        },
        chunkReport,
      );
    } finally {
      this.lastFlush = this.target.now();
      for (const row of rows) this.expected.delete(row.row);
    }
  }

  private collect(part: WriteReport): void {
    for (const row of part.written) {
      if (row === this.target.headerRow && this.headerPending) {
        this.headerPending = false;
        continue;
      }
      this.written++;
      const item = this.pendingReview.get(row);
      if (item) this.review.push(item);
    }
    for (const row of part.written) this.pendingReview.delete(row);
    this.report.written.push(...part.written.filter((row) => row !== this.target.headerRow));
    this.report.inputChanged.push(...part.inputChanged);
    this.report.outputNotEmpty.push(...part.outputNotEmpty);
    for (const row of [...part.inputChanged, ...part.outputNotEmpty]) this.pendingReview.delete(row);
  }

  private verify(row: number, inputs: CellScalar[], outputs: CellScalar[], hasTasks: boolean): WriteVerdict {
    if (row === this.target.headerRow && this.headerPending) {
      return outputsAreHeaders(outputs, this.target.headers) || this.target.overwriteRows.has(row)
        ? "write"
        : "outputNotEmpty";
    }
    if (inputFingerprint(inputs, hasTasks) !== this.expected.get(row)) return "inputChanged";
    if (outputsEmpty(outputs) || this.target.overwriteRows.has(row)) return "write";
    return "outputNotEmpty";
  }

  private async waitForCellEdit(signal?: AbortSignal): Promise<boolean> {
    this.onEditMode?.(true);
    try {
      await this.target.sleep(this.target.limits.editModeRetryMs, signal);
      return true;
    } catch {
      return false;
    } finally {
      this.onEditMode?.(false);
    }
  }
}

/** The fingerprint of what a row holds now, computed the way the record id was. */
function inputFingerprint(inputs: CellScalar[], hasTasks: boolean): string {
  const title = inputs[0];
  if (isErrorValue(title)) return fingerprint(String(title), "");
  return fingerprint(toText(title), hasTasks ? toText(inputs[1]) : "");
}

interface Outcome {
  status: "coded" | "uncoded" | "error" | "accepted";
  code?: string;
  title?: string;
  level?: number;
  confidence?: number;
  error?: string;
}

function outcomeOf(result: CodeResult): Outcome {
  if (result.status === "coded") {
    return {
      status: "coded",
      code: result.code,
      title: result.title,
      level: result.level,
      confidence: result.confidence,
    };
  }
  if (result.status === "uncoded") return { status: "uncoded" };
  return { status: "error", error: result.error?.message ?? "no reason given" };
}

/** One output row, in the layout's column order. Codes stay text; numbers stay numbers. */
export function outputValues(fields: OutputField[], outcome: Outcome): CellScalar[] {
  return fields.map((field) => {
    switch (field) {
      case "code":
        return outcome.code ?? "";
      case "title":
        return outcome.title ?? "";
      case "level":
        return outcome.level ?? (outcome.code ? outcome.code.length : "");
      case "confidence":
        return outcome.confidence === undefined ? "" : Math.round(outcome.confidence * 1000) / 1000;
      case "status":
        return outcome.status === "error"
          ? outcome.error?.startsWith("error:")
            ? outcome.error
            : `error: ${outcome.error}`
          : outcome.status;
      default:
        return "";
    }
  });
}

function textOffsets(fields: OutputField[]): number[] {
  const index = fields.indexOf("code");
  return index >= 0 ? [index] : [];
}

function errorResult(id: string, message: string): CodeResult {
  return { id, status: "error", suggestions: [], error: { reason: "input_error", message } };
}

function toInput(record: RunPlan["records"][number]): CodeRecordInput {
  return record.tasks
    ? { id: record.id, occp_text: record.title, tasks_text: record.tasks }
    : { id: record.id, occp_text: record.title };
}

function idle(phase: RunProgress["phase"]): RunProgress {
  return { phase, total: 0, done: 0, written: 0, counts: { coded: 0, uncoded: 0, error: 0 } };
}

class ProgressTracker {
  readonly state: RunProgress;
  private readonly started: number;

  constructor(
    total: number,
    private readonly listener: ((progress: RunProgress) => void) | undefined,
    private readonly now: () => number,
  ) {
    this.state = { ...idle("coding"), total };
    this.started = now();
  }

  outcome(status: CodeResult["status"]): void {
    const counts: OutcomeCounts = this.state.counts;
    if (status === "coded") counts.coded++;
    else if (status === "uncoded") counts.uncoded++;
    else counts.error++;
    this.state.done = Math.max(this.state.done, counts.coded + counts.uncoded + counts.error);
  }

  paceEta(): number | undefined {
    const elapsed = (this.now() - this.started) / 1000;
    if (this.state.done === 0 || elapsed <= 0) return undefined;
    return Math.round(((this.state.total - this.state.done) * elapsed) / this.state.done);
  }

  emit(change: Partial<RunProgress>): void {
    Object.assign(this.state, change);
    this.listener?.({ ...this.state, counts: { ...this.state.counts } });
  }
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError();
}

function abortError(): Error {
  const error = new Error("The run was cancelled.");
  error.name = "AbortError";
  return error;
}

/** setTimeout that stops early (rejecting with AbortError) when the signal fires. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Where a run reads its inputs and writes its results: the same for a plan, a job record and a writer. */
function outputTarget(source: Pick<JobRecord, OutputTargetField>): Pick<JobRecord, OutputTargetField> {
  const { sheetId, sheetName, titleColumn, tasksColumn, outputColumn, fields } = source;
  return { sheetId, sheetName, titleColumn, tasksColumn, outputColumn, fields };
}

type OutputTargetField = "sheetId" | "sheetName" | "titleColumn" | "tasksColumn" | "outputColumn" | "fields";
