/** The pane's state and actions as a React hook over PaneServices (no Office here). */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Suggestion } from "../../shared/api";
import type { BackendStatus } from "./coding/backendStatus";
import type { JobRecord } from "./coding/jobStore";
import { describeFailure, type PaneMessage } from "./coding/messages";
import type { PaneServices } from "./coding/paneServices";
import type { PaneSettingsValues } from "./coding/paneSettings";
import type { PreparedRun } from "./coding/session";
import {
  DEFAULT_OPTIONS,
  type CodingOptions,
  type ReviewItem,
  type RunProgress,
  type RunSummary,
} from "./coding/types";

export type Notice = { intent: "success" | "warning" | "error" | "info"; title?: string; message: string };

export interface PaneState {
  settings?: PaneSettingsValues;
  options: CodingOptions;
  busy: boolean;
  progress?: RunProgress;
  summary?: RunSummary;
  /** The run waiting for the person to decide about non-empty output cells. */
  confirm?: PreparedRun;
  resumed?: JobRecord;
  review: ReviewItem[];
  notice?: Notice;
}

export function usePane(services: PaneServices) {
  const [state, setState] = useState<PaneState>({ options: DEFAULT_OPTIONS, busy: false, review: [] });
  const abort = useRef<AbortController | undefined>(undefined);
  const patch = useCallback((change: Partial<PaneState>) => setState((s) => ({ ...s, ...change })), []);

  const fail = useCallback(
    (error: unknown) => {
      const m: PaneMessage = describeFailure(error, { backendUrl: services.backendUrl(), now: services.now() });
      patch({ busy: false, progress: undefined, notice: { intent: "error", title: m.title, message: m.message } });
    },
    [patch, services],
  );

  const finish = useCallback(
    (summary: RunSummary | undefined) => {
      if (!summary) return patch({ busy: false });
      setState((s) => ({
        ...s,
        busy: false,
        summary,
        review: [
          ...s.review.filter((item) => !summary.review.some((n) => n.row === item.row && n.sheetId === item.sheetId)),
          ...summary.review,
        ],
        notice: summaryNotice(summary),
      }));
    },
    [patch],
  );

  const runPrepared = useCallback(
    async (prepared: PreparedRun, overwrite: boolean) => {
      const controller = new AbortController();
      abort.current = controller;
      patch({ busy: true, confirm: undefined, notice: undefined, summary: undefined });
      try {
        const summary = await services.session.execute(
          prepared,
          { overwrite },
          {
            signal: controller.signal,
            onProgress: (progress) => patch({ progress }),
          },
        );
        finish(summary);
      } catch (error) {
        fail(error);
      } finally {
        abort.current = undefined;
      }
    },
    [fail, finish, patch, services],
  );

  // On opening: load settings, and pick up a job a closed pane left running.
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const settings = await services.loadSettings();
        if (!live) return;
        setState((s) => ({
          ...s,
          settings,
          options: { ...s.options, topic: settings.topic, layout: settings.layout },
        }));
        const pending = services.session.pendingJob();
        if (!pending) return;
        const controller = new AbortController();
        abort.current = controller;
        patch({ busy: true, resumed: pending });
        const summary = await services.session.resume({
          signal: controller.signal,
          onProgress: (progress) => patch({ progress }),
        });
        abort.current = undefined;
        if (live) finish(summary);
      } catch (error) {
        if (live) fail(error);
      }
    })();
    return () => {
      live = false;
    };
  }, [fail, finish, patch, services]);

  const code = useCallback(async () => {
    patch({ busy: true, notice: undefined, summary: undefined, resumed: undefined, progress: undefined });
    try {
      const prepared = await services.session.prepare(state.options, (progress) => patch({ progress }));
      if (prepared.toCodeFillMissing === 0 && prepared.rowsWithOutput === 0) {
        return patch({ busy: false, progress: undefined, notice: { intent: "info", message: NOTHING_TO_CODE } });
      }
      if (prepared.rowsWithOutput > 0) return patch({ busy: false, progress: undefined, confirm: prepared });
      await runPrepared(prepared, false);
    } catch (error) {
      fail(error);
    }
  }, [fail, patch, runPrepared, services, state.options]);

  const decide = useCallback(
    async (choice: "fill" | "overwrite" | "cancel") => {
      const prepared = state.confirm;
      if (!prepared || choice === "cancel") return patch({ confirm: undefined });
      if (choice === "fill" && prepared.toCodeFillMissing === 0) {
        return patch({ confirm: undefined, notice: { intent: "info", message: NOTHING_TO_CODE } });
      }
      await runPrepared(prepared, choice === "overwrite");
    },
    [patch, runPrepared, state.confirm],
  );

  const cancel = useCallback(() => abort.current?.abort(), []);

  const accept = useCallback(
    async (item: ReviewItem, suggestion: Suggestion) => {
      try {
        const outcome = await services.session.accept(item, suggestion);
        const message =
          outcome === "written"
            ? `${item.address}: accepted ${suggestion.code} ${suggestion.title}.`
            : outcome === "inputChanged"
              ? `${item.address} changed since it was coded, so nothing was written. Select it and click Code to code it again.`
              : `The result cells of ${item.address} no longer show "uncoded" (someone changed them), so nothing was written.`;
        setState((s) => ({
          ...s,
          review: s.review.filter((r) => !(r.row === item.row && r.sheetId === item.sheetId)),
          notice: { intent: outcome === "written" ? "success" : "warning", message },
        }));
      } catch (error) {
        fail(error);
      }
    },
    [fail, services],
  );

  const goTo = useCallback(
    async (item: ReviewItem) => {
      try {
        await services.session.goTo(item);
      } catch (error) {
        fail(error);
      }
    },
    [fail, services],
  );

  const setOptions = useCallback((options: CodingOptions) => patch({ options }), [patch]);

  const saveSettings = useCallback(
    async (values: PaneSettingsValues) => {
      try {
        const saved = await services.saveSettings(values);
        setState((s) => ({
          ...s,
          settings: saved,
          options: { ...s.options, topic: saved.topic, layout: saved.layout },
          notice: {
            intent: "success",
            message:
              "Settings saved. The backend URL, topic and output columns are saved in this workbook for everyone who opens it; your API key stays on this computer.",
          },
        }));
      } catch (error) {
        patch({ notice: { intent: "error", title: "Settings not saved", message: (error as Error).message } });
      }
    },
    [patch, services],
  );

  const testConnection = useCallback(
    async (
      values: Pick<PaneSettingsValues, "backendUrl" | "apiKey">,
    ): Promise<{ ok: boolean; message: string; status?: BackendStatus }> => {
      try {
        const status = await services.backendFor({ backendUrl: values.backendUrl, apiKey: values.apiKey }).status();
        const parts = [`Connected to ${values.backendUrl || "this add-in's own server"}`];
        if (status.version) parts.push(`backend ${status.version}`);
        if (status.simulator) parts.push("answering from the ABS simulator (test codes, not the real ABS service)");
        return { ok: true, message: `${parts.join(", ")}.`, status };
      } catch (error) {
        const m = describeFailure(error, { backendUrl: values.backendUrl, now: services.now() });
        return { ok: false, message: `${m.title}. ${m.message}` };
      }
    },
    [services],
  );

  const loadStatus = useCallback(async (): Promise<BackendStatus> => services.backend().status(), [services]);

  const defineAbscode = useCallback(async () => {
    try {
      const result = await services.session.defineAbscode();
      patch({
        notice: {
          intent: result.added ? "success" : "info",
          message: result.added
            ? "Defined ABSCODE in this workbook: type =ABSCODE(A2) or =ABSCODE(A2, B2) in any cell."
            : `This workbook already has a name ABSCODE (${result.formula}); it was left as it is.`,
        },
      });
    } catch (error) {
      fail(error);
    }
  }, [fail, patch, services]);

  const dismissNotice = useCallback(() => patch({ notice: undefined }), [patch]);

  return {
    state,
    code,
    decide,
    cancel,
    accept,
    goTo,
    setOptions,
    saveSettings,
    testConnection,
    loadStatus,
    defineAbscode,
    dismissNotice,
  };
}

export type PaneApi = ReturnType<typeof usePane>;

export const NOTHING_TO_CODE = "Nothing to code: every selected row is empty, hidden or already has a result.";

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-AU")} ${n === 1 ? one : many}`;
}

/** The line shown when a run ends: what happened, what was skipped and why, what to do next. */
export function summaryNotice(summary: RunSummary): Notice {
  const c = summary.counts;
  const done = `${plural(summary.written, "row")} written to ${summary.outputAddress}: ${c.coded.toLocaleString("en-AU")} coded, ${c.uncoded.toLocaleString("en-AU")} uncoded, ${plural(c.error, "error")}.`;
  const skipped: string[] = [];
  const s = summary.skipped;
  if (s.hidden) skipped.push(`${plural(s.hidden, "hidden row")} skipped`);
  if (s.empty)
    skipped.push(`${plural(s.empty, "empty cell")} skipped (${summary.examples.empty.slice(0, 5).join(", ")})`);
  if (s.alreadyHadOutput)
    skipped.push(
      `${plural(s.alreadyHadOutput, "row")} already had output and ${s.alreadyHadOutput === 1 ? "was" : "were"} left alone`,
    );
  if (s.inputChanged) {
    skipped.push(
      `${plural(s.inputChanged, "row")} changed while coding and ${s.inputChanged === 1 ? "was" : "were"} not written (${summary.examples.inputChanged.slice(0, 5).join(", ")}): click Code again to fill ${s.inputChanged === 1 ? "it" : "them"}`,
    );
  }
  if (s.outputNotEmpty) {
    skipped.push(
      `${plural(s.outputNotEmpty, "row")} had output typed in meanwhile and ${s.outputNotEmpty === 1 ? "was" : "were"} left alone (${summary.examples.outputNotEmpty.slice(0, 5).join(", ")})`,
    );
  }
  const review = c.uncoded ? ` ${plural(c.uncoded, "uncoded row")} to review in the Review tab.` : "";
  const skippedText = skipped.length ? ` ${skipped.join("; ")}.` : "";
  if (summary.state === "cancelled") {
    return {
      intent: "warning",
      title: "Cancelled",
      message: `Stopped. ${done}${skippedText} Click Code again to fill the rest.`,
    };
  }
  if (summary.state === "failed") {
    return {
      intent: "error",
      title: "Coding stopped",
      message: `${summary.error ?? ""} So far: ${done}${skippedText}`,
    };
  }
  if (summary.total === 0 && !skipped.length) return { intent: "info", message: NOTHING_TO_CODE };
  return {
    intent: summary.counts.error || skipped.length ? "warning" : "success",
    title: "Done",
    message: `${done}${skippedText}${review}`,
  };
}
