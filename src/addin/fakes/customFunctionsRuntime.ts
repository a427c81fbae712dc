/**
 * A stand-in for Excel's custom functions runtime (unit tests and the browser test host), shaped like the parts the add-in uses:
 * the CustomFunctions global (Error, ErrorCode, associate), invocations with onCanceled and
 * isInValuePreview, omitted optional arguments passed as null, and a cell showing #VALUE!
 * when a function throws anything but a CustomFunctions.Error.
 */

export const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

/** Excel keeps custom messages only for these codes. */
const CODES_WITH_MESSAGES = new Set<string>([ErrorCode.invalidValue, ErrorCode.notAvailable]);

class CustomFunctionError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {
    if (message !== undefined && !CODES_WITH_MESSAGES.has(code)) {
      throw new TypeError(`Excel shows no custom message with ${code}`);
    }
  }
}

export interface FunctionMetadata {
  id: string;
  parameters: { name: string; optional?: boolean }[];
  options?: { cancelable?: boolean };
  result: { dimensionality?: "scalar" | "matrix" };
}

/** What a cell shows once its formula settles. */
export type CellOutcome = { value: unknown } | { error: string; message?: string };

export interface Invocation {
  functionName: string;
  address: string;
  isInValuePreview: boolean;
  onCanceled?: () => void;
}

export class CustomFunctionsRuntime {
  private readonly registry = new Map<string, (...args: unknown[]) => unknown>();
  private readonly metadata = new Map<string, FunctionMetadata>();

  constructor(functions: FunctionMetadata[] = []) {
    this.loadMetadata(functions);
  }

  /** functions.json's entries. Excel reads it from the manifest's Metadata URL. */
  loadMetadata(functions: FunctionMetadata[]): void {
    for (const fn of functions) this.metadata.set(fn.id, fn);
  }

  get registeredIds(): string[] {
    return [...this.registry.keys()];
  }

  /** Installs the CustomFunctions global, as Excel does before functions.js runs. */
  install(): void {
    (globalThis as Record<string, unknown>).CustomFunctions = {
      Error: CustomFunctionError,
      ErrorCode,
      associate: (idOrMap: string | Record<string, () => unknown>, fn?: () => unknown) => {
        const entries = typeof idOrMap === "string" ? [[idOrMap, fn] as const] : Object.entries(idOrMap);
        // functions.js may run before functions.json is read, so ids are checked when a formula calls them.
        for (const [id, impl] of entries) this.registry.set(id, impl as (...args: unknown[]) => unknown);
      },
    };
  }

  uninstall(): void {
    delete (globalThis as Record<string, unknown>).CustomFunctions;
  }

  register(id: string, impl: (...args: unknown[]) => unknown): void {
    const global = (globalThis as { CustomFunctions?: { associate(id: string, fn: unknown): void } }).CustomFunctions;
    if (!global) throw new Error("install() the runtime first");
    global.associate(id, impl);
  }

  /**
   * Starts one formula evaluation. Omitted optional arguments arrive as null, and cancelable
   * functions get their invocation as the extra last argument, as in Excel.
   */
  evaluate(
    id: string,
    args: unknown[],
    options: { address?: string; preview?: boolean } = {},
  ): { outcome: Promise<CellOutcome>; invocation: Invocation } {
    const meta = this.metadata.get(id);
    const impl = this.registry.get(id);
    if (!meta || !impl) throw new Error(`#NAME? ${id} is not registered`);
    if (args.length > meta.parameters.length)
      throw new Error(`${id} takes at most ${meta.parameters.length} arguments`);
    const padded = meta.parameters.map((_, index) => (index < args.length ? args[index] : null));
    const invocation: Invocation = {
      functionName: id,
      address: options.address ?? "Sheet1!A1",
      isInValuePreview: Boolean(options.preview),
    };
    const outcome = (async (): Promise<CellOutcome> => {
      try {
        const value = await impl(...padded, invocation);
        if (meta.result.dimensionality === "matrix" && !isMatrix(value)) return { error: ErrorCode.invalidValue };
        if (meta.result.dimensionality !== "matrix" && Array.isArray(value)) return { error: ErrorCode.invalidValue };
        return { value };
      } catch (error) {
        if (error instanceof CustomFunctionError) return { error: error.code, message: error.message };
        return { error: ErrorCode.invalidValue }; // Excel shows #VALUE! for an unexpected exception
      }
    })();
    return { outcome, invocation };
  }

  /** Excel cancels a running call when the cell is edited or deleted, or calculation is interrupted. */
  cancel(invocation: Invocation): void {
    invocation.onCanceled?.();
  }
}

function isMatrix(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((row) => Array.isArray(row) && row.length > 0);
}
