import { readFileSync } from "node:fs";
import { buildRelatedWordsCsv, RELATED_WORDS_CSV } from "../../scripts/build-related-words";
import { createCoder, loadClassificationData, type ClassificationData } from "../../src/coder";
import { rootOf } from "../../src/coder/normalise";
import { RelatedWords, RelatedWordTable } from "../../src/coder/related-words";
import type { WeightedToken } from "../../src/coder/spelling";
import { TermIndex } from "../../src/coder/term-index";

const csv = (...rows: string[]): string => ["word,related", ...rows].join("\n") + "\n";

describe("RelatedWordTable (related_words.csv)", () => {
  const table = new RelatedWordTable(
    csv("alderman,council 0.30;representative 0.50", "novelist,author 0.50", "zany,clown 0.80"),
  );

  it("finds each word's row by binary search, first, middle and last", () => {
    expect(table.size).toBe(3);
    expect(table.get("alderman")).toBe("council 0.30;representative 0.50");
    expect(table.get("novelist")).toBe("author 0.50");
    expect(table.get("zany")).toBe("clown 0.80");
  });

  it("answers undefined for words it does not hold, before, between and after its rows", () => {
    for (const word of ["aardvark", "mayor", "zzz", ""]) expect(table.get(word)).toBeUndefined();
  });

  it("reads a checkout with Windows line endings the same", () => {
    const windows = new RelatedWordTable(csv("alderman,council 0.30", "novelist,author 0.50").replace(/\n/g, "\r\n"));
    expect(windows.get("novelist")).toBe("author 0.50");
  });

  it("rejects a file without its header, with a row missing its word, or out of order", () => {
    expect(() => new RelatedWordTable("novelist,author 0.50\n")).toThrow(/header "word,related"/);
    expect(() => new RelatedWordTable(csv("novelist author 0.50"))).toThrow(/row 1: expected "word,related"/);
    expect(() => new RelatedWordTable(csv("novelist,author 0.50", "alderman,council 0.30"))).toThrow(
      /"alderman" is out of order/,
    );
  });
});

describe("RelatedWords", () => {
  const related = new RelatedWords(
    new RelatedWordTable(csv("novelist,author 0.50;authors 0.80;writer 0.30", "poet,author 0.50", "typo,word x")),
  );

  it("gives a word's related words as index tokens, each once at its best weight, marked as related", () => {
    expect(related.of("novelist")).toEqual([
      { token: rootOf("author"), weight: 0.8, related: true },
      { token: rootOf("writer"), weight: 0.3, related: true },
    ]);
  });

  it("looks up a plural by its singular", () => {
    expect(related.of("poets")).toEqual([{ token: rootOf("author"), weight: 0.5, related: true }]);
  });

  it("gives nothing for a word the table does not hold", () => {
    expect(related.of("vigneron")).toEqual([]);
  });

  it("names the word and entry of a malformed row when it is looked up", () => {
    expect(() => related.of("typo")).toThrow('related_words.csv: bad entry "word x" for "typo"');
  });
});

describe("coding words the index has never seen, through WordNet", () => {
  let data: ClassificationData;
  beforeAll(() => {
    data = loadClassificationData();
  });

  // Each title is the only index entry with its word, so leaving it out leaves the word unknown.
  it.each([
    ["Novelist", "231231"],
    ["Violinist", "231633"],
    ["Silversmith", "391932"],
  ])("codes %s (left out of the index) to its occupation %s", (title, code) => {
    const coder = createCoder(data, { excludeTitle: (entry) => entry.title === title });
    expect(coder.code({ occp_text: title }, { maxCandidates: 5 }).candidates[0]?.code).toBe(code);
    const withoutWordNet = createCoder(
      { ...data, relatedWords: undefined },
      { excludeTitle: (entry) => entry.title === title },
    );
    expect(withoutWordNet.code({ occp_text: title }, { maxCandidates: 5 }).candidates[0]?.code).not.toBe(code);
  });

  it("never rewrites a word the index knows: 'Prime Minister' stays a legislator, not a minister of religion", () => {
    const coder = createCoder(data, { excludeTitle: (entry) => entry.title === "Prime Minister" });
    expect(coder.code({ occp_text: "Prime Minister" }).candidates[0]?.code.slice(0, 4)).toBe("1213");
  });
});

describe("related words in the title index's cosine similarity", () => {
  const index = new TermIndex([["author"], ["singer"], ["author", "singer"]], { countRepeats: false });
  const similarities = (query: WeightedToken[]): number[] => {
    const matched = [...index.match(query)];
    return [0, 1, 2].map((doc) => (matched.includes(doc) ? index.similarity[doc] : 0));
  };

  it("lets a related word earn a match without lengthening the query", () => {
    const [exact, relatedOnly, both] = similarities([
      { token: "author", weight: 1 },
      { token: "singer", weight: 0.5, related: true },
    ]);
    expect(exact).toBeCloseTo(1, 10);
    expect(relatedOnly).toBeCloseTo(0.5, 10);
    expect(both).toBeCloseTo(Math.min(1, 1.5 / Math.SQRT2), 10);
  });

  it("counts the same word in the query's length when it is one of the query's own words", () => {
    const [exact] = similarities([
      { token: "author", weight: 1 },
      { token: "singer", weight: 0.5 },
    ]);
    expect(exact).toBeLessThan(0.9);
  });
});

describe("related_words.csv", () => {
  it("is what scripts/build-related-words.ts builds from WordNet (run npm run build:related-words)", () => {
    expect(readFileSync(RELATED_WORDS_CSV, "utf8") === buildRelatedWordsCsv()).toBe(true);
  }, 60_000);
});
