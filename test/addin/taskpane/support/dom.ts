/** What jsdom lacks and Fluent UI uses (TabList and MessageBar watch their size). */
class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
const g = globalThis as unknown as { ResizeObserver?: unknown };
g.ResizeObserver ??= NoopResizeObserver;
if (typeof window !== "undefined")
  (window as unknown as { ResizeObserver?: unknown }).ResizeObserver ??= NoopResizeObserver;
export {};
