/**
 * The pane's settings: backend URL, topic and output layout in the workbook (shared by every
 * co-author); the API key in the person's own storage (never in the workbook).
 */
import type { KeyValueStorage, WorkbookSettings } from "../../excel/settings";
import type { Topic } from "../../../shared/api";
import { ALL_OUTPUT_FIELDS, DEFAULT_HEADERS, DEFAULT_LAYOUT, type OutputField, type OutputLayout } from "./types";

export const SETTING_KEYS = {
  backendUrl: "absCoder.backendUrl",
  topic: "absCoder.topic",
  layout: "absCoder.outputLayout",
  /** In the person's storage, not the workbook. */
  apiKey: "absCoder.apiKey",
} as const;

export interface PaneSettingsValues {
  backendUrl: string;
  apiKey: string;
  topic: Topic;
  layout: OutputLayout;
}

export class PaneSettings {
  constructor(
    private readonly workbook: WorkbookSettings,
    private readonly personal: KeyValueStorage,
  ) {}

  async load(): Promise<PaneSettingsValues> {
    return {
      backendUrl: this.workbook.get<string>(SETTING_KEYS.backendUrl) ?? "",
      apiKey: (await this.personal.getItem(SETTING_KEYS.apiKey)) ?? "",
      topic: this.workbook.get<Topic>(SETTING_KEYS.topic) === "anzsco" ? "anzsco" : "osca",
      layout: sanitiseLayout(this.workbook.get<OutputLayout>(SETTING_KEYS.layout)),
    };
  }

  async save(values: PaneSettingsValues): Promise<void> {
    const url = values.backendUrl.trim().replace(/\/+$/, "");
    if (url && !/^https?:\/\//i.test(url)) {
      throw new Error(
        "The backend URL must start with https:// (for example https://coder.example.gov.au), or be left empty to use this add-in's own server.",
      );
    }
    const key = values.apiKey.trim();
    if (key) await this.personal.setItem(SETTING_KEYS.apiKey, key);
    else await this.personal.removeItem(SETTING_KEYS.apiKey);
    await this.workbook.setAll({
      [SETTING_KEYS.backendUrl]: url,
      [SETTING_KEYS.topic]: values.topic,
      [SETTING_KEYS.layout]: sanitiseLayout(values.layout),
    });
  }
}

export function sanitiseLayout(layout: OutputLayout | undefined): OutputLayout {
  if (!layout || typeof layout !== "object")
    return { ...DEFAULT_LAYOUT, fields: [...DEFAULT_LAYOUT.fields], headers: { ...DEFAULT_HEADERS } };
  const fields = Array.isArray(layout.fields)
    ? layout.fields.filter((f): f is OutputField => ALL_OUTPUT_FIELDS.includes(f as OutputField))
    : [...DEFAULT_LAYOUT.fields];
  const headers = { ...DEFAULT_HEADERS };
  for (const field of ALL_OUTPUT_FIELDS) {
    const name = layout.headers?.[field];
    if (typeof name === "string" && name.trim()) headers[field] = name.trim();
  }
  const position =
    layout.position && typeof layout.position === "object" && typeof layout.position.column === "string"
      ? { column: layout.position.column.trim().toUpperCase() }
      : "right";
  return { position, fields: fields.length ? fields : [...DEFAULT_LAYOUT.fields], headers };
}
