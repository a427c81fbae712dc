import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createCoder,
  loadClassificationData,
  parseCsvRecords,
  type CoderResult,
  type OccupationCoder,
} from "../../src/coder";

let coder: OccupationCoder;

beforeAll(() => {
  coder = createCoder(loadClassificationData());
});

const assigned = (result: CoderResult): string | undefined =>
  result.status === "successful" ? result.candidates[0]?.code : undefined;

describe("colloquial titles and abbreviations (from the synonym table)", () => {
  it("codes 'brickie' to 371131 Bricklayer", () => {
    const result = coder.code({ occp_text: "brickie" });
    expect(result.status).toBe("successful");
    expect(result.candidates[0]).toMatchObject({ code: "371131", title: "Bricklayer" });
  });

  it("codes 'RN' to a registered nurse code", () => {
    expect(assigned(coder.code({ occp_text: "RN" }))).toMatch(/^2654/);
  });

  it.each([
    ["sparky", /^3812/],
    ["sparkie", /^3812/],
    ["chippy", /^3721/],
    ["truckie", /^713/],
    ["posty", /^712232$/],
    ["GP", /^264231$/],
    ["HR manager", /^111331$/],
    ["ambo", /^2694/],
  ])("codes '%s' to the occupation it stands for", (text, expected) => {
    expect(assigned(coder.code({ occp_text: text }))).toMatch(expected);
  });
});

describe("declining non-occupations and noise", () => {
  it.each([
    "retired",
    "Retired.",
    "student",
    "N/A",
    "n/a",
    "asdf",
    "",
    "   ",
    "unemployed",
    "home duties",
    "none",
    "pensioner",
    "volunteer",
    "qwzxv blorp",
  ])("declines %j with no candidates", (text) => {
    expect(coder.code({ occp_text: text })).toEqual({ status: "unsuccessful", candidates: [] });
  });

  it("declines 'retired' even when task text is given", () => {
    expect(coder.code({ occp_text: "retired", tasks_text: "used to lay bricks" }).status).toBe("unsuccessful");
  });
});

describe("robustness to how a title is typed", () => {
  it.each([
    ["electrcian", /^3812/],
    ["acountant", /^2111/],
    ["registerd nurse", /^2654/],
    ["registred nurse", /^2654/],
    ["acctor", /^231131$/],
    ["bookeeper", /^542131$/],
    ["truck drvier", /^7132?/],
  ])("tolerates the typo %j", (text, expected) => {
    expect(assigned(coder.code({ occp_text: text }))).toMatch(expected);
  });

  it("codes an apprentice to the trade: '3rd Year Apprentice Carpenter' is a carpenter", () => {
    expect(assigned(coder.code({ occp_text: "3rd Year Apprentice Carpenter" }))).toBe("372132");
  });

  it("reads 'manger' as manager: a common slip, but a word, so the synonym table repairs it", () => {
    expect(coder.code({ occp_text: "store manger" }).candidates[0]?.code).toBe("162131");
  });

  it("ignores case, punctuation and word order", () => {
    const plain = coder.code({ occp_text: "software engineer" });
    expect(assigned(plain)).toBe("273333");
    expect(coder.code({ occp_text: "SOFTWARE ENGINEER!!" })).toEqual(plain);
    expect(assigned(coder.code({ occp_text: "Engineer, Software" }))).toBe("273333");
  });

  it("folds plurals ('Bus Drivers', 'Registered Nurses')", () => {
    expect(assigned(coder.code({ occp_text: "Bus Drivers" }))).toBe("711231");
    expect(assigned(coder.code({ occp_text: "Registered Nurses" }))).toMatch(/^2654/);
  });

  it("joins and splits compounds ('book keeper', 'forkliftdriver')", () => {
    expect(assigned(coder.code({ occp_text: "book keeper" }))).toBe("542131");
    expect(assigned(coder.code({ occp_text: "forkliftdriver" }))).toBe("741331");
  });

  it("codes an exact principal title with high confidence", () => {
    const result = coder.code({ occp_text: "Primary School Teacher" });
    expect(result.candidates[0]).toMatchObject({ code: "251231", title: "Primary School Teacher" });
    expect(result.candidates[0].confidence).toBeGreaterThan(0.9);
  });

  it("uses task text to choose between readings of a title", () => {
    const withTasks = coder.code({
      occp_text: "nurse",
      tasks_text: "assists dentists during examination and treatment of patients, sterilises dental instruments",
    });
    expect(withTasks.candidates[0].code).toBe("442331"); // Dental Assistant (alternative title Dental Nurse)
  });

  it("suggests codes from task text alone without claiming success", () => {
    const result = coder.code({ occp_text: "", tasks_text: "lays bricks and blocks to construct walls" });
    expect(result.status).toBe("unsuccessful");
    expect(result.candidates[0]?.code).toBe("371131");
  });
});

describe("backing off up the hierarchy", () => {
  it("backs off to the unit group when occupations in it are equally likely", () => {
    // Four Registered Nurse occupations (2654xx) match "registered nurse" about equally well.
    const result = coder.code({ occp_text: "registered nurse" });
    expect(result.status).toBe("successful");
    expect(result.candidates[0]).toMatchObject({ code: "2654", title: "Registered Nurses" });
    expect(result.candidates.slice(1).every((c) => c.code.startsWith("2654"))).toBe(true);
  });

  it("backs off further when the close candidates are in different unit groups", () => {
    // "driver": truck, train and bus drivers are in different unit groups of sub-major group 71.
    const result = coder.code({ occp_text: "driver" });
    expect(result.status).toBe("successful");
    expect(result.candidates[0].code).toHaveLength(2);
    expect(result.candidates[0].code).toBe("71");
  });
});

describe("ANZSCO 2022 titles coded to OSCA through the correspondence", () => {
  it("codes an ANZSCO title that OSCA words differently", () => {
    // ANZSCO 731311 Train Driver splits into OSCA 711331 Freight and 711332 Passenger Train Driver.
    const result = coder.code({ occp_text: "train driver" });
    expect(result.candidates[0].code).toBe("7113");
    expect(
      result.candidates
        .slice(1, 3)
        .map((c) => c.code)
        .sort(),
    ).toEqual(["711331", "711332"]);
  });

  it("ranks a split ANZSCO occupation's links by the words their OSCA titles share with it", () => {
    // ANZSCO 111212 Defence Force Senior Officer links to 121232 (same title) and 149231.
    expect(coder.code({ occp_text: "Defence Force Senior Officer" }).candidates[0].code).toBe("121232");
  });
});

describe("index titles read through the synonym table", () => {
  it("still matches a title whose word the table rewrites ('doctor' -> medical practitioner)", () => {
    // ANZSCO 323315 Saw Doctor is OSCA 332336; the query side reads "saw medical practitioner".
    expect(coder.code({ occp_text: "Saw Doctor" }).candidates[0].code).toBe("332336");
  });
});

describe("the ANZSCO 2022 classification", () => {
  it("ANZSCO classification returns ANZSCO codes", () => {
    expect(coder.code({ occp_text: "brickie" }, { classification: "anzsco" }).candidates[0]).toMatchObject({
      code: "331111",
      title: "Bricklayer",
    });
    expect(assigned(coder.code({ occp_text: "Ambulance Officer" }, { classification: "anzsco" }))).toBe("411111");
    expect(assigned(coder.code({ occp_text: "registered nurse" }, { classification: "anzsco" }))).toMatch(/^2544/);
  });

  it("carries OSCA's alternative titles over the correspondence", () => {
    // "Vigneron" is an OSCA alternative title of 151237 Wine Grape Grower; ANZSCO calls it 121617.
    expect(assigned(coder.code({ occp_text: "vigneron" }, { classification: "anzsco" }))).toBe("121617");
  });
});

describe("title()", () => {
  it("title() answers at every level", () => {
    expect(coder.title("2")).toBe("Professionals");
    expect(coder.title("26")).toBeDefined();
    expect(coder.title("265")).toBeDefined();
    expect(coder.title("2654")).toBe("Registered Nurses");
    expect(coder.title("371131")).toBe("Bricklayer");
    expect(coder.title("3311", "anzsco")).toBe("Bricklayers and Stonemasons");
    expect(coder.title("331111", "anzsco")).toBe("Bricklayer");
  });

  it("answers undefined for codes that do not exist", () => {
    expect(coder.title("999999")).toBeUndefined();
    expect(coder.title("")).toBeUndefined();
    expect(coder.title("331111")).toBeUndefined(); // an ANZSCO code, not an OSCA one
  });
});

describe("the result contract", () => {
  const samples = parseCsvRecords(readFileSync(join(__dirname, "../fixtures/sample-jobs.csv"), "utf8")).slice(0, 200);

  it("keeps confidences in [0, 1] and codes of 1 to 6 digits that exist", () => {
    for (const row of samples) {
      for (const classification of ["osca", "anzsco"] as const) {
        const result = coder.code(
          { occp_text: row.occp_text, tasks_text: row.tasks_text },
          { classification, maxCandidates: 16 },
        );
        for (const candidate of result.candidates) {
          expect(candidate.confidence).toBeGreaterThanOrEqual(0);
          expect(candidate.confidence).toBeLessThanOrEqual(1);
          expect(candidate.code).toMatch(/^\d{1,6}$/);
          expect(candidate.title).toBe(coder.title(candidate.code, classification));
        }
      }
    }
  });

  it("respects maxCandidates (default 3, at most 16)", () => {
    const input = { occp_text: "teacher" };
    expect(coder.code(input).candidates.length).toBeLessThanOrEqual(3);
    expect(coder.code(input, { maxCandidates: 1 }).candidates).toHaveLength(1);
    expect(coder.code(input, { maxCandidates: 5 }).candidates).toHaveLength(5);
    expect(coder.code(input, { maxCandidates: 100 }).candidates.length).toBeLessThanOrEqual(16);
    expect(coder.code(input, { maxCandidates: 100 }).candidates.length).toBeGreaterThan(5);
  });

  it("gives deterministic output, also from a second coder", () => {
    const second = createCoder(loadClassificationData());
    for (const row of samples.slice(0, 50)) {
      const input = { occp_text: row.occp_text, tasks_text: row.tasks_text };
      const first = coder.code(input, { maxCandidates: 8 });
      expect(coder.code(input, { maxCandidates: 8 })).toEqual(first);
      expect(second.code(input, { maxCandidates: 8 })).toEqual(first);
    }
  });

  it("lists no code twice", () => {
    const codes = coder.code({ occp_text: "manager" }, { maxCandidates: 16 }).candidates.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
