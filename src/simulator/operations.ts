/**
 * Asynchronous batch operations (§8): created by the batch-code call, started by the upload
 * of a JSONL file to the simulated S3 URL, then PENDING (scanning) → IN_PROGRESS → COMPLETED or
 * FAILED as the clock moves. The file is validated and coded when it arrives; the outcome is
 * revealed once the simulated processing time has passed.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../shared/clock";
import type { CoderResult } from "./coderPort";
import {
  ASYNC_REQUIRED_FIELDS,
  UPLOAD_EXPIRED_MESSAGE,
  asyncOutputLine,
  lineErrorMessage,
  type AsyncOutputShape,
  type OperationStatus,
} from "./inferredContract";
import { MESSAGES } from "./messages";
import { checkRecord, isMalformed } from "./validation";
import type { RecordObject } from "./wire";

export interface Operation {
  operationId: string;
  topic: string;
  modelId: string;
  clientId: string;
  createdAt: number;
  uploadUrlExpiresAt: number;
  uploadedAt?: number;
  outcome?: { ok: true; jsonl: string; recordCount: number } | { ok: false; message: string };
}

export interface OperationTimings {
  scanSeconds: number;
  processingSeconds: number;
  uploadUrlTtlSeconds: number;
  maxTextLength: number;
  outputShape: AsyncOutputShape;
}

export class OperationStore {
  private readonly operations = new Map<string, Operation>();

  constructor(
    private readonly clock: Clock,
    private readonly timings: OperationTimings,
  ) {}

  create(topic: string, modelId: string, clientId: string): Operation {
    const now = this.clock.now();
    const op: Operation = {
      operationId: randomUUID(),
      topic,
      modelId,
      clientId,
      createdAt: now,
      uploadUrlExpiresAt: now + this.timings.uploadUrlTtlSeconds * 1000,
    };
    this.operations.set(op.operationId, op);
    return op;
  }

  get(operationId: string): Operation | undefined {
    return this.operations.get(operationId);
  }

  /**
   * Takes the uploaded file: validates every line (the first bad one fails the operation) and
   * codes the records with `code`. Returns how many records were coded.
   */
  upload(op: Operation, file: Buffer, code: (record: RecordObject) => CoderResult): number {
    op.uploadedAt = this.clock.now();
    const parsed = this.parse(file);
    if (!parsed.ok) {
      op.outcome = { ok: false, message: parsed.message };
      return 0;
    }
    const lines = parsed.records.map((record) =>
      JSON.stringify(asyncOutputLine(record, code(record), this.timings.outputShape)),
    );
    op.outcome = { ok: true, jsonl: lines.map((l) => `${l}\n`).join(""), recordCount: lines.length };
    return lines.length;
  }

  status(op: Operation): OperationStatus {
    const now = this.clock.now();
    if (op.uploadedAt === undefined) return now >= op.uploadUrlExpiresAt ? "FAILED" : "AWAITING_UPLOAD";
    const elapsed = now - op.uploadedAt;
    if (elapsed < this.timings.scanSeconds * 1000) return "PENDING";
    if (elapsed < (this.timings.scanSeconds + this.timings.processingSeconds) * 1000) return "IN_PROGRESS";
    return op.outcome?.ok ? "COMPLETED" : "FAILED";
  }

  /** Clock time at which the operation finished, when it has. */
  completedAt(op: Operation): number | undefined {
    if (op.uploadedAt === undefined) return this.status(op) === "FAILED" ? op.uploadUrlExpiresAt : undefined;
    const done = op.uploadedAt + (this.timings.scanSeconds + this.timings.processingSeconds) * 1000;
    return this.clock.now() >= done ? done : undefined;
  }

  failureMessage(op: Operation): string | undefined {
    if (this.status(op) !== "FAILED") return undefined;
    return op.outcome && !op.outcome.ok ? op.outcome.message : UPLOAD_EXPIRED_MESSAGE;
  }

  countByStatus(): Record<OperationStatus, number> {
    const counts: Record<OperationStatus, number> = {
      AWAITING_UPLOAD: 0,
      PENDING: 0,
      IN_PROGRESS: 0,
      COMPLETED: 0,
      FAILED: 0,
    };
    for (const op of this.operations.values()) counts[this.status(op)] += 1;
    return counts;
  }

  reset(): void {
    this.operations.clear();
  }

  private parse(file: Buffer): { ok: true; records: RecordObject[] } | { ok: false; message: string } {
    const lines = file.toString("utf8").split(/\r?\n/);
    const records: RecordObject[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return { ok: false, message: lineErrorMessage(MESSAGES.invalidRequestBody, i + 1) };
      }
      if (checkRecord(value, this.timings.maxTextLength)) {
        return { ok: false, message: lineErrorMessage(MESSAGES.invalidRequestBody, i + 1) };
      }
      if (isMalformed(value as RecordObject, ASYNC_REQUIRED_FIELDS)) {
        return { ok: false, message: lineErrorMessage(MESSAGES.malformedRecord, i + 1) };
      }
      records.push(value as RecordObject);
    }
    if (records.length === 0) return { ok: false, message: MESSAGES.invalidRequestBody };
    return { ok: true, records };
  }
}
