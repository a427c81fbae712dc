/**
 * What ABS.CODE, ABS.SUGGEST and ABS.TITLE compute, as plain functions of their arguments.
 * functions.ts only forwards Excel's arguments here; tests call these directly.
 */
import type { CodeResult, Topic } from "../../shared/api";
import type { BatchingCoder } from "../client/batchingCoder";
import { invalidValue, notAvailable, toCellError, withRetryTime } from "./cellErrors";
import { classificationTitle } from "./titles";

export const CODE_FIELDS = ["code", "title", "level", "confidence", "status", "all"] as const;
export type CodeField = (typeof CODE_FIELDS)[number];

export type CellValue = string | number;

/** What Excel tells a running formula about its call. */
export interface CallContext {
  signal?: AbortSignal;
  /** True while the user is still typing the formula: answer from the cache only. */
  isInValuePreview?: boolean;
}

/** Reasons the backend gives for records that are unusable as input, not for outages. */
const INPUT_ERRORS = new Set(["empty_input", "invalid_input", "too_long"]);

/** Excel passes blanks as null/"" and numbers as numbers; all become trimmed text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).trim();
}

export function parseField(value: unknown): CodeField {
  const field = cellText(value).toLowerCase() || "code";
  if ((CODE_FIELDS as readonly string[]).includes(field)) return field as CodeField;
  throw invalidValue(`field must be one of ${CODE_FIELDS.join(", ")}; got "${cellText(value)}".`);
}

export function parseTopic(value: unknown): Topic {
  const topic = cellText(value).toLowerCase() || "osca";
  if (topic === "osca" || topic === "anzsco") return topic;
  throw invalidValue(`topic must be "osca" (OSCA 2024) or "anzsco" (ANZSCO 2022); got "${cellText(value)}".`);
}

async function codeText(
  coder: BatchingCoder,
  jobTitle: unknown,
  tasks: unknown,
  call: CallContext,
): Promise<CodeResult | undefined> {
  const occp_text = cellText(jobTitle);
  if (!occp_text) return undefined;
  try {
    return await coder.code(
      { topic: "osca", occp_text, tasks_text: cellText(tasks) },
      { signal: call.signal, cacheOnly: call.isInValuePreview },
    );
  } catch (error) {
    throw toCellError(error);
  }
}

function describeUncoded(result: CodeResult): string {
  const best = result.suggestions[0];
  if (!best) return "Not coded: no occupation matched this text.";
  return `Not coded; best suggestion ${best.code} ${best.title} (confidence ${best.confidence.toFixed(2)}).`;
}

function failIfError(result: CodeResult): void {
  if (result.status !== "error") return;
  const message = result.error?.message ?? "The text could not be coded.";
  if (result.error && INPUT_ERRORS.has(result.error.reason)) throw invalidValue(message);
  throw notAvailable(withRetryTime(message, result.error?.retryAfter));
}

/** ABS.CODE: one row of values (a single cell unless field is "all"). */
export async function codeFormula(
  coder: BatchingCoder,
  jobTitle: unknown,
  tasks: unknown,
  fieldArg: unknown,
  call: CallContext = {},
): Promise<CellValue[][]> {
  const field = parseField(fieldArg);
  const result = await codeText(coder, jobTitle, tasks, call);
  if (!result) return [[""]]; // a blank cell codes to blank, without a network call
  failIfError(result);
  if (field === "status") return [[result.status]];
  if (result.status !== "coded" || !result.code) throw notAvailable(describeUncoded(result));
  switch (field) {
    case "code":
      return [[result.code]];
    case "title":
      return [[result.title ?? ""]];
    case "level":
      return [[result.level ?? result.code.length]];
    case "confidence":
      return [[result.confidence ?? ""]];
    case "all":
      return [[result.code, result.title ?? "", result.confidence ?? ""]];
  }
}

/** ABS.SUGGEST: up to three rows of code, title, confidence. */
export async function suggestFormula(
  coder: BatchingCoder,
  jobTitle: unknown,
  tasks: unknown,
  call: CallContext = {},
): Promise<CellValue[][]> {
  const result = await codeText(coder, jobTitle, tasks, call);
  if (!result) return [[""]];
  failIfError(result);
  const rows = [
    ...(result.code ? [{ code: result.code, title: result.title ?? "", confidence: result.confidence ?? 0 }] : []),
  ];
  for (const suggestion of result.suggestions) {
    if (rows.length === 3) break;
    if (!rows.some((row) => row.code === suggestion.code)) rows.push(suggestion);
  }
  if (rows.length === 0) throw notAvailable("No suggestions: no occupation matched this text.");
  return rows.map((row) => [row.code, row.title, row.confidence]);
}

/** ABS.TITLE: the title of a code at any level, from the classification data shipped with the add-in. */
export function titleFormula(codeArg: unknown, topicArg: unknown): string {
  const topic = parseTopic(topicArg);
  const code = cellText(codeArg);
  if (!/^\d{1,6}$/.test(code)) throw invalidValue(`A classification code is 1 to 6 digits; got "${code}".`);
  const title = classificationTitle(code, topic);
  if (!title) throw notAvailable(`${code} is not an ${topic === "osca" ? "OSCA 2024" : "ANZSCO 2022"} code.`);
  return title;
}
