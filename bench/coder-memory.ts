/**
 * The memory figure's own process: builds the coder, codes the sample jobs and prints
 * process.memoryUsage() as JSON. coder.bench.ts bundles this with esbuild and runs it with plain
 * `node`, so the figure is the coder's, not the TypeScript loader's (tsx alone takes ~45 MB).
 *
 *   node --expose-gc <bundle> <coder data dir> <sample-jobs.csv>
 */
import { readFileSync } from "node:fs";
import { createCoder, loadClassificationData, parseCsvRecords } from "../src/coder";

const [dataDir, sampleJobsCsv] = process.argv.slice(2);
const coder = createCoder(loadClassificationData(dataDir));
const inputs = parseCsvRecords(readFileSync(sampleJobsCsv, "utf8")).map((row) => ({
  occp_text: row.occp_text,
  tasks_text: row.tasks_text,
}));
for (let pass = 0; pass < 3; pass++) for (const input of inputs) coder.code(input);
// Garbage the runs left is not memory the coder needs.
(globalThis as { gc?: () => void }).gc?.();
console.log(JSON.stringify(process.memoryUsage()));
