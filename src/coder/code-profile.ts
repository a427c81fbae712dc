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

/** Title documents left out: how many of them hold each (code, term) pair, keyed by posting. */
export type ProfileExclusion = ReadonlyMap<number, number>;

export class CodeProfileIndex {
  private readonly termIds = new Map<string, number>();
  /** Postings of term t are entries postingStart[t] .. postingStart[t + 1] - 1. */
  private readonly postingStart: Int32Array;
  private readonly postingCode: Int32Array;
  /** Number of the code's titles holding the term. */
  private readonly postingTitles: Int32Array;
  private readonly postingInTasks: Uint8Array;
  /** Coverage of each code returned by the last cover() call. */
  readonly coverage: Float64Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;

  constructor(source: CodeProfileSource, codeCount: number) {
    // Distinct (term, document) pairs from titles and from tasks, gathered in flat typed arrays
    // sized by the term count (an upper bound); lastDocument marks a term already seen in a document.
    let capacity = 0;
    for (const { terms } of source.titles) capacity += terms.length;
    for (const { terms } of source.tasks) capacity += terms.length;
    const pairTerm = new Int32Array(capacity);
    const pairCode = new Int32Array(capacity);
    const pairFromTitle = new Uint8Array(capacity);
    const lastDocument: number[] = [];
    let pairCount = 0;
    let documentNumber = 0;
    const add = (documents: CodeProfileSource["titles"], fromTitle: boolean): void => {
      for (const { code, terms } of documents) {
        documentNumber++;
        for (const term of terms) {
          let id = this.termIds.get(term);
          if (id === undefined) {
            this.termIds.set(term, (id = this.termIds.size));
            lastDocument.push(0);
          }
          if (lastDocument[id] === documentNumber) continue;
          lastDocument[id] = documentNumber;
          pairTerm[pairCount] = id;
          pairCode[pairCount] = code;
          pairFromTitle[pairCount] = fromTitle ? 1 : 0;
          pairCount++;
        }
      }
    };
    add(source.titles, true);
    add(source.tasks, false);

    // Bucket the pairs by term, then merge each term's pairs per code.
    const termCount = this.termIds.size;
    const bucketStart = new Int32Array(termCount + 1);
    for (let pair = 0; pair < pairCount; pair++) bucketStart[pairTerm[pair] + 1]++;
    for (let t = 0; t < termCount; t++) bucketStart[t + 1] += bucketStart[t];
    const bucketed = new Int32Array(pairCount);
    const fill = bucketStart.slice(0, termCount);
    for (let pair = 0; pair < pairCount; pair++) bucketed[fill[pairTerm[pair]]++] = pair;

    const slotOfCode = new Int32Array(codeCount).fill(-1);
    // At most one posting per pair; trimmed to the postings made below.
    const codes = new Int32Array(pairCount);
    const titleCounts = new Int32Array(pairCount);
    const inTasks = new Uint8Array(pairCount);
    let postingCount = 0;
    this.postingStart = new Int32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) {
      const first = postingCount;
      for (let b = bucketStart[t]; b < bucketStart[t + 1]; b++) {
        const pair = bucketed[b];
        const code = pairCode[pair];
        let slot = slotOfCode[code];
        if (slot < 0) {
          slot = slotOfCode[code] = postingCount++;
          codes[slot] = code;
        }
        if (pairFromTitle[pair]) titleCounts[slot]++;
        else inTasks[slot] = 1;
      }
      for (let p = first; p < postingCount; p++) slotOfCode[codes[p]] = -1;
      this.postingStart[t + 1] = postingCount;
    }
    this.postingCode = codes.slice(0, postingCount);
    this.postingTitles = titleCounts.slice(0, postingCount);
    this.postingInTasks = inTasks.slice(0, postingCount);
    this.coverage = new Float64Array(codeCount);
    this.touched = new Int32Array(codeCount);
  }

  exclusion(excludedTitles: readonly { code: number; terms: readonly string[] }[]): ProfileExclusion {
    const counts = new Map<number, number>();
    for (const { code, terms } of excludedTitles) {
      for (const term of new Set(terms)) {
        const id = this.termIds.get(term);
        if (id === undefined) continue;
        for (let p = this.postingStart[id]; p < this.postingStart[id + 1]; p++) {
          if (this.postingCode[p] === code) counts.set(p, (counts.get(p) ?? 0) + 1);
        }
      }
    }
    return counts;
  }

  /**
   * Codes covering part of the query (a view of a reused buffer); coverage[code] holds each one's coverage in [0, 1] until the
   * next call (both are reused, so the hot loop allocates nothing). idf gives each query word's
   * weight (unknown words weigh as much as the rarest and are never covered); words held by more
   * than maxCodesPerTerm codes are counted but not credited to any code.
   */
  cover(
    query: readonly WeightedToken[],
    idf: (term: string) => number,
    taskDiscount: number,
    excluded?: ProfileExclusion,
    maxCodesPerTerm = Infinity,
  ): Int32Array {
    // Locals rather than this.x in the loops: V8 then keeps the typed arrays in registers.
    const { postingStart, postingCode, postingTitles, postingInTasks, coverage, touched } = this;
    for (let i = 0; i < this.touchedCount; i++) coverage[touched[i]] = 0;
    let count = 0;
    let total = 0;
    for (let q = 0; q < query.length; q++) {
      const { token, weight } = query[q];
      const termWeight = idf(token);
      total += termWeight;
      const id = this.termIds.get(token);
      if (id === undefined || weight === 0) continue;
      // A word nearly every code has tells codes apart too little to be worth visiting them all;
      // it still counts in the total, so it lowers every code's coverage alike.
      if (postingStart[id + 1] - postingStart[id] > maxCodesPerTerm) continue;
      const titleGain = weight * termWeight;
      const taskGain = titleGain * taskDiscount;
      for (let p = postingStart[id], end = postingStart[id + 1]; p < end; p++) {
        const code = postingCode[p];
        let titles = postingTitles[p];
        if (excluded !== undefined && titles > 0) titles -= excluded.get(p) ?? 0;
        const gain = titles > 0 ? titleGain : postingInTasks[p] ? taskGain : 0;
        if (gain === 0) continue;
        if (coverage[code] === 0) touched[count++] = code;
        coverage[code] += gain;
      }
    }
    for (let i = 0; i < count; i++) {
      const code = touched[i];
      coverage[code] = total > 0 ? coverage[code] / total : 0;
    }
    this.touchedCount = count;
    return touched.subarray(0, count);
  }
}
