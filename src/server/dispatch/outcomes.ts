/**
 * What a caller sees for each record: ABS's answer mapped to the inbound API's CodeResult,
 * and the errors the backend itself gives, each with a stable reason and a message a person
 * can act on.
 */
import { createHash } from "node:crypto";
import type { RecordError, Suggestion } from "../../shared/api";
import type { CachedResult } from "../state/StateStore";
import type { AbsCodeResponse, AbsCodedRecord } from "../upstream/absApi";
import { formatLocalTime } from "../time";

/** The inbound API shows at most three suggestions (design.md: "up to three suggestions"). */
export const MAX_SUGGESTIONS = 3;

export function fromAbs(response: AbsCodeResponse): CachedResult {
  const toSuggestion = (r: AbsCodedRecord): Suggestion => ({
    code: r.codeCategory,
    title: r.codeLabel,
    confidence: r.codeConfidence,
  });
  const [top, ...rest] = response.result;
  if (response.codeStatus === "successful" && top) {
    return {
      status: "coded",
      code: top.codeCategory,
      title: top.codeLabel,
      level: top.codeCategory.length,
      confidence: top.codeConfidence,
      suggestions: rest.slice(0, MAX_SUGGESTIONS).map(toSuggestion),
    };
  }
  return { status: "uncoded", suggestions: response.result.slice(0, MAX_SUGGESTIONS).map(toSuggestion) };
}

export function errorResult(error: RecordError): CachedResult {
  return { status: "error", suggestions: [], error };
}

/** Builds the errors whose message names a time, in the deployment's time zone. */
export class Outcomes {
  constructor(private readonly timeZone: string) {}

  quotaExhausted(resetAt: number): RecordError {
    return {
      reason: "quota_exhausted",
      message: `The shared daily ABS quota is used up; coding resumes after ${formatLocalTime(resetAt, this.timeZone)} when the quota resets. Results already coded are kept.`,
      retryAfter: new Date(resetAt).toISOString(),
    };
  }

  teamQuotaExhausted(team: string, resetAt: number): RecordError {
    return {
      reason: "team_quota_exhausted",
      message: `Team "${team}" has used its share of today's ABS quota; coding resumes after ${formatLocalTime(resetAt, this.timeZone)}. Results already coded are kept.`,
      retryAfter: new Date(resetAt).toISOString(),
    };
  }

  upstreamUnavailable(retryAt: number, why: string): RecordError {
    return {
      reason: "upstream_unavailable",
      message: `The ABS coding service is temporarily unavailable (${why}); retry after ${formatLocalTime(retryAt, this.timeZone)}.`,
      retryAfter: new Date(retryAt).toISOString(),
    };
  }

  upstreamFailed(retryAt: number, why: string): RecordError {
    return {
      reason: "upstream_error",
      message: `ABS did not code this record after several attempts (${why}); retry after ${formatLocalTime(retryAt, this.timeZone)}.`,
      retryAfter: new Date(retryAt).toISOString(),
    };
  }
}

export const REJECTED_BY_ABS: RecordError = {
  reason: "rejected_by_abs",
  message: "ABS rejected this record as invalid even after cleaning; change the text and try again.",
};

export const EMPTY_INPUT_REASON = "empty_input";

/** Errors that go away by themselves (quota reset, next token permit): jobs wait and retry these. */
export function isTransient(error: RecordError | undefined): boolean {
  return Boolean(error?.retryAfter);
}

/** Invariant 6: same normalised text, topic and model -> same key, for every user and instance. */
export function cacheKey(topic: string, model: string, normalisedText: string): string {
  return createHash("sha256").update(`${topic}\u0000${model}\u0000${normalisedText}`).digest("hex");
}
