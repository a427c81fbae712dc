/**
 * Time as a dependency. Everything that waits, expires or paces takes a Clock,
 * so tests can move an hour forward without waiting an hour.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when a test tells it to. */
export class ManualClock implements Clock {
  constructor(private current: number = Date.UTC(2026, 0, 5, 9, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError("A clock cannot go backwards");
    this.current += ms;
  }

  set(epochMs: number): void {
    this.current = epochMs;
  }
}
