import { createCoder, type ClassificationData, type StructureNode, type TitleIndexEntry } from "../../src/coder";
import { decide } from "../../src/coder/backoff";
import { Hierarchy } from "../../src/coder/hierarchy";

/** A two-unit toy classification, so ties are exact and the back-off rule is seen alone. */
function toyData(): ClassificationData {
  const nodes: StructureNode[] = [
    { code: "9", title: "Makers", parentCode: "" },
    { code: "91", title: "Widget and Gadget Makers", parentCode: "9" },
    { code: "911", title: "Widget and Gadget Makers", parentCode: "91" },
    { code: "9111", title: "Widget Fabricators", parentCode: "911" },
    { code: "911131", title: "Alpha Widget Maker", parentCode: "9111" },
    { code: "911132", title: "Beta Widget Maker", parentCode: "9111" },
    { code: "9112", title: "Gadget Fabricators", parentCode: "911" },
    { code: "911231", title: "Gadget Maker", parentCode: "9112" },
  ];
  const titles: TitleIndexEntry[] = [
    { code: "911131", title: "Alpha Widget Maker", category: "Principal Title" },
    { code: "911132", title: "Beta Widget Maker", category: "Principal Title" },
    { code: "911231", title: "Gadget Maker", category: "Principal Title" },
    // The same alternative title under two occupations of one unit group: a perfect tie.
    { code: "911131", title: "Widget Maker", category: "Alternative Title" },
    { code: "911132", title: "Widget Maker", category: "Alternative Title" },
  ];
  return {
    oscaStructure: nodes,
    anzscoStructure: nodes,
    oscaTitleIndex: titles,
    oscaMainTasks: [],
    oscaLeadStatements: [],
    correspondence: ["911131", "911132", "911231"].map((code) => ({
      anzscoCode: code,
      oscaCode: code,
      partial: false,
    })),
    synonyms: [],
    nonOccupations: ["retired"],
  };
}

describe("back-off on a toy classification", () => {
  const coder = createCoder(toyData());

  it("backs off to the unit group when two occupations in it tie", () => {
    const result = coder.code({ occp_text: "widget maker" });
    expect(result.status).toBe("successful");
    expect(result.candidates[0]).toMatchObject({ code: "9111", title: "Widget Fabricators" });
    expect(result.candidates.slice(1).map((c) => c.code)).toEqual(["911131", "911132"]);
    expect(result.candidates[1].confidence).toBeCloseTo(result.candidates[2].confidence, 10);
  });

  it("assigns the occupation when one title matches exactly", () => {
    const result = coder.code({ occp_text: "Beta Widget Maker" });
    expect(result.candidates[0].code).toBe("911132");
    expect(result.status).toBe("successful");
  });

  it("gives a group at least the confidence of any one of its occupations", () => {
    const result = coder.code({ occp_text: "widget maker" });
    expect(result.candidates[0].confidence).toBeGreaterThanOrEqual(result.candidates[1].confidence);
  });
});

describe("the shortest code assigned", () => {
  // Two occupations in different sub-major groups of major group 9.
  const hierarchy = new Hierarchy(
    ["9", "91", "911", "9111", "911131", "92", "921", "9211", "921131"].map((code) => ({
      code,
      title: `T${code}`,
      parentCode: code.length === 1 ? "" : code.length === 6 ? code.slice(0, 4) : code.slice(0, code.length - 1),
    })),
  );
  const tie = [
    { code: "911131", score: 3 },
    { code: "921131", score: 3 },
  ];
  const parameters = { temperature: 0.2, noMatchScore: 0, assignThreshold: 0.8 };

  it("backs off as far as the major group only when allowed to", () => {
    expect(decide(tie, hierarchy, 3, { ...parameters, minimumAssignLevel: 1 }).candidates[0].code).toBe("9");
  });

  it("leaves a tie across sub-major groups unsuccessful, occupations first, at the default level", () => {
    const result = decide(tie, hierarchy, 3, { ...parameters, minimumAssignLevel: 2 });
    expect(result.status).toBe("unsuccessful");
    expect(result.candidates.map((c) => c.code)).toEqual(["911131", "921131"]);
  });
});
