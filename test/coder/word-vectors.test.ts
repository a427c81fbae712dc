import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { classificationWordCounts } from "../../scripts/build-word-vectors";
import { DEFAULT_DATA_DIR } from "../../src/coder";
import { rootOf } from "../../src/coder/normalise";
import { WORD_VECTOR_DIMENSIONS, WordVectors, encodeVector, normalise } from "../../src/coder/word-vectors";

const WORD_VECTORS_CSV = join(DEFAULT_DATA_DIR, "word_vectors.csv");
const csv = (...rows: string[]): string => ["token,vector", ...rows].join("\n") + "\n";
const axis = (dimension: number, value = 1): number[] =>
  Array.from({ length: WORD_VECTOR_DIMENSIONS }, (_, d) => (d === dimension ? value : 0));

/** Unit vector of a token, or undefined. */
function vectorOf(vectors: WordVectors, token: string): Float64Array | undefined {
  const sum = new Float64Array(WORD_VECTOR_DIMENSIONS);
  return vectors.addTo(sum, token, 1) ? normalise(sum) : undefined;
}

function cosine(a: Float64Array, b: Float64Array): number {
  return a.reduce((dot, value, d) => dot + value * b[d], 0);
}

describe("WordVectors (word_vectors.csv)", () => {
  it("reads back what encodeVector wrote, scaled to unit length, within a byte's rounding", () => {
    const original = Array.from({ length: WORD_VECTOR_DIMENSIONS }, (_, d) => Math.sin(d + 1) * 3);
    const vectors = new WordVectors(csv(`nurs,${encodeVector(original)}`, `teach,${encodeVector(axis(0, -2))}`));
    expect(vectors.size).toBe(2);
    const decoded = vectorOf(vectors, "nurs")!;
    expect(cosine(decoded, normalise(Float64Array.from(original)))).toBeGreaterThan(0.999);
    expect(vectorOf(vectors, "teach")![0]).toBeCloseTo(-1, 5);
  });

  it("adds a weighted vector to a sum and says false for a token it does not hold", () => {
    const vectors = new WordVectors(csv(`nurs,${encodeVector(axis(3))}`));
    const sum = new Float64Array(WORD_VECTOR_DIMENSIONS);
    expect(vectors.addTo(sum, "nurs", 0.5)).toBe(true);
    expect(vectors.addTo(sum, "plumb", 1)).toBe(false);
    expect(sum[3]).toBeCloseTo(0.5, 5);
    expect(sum.reduce((total, value) => total + Math.abs(value), 0)).toBeCloseTo(0.5, 5);
  });

  it("reads a checkout with Windows line endings the same", () => {
    const vectors = new WordVectors(csv(`nurs,${encodeVector(axis(1))}`).replace(/\n/g, "\r\n"));
    expect(vectorOf(vectors, "nurs")![1]).toBeCloseTo(1, 5);
  });

  it("rejects a file without its header, a row of the wrong length, or a token twice", () => {
    expect(() => new WordVectors(`nurs,${encodeVector(axis(1))}\n`)).toThrow(/header "token,vector"/);
    expect(() => new WordVectors(csv("nurs,AAAA"))).toThrow(/row 1: expected "token,<100 bytes in base64>"/);
    expect(() => new WordVectors(csv(`,${encodeVector(axis(1))}`))).toThrow(/row 1/);
    expect(() => new WordVectors(csv(`nurs,${encodeVector(axis(1))}`, `nurs,${encodeVector(axis(2))}`))).toThrow(
      /row 2: "nurs" appears twice/,
    );
  });
});

describe("the shipped word_vectors.csv", () => {
  const text = readFileSync(WORD_VECTORS_CSV, "utf8");
  const vectors = new WordVectors(text);

  it("is the file SOURCE.md records (rebuild it and update the checksum together)", () => {
    const source = readFileSync(join(DEFAULT_DATA_DIR, "SOURCE.md"), "utf8");
    const recorded = /word_vectors\.csv sha256: ([0-9a-f]{64})/.exec(source)?.[1];
    expect(recorded).toBeDefined();
    // Hashed with Unix line endings, as committed, so a Windows checkout checks the same.
    expect(createHash("sha256").update(text.replace(/\r\n/g, "\n")).digest("hex")).toBe(recorded);
  });

  it("holds the classification's own tokens, sorted, and nearly all of them", () => {
    const classificationTokens = new Set(classificationWordCounts().keys());
    const tokens = text
      .split("\n")
      .slice(1)
      .filter(Boolean)
      .map((line) => line.slice(0, line.indexOf(",")));
    expect(tokens.filter((token) => !classificationTokens.has(token))).toEqual([]);
    expect(tokens).toEqual([...tokens].sort());
    expect(vectors.size / classificationTokens.size).toBeGreaterThan(0.95);
  });

  it("puts related words closer together than unrelated ones", () => {
    const of = (word: string): Float64Array => {
      const vector = vectorOf(vectors, rootOf(word));
      if (!vector) throw new Error(`no vector for ${word}`);
      return vector;
    };
    expect(cosine(of("farmer"), of("grower"))).toBeGreaterThan(cosine(of("farmer"), of("accountant")));
    expect(cosine(of("pianist"), of("musician"))).toBeGreaterThan(cosine(of("pianist"), of("plumber")));
    expect(cosine(of("nurse"), of("patients"))).toBeGreaterThan(cosine(of("nurse"), of("bricks")));
  });
});
