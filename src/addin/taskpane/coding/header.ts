/**
 * Recognises a header row: the first selected row names the column ("Job title", "Occupation",
 * "Main tasks", a survey question…) instead of holding a job. The words are data, below.
 */
import type { CellScalar } from "../../excel/workbookGateway";

/** Column names people give job-title columns (compared after lower-casing and dropping punctuation). */
export const TITLE_HEADER_WORDS = [
  "job",
  "job title",
  "jobtitle",
  "job name",
  "title",
  "occupation",
  "occupation title",
  "occupation description",
  "occupation text",
  "occp text",
  "occp_text",
  "position",
  "position title",
  "role",
  "role title",
  "job role",
  "job description",
  "main job",
  "current job",
  "employment",
  "description",
];

/** Column names for the tasks column. */
export const TASKS_HEADER_WORDS = [
  "tasks",
  "task",
  "main tasks",
  "job tasks",
  "tasks text",
  "tasks_text",
  "duties",
  "main duties",
  "job duties",
  "activities",
  "description",
  "job description",
];

function normalise(value: CellScalar | undefined): string {
  if (typeof value !== "string") return "";
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_ ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function matches(text: string, words: string[]): boolean {
  if (!text) return false;
  // One-word names ("title", "role") must match exactly: "Title insurance officer" is a job.
  return words.some(
    (word) => text === word || (word.includes(" ") && (text.startsWith(`${word} `) || text.endsWith(` ${word}`))),
  );
}

/** True when the first row looks like column names rather than a job. */
export function looksLikeHeader(title: CellScalar | undefined, tasks?: CellScalar): boolean {
  if (typeof title !== "string") return false;
  const t = normalise(title);
  // A survey question ("Q12. What is your main job?") heads a column, never answers one.
  if (/\?\s*$/.test(title.trim()) && /\b(job|occupation|work|role|position)\b/.test(t)) return true;
  if (matches(t, TITLE_HEADER_WORDS)) return true;
  return tasks !== undefined && matches(normalise(tasks), TASKS_HEADER_WORDS) && t.split(" ").length <= 4;
}
