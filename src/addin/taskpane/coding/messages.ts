/**
 * Every message the coding run shows, worded to say what happened and what to do next.
 * Workbook (Excel) messages live beside the gateway in src/addin/excel/workbookErrors.ts;
 * docs/taskpane.md lists them all.
 */
import { WorkbookError } from "../../excel/workbookErrors";
import { BackendFailure } from "./backendPort";

export interface PaneMessage {
  title: string;
  message: string;
}

export class RunSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunSetupError";
  }
}

export const RUN_MESSAGES = {
  nothingToCode: "No job titles to code: every selected row is empty, hidden or already has a result.",
  outputOverlapsInput: (output: string) =>
    `The output columns ${output} overlap the job titles or tasks. In Options, choose an output column to the right of your data.`,
  outputOffSheet:
    "There is no room for the output columns to the right of the selection. In Options, choose an output column.",
  badTasksColumn: (column: string) =>
    `"${column}" is not a column letter. In Options, enter the tasks column as a letter such as B, or choose "None".`,
  tasksIsTitle: 'The tasks column is the job-title column. In Options, pick a different tasks column or choose "None".',
  badOutputColumn: (column: string) =>
    `"${column}" is not a column letter. In Options, enter the output column as a letter such as F.`,
  noFields: "No output columns are chosen. In Options, tick at least Code or Status.",
  jobGone:
    "The backend no longer has the results of the earlier run (it finished long ago or the backend was reset). Rows already written are kept: select the titles again and click Code to fill the rest.",
  jobFailed: (why: string) =>
    `The backend could not finish the run: ${why} Rows already written are kept; click Code again to fill the rest.`,
  jobCancelledElsewhere:
    "The run was cancelled on the backend (perhaps by a co-author). Rows already written are kept.",
  inputError: (value: string) => `error: the cell shows ${value}; fix it and code again`,
} as const;

const BACKEND_TITLES: Record<BackendFailure["kind"], string> = {
  unreachable: "Cannot reach the coding backend",
  unauthorized: "The backend did not accept your API key",
  forbidden: "Your API key may not do this",
  quota: "Daily quota used up",
  rateLimited: "The backend is busy",
  notFound: "Not found on the backend",
  tooLarge: "Too much at once for the backend",
  badRequest: "The backend rejected the request",
  unavailable: "The coding service is unavailable",
  server: "The backend failed",
};

/** "10:00 am (in 3 h 20 min)" */
export function describeResumeTime(iso: string | undefined, now: number): string | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return undefined;
  const minutes = Math.max(1, Math.ceil((at - now) / 60_000));
  const hours = Math.floor(minutes / 60);
  const relative = hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  const clock = new Date(at).toLocaleTimeString("en-AU", { hour: "numeric", minute: "2-digit" });
  const day = sameDay
    ? ""
    : ` ${new Date(at).toLocaleDateString("en-AU", { weekday: "short", day: "numeric", month: "short" })}`;
  return `${clock}${day} (in ${relative})`;
}

/** Turns any failure into a title and a message that says what to do next. */
export function describeFailure(error: unknown, context: { backendUrl?: string; now?: number } = {}): PaneMessage {
  const now = context.now ?? Date.now();
  if (error instanceof WorkbookError) return { title: workbookTitle(error.kind), message: error.message };
  if (error instanceof RunSetupError) return { title: "Check the options", message: error.message };
  if (error instanceof BackendFailure) {
    const where = context.backendUrl ? context.backendUrl : "this add-in's own server";
    const title = BACKEND_TITLES[error.kind];
    switch (error.kind) {
      case "unreachable":
        return {
          title,
          message: `Could not reach the coding backend at ${where}. Check your network, then open Settings, check the backend URL and click Test connection.`,
        };
      case "unauthorized":
        return {
          title,
          message:
            "The backend refused your API key (401). Open Settings and enter the API key your administrator gave you, then try again.",
        };
      case "forbidden":
        return { title, message: `${error.message} Ask your administrator to check your team's access.` };
      case "quota": {
        const when = describeResumeTime(error.retryAfter, now);
        return {
          title,
          message: when
            ? `Your team's daily coding quota is used up. Coding can resume at ${when}. Rows already written are kept; click Code then to fill the rest.`
            : "Your team's daily coding quota is used up. Try again tomorrow; rows already written are kept, and Code fills only the rest.",
        };
      }
      case "rateLimited": {
        const when = describeResumeTime(error.retryAfter, now);
        return {
          title,
          message: `The backend is busy${when ? ` until ${when}` : ""}. Wait a moment and click Code again.`,
        };
      }
      case "tooLarge":
        return {
          title,
          message:
            "The backend refused a request as too large. Select fewer rows, or ask your administrator to raise the limit.",
        };
      case "unavailable":
        return {
          title,
          message: `${error.message} The ABS service or the backend is down for now; try again in a few minutes. Rows already written are kept.`,
        };
      case "server":
        return {
          title,
          message: `The backend failed (${error.status}). Try again in a few minutes; if it keeps failing, tell your administrator.`,
        };
      default:
        return { title, message: error.message };
    }
  }
  const text = error instanceof Error ? error.message : String(error);
  return {
    title: "Something went wrong",
    message: `${text} Try again; if it keeps happening, close and reopen the task pane.`,
  };
}

function workbookTitle(kind: WorkbookError["kind"]): string {
  switch (kind) {
    case "editMode":
      return "Excel is editing a cell";
    case "protected":
      return "The sheet is protected";
    case "requestTooLarge":
    case "responseTooLarge":
      return "Too much data for one Excel request";
    case "multipleAreas":
      return "Select one block of cells";
    case "emptySelection":
      return "Nothing selected";
    case "sheetMissing":
      return "The sheet is gone";
    case "notInExcel":
      return "Not running in Excel";
    default:
      return "Excel reported an error";
  }
}
