/** The plain logic behind ABS.CODE: turns one cell's text into a code or an Excel error. */
import { BackendClient, BackendError } from "../client/backendClient";

let client: BackendClient | undefined;

function sharedClient(): BackendClient {
  // One client for the whole shared runtime (task pane and formulas alike).
  client ??= new BackendClient({ baseUrl: "" });
  return client;
}

export async function codeOneCell(
  jobTitle: string,
  tasks?: string,
  backend: BackendClient = sharedClient(),
): Promise<string> {
  const title = String(jobTitle ?? "").trim();
  if (!title) return "";
  try {
    const response = await backend.code("osca", [{ id: "cell", occp_text: title, tasks_text: tasks ?? "" }]);
    const result = response.results[0];
    if (result?.status === "coded" && result.code) return result.code;
    const best = result?.suggestions[0];
    const detail = best
      ? `Not coded; best suggestion ${best.code} ${best.title}.`
      : "Not coded: no occupation matched.";
    throw cellError("notAvailable", result?.error?.message ?? detail);
  } catch (error) {
    if (isCellError(error)) throw error;
    const message = error instanceof BackendError ? error.message : "The coding service is unavailable.";
    throw cellError("notAvailable", message);
  }
}

type CellErrorKind = "notAvailable" | "invalidValue";

/** Builds the error Excel shows (#N/A, #VALUE!) with its message, outside Excel a plain Error. */
function cellError(kind: CellErrorKind, message: string): Error {
  if (typeof CustomFunctions !== "undefined") {
    const code =
      kind === "notAvailable" ? CustomFunctions.ErrorCode.notAvailable : CustomFunctions.ErrorCode.invalidValue;
    return new CustomFunctions.Error(code, message) as unknown as Error;
  }
  const error = new Error(message);
  error.name = kind;
  return error;
}

function isCellError(error: unknown): boolean {
  return (
    (typeof CustomFunctions !== "undefined" && error instanceof CustomFunctions.Error) ||
    (error instanceof Error && (error.name === "notAvailable" || error.name === "invalidValue"))
  );
}
