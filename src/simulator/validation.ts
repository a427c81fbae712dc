/**
 * Request checks of the coding calls, in the order the gateway and the model apply them
 * (§5.5, §4, §12): a body that fails any gateway check is `400 Invalid request body` as a
 * whole; a record the model cannot read is `400 Malformed record found in request`.
 * The same record rules check every line of an async input file.
 */
import type { RejectionReason } from "./counters";
import { NUMBER_OF_SUGGESTIONS, RECORD_FIELDS, REJECT_UNKNOWN_FIELDS, REQUEST_FIELDS } from "./inferredContract";
import { PRINTABLE_ASCII } from "./messages";
import type { RecordObject } from "./wire";

export interface CodeRequest {
  /** True for the `record` form, false for `records`. */
  single: boolean;
  records: RecordObject[];
  numberOfSuggestions: number;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: RejectionReason; records?: number };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Gateway validation of a sync coding body (everything that answers `Invalid request body`). */
export function checkCodeRequest(
  raw: Buffer | undefined,
  limits: { maxBatchRecords: number; maxTextLength: number },
): Checked<CodeRequest> {
  let body: unknown;
  try {
    body = JSON.parse(raw?.toString("utf8") ?? "");
  } catch {
    return { ok: false, reason: "invalid_request_body.invalid_json" };
  }
  if (!isObject(body)) return { ok: false, reason: "invalid_request_body.shape" };
  if (REJECT_UNKNOWN_FIELDS && Object.keys(body).some((k) => !(REQUEST_FIELDS as readonly string[]).includes(k))) {
    return { ok: false, reason: "invalid_request_body.unknown_field" };
  }
  const hasRecord = body.record !== undefined;
  const hasRecords = body.records !== undefined;
  if (hasRecord === hasRecords) return { ok: false, reason: "invalid_request_body.shape" };

  let records: unknown[];
  if (hasRecords) {
    if (!Array.isArray(body.records) || body.records.length === 0) {
      return { ok: false, reason: "invalid_request_body.shape" };
    }
    records = body.records;
    if (records.length > limits.maxBatchRecords) {
      return { ok: false, reason: "invalid_request_body.too_many_records", records: records.length };
    }
  } else {
    records = [body.record];
  }

  for (const record of records) {
    const reason = checkRecord(record, limits.maxTextLength);
    if (reason) return { ok: false, reason, records: records.length };
  }

  let numberOfSuggestions: number = NUMBER_OF_SUGGESTIONS.default;
  if (body.numberOfSuggestions !== undefined) {
    const n = body.numberOfSuggestions;
    if (
      typeof n !== "number" ||
      !Number.isInteger(n) ||
      n < NUMBER_OF_SUGGESTIONS.min ||
      n > NUMBER_OF_SUGGESTIONS.max
    ) {
      return { ok: false, reason: "invalid_request_body.number_of_suggestions", records: records.length };
    }
    numberOfSuggestions = n;
  }
  return { ok: true, value: { single: hasRecord, records: records as RecordObject[], numberOfSuggestions } };
}

/** The gateway's schema for one RecordObject; undefined when the record passes. */
export function checkRecord(record: unknown, maxTextLength: number): RejectionReason | undefined {
  if (!isObject(record)) return "invalid_request_body.shape";
  if (REJECT_UNKNOWN_FIELDS && Object.keys(record).some((k) => !(RECORD_FIELDS as readonly string[]).includes(k))) {
    return "invalid_request_body.unknown_field";
  }
  for (const field of RECORD_FIELDS) {
    const value = record[field];
    if (value !== undefined && typeof value !== "string") return "invalid_request_body.field_type";
  }
  for (const field of RECORD_FIELDS) {
    const value = record[field];
    if (typeof value === "string" && !PRINTABLE_ASCII.test(value)) return "invalid_request_body.non_printable_ascii";
  }
  const occp = typeof record.occp_text === "string" ? record.occp_text : "";
  const tasks = typeof record.tasks_text === "string" ? record.tasks_text : "";
  if (occp.length + tasks.length > maxTextLength) return "invalid_request_body.too_long";
  return undefined;
}

/** The model's input-format check: every required field must be present. */
export function isMalformed(record: RecordObject, required: readonly string[]): boolean {
  return required.some((field) => (record as Record<string, unknown>)[field] === undefined);
}
