/**
 * What goes wrong between the add-in and the workbook, as messages that say what to do next.
 * Office's error codes (OfficeExtension.Error.code) are translated here and nowhere else.
 * The wording is data: docs/taskpane.md lists every message.
 */

export type WorkbookErrorKind =
  | "editMode"
  | "protected"
  | "requestTooLarge"
  | "responseTooLarge"
  | "multipleAreas"
  | "emptySelection"
  | "sheetMissing"
  | "notInExcel"
  | "unknown";

export const WORKBOOK_MESSAGES: Record<WorkbookErrorKind, string> = {
  editMode: "Excel is editing a cell. Press Enter or Esc to finish editing, then try again.",
  protected:
    "The sheet is protected, so the add-in cannot write its results. Unprotect it (Review › Unprotect Sheet) or copy the job titles to an unprotected sheet, then try again.",
  requestTooLarge:
    "One row holds more text than Excel lets an add-in write in one go (5 MB on Excel on the web). Shorten the longest cells or code fewer columns.",
  responseTooLarge:
    "One row holds more text than Excel lets an add-in read in one go (5 MB on Excel on the web). Shorten the longest cells, or select only the job-title column.",
  multipleAreas:
    "Several areas are selected. Select one block of cells (the job titles, optionally with the tasks column beside them) and try again.",
  emptySelection: "The selection is empty. Select the cells that hold job titles and try again.",
  sheetMissing:
    "The sheet this run was writing to is no longer in the workbook (deleted or renamed). Results already written are kept; select the titles again and click Code.",
  notInExcel: "This page is not running inside Excel. Open it from Excel (Data › Code occupations).",
  unknown: "Excel reported an error. Try again; if it keeps happening, close and reopen the task pane.",
};

/** An error from the workbook side, carrying a message meant for the person using the pane. */
export class WorkbookError extends Error {
  constructor(
    readonly kind: WorkbookErrorKind,
    message: string = WORKBOOK_MESSAGES[kind],
    /** Office's own code and message, for the details line and for logs. */
    readonly officeCode?: string,
    readonly officeMessage?: string,
  ) {
    super(message);
    this.name = "WorkbookError";
  }
}

/** Office's error code, from OfficeExtension.Error (`code` or `debugInfo.code`). */
export function officeErrorCode(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as { code?: unknown; debugInfo?: { code?: unknown } };
  if (typeof e.code === "string") return e.code;
  if (typeof e.debugInfo?.code === "string") return e.debugInfo.code;
  return undefined;
}

/** Translates any error thrown by Excel.run into a WorkbookError with a message saying what to do. */
export function toWorkbookError(error: unknown): WorkbookError {
  if (error instanceof WorkbookError) return error;
  const code = officeErrorCode(error);
  const message =
    error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string"
      ? (error as { message: string }).message
      : String(error);
  const kind = kindOf(code, message);
  return new WorkbookError(kind, WORKBOOK_MESSAGES[kind], code, message);
}

function kindOf(code: string | undefined, message: string): WorkbookErrorKind {
  switch (code) {
    case "InvalidOperationInCellEditMode":
      return "editMode";
    case "AccessDenied":
      return "protected";
    case "RequestPayloadSizeLimitExceeded":
      return "requestTooLarge";
    case "ResponsePayloadSizeLimitExceeded":
      return "responseTooLarge";
    case "InvalidSelection":
      return "multipleAreas";
    case "ItemNotFound":
      return "sheetMissing";
    case "InvalidOperation":
      // Older hosts report cell-edit mode as a plain InvalidOperation.
      return /edit mode|editing/i.test(message) ? "editMode" : "unknown";
    default:
      if (/edit mode/i.test(message)) return "editMode";
      if (/payload size/i.test(message)) return /response/i.test(message) ? "responseTooLarge" : "requestTooLarge";
      return "unknown";
  }
}
