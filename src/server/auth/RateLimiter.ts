/**
 * Per-key token bucket, so one user (or one runaway recalculation) cannot drain the shared
 * quota or the queue. Per process: with several instances each enforces its own bucket; the
 * shared daily quota and team shares are what bound the total.
 */
import type { Clock } from "../../shared/clock";

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number,
    private readonly burst: number,
  ) {}

  /** Takes one token for `key`; when none is left, says how long until one is. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const now = this.clock.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / ratePerMs) };
  }
}
