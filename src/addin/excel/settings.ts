/**
 * Where the add-in keeps its settings, and the only code that touches Office for them:
 * - the workbook's settings (Office.context.document.settings): saved in the file, so every
 *   co-author uses the same backend URL, topic, output layout and sees the same running job;
 * - the person's own storage (OfficeRuntime.storage, else localStorage): the API key, which
 *   must never be written into the workbook.
 */

/** The part of Office.context.document.settings we use. */
export interface DocumentSettingsLike {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: (result: { status: unknown; error?: { message?: string } }) => void): void;
}

/** The part of OfficeRuntime.storage / localStorage we use (sync or async). */
export interface KeyValueStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/** Settings saved in the workbook file. */
export class WorkbookSettings {
  constructor(private readonly settings: DocumentSettingsLike) {}

  get<T>(key: string): T | undefined {
    const value = this.settings.get(key);
    return value === null || value === undefined ? undefined : (value as T);
  }

  /** Sets and saves into the file (so it survives closing and reaches co-authors). */
  async set(key: string, value: unknown): Promise<void> {
    this.settings.set(key, value);
    await this.save();
  }

  /** Sets several keys with one save. */
  async setAll(values: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(values)) this.settings.set(key, value);
    await this.save();
  }

  async remove(key: string): Promise<void> {
    this.settings.remove(key);
    await this.save();
  }

  private save(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.settings.saveAsync((result) => {
        if (String(result.status).toLowerCase() === "failed") {
          reject(
            new Error(`Excel could not save the workbook's settings: ${result.error?.message ?? "unknown error"}`),
          );
        } else resolve();
      });
    });
  }
}

/** In-memory stand-in used outside Office (a plain browser tab, tests). */
export class MemoryDocumentSettings implements DocumentSettingsLike {
  private readonly values = new Map<string, unknown>();
  get(name: string): unknown {
    return this.values.has(name) ? this.values.get(name) : null;
  }
  set(name: string, value: unknown): void {
    this.values.set(name, value);
  }
  remove(name: string): void {
    this.values.delete(name);
  }
  saveAsync(callback?: (result: { status: unknown }) => void): void {
    queueMicrotask(() => callback?.({ status: "succeeded" }));
  }
}

export class MemoryStorage implements KeyValueStorage {
  private readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
  removeItem(key: string): void {
    this.values.delete(key);
  }
}

/** The open workbook's settings inside Office; an in-memory stand-in elsewhere. */
export function officeDocumentSettings(): DocumentSettingsLike {
  if (typeof Office !== "undefined" && Office.context?.document?.settings) {
    const settings = Office.context.document.settings;
    return {
      get: (name) => settings.get(name),
      set: (name, value) => settings.set(name, value),
      remove: (name) => settings.remove(name),
      saveAsync: (callback) =>
        settings.saveAsync((result) => callback?.({ status: result.status, error: result.error })),
    };
  }
  return new MemoryDocumentSettings();
}

/** The person's own storage: OfficeRuntime.storage in the shared runtime, else localStorage. */
export function userStorage(): KeyValueStorage {
  if (typeof OfficeRuntime !== "undefined" && OfficeRuntime.storage) return OfficeRuntime.storage;
  if (typeof localStorage !== "undefined") return localStorage;
  return new MemoryStorage();
}
