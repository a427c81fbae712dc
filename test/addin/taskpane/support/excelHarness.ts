/** Builds a coding session over the in-memory Excel fake and the in-test backend. */
import { ExcelFake, type ExcelFakeOptions, type FakeScalar } from "../../../../src/addin/fakes/excelFake";
import { WorkbookGateway, type ExcelRun, type GatewayOptions } from "../../../../src/addin/excel/workbookGateway";
import { WorkbookSettings } from "../../../../src/addin/excel/settings";
import { JobStore } from "../../../../src/addin/taskpane/coding/jobStore";
import { CodingSession, type RunnerLimits } from "../../../../src/addin/taskpane/coding/session";
import { MemoryBackend } from "./memoryBackend";

export interface Harness {
  fake: ExcelFake;
  gateway: WorkbookGateway;
  backend: MemoryBackend;
  jobs: JobStore;
  session: CodingSession;
  /** A new pane on the same workbook and backend (after closing and reopening). */
  reopen(): Harness;
}

export function harness(
  options: {
    fake?: ExcelFakeOptions;
    gateway?: GatewayOptions;
    limits?: Partial<RunnerLimits>;
    backend?: MemoryBackend;
    existing?: ExcelFake;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    now?: () => number;
  } = {},
): Harness {
  const fake = options.existing ?? new ExcelFake(options.fake);
  const gateway = new WorkbookGateway(fake.run as unknown as ExcelRun, options.gateway);
  const backend = options.backend ?? new MemoryBackend();
  const jobs = new JobStore(new WorkbookSettings(fake.settings));
  const session = new CodingSession({
    workbook: gateway,
    backend: () => backend,
    jobs,
    sleep:
      options.sleep ??
      (async (_ms, signal) => {
        if (signal?.aborted) throw Object.assign(new Error("aborted"), { name: "AbortError" });
      }),
    limits: options.limits,
    now: options.now,
  });
  return {
    fake,
    gateway,
    backend,
    jobs,
    session,
    reopen: () => {
      fake.reopen();
      return harness({ ...options, sleep: undefined, existing: fake, backend });
    },
  };
}

/** Column A of Sheet1 from row `first` (1-based): one value per row. */
export function column(fake: ExcelFake, address: string, values: FakeScalar[]): void {
  fake.setCells(
    "Sheet1",
    address,
    values.map((v) => [v]),
  );
}
