/**
 * What each code is about, as word vectors: the mean GloVe vector of its task and lead
 * statements (a group pools its occupations'), and one vector per title. A job title's own
 * mean vector is compared with them: "Turf Farmer" shares only "turf" with Turf Grower, but
 * "farmer" and "grower" sit close together, and a cellist's vector sits near a musician's tasks.
 *
 * The task profiles never see a title, so leaving a title out of the index (leave-one-out
 * evaluation) leaves them as they are; a left-out title's own vector is skipped by id.
 */
import type { WeightedToken } from "./spelling";
import { BYTE_SCALE, WORD_VECTOR_DIMENSIONS, normalise, storeAsBytes, type WordVectors } from "./word-vectors";

/** A local copy: an imported binding read in a hot loop can cost a getter call per read. */
const DIMENSIONS = WORD_VECTOR_DIMENSIONS;

export interface SemanticProfileSource {
  codes: readonly string[];
  /** Code id of each code's unit group (itself for a unit group or any broader group). */
  unitGroupOf: Int32Array;
  /** Each task document's code id and tokens. */
  tasks: readonly { code: number; terms: readonly string[] }[];
  /** Each title document's code id and tokens (head markers removed). */
  titles: readonly { code: number; terms: readonly string[] }[];
  /** How much a task token tells codes apart (rare task words weigh more than "perform"). */
  taskTermWeight: (token: string) => number;
  /** The same for title tokens. */
  titleTermWeight: (token: string) => number;
}

export class SemanticProfiles {
  /** Unit-length task profile per code id, DIMENSIONS signed bytes each (zeros: none); bytes
   * rather than floats because two engines' title vectors would otherwise cost 9 MB. */
  private readonly profiles: Int8Array;
  private readonly unitGroupOf: Int32Array;
  /** Unit-length vector per title document, and each code's documents (CSR layout). */
  private readonly titleVectors: Int8Array;
  private readonly titleDocsStart: Int32Array;
  private readonly titleDocs: Int32Array;
  private readonly titleTermWeight: (token: string) => number;
  private readonly query = new Float64Array(DIMENSIONS);
  private hasQuery = false;

  constructor(
    private readonly vectors: WordVectors,
    source: SemanticProfileSource,
  ) {
    const { codes } = source;
    this.unitGroupOf = source.unitGroupOf;
    this.titleTermWeight = source.titleTermWeight;
    const ids = new Map(codes.map((code, id) => [code, id]));

    // An occupation's profile sums its documents; each group's sums its occupations' (by prefix).
    const sums = Array.from(codes, () => new Float64Array(DIMENSIONS));
    const documentSum = new Float64Array(DIMENSIONS);
    for (const { code, terms } of source.tasks) {
      const owners: number[] = [];
      for (let length = 1; length <= codes[code].length; length++) {
        const owner = ids.get(codes[code].slice(0, length));
        if (owner !== undefined) owners.push(owner);
      }
      documentSum.fill(0);
      for (const term of terms) vectors.addTo(documentSum, term, source.taskTermWeight(term));
      for (const owner of owners) {
        const sum = sums[owner];
        for (let d = 0; d < DIMENSIONS; d++) sum[d] += documentSum[d];
      }
    }
    this.profiles = new Int8Array(codes.length * DIMENSIONS);
    sums.forEach((sum, id) => storeAsBytes(normalise(sum), this.profiles, id));

    this.titleVectors = new Int8Array(source.titles.length * DIMENSIONS);
    const titleSum = new Float64Array(DIMENSIONS);
    const docsOf: number[][] = Array.from(codes, () => []);
    source.titles.forEach(({ code, terms }, doc) => {
      titleSum.fill(0);
      for (const term of terms) vectors.addTo(titleSum, term, source.titleTermWeight(term));
      storeAsBytes(normalise(titleSum), this.titleVectors, doc);
      docsOf[code].push(doc);
    });
    this.titleDocsStart = new Int32Array(codes.length + 1);
    docsOf.forEach((docs, code) => (this.titleDocsStart[code + 1] = this.titleDocsStart[code] + docs.length));
    this.titleDocs = Int32Array.from(docsOf.flat());
  }

  /**
   * Sets the query to the mean of the title tokens' vectors, weighted as the title index weighs
   * them (a rare word says more about the job); false when no token has a vector.
   */
  setQuery(tokens: readonly WeightedToken[]): boolean {
    const query = this.query.fill(0);
    let found = false;
    for (const { token, weight } of tokens) {
      if (this.vectors.addTo(query, token, weight * this.titleTermWeight(token))) found = true;
    }
    normalise(query);
    return (this.hasQuery = found);
  }

  /** Cosine of the query with the code's task profile. */
  profileSimilarity(code: number): number {
    return this.hasQuery ? this.dot(this.profiles, code) : 0;
  }

  /** Cosine of the query with the task profile of the code's unit group. */
  unitGroupSimilarity(code: number): number {
    return this.hasQuery ? this.dot(this.profiles, this.unitGroupOf[code]) : 0;
  }

  /** Best cosine of the query with one of the code's titles, left-out ones skipped. */
  titleSimilarity(code: number, leftOut?: ReadonlySet<number>): number {
    if (!this.hasQuery) return 0;
    let best = 0;
    for (let i = this.titleDocsStart[code]; i < this.titleDocsStart[code + 1]; i++) {
      const doc = this.titleDocs[i];
      if (leftOut?.has(doc)) continue;
      const similarity = this.dot(this.titleVectors, doc);
      if (similarity > best) best = similarity;
    }
    return best;
  }

  private dot(vectors: Int8Array, row: number): number {
    const query = this.query;
    const offset = row * DIMENSIONS;
    let dot = 0;
    for (let d = 0; d < DIMENSIONS; d++) dot += query[d] * vectors[offset + d];
    return dot / BYTE_SCALE;
  }
}
