import { loadClassificationData, type ClassificationData } from "../../src/coder";

let data: ClassificationData;

beforeAll(() => {
  data = loadClassificationData();
});

describe("the shipped classification data", () => {
  it("has the documented sizes", () => {
    expect(data.oscaStructure).toHaveLength(1749);
    expect(data.anzscoStructure).toHaveLength(1590);
    expect(data.oscaTitleIndex).toHaveLength(3338);
    expect(data.oscaMainTasks).toHaveLength(6887);
    expect(data.correspondence).toHaveLength(1348);
  });

  it("codes are hierarchical by prefix (the back-off and ranking rely on it)", () => {
    for (const nodes of [data.oscaStructure, data.anzscoStructure]) {
      for (const node of nodes) {
        if (node.parentCode) expect(node.code.startsWith(node.parentCode)).toBe(true);
      }
    }
  });

  it("indexes and links only codes that exist", () => {
    const osca = new Set(data.oscaStructure.map((n) => n.code));
    const anzsco = new Set(data.anzscoStructure.map((n) => n.code));
    for (const entry of data.oscaTitleIndex) expect(osca.has(entry.code)).toBe(true);
    for (const link of data.correspondence) {
      expect(osca.has(link.oscaCode)).toBe(true);
      expect(anzsco.has(link.anzscoCode)).toBe(true);
    }
  });

  it("has a synonym table and a non-occupation list with no blank entries", () => {
    expect(data.synonyms.length).toBeGreaterThan(100);
    for (const { phrase, replacement } of data.synonyms) {
      expect(phrase.trim()).not.toBe("");
      expect(replacement.trim()).not.toBe("");
    }
    expect(data.nonOccupations).toEqual(
      expect.arrayContaining(["retired", "student", "unemployed", "home duties", "asdf"]),
    );
  });
});
