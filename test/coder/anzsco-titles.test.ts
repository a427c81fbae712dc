import { anzscoTitleDocuments } from "../../src/coder/anzsco-titles";
import { createLeaveOneOutCoder, loadClassificationData, type ClassificationData } from "../../src/coder";
import type { CorrespondenceLink, StructureNode } from "../../src/coder/types";

const node = (code: string, title: string, parentCode = ""): StructureNode => ({ code, title, parentCode });
const link = (anzscoCode: string, oscaCode: string, partial = false): CorrespondenceLink => ({
  anzscoCode,
  oscaCode,
  partial,
});

/** A two-classification toy: ANZSCO 1111 splits over OSCA 2222 occupations. */
function toyData(correspondence: CorrespondenceLink[]): ClassificationData {
  return {
    oscaStructure: [
      node("2", "Professionals"),
      node("22", "Sub", "2"),
      node("222", "Minor", "22"),
      node("2222", "Widget Makers", "222"),
      node("222231", "Widget Maker", "2222"),
      node("222232", "Gadget Fitter", "2222"),
      node("2223", "Other Makers", "222"),
      node("222331", "Other Maker", "2223"),
    ],
    anzscoStructure: [
      node("1", "Major"),
      node("11", "Sub", "1"),
      node("111", "Minor", "11"),
      node("1111", "Widget Trades", "111"),
      node("111111", "Widget Maker", "1111"),
      node("111112", "Tinker", "1111"),
    ],
    oscaTitleIndex: [],
    oscaMainTasks: [],
    oscaLeadStatements: [],
    correspondence,
    synonyms: [],
    nonOccupations: [],
  };
}

describe("ANZSCO titles carried to OSCA codes", () => {
  it("points an exclusive ANZSCO title at its one OSCA occupation", () => {
    const docs = anzscoTitleDocuments(toyData([link("111111", "222231"), link("111112", "222232")]));
    expect(docs.filter((d) => d.anzscoCode === "111111")).toEqual([
      { code: "222231", text: "Widget Maker", weight: expect.any(Number), anzscoCode: "111111", secondary: false },
    ]);
  });

  it("makes the OSCA occupation sharing most title words the primary link of a split", () => {
    const docs = anzscoTitleDocuments(toyData([link("111111", "222232"), link("111111", "222231", true)]));
    const byCode = Object.fromEntries(docs.filter((d) => d.anzscoCode === "111111").map((d) => [d.code, d]));
    expect(byCode["222231"].secondary).toBe(false); // same words, though a partial link
    expect(byCode["222232"].secondary).toBe(true);
    expect(byCode["222231"].weight).toBeGreaterThan(byCode["222232"].weight);
  });

  it("leaves tied links equal, so the coder can back off to their common group", () => {
    const docs = anzscoTitleDocuments(toyData([link("111112", "222231"), link("111112", "222232")]));
    const tinker = docs.filter((d) => d.anzscoCode === "111112");
    expect(tinker.map((d) => d.secondary)).toEqual([false, false]);
    expect(tinker[0].weight).toBe(tinker[1].weight);
  });

  it("points a unit-group title at the OSCA unit group taking most of its occupations", () => {
    const docs = anzscoTitleDocuments(
      toyData([link("111111", "222231"), link("111112", "222232"), link("111112", "222331")]),
    );
    expect(docs.filter((d) => d.anzscoCode === "1111").map((d) => d.code)).toEqual(["2222"]);
  });

  it("skips a unit-group title whose occupations scatter", () => {
    const docs = anzscoTitleDocuments(toyData([link("111111", "222231"), link("111112", "222331")]));
    expect(docs.filter((d) => d.anzscoCode === "1111")).toEqual([]);
  });
});

describe("coding ANZSCO-worded titles to OSCA", () => {
  const data = loadClassificationData();
  const coder = createLeaveOneOutCoder(data);

  // ANZSCO 134111 Child Care Centre Manager is OSCA 141231 Children's Education and Care Service
  // Director, a title the OSCA index does not hold.
  const input = { occp_text: "Child Care Centre Manager" };

  it("codes an ANZSCO title OSCA words differently to its correspondence code", () => {
    expect(data.correspondence.filter((l) => l.anzscoCode === "134111").map((l) => l.oscaCode)).toEqual(["141231"]);
    const result = coder.code(input);
    expect(result.status).toBe("successful");
    expect(result.candidates[0].code).toBe("141231");
  });

  it("can code without one ANZSCO title's entries (leave-one-out), leaving nothing behind", () => {
    const withIt = coder.code(input, { maxCandidates: 5 });
    expect(coder.codeWithoutAnzscoTitle("134111", input, { maxCandidates: 5 }).candidates[0]?.code).not.toBe("141231");
    expect(coder.code(input, { maxCandidates: 5 })).toEqual(withIt);
  });
});
