/**
 * The coding run's vocabulary: options a person picks, and what a run reports back.
 * Plain data, no Office and no React.
 */
import type { Suggestion, Topic } from "../../../shared/api";

export type OutputField = "code" | "title" | "level" | "confidence" | "status";

export const ALL_OUTPUT_FIELDS: OutputField[] = ["code", "title", "level", "confidence", "status"];

export const DEFAULT_HEADERS: Record<OutputField, string> = {
  code: "Code",
  title: "Title",
  level: "Level",
  confidence: "Confidence",
  status: "Status",
};

/** The tasks text that goes with each title. "auto": the second selected column when two or more are selected. */
export type TasksChoice = { kind: "auto" } | { kind: "none" } | { kind: "next" } | { kind: "column"; column: string };

export type HeaderChoice = "auto" | "yes" | "no";

export interface OutputLayout {
  /** "right": the first free column right of the selection (and of the tasks column). */
  position: "right" | { column: string };
  /** Which columns to write, in order. */
  fields: OutputField[];
  /** Header names written above the output columns when the selection has a header row. */
  headers: Record<OutputField, string>;
}

export interface CodingOptions {
  topic: Topic;
  tasks: TasksChoice;
  header: HeaderChoice;
  layout: OutputLayout;
}

export const DEFAULT_LAYOUT: OutputLayout = {
  position: "right",
  fields: [...ALL_OUTPUT_FIELDS],
  headers: { ...DEFAULT_HEADERS },
};

export const DEFAULT_OPTIONS: CodingOptions = {
  topic: "osca",
  tasks: { kind: "auto" },
  header: "auto",
  layout: DEFAULT_LAYOUT,
};

export type RunPhase = "reading" | "coding" | "waitingForCellEdit" | "done" | "cancelled" | "failed";

export interface OutcomeCounts {
  coded: number;
  uncoded: number;
  error: number;
}

export interface RunProgress {
  phase: RunPhase;
  /** Records in this run (cells sent for coding plus cells holding Excel errors). */
  total: number;
  /** Records with an outcome. */
  done: number;
  /** Rows written to the sheet. */
  written: number;
  counts: OutcomeCounts;
  /** Seconds left, from the backend (jobs) or from the pace so far. */
  etaSeconds?: number;
  /** Set while a backend job runs (the job survives closing the pane). */
  jobId?: string;
  /** The backend job is waiting for quota until this ISO time. */
  waitingUntil?: string;
}

/** An uncoded row and its candidates, for the Review list. */
export interface ReviewItem {
  sheetId: string;
  sheetName: string;
  row: number;
  /** The title cell, e.g. "A17". */
  address: string;
  /** Record id: row plus a fingerprint of the inputs that were coded. */
  id: string;
  title: string;
  suggestions: Suggestion[];
  /** Where the result columns are. */
  outputColumn: number;
  fields: OutputField[];
  titleColumn: number;
  tasksColumn?: number;
}

export interface SkipCounts {
  hidden: number;
  empty: number;
  /** Rows that already had output and were left alone (fill-only-missing). */
  alreadyHadOutput: number;
  /** Rows whose inputs changed while coding: not written. */
  inputChanged: number;
  /** Rows whose output cells filled up while coding: not written. */
  outputNotEmpty: number;
}

export interface RunSummary {
  state: "done" | "cancelled" | "failed";
  total: number;
  counts: OutcomeCounts;
  written: number;
  skipped: SkipCounts;
  /** Addresses of skipped rows worth showing (changed inputs, filled outputs, empty cells), at most 20 each. */
  examples: { empty: string[]; inputChanged: string[]; outputNotEmpty: string[] };
  review: ReviewItem[];
  /** What went wrong (state "failed"), worded for the person. */
  error?: string;
  outputAddress: string;
  jobId?: string;
}
