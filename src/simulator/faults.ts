/**
 * Test-controlled misbehaviour: a number of forced 500s, explicit denies or throttles on the
 * next API calls, injected latency, and forced failures of the token endpoint. Counts add up
 * across calls to inject(); latency replaces the previous setting.
 */
import { MESSAGES } from "./messages";

export interface FaultSpec {
  /** The next N API calls that reach the backend answer 500 `Error performing request`. */
  errors?: number;
  /** Message of the injected 500s. Default "Error performing request". */
  errorMessage?: string;
  /** The next N authenticated API calls get the 403 explicit deny, whatever their token. */
  denies?: number;
  /** The next N API calls that pass authentication get 429 `Too Many Requests`. */
  throttles?: number;
  /** The next N token requests answer 500 `{"error":"server_error"}` (nothing is issued). */
  tokenErrors?: number;
  /** Real delay, in ms, added before every API call is handled. 0 removes it. */
  latencyMs?: number;
  /** Apply latencyMs to the next N API calls only. Default: until cleared. */
  latencyCalls?: number;
}

export interface FaultState {
  errors: number;
  errorMessage?: string;
  denies: number;
  throttles: number;
  tokenErrors: number;
  latencyMs: number;
  /** Remaining calls with latency; null means every call until cleared. */
  latencyCalls: number | null;
}

const NONE: FaultState = {
  errors: 0,
  denies: 0,
  throttles: 0,
  tokenErrors: 0,
  latencyMs: 0,
  latencyCalls: null,
};

/** Checks a fault spec from an untrusted source (the HTTP test-control route). */
export function validateFaultSpec(spec: unknown): string[] {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) return ["faults must be a JSON object"];
  const problems: string[] = [];
  const counts = ["errors", "denies", "throttles", "tokenErrors", "latencyMs", "latencyCalls"];
  for (const [key, value] of Object.entries(spec)) {
    if (counts.includes(key)) {
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
        problems.push(`${key} must be a whole number of 0 or more`);
      }
    } else if (key === "errorMessage") {
      if (typeof value !== "string") problems.push("errorMessage must be a string");
    } else {
      problems.push(`unknown fault "${key}"`);
    }
  }
  return problems;
}

export class FaultStore {
  private state: FaultState = { ...NONE };

  inject(spec: FaultSpec): void {
    const s = this.state;
    s.errors += spec.errors ?? 0;
    s.denies += spec.denies ?? 0;
    s.throttles += spec.throttles ?? 0;
    s.tokenErrors += spec.tokenErrors ?? 0;
    if (spec.errorMessage !== undefined) s.errorMessage = spec.errorMessage;
    if (spec.latencyMs !== undefined) {
      s.latencyMs = spec.latencyMs;
      s.latencyCalls = spec.latencyCalls ?? null;
    }
  }

  clear(): void {
    this.state = { ...NONE };
  }

  snapshot(): FaultState {
    return { ...this.state };
  }

  /** Latency for this call (consumes one of latencyCalls). */
  takeLatency(): number {
    const s = this.state;
    if (s.latencyMs <= 0) return 0;
    if (s.latencyCalls !== null) {
      if (s.latencyCalls <= 0) return 0;
      s.latencyCalls -= 1;
    }
    return s.latencyMs;
  }

  takeDeny(): boolean {
    return this.take("denies");
  }

  takeThrottle(): boolean {
    return this.take("throttles");
  }

  takeTokenError(): boolean {
    return this.take("tokenErrors");
  }

  /** The message of an injected 500, or undefined when none is pending. */
  takeError(): string | undefined {
    return this.take("errors") ? (this.state.errorMessage ?? MESSAGES.errorPerformingRequest) : undefined;
  }

  private take(key: "errors" | "denies" | "throttles" | "tokenErrors"): boolean {
    if (this.state[key] <= 0) return false;
    this.state[key] -= 1;
    return true;
  }
}
