/**
 * Words related to a query word by WordNet (synonyms, derived forms, broader terms, definition
 * words), from data/related_words.csv (built by scripts/build-related-words.ts). They give a
 * word the index has never seen ("Novelist", "Prosthodontist", "Alderman") a way to meet the
 * titles of its occupation; words the index knows are never rewritten.
 */
import { rootOf, stem } from "./normalise";
import type { WeightedToken } from "./spelling";

const HEADER = "word,related";
const PARSED_CACHE_LIMIT = 10_000;

/**
 * related_words.csv kept as its text plus where each line starts: 70,000 entries as a Map of
 * strings would cost the coder 20 MB for the few words a session looks up. The build script
 * writes the rows sorted by word (no quoting), so a word is found by binary search.
 */
export class RelatedWordTable {
  private readonly lineStarts: Int32Array;

  private readonly text: string;

  constructor(csvText: string) {
    // A checkout with Windows line endings must read the same.
    const text = (this.text = csvText.includes("\r") ? csvText.replace(/\r\n?/g, "\n") : csvText);
    if (!text.startsWith(HEADER + "\n")) throw new Error(`related_words.csv: expected the header "${HEADER}"`);
    const starts: number[] = [];
    for (let at = HEADER.length + 1; at < text.length;) {
      const end = lineEnd(text, at);
      if (end > at) starts.push(at);
      at = end + 1;
    }
    this.lineStarts = Int32Array.from(starts);
    // Checked in place, without a string per row: this runs at every start-up.
    for (let i = 0; i < starts.length; i++) {
      if (this.wordEnd(i) < 0) throw new Error(`related_words.csv row ${i + 1}: expected "word,related"`);
      if (i > 0 && this.compareWords(i - 1, i) >= 0) {
        throw new Error(`related_words.csv: "${this.wordAt(i)}" is out of order`);
      }
    }
  }

  get size(): number {
    return this.lineStarts.length;
  }

  /** The row's "word weight;word weight" for a word, if the table has it. */
  get(word: string): string | undefined {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const candidate = this.wordAt(middle);
      if (candidate === word) {
        const start = this.lineStarts[middle] + word.length + 1;
        return this.text.slice(start, lineEnd(this.text, start));
      }
      if (candidate < word) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  private wordAt(row: number): string {
    const end = this.wordEnd(row);
    return end < 0 ? "" : this.text.slice(this.lineStarts[row], end);
  }

  /** Where the row's word ends (its comma), or -1 when the row has no word. */
  private wordEnd(row: number): number {
    const start = this.lineStarts[row];
    const comma = this.text.indexOf(",", start);
    return comma <= start || comma > lineEnd(this.text, start) ? -1 : comma;
  }

  /** Compares two rows' words in string order, as the build script sorted them. */
  private compareWords(a: number, b: number): number {
    const { text } = this;
    const aEnd = this.wordEnd(a);
    const bEnd = this.wordEnd(b);
    for (let i = this.lineStarts[a], j = this.lineStarts[b]; ; i++, j++) {
      // A word that is a prefix of the other sorts first.
      if (i === aEnd || j === bEnd) return (i === aEnd ? 0 : 1) - (j === bEnd ? 0 : 1);
      const difference = text.charCodeAt(i) - text.charCodeAt(j);
      if (difference !== 0) return difference;
    }
  }
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end < 0 ? text.length : end;
}

export class RelatedWords {
  /** Kept as text: tens of thousands of entries, of which a session looks up a few. */
  private readonly parsed = new Map<string, readonly WeightedToken[]>();

  constructor(private readonly table: RelatedWordTable) {}

  /** Related tokens of a folded word (or of its singular), normalised as the index's are. */
  of(word: string): readonly WeightedToken[] {
    return this.lookUp(word) ?? this.lookUp(stem(word)) ?? [];
  }

  private lookUp(word: string): readonly WeightedToken[] | undefined {
    const cached = this.parsed.get(word);
    if (cached) return cached;
    const spec = this.table.get(word);
    if (spec === undefined) return undefined;
    if (this.parsed.size >= PARSED_CACHE_LIMIT) this.parsed.clear();
    const tokens = parseRelated(word, spec);
    this.parsed.set(word, tokens);
    return tokens;
  }
}

function parseRelated(word: string, spec: string): WeightedToken[] {
  const weights = new Map<string, number>();
  for (const pair of spec.split(";")) {
    const [text, weightText] = pair.split(" ");
    const weight = Number(weightText);
    if (!text || !(weight > 0 && weight <= 1)) {
      throw new Error(`related_words.csv: bad entry "${pair}" for "${word}"`);
    }
    const token = rootOf(text);
    weights.set(token, Math.max(weight, weights.get(token) ?? 0));
  }
  return [...weights].map(([token, weight]) => ({ token, weight, related: true }));
}
