/**
 * Query coverage by a code's whole vocabulary: the share of the query's (IDF-weighted) words
 * found anywhere in the code's titles, or, at a discount, in its task statements. A single title
 * rarely holds every word of a differently worded job title ("Purchasing Manager"), but the
 * occupation's titles and tasks together often do.
 */
import type { WeightedToken } from "./spelling";

export interface CodeProfileSource {
  /** Code id of each title document and its terms (head terms included). */
  titles: readonly { code: number; terms: readonly string[] }[];
  /** Code id of each task document and its terms. */
  tasks: readonly { code: number; terms: readonly string[] }[];
}

/** Title documents left out: how many of them hold each (code, term) pair, keyed "code term". */
export type ProfileExclusion = ReadonlyMap<string, number>;

export class CodeProfileIndex {
  private readonly termIds = new Map<string, number>();
  /** Postings of term t are entries postingStart[t] .. postingStart[t + 1] - 1. */
  private readonly postingStart: Int32Array;
  private readonly postingCode: Int32Array;
  /** Number of the code's titles holding the term. */
  private readonly postingTitles: Int32Array;
  private readonly postingInTasks: Uint8Array;
  private readonly coverage: Float64Array;
  private readonly touched: number[] = [];

  constructor(source: CodeProfileSource, codeCount: number) {
    // Distinct (term, code) pairs from titles and from tasks, gathered in flat arrays.
    const pairTerm: number[] = [];
    const pairCode: number[] = [];
    const pairFromTitle: boolean[] = [];
    const add = (documents: CodeProfileSource["titles"], fromTitle: boolean): void => {
      for (const { code, terms } of documents) {
        const seen = new Set<number>();
        for (const term of terms) {
          let id = this.termIds.get(term);
          if (id === undefined) this.termIds.set(term, (id = this.termIds.size));
          if (seen.has(id)) continue;
          seen.add(id);
          pairTerm.push(id);
          pairCode.push(code);
          pairFromTitle.push(fromTitle);
        }
      }
    };
    add(source.titles, true);
    add(source.tasks, false);

    // Bucket the pairs by term, then merge each term's pairs per code.
    const termCount = this.termIds.size;
    const bucketStart = new Int32Array(termCount + 1);
    for (const id of pairTerm) bucketStart[id + 1]++;
    for (let t = 0; t < termCount; t++) bucketStart[t + 1] += bucketStart[t];
    const bucketed = new Int32Array(pairTerm.length);
    const fill = bucketStart.slice(0, termCount);
    pairTerm.forEach((id, pair) => (bucketed[fill[id]++] = pair));

    const slotOfCode = new Int32Array(codeCount).fill(-1);
    const codes: number[] = [];
    const titleCounts: number[] = [];
    const inTasks: number[] = [];
    this.postingStart = new Int32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) {
      const first = codes.length;
      for (let b = bucketStart[t]; b < bucketStart[t + 1]; b++) {
        const pair = bucketed[b];
        const code = pairCode[pair];
        let slot = slotOfCode[code];
        if (slot < 0) {
          slot = slotOfCode[code] = codes.length;
          codes.push(code);
          titleCounts.push(0);
          inTasks.push(0);
        }
        if (pairFromTitle[pair]) titleCounts[slot]++;
        else inTasks[slot] = 1;
      }
      for (let p = first; p < codes.length; p++) slotOfCode[codes[p]] = -1;
      this.postingStart[t + 1] = codes.length;
    }
    this.postingCode = Int32Array.from(codes);
    this.postingTitles = Int32Array.from(titleCounts);
    this.postingInTasks = Uint8Array.from(inTasks);
    this.coverage = new Float64Array(codeCount);
  }

  static exclusion(excludedTitles: readonly { code: number; terms: readonly string[] }[]): ProfileExclusion {
    const counts = new Map<string, number>();
    for (const { code, terms } of excludedTitles) {
      for (const term of new Set(terms)) counts.set(`${code} ${term}`, (counts.get(`${code} ${term}`) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * Visits each code covering part of the query with its coverage in [0, 1]. idf gives each
   * query word's weight (unknown words weigh as much as the rarest and are never covered).
   */
  forEachCovering(
    query: readonly WeightedToken[],
    idf: (term: string) => number,
    taskDiscount: number,
    visit: (code: number, coverage: number) => void,
    excluded?: ProfileExclusion,
  ): void {
    let total = 0;
    for (const { token, weight } of query) {
      const termWeight = idf(token);
      total += termWeight;
      const id = this.termIds.get(token);
      if (id === undefined || weight === 0) continue;
      for (let p = this.postingStart[id]; p < this.postingStart[id + 1]; p++) {
        const code = this.postingCode[p];
        let titles = this.postingTitles[p];
        if (excluded && titles > 0) titles -= excluded.get(`${code} ${token}`) ?? 0;
        const presence = titles > 0 ? 1 : this.postingInTasks[p] ? taskDiscount : 0;
        if (presence === 0) continue;
        if (this.coverage[code] === 0) this.touched.push(code);
        this.coverage[code] += weight * termWeight * presence;
      }
    }
    for (const code of this.touched) {
      visit(code, total > 0 ? this.coverage[code] / total : 0);
      this.coverage[code] = 0;
    }
    this.touched.length = 0;
  }
}
