/**
 * Waiting and calendar helpers over the injected Clock. The dispatcher only ever waits through
 * a Sleep, so tests on a ManualClock pass a sleep that moves the clock instead of the wall.
 */
import type { Clock } from "../shared/clock";

export type Sleep = (ms: number) => Promise<void>;

/** Unref'd: a pending wait never keeps a stopping process alive (the server does while it runs). */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());

/**
 * For a ManualClock: a virtual timeline. Sleepers register their wake time; once the event loop
 * has nothing more urgent (setImmediate), the clock jumps to the earliest wake time and those
 * sleepers resume. Concurrent sleepers therefore wake in order at their exact times, as they
 * would in real time, only without the waiting.
 */
export function virtualSleep(clock: Clock & { advance(ms: number): void }): Sleep {
  const sleepers: { at: number; resolve: () => void }[] = [];
  let scheduled = false;
  const drive = () => {
    scheduled = false;
    if (sleepers.length === 0) return;
    sleepers.sort((a, b) => a.at - b.at);
    const next = sleepers[0]!.at;
    if (next > clock.now()) clock.advance(next - clock.now());
    while (sleepers.length > 0 && sleepers[0]!.at <= clock.now()) sleepers.shift()!.resolve();
    if (sleepers.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(drive);
  };
  return (ms) =>
    new Promise<void>((resolve) => {
      sleepers.push({ at: clock.now() + Math.max(0, Math.ceil(ms)), resolve });
      schedule();
    });
}

export async function sleepUntil(clock: Clock, sleep: Sleep, at: number): Promise<void> {
  const wait = at - clock.now();
  if (wait > 0) await sleep(wait);
}

/** API Gateway DAY quotas reset at 00:00 UTC (abs-coding-service.md §9.3, §13 G18). */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function nextUtcMidnight(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/** "14:05 AEDT (03:05 UTC)": what a person reads in a "retry after" message. */
export function formatLocalTime(ms: number, timeZone: string): string {
  const local = new Intl.DateTimeFormat("en-AU", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZoneName: "short",
  }).format(ms);
  const utc = new Date(ms).toISOString().slice(11, 16);
  return `${local} (${utc} UTC)`;
}
