/**
 * An inverted index scoring documents by TF-IDF cosine similarity with a query. Documents can be
 * left out at query time (honest leave-one-out evaluation without a rebuild): they are skipped,
 * and the query's IDF weights are taken from the collection without them. Postings live in flat
 * typed arrays (one offset per term) to keep the index small and quick to build.
 */
import type { WeightedToken } from "./spelling";

export interface TermIndexOptions {
  /** Count repeated terms as 1 + ln(tf) (task text) or once (titles). */
  countRepeats: boolean;
  /** Extra weight of some terms, applied alike to documents and queries (default 1). */
  termWeight?: (term: string) => number;
}

export interface ExcludedDocuments {
  docs: ReadonlySet<number>;
  termCounts: ReadonlyMap<number, number>;
}

export class TermIndex {
  readonly documentCount: number;
  private readonly termIds = new Map<string, number>();
  private readonly documentFrequency: Int32Array;
  /** Postings of term t are entries postingStart[t] .. postingStart[t + 1] - 1. */
  private readonly postingStart: Int32Array;
  private readonly postingDoc: Int32Array;
  private readonly postingWeight: Float64Array;
  private readonly documentNorm: Float64Array;
  private readonly maxIdf: number;
  /** IDF times term weight per term id, for queries that leave nothing out. */
  private readonly weightedIdf: Float64Array;
  private readonly termWeight: (term: string) => number;
  /** Similarity of each document matched by the last match() call. */
  readonly similarity: Float64Array;
  /** Reused per query: dot products and the documents they touched. */
  private readonly dots: Float64Array;
  private readonly touched: Int32Array;

  constructor(documents: readonly (readonly string[])[], options: TermIndexOptions) {
    this.documentCount = documents.length;
    this.termWeight = options.termWeight ?? (() => 1);

    // Each document's distinct terms with their counts, in parallel arrays; scratch counts by
    // term id avoid a Map per document.
    const docTermIds: number[][] = [];
    const docTermCounts: number[][] = [];
    const frequency: number[] = [];
    let scratch = new Int32Array(1024);
    for (const tokens of documents) {
      const ids: number[] = [];
      for (const token of tokens) {
        let id = this.termIds.get(token);
        if (id === undefined) {
          id = this.termIds.size;
          this.termIds.set(token, id);
          frequency.push(0);
          if (id >= scratch.length) {
            const grown = new Int32Array(scratch.length * 2);
            grown.set(scratch);
            scratch = grown;
          }
        }
        if (scratch[id]++ === 0) ids.push(id);
      }
      const counts = ids.map((id) => scratch[id]);
      for (const id of ids) {
        frequency[id]++;
        scratch[id] = 0;
      }
      docTermIds.push(ids);
      docTermCounts.push(counts);
    }
    this.documentFrequency = Int32Array.from(frequency);

    const termCount = frequency.length;
    this.postingStart = new Int32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) this.postingStart[t + 1] = this.postingStart[t] + frequency[t];
    this.postingDoc = new Int32Array(this.postingStart[termCount]);
    this.postingWeight = new Float64Array(this.postingStart[termCount]);
    const termNames = [...this.termIds.keys()];
    const idf = Float64Array.from(frequency, (df, t) => this.idfOf(df) * this.termWeight(termNames[t]));
    const fill = this.postingStart.slice(0, termCount);
    this.documentNorm = new Float64Array(documents.length);
    docTermIds.forEach((ids, doc) => {
      let normSquared = 0;
      ids.forEach((id, k) => {
        const count = docTermCounts[doc][k];
        const weight = (options.countRepeats ? 1 + Math.log(count) : 1) * idf[id];
        this.postingDoc[fill[id]] = doc;
        this.postingWeight[fill[id]] = weight;
        fill[id]++;
        normSquared += weight * weight;
      });
      this.documentNorm[doc] = Math.sqrt(normSquared);
    });
    this.maxIdf = this.idfOf(1);
    this.weightedIdf = idf;
    this.dots = new Float64Array(documents.length);
    this.similarity = new Float64Array(documents.length);
    this.touched = new Int32Array(documents.length);
  }

  terms(): IterableIterator<string> {
    return this.termIds.keys();
  }

  /** Number of documents holding the token, less any left-out documents that hold it. */
  frequency(token: string, excluded?: ExcludedDocuments): number {
    const id = this.termIds.get(token);
    if (id === undefined) return 0;
    return this.documentFrequency[id] - (excluded?.termCounts.get(id) ?? 0);
  }

  /** IDF of a token (times its term weight); an unknown token weighs as much as the rarest. */
  inverseFrequency(token: string, excluded?: ExcludedDocuments): number {
    if (excluded === undefined) {
      const id = this.termIds.get(token);
      if (id !== undefined) return this.weightedIdf[id];
    }
    const frequency = this.frequency(token, excluded);
    return (frequency > 0 ? this.idfOf(frequency) : this.maxIdf) * this.termWeight(token);
  }

  /** What leaving these documents out changes, computed once per set of documents. */
  exclusion(docs: readonly number[]): ExcludedDocuments {
    const excluded = new Set(docs);
    const termCounts = new Map<number, number>();
    for (let id = 0; id < this.documentFrequency.length; id++) {
      for (let p = this.postingStart[id]; p < this.postingStart[id + 1]; p++) {
        if (excluded.has(this.postingDoc[p])) termCounts.set(id, (termCounts.get(id) ?? 0) + 1);
      }
    }
    return { docs: excluded, termCounts };
  }

  /**
   * Cosine similarity of the query with every document sharing a term. Returns the matched
   * documents (a view of a reused buffer); similarity[doc] holds each one's similarity until the next call (both are reused,
   * so the hot loop allocates nothing). Query words that match nothing still count in the query's
   * length, so unmatched words lower the similarity instead of being ignored.
   */
  match(query: readonly WeightedToken[], excluded?: ExcludedDocuments): Int32Array {
    const { postingDoc, postingWeight, dots, touched, documentNorm, similarity } = this;
    let count = 0;
    let queryNormSquared = 0;
    for (let q = 0; q < query.length; q++) {
      const { token } = query[q];
      // A repeated token counts once, at its highest weight.
      let weight = query[q].weight;
      let repeated = false;
      for (let other = 0; other < query.length; other++) {
        if (other === q || query[other].token !== token) continue;
        if (other < q) repeated = true;
        weight = Math.max(weight, query[other].weight);
      }
      if (repeated) continue;
      const id = this.termIds.get(token);
      const frequency = id === undefined ? 0 : this.documentFrequency[id] - (excluded?.termCounts.get(id) ?? 0);
      const related = query[q].related === true;
      if (id === undefined || weight === 0 || frequency <= 0) {
        if (!related) queryNormSquared += this.inverseFrequency(token, excluded) ** 2; // unknown: as rare as can be
        continue;
      }
      const queryWeight =
        weight * (excluded === undefined ? this.weightedIdf[id] : this.idfOf(frequency) * this.termWeight(token));
      if (!related) queryNormSquared += queryWeight ** 2;
      const skipped = excluded?.docs;
      for (let p = this.postingStart[id], end = this.postingStart[id + 1]; p < end; p++) {
        const doc = postingDoc[p];
        if (skipped !== undefined && skipped.has(doc)) continue;
        if (dots[doc] === 0) touched[count++] = doc;
        dots[doc] += queryWeight * postingWeight[p];
      }
    }
    const queryNorm = Math.sqrt(queryNormSquared);
    for (let i = 0; i < count; i++) {
      const doc = touched[i];
      // Related words add to the dot product but not to the query's length: cap at identity.
      similarity[doc] = Math.min(1, dots[doc] / (queryNorm * documentNorm[doc]));
      dots[doc] = 0;
    }
    return touched.subarray(0, count);
  }

  private idfOf(frequency: number): number {
    return Math.log(1 + this.documentCount / frequency);
  }
}
