/**
 * A1-style addresses as plain values: column letters, cell and range addresses.
 * Plain TypeScript (no Office), shared by the workbook gateway, the Excel fake and the UI.
 * Row and column indexes here are zero-based, as in Excel's `rowIndex`/`columnIndex`.
 */

/** Excel's grid: 1,048,576 rows by 16,384 columns (A to XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function columnLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_COLUMNS) throw new RangeError(`No column ${index}`);
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** "A" → 0, "aa" → 26; undefined when the text is not a column that exists. */
export function columnIndex(letters: string): number | undefined {
  const text = letters.trim().toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(text)) return undefined;
  let n = 0;
  for (const ch of text) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1 < MAX_COLUMNS ? n - 1 : undefined;
}

/** Quotes a sheet name for an address when Excel would ('My sheet'!A1). */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** "B7" for row 6, column 1. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row + 1}`;
}

/** "A2:C10", "A:A" for whole columns, "3:3" for whole rows, "B7" for one cell. */
export function rangeAddress(row: number, column: number, rowCount: number, columnCount: number): string {
  const lastRow = row + rowCount - 1;
  const lastColumn = column + columnCount - 1;
  if (row === 0 && rowCount === MAX_ROWS) {
    return `${columnLetter(column)}:${columnLetter(lastColumn)}`;
  }
  if (column === 0 && columnCount === MAX_COLUMNS) return `${row + 1}:${lastRow + 1}`;
  if (rowCount === 1 && columnCount === 1) return cellAddress(row, column);
  return `${cellAddress(row, column)}:${cellAddress(lastRow, lastColumn)}`;
}

export interface GridRect {
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

/** Parses "A1", "A1:C3", "A:C", "2:5", with or without a sheet prefix ("Sheet1!A1"). */
export function parseRangeAddress(address: string): { sheet?: string; rect: GridRect } {
  const bang = address.lastIndexOf("!");
  let sheet: string | undefined;
  let ref = address;
  if (bang >= 0) {
    sheet = address
      .slice(0, bang)
      .replace(/^'(.*)'$/, "$1")
      .replace(/''/g, "'");
    ref = address.slice(bang + 1);
  }
  const parts = ref.replace(/\$/g, "").toUpperCase().split(":");
  if (parts.length < 1 || parts.length > 2) throw new Error(`Not a range address: ${address}`);
  const ends = parts.map(parseEnd);
  const [a, b] = [ends[0], ends[ends.length - 1]];
  const rowStart = a.row ?? 0;
  const rowEnd = b.row ?? MAX_ROWS - 1;
  const colStart = a.column ?? 0;
  const colEnd = b.column ?? MAX_COLUMNS - 1;
  if (rowEnd < rowStart || colEnd < colStart) throw new Error(`Not a range address: ${address}`);
  return {
    sheet,
    rect: { row: rowStart, column: colStart, rowCount: rowEnd - rowStart + 1, columnCount: colEnd - colStart + 1 },
  };

  function parseEnd(part: string): { row?: number; column?: number } {
    const match = /^([A-Z]{0,3})(\d*)$/.exec(part);
    if (!match || (!match[1] && !match[2])) throw new Error(`Not a range address: ${address}`);
    const column = match[1] ? columnIndex(match[1]) : undefined;
    const row = match[2] ? Number(match[2]) - 1 : undefined;
    if ((match[1] && column === undefined) || (row !== undefined && (row < 0 || row >= MAX_ROWS))) {
      throw new Error(`Not a range address: ${address}`);
    }
    return { row, column };
  }
}
