/**
 * Per-client usage limits of the coder API (§1.1, §10): a token-bucket rate limit (1 request
 * per second, burst 1 by default → `429 Too Many Requests`) and a daily quota that resets at
 * 00:00 UTC by the simulator's clock (→ `429 Limit Exceeded`). Checking is separate from
 * consuming, so a refused call uses up neither.
 */
import type { Clock } from "../shared/clock";
import { nextQuotaReset, quotaPeriodStart } from "./inferredContract";

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly requestsPerSecond: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {}

  /** Whether a call from `key` is allowed now (does not consume). */
  allows(key: string): boolean {
    return this.requestsPerSecond === Infinity || this.tokens(key) >= 1;
  }

  consume(key: string): void {
    if (this.requestsPerSecond === Infinity) return;
    this.buckets.set(key, { tokens: this.tokens(key) - 1, at: this.clock.now() });
  }

  reset(): void {
    this.buckets.clear();
  }

  private tokens(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.burst;
    const elapsed = Math.max(0, this.clock.now() - bucket.at);
    return Math.min(this.burst, bucket.tokens + (elapsed * this.requestsPerSecond) / 1000);
  }
}

export class DailyQuota {
  private readonly used = new Map<string, { periodStart: number; used: number }>();

  constructor(
    private readonly limit: number,
    private readonly clock: Clock,
  ) {}

  allows(key: string): boolean {
    return this.usedToday(key) < this.limit;
  }

  consume(key: string): void {
    this.used.set(key, { periodStart: quotaPeriodStart(this.clock.now()), used: this.usedToday(key) + 1 });
  }

  reset(): void {
    this.used.clear();
  }

  snapshot(): Record<string, { used: number; limit: number; periodStart: number; resetsAt: number }> {
    const now = this.clock.now();
    const out: Record<string, { used: number; limit: number; periodStart: number; resetsAt: number }> = {};
    for (const key of this.used.keys()) {
      out[key] = {
        used: this.usedToday(key),
        limit: this.limit,
        periodStart: quotaPeriodStart(now),
        resetsAt: nextQuotaReset(now),
      };
    }
    return out;
  }

  private usedToday(key: string): number {
    const entry = this.used.get(key);
    return entry && entry.periodStart === quotaPeriodStart(this.clock.now()) ? entry.used : 0;
  }
}
