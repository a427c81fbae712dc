/**
 * Record cleaning: turns what people type into what ABS accepts, and says what it changed.
 * ABS rejects a whole 300-record batch for one bad record (abs-coding-service.md §4, §5.5), so
 * every record passes through here before it can join a batch. Plain TypeScript: the add-in
 * uses it too, to show the cleaned text before sending.
 *
 * Rules (§4, §10): printable ASCII only (0x20–0x7E), occp_text + tasks_text at most 100
 * characters combined for synchronous coding, tasks shortened before titles.
 */
import type { CleaningReport } from "./api";

/** §4, §10 [DOC]: combined occp_text + tasks_text characters for synchronous coding. */
export const MAX_SYNC_COMBINED_LENGTH = 100;

/**
 * Characters NFKD does not take to ASCII, mapped to what a reader would type instead.
 * Typographic punctuation first (what Word and Outlook put into job titles), then letters
 * that have no decomposition. Anything not here and still outside ASCII is dropped (reported).
 */
export const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201A": "'",
  "\u201B": "'",
  "\u2032": "'",
  "\u00B4": "'",
  "\u0060": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u201E": '"',
  "\u201F": '"',
  "\u2033": '"',
  "\u00AB": '"',
  "\u00BB": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u2022": "-",
  "\u00B7": "-",
  "\u2044": "/",
  "\u00D7": "x",
  "\u00F7": "/",
  "\u00DF": "ss",
  "\u00E6": "ae",
  "\u00C6": "AE",
  "\u0153": "oe",
  "\u0152": "OE",
  "\u00F8": "o",
  "\u00D8": "O",
  "\u0111": "d",
  "\u0110": "D",
  "\u0142": "l",
  "\u0141": "L",
  "\u00FE": "th",
  "\u00DE": "Th",
  "\u00F0": "d",
  "\u00D0": "D",
  "\u0131": "i",
  "\u00A9": "(c)",
  "\u00AE": "(r)",
  "\u20AC": "EUR",
  "\u00A3": "GBP",
  "\u00A5": "JPY",
};

export type CleanOutcome =
  { ok: true; report: CleaningReport } | { ok: false; reason: "empty_input"; message: string; report: CleaningReport };

export interface RecordText {
  occp_text: string;
  tasks_text?: string;
}

/** Cleans one record; `report.changes` lists, in plain words, everything that was changed. */
export function cleanRecord(input: RecordText, maxCombined: number = MAX_SYNC_COMBINED_LENGTH): CleanOutcome {
  const changes: string[] = [];
  let occp = toPrintableAscii(String(input.occp_text ?? ""), "job title", changes);
  let tasks = toPrintableAscii(String(input.tasks_text ?? ""), "tasks", changes);

  if (occp.length === 0) {
    return {
      ok: false,
      reason: "empty_input",
      message: "The job title is empty (after removing characters ABS cannot accept); nothing to code.",
      report: { occp_text: occp, tasks_text: tasks, changes },
    };
  }

  if (occp.length + tasks.length > maxCombined) {
    // Titles carry most of the signal, so tasks give way first.
    const tasksBudget = Math.max(0, maxCombined - occp.length - 1);
    const shortened = tasksBudget > 0 ? shortenAtWord(tasks, tasksBudget) : "";
    changes.push(
      shortened.length > 0
        ? `shortened tasks from ${tasks.length} to ${shortened.length} characters (ABS accepts ${maxCombined} in total)`
        : `dropped tasks (${tasks.length} characters) to fit ABS's ${maxCombined}-character limit`,
    );
    tasks = shortened;
    if (occp.length + tasks.length > maxCombined) {
      const title = shortenAtWord(occp, maxCombined);
      changes.push(`shortened job title from ${occp.length} to ${title.length} characters`);
      occp = title;
    }
  }
  return { ok: true, report: { occp_text: occp, tasks_text: tasks, changes } };
}

/** Transliterates, drops what cannot be sent, and collapses whitespace; notes each kind of change. */
export function toPrintableAscii(text: string, field: string, changes: string[]): string {
  let transliterated = false;
  let out = "";
  for (const char of text) {
    if (char >= " " && char <= "~") {
      out += char;
      continue;
    }
    if (/\s/u.test(char)) {
      out += " ";
      continue;
    }
    const mapped = TRANSLITERATIONS[char] ?? stripMarks(char);
    if (mapped !== char) transliterated = true;
    out += mapped;
  }
  const dropped = [...out].filter((c) => c < " " || c > "~");
  if (dropped.length > 0) {
    out = [...out].filter((c) => c >= " " && c <= "~").join("");
    changes.push(`removed ${dropped.length} character(s) from ${field} that ABS cannot accept`);
  }
  if (transliterated) changes.push(`replaced accented or typographic characters in ${field} with plain ASCII`);
  const collapsed = out.replace(/ {2,}/g, " ").trim();
  if (collapsed !== out) changes.push(`tidied whitespace in ${field}`);
  return collapsed;
}

/** é → e, ñ → n, ™ → TM, ﬁ → fi: compatibility decomposition, then drop the combining marks. */
function stripMarks(char: string): string {
  return char.normalize("NFKD").replace(/\p{M}/gu, "");
}

/** Cuts to at most `max` characters, at a word boundary when one is near, without trailing punctuation. */
export function shortenAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  if (text[max] !== " " && lastSpace >= max * 0.6) cut = cut.slice(0, lastSpace);
  return cut.replace(/[\s,;:\-/&]+$/, "");
}

/** The text a cache key is made from: cleaned, lower case, single spaces. */
export function normaliseForKey(report: Pick<CleaningReport, "occp_text" | "tasks_text">): string {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();
  return `${norm(report.occp_text)}\u0000${norm(report.tasks_text)}`;
}
