import { createLeaveOneOutCoder, loadClassificationData, type TitleIndexEntry } from "../../src/coder";
import { CALIBRATION } from "../../src/coder/calibration";
import { CandidateReranker } from "../../src/coder/rerank";
import { SemanticProfiles } from "../../src/coder/semantic-profiles";
import { UnitGroupModel, titleFeatures } from "../../src/coder/unit-group-model";
import { WORD_VECTOR_DIMENSIONS, WordVectors, encodeVector } from "../../src/coder/word-vectors";

const axis = (dimension: number): number[] =>
  Array.from({ length: WORD_VECTOR_DIMENSIONS }, (_, d) => (d === dimension ? 1 : 0));
const tokens = (...list: string[]) => list.map((token) => ({ token, weight: 1 }));

/** Runs a check with one calibration constant changed, and puts it back. */
function withCalibration(key: keyof typeof CALIBRATION, value: number, check: () => void): void {
  const constants = CALIBRATION as Record<keyof typeof CALIBRATION, number>;
  const saved = constants[key];
  try {
    constants[key] = value;
    check();
  } finally {
    constants[key] = saved;
  }
}

describe("UnitGroupModel", () => {
  const titles = [
    { unitGroup: 0, terms: ["turf", "grow"] },
    { unitGroup: 0, terms: ["veget", "grow"] },
    { unitGroup: 1, terms: ["dairi", "farm"] },
    { unitGroup: 1, terms: ["cattl", "farm"] },
  ];
  const model = new UnitGroupModel({ unitGroupCount: 2, titles, tasks: [{ unitGroup: 1, terms: ["milk"] }] });

  it("takes a title's words and adjacent pairs as features", () => {
    expect(titleFeatures(["dental", "assist"])).toEqual(["dental", "assist", "dental assist"]);
    expect(titleFeatures([])).toEqual([]);
  });

  it("finds a title's words likelier in the unit group whose titles use them", () => {
    expect(model.logLikelihood(["cattl"], 1)).toBeGreaterThan(model.logLikelihood(["cattl"], 0));
    expect(model.logLikelihood(["turf", "grow"], 0)).toBeGreaterThan(model.logLikelihood(["turf", "grow"], 1));
    // A task word is evidence too, if weaker than a title word.
    expect(model.logLikelihood(["milk"], 1)).toBeGreaterThan(model.logLikelihood(["milk"], 0));
    expect(model.logLikelihood(["milk"], 1)).toBeLessThan(model.logLikelihood(["dairi"], 1));
  });

  it("with a title left out, scores as a model built without that title", () => {
    const leftOut = { unitGroup: 1, terms: ["cattl", "farm"] };
    const without = new UnitGroupModel({
      unitGroupCount: 2,
      titles: titles.filter((title) => title.terms !== titles[3].terms),
      tasks: [{ unitGroup: 1, terms: ["milk"] }],
    });
    const query = titleFeatures(["cattl", "farm"]);
    const leftOutTitles = [{ unitGroup: leftOut.unitGroup, features: titleFeatures(leftOut.terms) }];
    // The vocabulary size (smoothing) still counts the left-out title's features: negligible.
    for (const unitGroup of [0, 1]) {
      expect(model.logLikelihood(query, unitGroup, leftOutTitles)).toBeCloseTo(
        without.logLikelihood(query, unitGroup),
        1,
      );
    }
    expect(model.logLikelihood(query, 1, leftOutTitles)).toBeLessThan(model.logLikelihood(query, 1));
  });
});

describe("SemanticProfiles", () => {
  const vectors = new WordVectors(
    ["token,vector", `a,${encodeVector(axis(0))}`, `b,${encodeVector(axis(1))}`, `c,${encodeVector(axis(2))}`].join(
      "\n",
    ),
  );
  // Unit group 1111 (id 0) with occupations 111111 (id 1) and 111112 (id 2).
  const profiles = new SemanticProfiles(vectors, {
    codes: ["1111", "111111", "111112"],
    unitGroupOf: Int32Array.from([0, 0, 0]),
    tasks: [
      { code: 1, terms: ["b"] },
      { code: 2, terms: ["c"] },
    ],
    titles: [
      { code: 1, terms: ["a"] },
      { code: 1, terms: ["b"] },
    ],
    taskTermWeight: () => 1,
    titleTermWeight: () => 1,
  });

  it("compares the title's vector with a code's tasks, its unit group's tasks and its titles", () => {
    expect(profiles.setQuery(tokens("b"))).toBe(true);
    expect(profiles.profileSimilarity(1)).toBeCloseTo(1, 2);
    expect(profiles.profileSimilarity(2)).toBeCloseTo(0, 2);
    // The unit group pools "b" and "c": cos 45 degrees.
    expect(profiles.unitGroupSimilarity(2)).toBeCloseTo(Math.SQRT1_2, 2);
    expect(profiles.titleSimilarity(1)).toBeCloseTo(1, 2);
  });

  it("skips a left-out title and answers 0 for a query no vector knows", () => {
    profiles.setQuery(tokens("a"));
    expect(profiles.titleSimilarity(1)).toBeCloseTo(1, 2);
    expect(profiles.titleSimilarity(1, new Set([0]))).toBeCloseTo(0, 2);
    expect(profiles.setQuery(tokens("zzz"))).toBe(false);
    expect(profiles.profileSimilarity(1)).toBe(0);
  });
});

describe("CandidateReranker", () => {
  // Minor group 111 (id 0), unit groups 1111 (1) and 1112 (2), occupations 111111 (3), 111211 (4).
  const reranker = new CandidateReranker({
    codes: ["111", "1111", "1112", "111111", "111211"],
    titles: [
      { code: 3, terms: ["cattl", "farm"] },
      { code: 4, terms: ["turf", "grow"] },
    ],
    tasks: [],
    titleTermWeight: () => 1,
    taskTermWeight: () => 1,
  });

  it("lowers every candidate but the likeliest, by at most its floor, and never raises one", () => {
    reranker.setQuery(tokens("turf"), [], []);
    const scores = Float64Array.from([1, 1, 1, 1, 1]);
    reranker.adjust([0, 3, 4], scores, undefined);
    const floor = CALIBRATION.unitGroupModelWeight * CALIBRATION.unitGroupModelFloor;
    expect(scores[4]).toBe(1);
    expect(scores[3]).toBeLessThan(1);
    expect(scores[3]).toBeGreaterThanOrEqual(1 - floor);
    // A minor group has no unit group to be judged by: it gets the floor.
    expect(scores[0]).toBeCloseTo(1 - floor, 10);
    // Not a candidate: untouched.
    expect([scores[1], scores[2]]).toEqual([1, 1]);
  });

  it("keeps the unit-group model out when the job has task text (the engine weighs the tasks)", () => {
    reranker.setQuery(tokens("turf"), [], tokens("cattl"));
    const scores = Float64Array.from([1, 1, 1, 1, 1]);
    reranker.adjust([0, 3, 4], scores, undefined);
    expect([...scores]).toEqual([1, 1, 1, 1, 1]);
  });

  it("lowers candidates outside the major groups whose titles share the query's head noun", () => {
    // Major groups 1 (managers) and 8 (labourers). Task text keeps the unit-group model out and
    // there are no word vectors, so only the head noun speaks.
    const byHead = new CandidateReranker({
      codes: ["1111", "8411", "111111", "841111"],
      titles: [
        { code: 2, terms: ["farm", "manag"], head: "^manag" },
        { code: 3, terms: ["farm", "worker"], head: "^worker" },
      ],
      tasks: [],
      titleTermWeight: () => 1,
      taskTermWeight: () => 1,
    });
    byHead.setQuery(tokens("farm"), [], tokens("harvest"), "^manag");
    const scores = Float64Array.from([1, 1, 1, 1]);
    byHead.adjust([2, 3], scores, undefined);
    expect(scores[2]).toBe(1);
    expect(scores[3]).toBeLessThan(1);
    // The same titles without the head noun: nothing to tell them apart.
    byHead.setQuery(tokens("farm"), [], tokens("harvest"));
    const unmoved = Float64Array.from([1, 1, 1, 1]);
    byHead.adjust([2, 3], unmoved, undefined);
    expect([...unmoved]).toEqual([1, 1, 1, 1]);
  });
});

describe("reranking, leave-one-out over the real classification", () => {
  const data = loadClassificationData();
  const coder = createLeaveOneOutCoder(data);
  const withoutVectors = createLeaveOneOutCoder({ ...data, wordVectors: undefined });
  const entry = (title: string): TitleIndexEntry => {
    const found = data.oscaTitleIndex.find((e) => e.title === title);
    if (!found) throw new Error(`no index entry "${title}"`);
    return found;
  };
  const topCode = (c: typeof coder, title: string): string | undefined =>
    c.codeWithout(entry(title), { occp_text: title }).candidates[0]?.code;

  it.each([
    ["Pianist", "231633"],
    ["Orchestra Conductor", "231632"],
    ["Playwright", "231231"],
  ])("word vectors find %s (%s), which shares no telling word with its occupation's other titles", (title, code) => {
    expect(entry(title).code).toBe(code);
    expect(topCode(coder, title)).toBe(code);
    expect(topCode(withoutVectors, title)).not.toBe(code);
  });

  it.each([
    ["Information Security Analyst", "271133"],
    ["Monk", "232231"],
  ])("the unit-group model finds %s (%s)", (title, code) => {
    expect(topCode(coder, title)).toBe(code);
    withCalibration("unitGroupModelWeight", 0, () => expect(topCode(coder, title)).not.toBe(code));
  });

  it.each([
    ["Fruit Farm Manager", "151232"],
    ["Clothing Store Manager", "162131"],
    ["Canteen Manager", "161231"],
  ])("the head noun's major group finds %s (%s), not a worker's occupation", (title, code) => {
    expect(topCode(coder, title)).toBe(code);
    withCalibration("headRoleWeight", 0, () => expect(topCode(coder, title)).not.toBe(code));
  });
});
