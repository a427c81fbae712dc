/**
 * Everything the React pane calls, as one object: settings, the coding session and the backend
 * built from the current settings. index.tsx builds it over Office; tests over the Excel fake.
 */
import type { JobStore } from "./jobStore";
import type { CodingBackend } from "./backendPort";
import { CodingSession, type RunnerLimits, type WorkbookPort } from "./session";
import type { PaneSettings, PaneSettingsValues } from "./paneSettings";

export interface PaneServicesDeps {
  settings: PaneSettings;
  workbook: WorkbookPort;
  jobs: JobStore;
  /** Builds a backend client for a URL and key (HttpBackend in the product). */
  makeBackend: (values: Pick<PaneSettingsValues, "backendUrl" | "apiKey">) => CodingBackend;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  limits?: Partial<RunnerLimits>;
  /** Told whenever the saved backend URL or key is (re)loaded, so the formulas use the same backend. */
  onConnectionChange?: (values: Pick<PaneSettingsValues, "backendUrl" | "apiKey">) => void;
}

export class PaneServices {
  readonly session: CodingSession;
  readonly settings: PaneSettings;
  readonly now: () => number;
  private current: Pick<PaneSettingsValues, "backendUrl" | "apiKey"> = { backendUrl: "", apiKey: "" };

  constructor(private readonly deps: PaneServicesDeps) {
    this.settings = deps.settings;
    this.now = deps.now ?? Date.now;
    this.session = new CodingSession({
      workbook: deps.workbook,
      jobs: deps.jobs,
      backend: () => this.backend(),
      now: deps.now,
      sleep: deps.sleep,
      limits: deps.limits,
    });
  }

  /** The backend as the saved settings describe it. */
  backend(): CodingBackend {
    return this.deps.makeBackend(this.current);
  }

  /** A backend for values not saved yet (Test connection). */
  backendFor(values: Pick<PaneSettingsValues, "backendUrl" | "apiKey">): CodingBackend {
    return this.deps.makeBackend(values);
  }

  backendUrl(): string {
    return this.current.backendUrl;
  }

  async loadSettings(): Promise<PaneSettingsValues> {
    const values = await this.settings.load();
    this.current = { backendUrl: values.backendUrl, apiKey: values.apiKey };
    this.deps.onConnectionChange?.(this.current);
    return values;
  }

  async saveSettings(values: PaneSettingsValues): Promise<PaneSettingsValues> {
    await this.settings.save(values);
    return this.loadSettings();
  }
}
