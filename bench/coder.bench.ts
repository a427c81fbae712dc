/**
 * Benchmark of the local occupation coder: speed, build time, memory and coding quality, each
 * against its target. Prints a table and exits non-zero when a target fails.
 *
 *   npm run bench:coder            (add --json for machine-readable figures)
 *
 * Quality sets:
 *  - leave-one-out: every OSCA alternative title and specialisation, coded with that entry (and
 *    any identical title of the same occupation, and any ANZSCO title reading the same) left out
 *    of the index and its vocabulary;
 *  - ANZSCO 2022 occupation titles coded to OSCA, right when the top candidate is one of the OSCA
 *    codes the ABS correspondence links it to: once with the index as shipped (which carries the
 *    ANZSCO titles over the correspondence), and once with each title's own entries left out;
 *  - every OSCA principal title with one typing slip (bench/typos.ts), expected its own code;
 *  - test/fixtures/sample-jobs.csv: ANZSCO title + one ASC specialist task, expected OSCA codes.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import {
  DEFAULT_DATA_DIR,
  createLeaveOneOutCoder,
  loadClassificationData,
  parseCsvRecords,
  type CoderInput,
  type CoderResult,
  type LeaveOneOutCoder,
} from "../src/coder";
import { misspell } from "./typos";

interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: { op: ">=" | "<"; value: number };
  note?: string;
}

interface LabelledCase {
  input: CoderInput;
  /** The ANZSCO 2022 code the input is the title of, for ANZSCO-title cases. */
  anzscoCode?: string;
  /** Acceptable 6-digit codes. */
  expected: string[];
}

const ROOT = join(__dirname, "..");
const MAX_CANDIDATES = 16;

/** Quality of one result against acceptable 6-digit codes. */
function judge(result: CoderResult, expected: readonly string[]) {
  const top = result.candidates[0]?.code ?? "";
  const bestOccupation = result.candidates.find((c) => c.code.length === 6)?.code ?? "";
  return {
    topExact: expected.includes(top),
    topUnitGroup: top.length >= 4 && expected.some((code) => code.startsWith(top.slice(0, 4))),
    bestOccupationExact: expected.includes(bestOccupation),
    bestOccupationUnitGroup:
      bestOccupation !== "" && expected.some((code) => code.slice(0, 4) === bestOccupation.slice(0, 4)),
    successful: result.status === "successful",
    /** Right at the level it claims: the assigned code is the expected code or one of its groups. */
    rightAtClaimedLevel: top !== "" && expected.some((code) => code.startsWith(top)),
    level: top.length,
  };
}

type Judgement = ReturnType<typeof judge>;

function summarise(judgements: readonly Judgement[]) {
  const share = (predicate: (j: Judgement) => boolean, of = judgements): number =>
    of.length === 0 ? 0 : of.filter(predicate).length / of.length;
  const successful = judgements.filter((j) => j.successful);
  const levels: Record<number, number> = {};
  for (const j of successful) levels[j.level] = (levels[j.level] ?? 0) + 1;
  return {
    count: judgements.length,
    topExact: share((j) => j.topExact),
    topUnitGroup: share((j) => j.topUnitGroup),
    bestOccupationExact: share((j) => j.bestOccupationExact),
    bestOccupationUnitGroup: share((j) => j.bestOccupationUnitGroup),
    autoCodingRate: share((j) => j.successful),
    successfulPrecision: share((j) => j.rightAtClaimedLevel, successful),
    levels,
  };
}

function leaveOneOutCases(coder: LeaveOneOutCoder, data: ReturnType<typeof loadClassificationData>) {
  const entries = data.oscaTitleIndex.filter(
    (entry) => entry.category === "Alternative Title" || entry.category === "Specialisation",
  );
  return entries.map((entry) =>
    judge(coder.codeWithout(entry, { occp_text: entry.title }, { maxCandidates: MAX_CANDIDATES }), [entry.code]),
  );
}

function anzscoTitleCases(data: ReturnType<typeof loadClassificationData>): LabelledCase[] {
  const oscaCodesOf = new Map<string, string[]>();
  for (const link of data.correspondence) {
    oscaCodesOf.set(link.anzscoCode, [...(oscaCodesOf.get(link.anzscoCode) ?? []), link.oscaCode]);
  }
  return data.anzscoStructure
    .filter((node) => node.code.length === 6)
    .map((node) => ({
      input: { occp_text: node.title },
      anzscoCode: node.code,
      expected: oscaCodesOf.get(node.code) ?? [],
    }));
}

/** Every OSCA principal title with one typing slip in its longest word (see bench/typos.ts). */
function misspeltTitleCases(data: ReturnType<typeof loadClassificationData>): LabelledCase[] {
  return data.oscaTitleIndex
    .filter((entry) => entry.category === "Principal Title")
    .flatMap((entry, seed) => {
      const typed = misspell(entry.title, seed);
      return typed === undefined ? [] : [{ input: { occp_text: typed }, expected: [entry.code] }];
    });
}

function sampleJobCases(): LabelledCase[] {
  const rows = parseCsvRecords(readFileSync(join(ROOT, "test/fixtures/sample-jobs.csv"), "utf8"));
  return rows.map((row) => ({
    input: { occp_text: row.occp_text, tasks_text: row.tasks_text },
    expected: row.expected_osca_codes.split("|"),
  }));
}

/**
 * Resident memory of a plain Node process that builds the coder and codes the sample jobs:
 * bench/coder-memory.ts, bundled by esbuild, so neither tsx nor this script's own data count.
 */
function coderProcessMemory(): NodeJS.MemoryUsage {
  const dir = mkdtempSync(join(os.tmpdir(), "coder-memory-"));
  try {
    const bundle = join(dir, "coder-memory.js");
    buildSync({ entryPoints: [join(__dirname, "coder-memory.ts")], bundle: true, platform: "node", outfile: bundle });
    const child = spawnSync(
      process.execPath,
      ["--expose-gc", bundle, DEFAULT_DATA_DIR, join(ROOT, "test/fixtures/sample-jobs.csv")],
      { encoding: "utf8" },
    );
    if (child.status !== 0) throw new Error(`coder-memory failed: ${child.stderr}`);
    return JSON.parse(child.stdout) as NodeJS.MemoryUsage;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function percent(value: number): number {
  return Math.round(value * 1000) / 10;
}

function passes(figure: Figure): boolean | undefined {
  if (!figure.target) return undefined;
  return figure.target.op === ">=" ? figure.value >= figure.target.value : figure.value < figure.target.value;
}

function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((f) => {
    const verdict = passes(f);
    return [
      f.name,
      `${f.value}${f.unit}`,
      f.target ? `${f.target.op} ${f.target.value}${f.unit}` : "",
      verdict === undefined ? "info" : verdict ? "PASS" : "FAIL",
      f.note ?? "",
    ];
  });
  const header = ["figure", "value", "target", "result", "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

function main(): void {
  const loadStart = performance.now();
  const data = loadClassificationData();
  const buildStart = performance.now();
  const buildCpuStart = process.cpuUsage();
  const coder = createLeaveOneOutCoder(data);
  const buildEnd = performance.now();
  const buildCpu = process.cpuUsage(buildCpuStart);

  // Speed: title + tasks of every sample job, repeated; one warm-up pass first (JIT).
  const samples = sampleJobCases();
  const passesOverSamples = 10;
  for (const sample of samples) coder.code(sample.input);
  const speedStart = performance.now();
  const cpuStart = process.cpuUsage();
  for (let pass = 0; pass < passesOverSamples; pass++) {
    for (const sample of samples) coder.code(sample.input);
  }
  const cpu = process.cpuUsage(cpuStart);
  const records = samples.length * passesOverSamples;
  const recordsPerSecond = records / ((performance.now() - speedStart) / 1000);
  // CPU time is this process's work alone; wall time also counts waiting for a busy machine.
  const recordsPerCpuSecond = records / ((cpu.user + cpu.system) / 1e6);

  const leaveOneOut = summarise(leaveOneOutCases(coder, data));
  const anzscoCases = anzscoTitleCases(data);
  const anzsco = summarise(
    anzscoCases.map((c) => judge(coder.code(c.input, { maxCandidates: MAX_CANDIDATES }), c.expected)),
  );
  // The same titles with their own ANZSCO entries left out: how far the OSCA index alone gets.
  const anzscoLeftOut = summarise(
    anzscoCases.map((c) =>
      judge(coder.codeWithoutAnzscoTitle(c.anzscoCode ?? "", c.input, { maxCandidates: MAX_CANDIDATES }), c.expected),
    ),
  );
  const misspelt = summarise(
    misspeltTitleCases(data).map((c) => judge(coder.code(c.input, { maxCandidates: MAX_CANDIDATES }), c.expected)),
  );
  const sampleJobs = summarise(
    samples.map((c) => judge(coder.code(c.input, { maxCandidates: MAX_CANDIDATES }), c.expected)),
  );
  const rssMegabytes = process.memoryUsage().rss / 2 ** 20;
  const coderMemory = coderProcessMemory();

  const levels = (levelCounts: Record<number, number>): string =>
    "assigned at " +
    Object.entries(levelCounts)
      .map(([level, n]) => `${level}d:${n}`)
      .join(" ");
  const figures: Figure[] = [
    {
      name: "speed (sample jobs, title + tasks)",
      value: Math.round(recordsPerCpuSecond),
      unit: " rec/s",
      target: { op: ">=", value: 5000 },
      note: "per CPU second, one core",
    },
    {
      name: "speed, wall clock",
      value: Math.round(recordsPerSecond),
      unit: " rec/s",
      note: `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    },
    {
      name: "index build (createCoder)",
      value: Math.round(buildEnd - buildStart),
      unit: " ms",
      target: { op: "<", value: 1000 },
      note: `wall clock; ${Math.round((buildCpu.user + buildCpu.system) / 1000)} ms CPU; OSCA + ANZSCO`,
    },
    { name: "data load (CSV parse)", value: Math.round(buildStart - loadStart), unit: " ms" },
    {
      name: "resident memory, coder process",
      value: Math.round(coderMemory.rss / 2 ** 20),
      unit: " MB",
      target: { op: "<", value: 150 },
      note: `plain node, after build + 3 passes over the sample jobs; heap ${Math.round(coderMemory.heapUsed / 2 ** 20)} MB`,
    },
    {
      name: "resident memory, this bench under tsx",
      value: Math.round(rssMegabytes),
      unit: " MB",
      note: "informational: adds tsx's loader and the bench's own data and results",
    },
    {
      name: "LOO top-1 exact 6-digit",
      value: percent(leaveOneOut.topExact),
      unit: "%",
      target: { op: ">=", value: 50 },
      note: `${leaveOneOut.count} alternative titles + specialisations`,
    },
    {
      name: "LOO top-1 correct at 4 digits",
      value: percent(leaveOneOut.topUnitGroup),
      unit: "%",
      target: { op: ">=", value: 70 },
    },
    {
      name: "LOO best 6-digit candidate exact",
      value: percent(leaveOneOut.bestOccupationExact),
      unit: "%",
      note: "first 6-digit code in the list, even when backed off",
    },
    { name: "LOO best 6-digit candidate, 4 digits", value: percent(leaveOneOut.bestOccupationUnitGroup), unit: "%" },
    {
      name: "LOO successful precision",
      value: percent(leaveOneOut.successfulPrecision),
      unit: "%",
      target: { op: ">=", value: 90 },
      note: "right at the level claimed",
    },
    {
      name: "LOO auto-coding rate",
      value: percent(leaveOneOut.autoCodingRate),
      unit: "%",
      note: levels(leaveOneOut.levels),
    },
    {
      name: "ANZSCO titles -> OSCA top-1",
      value: percent(anzsco.topExact),
      unit: "%",
      target: { op: ">=", value: 95 },
      note: `${anzsco.count} titles; top-1 in the correspondence's OSCA codes`,
    },
    { name: "ANZSCO titles -> OSCA best 6-digit", value: percent(anzsco.bestOccupationExact), unit: "%" },
    {
      name: "ANZSCO titles -> OSCA top-1, title left out",
      value: percent(anzscoLeftOut.topExact),
      unit: "%",
      note: `informational: each ANZSCO title's own index entries removed; 4 digits ${percent(anzscoLeftOut.topUnitGroup)}%`,
    },
    {
      name: "ANZSCO titles successful precision",
      value: percent(anzsco.successfulPrecision),
      unit: "%",
      note: `auto-coding ${percent(anzsco.autoCodingRate)}%`,
    },
    {
      name: "misspelt principal titles top-1 exact",
      value: percent(misspelt.topExact),
      unit: "%",
      note: `${misspelt.count} titles, one slip each; 4 digits ${percent(misspelt.topUnitGroup)}%`,
    },
    {
      name: "misspelt principal titles successful precision",
      value: percent(misspelt.successfulPrecision),
      unit: "%",
      note: `auto-coding ${percent(misspelt.autoCodingRate)}%`,
    },
    {
      name: "sample jobs top-1 exact 6-digit",
      value: percent(sampleJobs.topExact),
      unit: "%",
      note: `${sampleJobs.count} rows, title + tasks`,
    },
    { name: "sample jobs top-1 correct at 4 digits", value: percent(sampleJobs.topUnitGroup), unit: "%" },
    {
      name: "sample jobs successful precision",
      value: percent(sampleJobs.successfulPrecision),
      unit: "%",
      target: { op: ">=", value: 90 },
      note: "right at the level claimed",
    },
    {
      name: "sample jobs auto-coding rate",
      value: percent(sampleJobs.autoCodingRate),
      unit: "%",
      note: levels(sampleJobs.levels),
    },
  ];

  if (process.argv.includes("--json")) console.log(JSON.stringify(figures, null, 2));
  else printTable(figures);
  const failed = figures.filter((f) => passes(f) === false);
  if (failed.length > 0) {
    console.error(`\n${failed.length} target(s) failed: ${failed.map((f) => f.name).join("; ")}`);
    process.exitCode = 1;
  } else {
    console.log("\nall targets met");
  }
}

main();
