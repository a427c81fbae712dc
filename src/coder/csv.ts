/**
 * A small RFC 4180 CSV parser: comma-separated fields, double-quoted fields may hold commas,
 * line breaks and doubled quotes (""), records end with LF or CRLF. A leading byte-order mark
 * is dropped. Fields are sliced from the text rather than built a character at a time, which
 * keeps parsing the classification files fast and light. Pure, so the add-in can bundle it.
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Index of the first comma or line break at or after start, or the text's length. */
function fieldEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === COMMA || code === LF || code === CR) return i;
  }
  return text.length;
}

/** Parses CSV text into rows of fields. A trailing line break does not make an empty row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (i >= text.length) return rows;

  for (;;) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      value = "";
      let segmentStart = i + 1;
      for (;;) {
        const quote = text.indexOf('"', segmentStart);
        if (quote < 0) throw new Error("CSV: unterminated quoted field");
        if (text.charCodeAt(quote + 1) === QUOTE) {
          value += text.slice(segmentStart, quote + 1); // "" is one literal quote
          segmentStart = quote + 2;
        } else {
          value += text.slice(segmentStart, quote);
          i = quote + 1;
          break;
        }
      }
      // Stray text after the closing quote (not RFC 4180) is kept rather than lost.
      const end = fieldEnd(text, i);
      value += text.slice(i, end);
      i = end;
    } else {
      const end = fieldEnd(text, i);
      value = text.slice(i, end);
      i = end;
    }
    row.push(value);

    if (i >= text.length) break;
    const delimiter = text.charCodeAt(i);
    if (delimiter === COMMA) {
      i++;
      if (i >= text.length) {
        row.push(""); // "a," ends with an empty field
        break;
      }
      continue;
    }
    i += delimiter === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    rows.push(row);
    row = [];
    if (i >= text.length) return rows;
  }
  rows.push(row);
  return rows;
}

/** Parses CSV text with a header row into one object per record, keyed by column name. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows
    .filter((row) => !(row.length === 1 && row[0] === "")) // blank lines
    .map((row) => {
      const record: Record<string, string> = {};
      header.forEach((column, index) => {
        record[column] = row[index] ?? "";
      });
      return record;
    });
}
