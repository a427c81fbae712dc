import {
  contentTokens,
  foldText,
  headSegment,
  rootOf,
  stem,
  titleTerms,
  withoutQualifiers,
} from "../../src/coder/normalise";
import { boundedEditDistance, maxEditsFor } from "../../src/coder/spelling";

describe("text normalisation", () => {
  it("folds case, accents, ampersands and punctuation", () => {
    expect(foldText("Répétiteur & Co-Ordinator (Senior)!")).toBe("repetiteur and co ordinator senior");
    expect(foldText("Builder's Labourer")).toBe("builders labourer");
  });

  it("folds plurals and possessives onto one token", () => {
    expect(stem("nurses")).toBe("nurse");
    expect(stem("secretaries")).toBe("secretary");
    expect(stem("boxes")).toBe("box");
    expect(stem("business")).toBe("business");
    expect(stem("constructor")).toBe("constructor"); // not Object.prototype.constructor
    expect(contentTokens("Builders' Labourers")).toEqual(contentTokens("builder labourer"));
  });

  it("folds derived forms of a word onto one root", () => {
    expect(rootOf("nursing")).toBe(rootOf("nurse"));
    expect(rootOf("teaching")).toBe(rootOf("teacher"));
    expect(rootOf("planning")).toBe(rootOf("planner"));
    expect(rootOf("customer")).not.toBe(rootOf("customs"));
  });

  it("reads an apprentice's or trainee's title as the occupation trained for", () => {
    expect(contentTokens(withoutQualifiers("3rd Year Apprentice Carpenter"))).toEqual(contentTokens("Carpenter"));
    expect(contentTokens(withoutQualifiers("Second-year apprentice plumber"))).toEqual(contentTokens("plumber"));
    expect(contentTokens(withoutQualifiers("Trainee Chef"))).toEqual(contentTokens("Chef"));
    expect(contentTokens(withoutQualifiers("Accountant (General)"))).toEqual(contentTokens("Accountant"));
    // Only the whole word: "traineeship coordinator" keeps its words.
    expect(withoutQualifiers("Traineeship Coordinator")).toBe("Traineeship Coordinator");
  });

  it("finds a title's head noun before qualifiers and prepositions", () => {
    expect(headSegment("Registered Nurse (Aged Care)")).toBe("Registered Nurse");
    expect(headSegment("Teacher of the Deaf")).toBe("Teacher");
    expect(headSegment("Councillor, Aboriginal Land Council")).toBe("Councillor");
    expect(titleTerms("Assistant in Nursing")).toContain("^" + rootOf("assistant"));
  });
});

describe("bounded edit distance", () => {
  it("counts substitutions, insertions, deletions and transpositions", () => {
    expect(boundedEditDistance("electrician", "electrcian", 2)).toBe(1);
    expect(boundedEditDistance("accountant", "acountant", 2)).toBe(1);
    expect(boundedEditDistance("nurse", "nusre", 2)).toBe(1); // one transposition
    expect(boundedEditDistance("plumber", "plumber", 2)).toBe(0);
  });

  it("gives up past its limit", () => {
    expect(boundedEditDistance("carpenter", "electrician", 2)).toBe(3);
  });

  it("allows no edits on short words, where one edit makes another word", () => {
    expect(maxEditsFor(4)).toBe(0);
    expect(maxEditsFor(6)).toBe(1);
    expect(maxEditsFor(10)).toBe(2);
  });
});
