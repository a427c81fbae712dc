/**
 * Stands in for Office.js in the browser tests: the page loads the built taskpane.html, and
 * the request for Microsoft's office.js is answered with this bundle. It provides the Office,
 * Excel, CustomFunctions and OfficeRuntime globals over the same in-memory Excel fake the
 * unit tests use, and exposes the workbook to the test as `window.__host`.
 */
import { ExcelFake } from "../../../src/addin/fakes/excelFake";
import { CustomFunctionsRuntime, type FunctionMetadata } from "../../../src/addin/fakes/customFunctionsRuntime";
import { FormulaCalculator } from "./formulaCalculator";

const workbook = new ExcelFake();
const functions = new CustomFunctionsRuntime();
functions.install();
const calculator = new FormulaCalculator(workbook, functions);

// Excel reads the function metadata from the manifest's Metadata URL before any formula runs.
const metadataLoaded = fetch("functions.json")
  .then((response) => response.json())
  .then((metadata: { functions: FunctionMetadata[] }) => functions.loadMetadata(metadata.functions));

const domReady = new Promise<void>((resolve) => {
  if (document.readyState !== "loading") resolve();
  else document.addEventListener("DOMContentLoaded", () => resolve(), { once: true });
});

const hostInfo = { host: "Excel", platform: "OfficeOnline" };
const ready = Promise.all([domReady, metadataLoaded]).then(() => hostInfo);

/** OfficeRuntime.storage: per-user key/value storage, kept in this browser profile. */
const storage = {
  async getItem(key: string): Promise<string | null> {
    return localStorage.getItem(`OfficeRuntime.storage:${key}`);
  },
  async setItem(key: string, value: string): Promise<void> {
    localStorage.setItem(`OfficeRuntime.storage:${key}`, value);
  },
  async removeItem(key: string): Promise<void> {
    localStorage.removeItem(`OfficeRuntime.storage:${key}`);
  },
};

const actions = new Map<string, () => unknown>();

Object.assign(window, {
  Office: {
    onReady: (callback?: (info: typeof hostInfo) => void) =>
      ready.then((info) => {
        callback?.(info);
        return info;
      }),
    context: {
      host: "Excel",
      platform: "OfficeOnline",
      document: { settings: workbook.settings },
      officeTheme: { bodyBackgroundColor: "#ffffff", bodyForegroundColor: "#000000" },
      requirements: { isSetSupported: () => true },
    },
    actions: { associate: (id: string, action: () => unknown) => actions.set(id, action) },
    addin: { showAsTaskpane: async () => undefined, hide: async () => undefined },
    HostType: { Excel: "Excel" },
    PlatformType: { OfficeOnline: "OfficeOnline" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
  },
  Excel: { run: workbook.run },
  OfficeRuntime: { storage },
  __host: { workbook, functions, calculator, actions, ready },
});
