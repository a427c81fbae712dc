import {
  createCoder,
  createLeaveOneOutCoder,
  loadClassificationData,
  type ClassificationData,
  type LeaveOneOutCoder,
  type TitleIndexEntry,
} from "../../src/coder";

let data: ClassificationData;
let coder: LeaveOneOutCoder;

beforeAll(() => {
  data = loadClassificationData();
  coder = createLeaveOneOutCoder(data);
});

const entry = (title: string): TitleIndexEntry => {
  const found = data.oscaTitleIndex.find((e) => e.title === title);
  if (!found) throw new Error(`no index entry ${title}`);
  return found;
};

describe("leave-one-out coding", () => {
  it("codes a title from the index when it is there", () => {
    expect(coder.code({ occp_text: "Vigneron" }).candidates[0].code).toBe("151237");
  });

  it("no longer finds a title once it is left out (its only word is then unknown)", () => {
    expect(coder.codeWithout(entry("Vigneron"), { occp_text: "Vigneron" })).toEqual({
      status: "unsuccessful",
      candidates: [],
    });
  });

  it.each([
    ["Lawn Mower", "842131", "Furniture Removalist"],
    ["Mixologist", "471131", "Mycologist"],
  ])("takes %j, left out, as the English word it is, not a typo of a lookalike", (title, code, lookalike) => {
    const top = coder.codeWithout(entry(title), { occp_text: title }).candidates[0];
    expect(top?.code).toBe(code);
    expect(top?.title).not.toContain(lookalike);
  });

  it("leaves nothing behind: the next query sees the full index again", () => {
    coder.codeWithout(entry("Vigneron"), { occp_text: "Vigneron" });
    expect(coder.code({ occp_text: "Vigneron" }).candidates[0].code).toBe("151237");
  });

  it("agrees with a coder built without that title", () => {
    const without = createCoder(data, { excludeTitle: (e) => e.title === "Forklift Operator" });
    const input = { occp_text: "Forklift Operator" };
    expect(
      coder.codeWithout(entry("Forklift Operator"), input, { maxCandidates: 5 }).candidates.map((c) => c.code),
    ).toEqual(without.code(input, { maxCandidates: 5 }).candidates.map((c) => c.code));
  });

  it("also leaves out an ANZSCO title that reads the same, and agrees with a coder built without it", () => {
    // "Public Relations Manager" is an OSCA alternative title of 112231 and an ANZSCO 2022 title.
    const input = { occp_text: "Public Relations Manager" };
    const left = coder.codeWithout(entry("Public Relations Manager"), input, { maxCandidates: 5 });
    expect(left.candidates[0]?.confidence ?? 0).toBeLessThan(coder.code(input).candidates[0].confidence);
    const without = createCoder(data, { excludeTitle: (e) => e.title === "Public Relations Manager" });
    expect(left.candidates.map((c) => c.code)).toEqual(
      without.code(input, { maxCandidates: 5 }).candidates.map((c) => c.code),
    );
  });

  it("still codes a left-out specialisation from its occupation's other titles", () => {
    const result = coder.codeWithout(entry("Refractory Bricklayer"), { occp_text: "Refractory Bricklayer" });
    expect(result.candidates.find((c) => c.code.length === 6)?.code).toBe("371131");
  });
});
