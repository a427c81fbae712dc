/**
 * GloVe word vectors for the classification's tokens (data/word_vectors.csv, built by
 * scripts/build-word-vectors.ts). They let the coder see that "Pianist" and a musician's tasks
 * are about the same thing when the two share no word: a code's task statements and lead
 * statements are averaged into one vector, and a title is compared with it.
 */

export const WORD_VECTOR_DIMENSIONS = 100;
export const WORD_VECTORS_HEADER = "token,vector";
/** Unit vectors are stored (in the file and in memory) as signed bytes: component x 127. */
export const BYTE_SCALE = 127;

/** A vector scaled to unit length, as signed bytes in base64 (the CSV's second column). */
export function encodeVector(vector: ArrayLike<number>): string {
  const bytes = new Int8Array(vector.length);
  storeAsBytes(normalise(Float64Array.from(vector)), bytes, 0);
  return Buffer.from(bytes.buffer).toString("base64");
}

/** The table held as one Int8Array of the stored bytes (0.5 MB) and a token -> row map. */
export class WordVectors {
  private readonly rows = new Map<string, number>();
  private readonly values: Int8Array;

  constructor(csvText: string) {
    const lines = csvText.split(/\r?\n/).filter((line) => line !== "");
    if (lines[0] !== WORD_VECTORS_HEADER)
      throw new Error(`word_vectors.csv: expected the header "${WORD_VECTORS_HEADER}"`);
    this.values = new Int8Array((lines.length - 1) * WORD_VECTOR_DIMENSIONS);
    for (let i = 1; i < lines.length; i++) {
      const comma = lines[i].indexOf(",");
      const bytes = Buffer.from(lines[i].slice(comma + 1), "base64");
      if (comma < 1 || bytes.length !== WORD_VECTOR_DIMENSIONS) {
        throw new Error(`word_vectors.csv row ${i}: expected "token,<${WORD_VECTOR_DIMENSIONS} bytes in base64>"`);
      }
      const row = i - 1;
      const token = lines[i].slice(0, comma);
      if (this.rows.has(token)) throw new Error(`word_vectors.csv row ${i}: "${token}" appears twice`);
      this.rows.set(token, row);
      this.values.set(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), row * WORD_VECTOR_DIMENSIONS);
    }
  }

  get size(): number {
    return this.rows.size;
  }

  /** Adds weight x the token's vector to sum; false when the table has no such token. */
  addTo(sum: Float32Array | Float64Array, token: string, weight: number): boolean {
    const row = this.rows.get(token);
    if (row === undefined) return false;
    const offset = row * WORD_VECTOR_DIMENSIONS;
    const scale = weight / BYTE_SCALE;
    for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d++) sum[d] += scale * this.values[offset + d];
    return true;
  }
}

/** Stores a unit-length vector as signed bytes (x BYTE_SCALE) at row of a byte table. */
export function storeAsBytes(vector: ArrayLike<number>, table: Int8Array, row: number): void {
  const offset = row * vector.length;
  for (let d = 0; d < vector.length; d++) table[offset + d] = Math.round(vector[d] * BYTE_SCALE);
}

/** Scales a vector to unit length in place (a zero vector stays zero); returns it. */
export function normalise<T extends Float32Array | Float64Array>(vector: T): T {
  let norm = 0;
  for (let d = 0; d < vector.length; d++) norm += vector[d] * vector[d];
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < vector.length; d++) vector[d] *= scale;
  }
  return vector;
}
