/** Cell values as text for coding, Excel error values, and the fingerprint that detects changed inputs. */
import type { CellScalar } from "../../excel/workbookGateway";

/** Excel's error values as Office.js reports them in `values`. */
const ERROR_VALUE =
  /^#(N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!|GETTING_DATA|BUSY!|FIELD!|CONNECT!|BLOCKED!|UNKNOWN!|EXTERNAL!|PYTHON!|TIMEOUT!)$/;

export function isErrorValue(value: CellScalar | null | undefined): boolean {
  return typeof value === "string" && ERROR_VALUE.test(value);
}

/** Numbers and booleans become text as Excel shows them; text is trimmed; errors become "". */
export function toText(value: CellScalar | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (isErrorValue(value)) return "";
  return value.replace(/\s+/g, " ").trim();
}

/** FNV-1a 32-bit over the inputs, base 36: short, stable, enough to notice an edit. */
export function fingerprint(title: string, tasks: string): string {
  const text = `${title}\u0001${tasks}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** Record ids name the sheet row (1-based) and the inputs: "R17.1x9k2p". */
export function recordId(row: number, title: string, tasks: string): string {
  return `R${row + 1}.${fingerprint(title, tasks)}`;
}

export function parseRecordId(id: string): { row: number; fingerprint: string } | undefined {
  const match = /^R(\d+)\.([0-9a-z]+)$/.exec(id);
  if (!match) return undefined;
  return { row: Number(match[1]) - 1, fingerprint: match[2] };
}

export function isBlank(value: CellScalar | null | undefined): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}
