import { isPlausibleSlip } from "../../src/coder/keyboard";
import { rootOf } from "../../src/coder/normalise";
import {
  closestKnownWord,
  resolveTokens,
  type TypedWords,
  type Vocabulary,
  type WeightedToken,
} from "../../src/coder/spelling";

/** A vocabulary over a few written words, their roots known, as the engine builds one. */
function vocabularyOf(written: readonly string[], titleFrequency: Record<string, number> = {}): Vocabulary {
  const roots = new Set(written.map(rootOf));
  const byLength = (list: Iterable<string>) => (length: number) => [...list].filter((t) => t.length === length);
  return {
    isKnown: (token) => roots.has(token),
    titleFrequency: (token) => titleFrequency[token] ?? 1,
    tokensOfLength: byLength(roots),
    wordsOfLength: byLength(written),
  };
}

function typedAs(written: readonly string[], typedWords: readonly string[], dictionary: readonly string[] = []) {
  const wordOfRoot = new Map(typedWords.map((word) => [rootOf(word), word]));
  const typed: TypedWords = {
    wordOf: (token) => wordOfRoot.get(token),
    isDictionaryWord: (word) => dictionary.includes(word),
    isClassificationWord: (word) => written.includes(word),
  };
  return { tokens: typedWords.map(rootOf), typed };
}

const tokensOf = (resolved: readonly WeightedToken[]) => resolved.map(({ token }) => token);

describe("plausible typing slips", () => {
  it.each([
    ["lawer", "lawyer", true], // a letter dropped
    ["farrrier", "farrier", true], // a letter doubled
    ["drvier", "driver", true], // two letters swapped
    ["nurae", "nurse", true], // s and a sit side by side
    ["lawer", "layer", false], // w and y do not
    ["forist", "forest", false],
    ["driver", "driver", false], // no slip at all
    ["drvr", "driver", false], // two edits
  ])("%j for %j: %p", (typed, word, plausible) => {
    expect(isPlausibleSlip(typed, word)).toBe(plausible);
  });
});

describe("correcting a typo as typed", () => {
  const written = [
    "manager",
    "bookkeeper",
    "zookeeper",
    "driver",
    "registered",
    "registration",
    "mover",
    "farrier",
    "farmer",
  ];
  const vocabulary = vocabularyOf(written, { [rootOf("zookeeper")]: 5 });

  it("finds the written word one edit away where its root is three ('manger' is a manager)", () => {
    expect(rootOf("manger")).not.toBe(rootOf("manager"));
    expect(closestKnownWord("manger", vocabulary)).toEqual({ token: rootOf("manager"), weight: 0.9 });
    expect(closestKnownWord("drvier", vocabulary)?.token).toBe(rootOf("driver")); // a transposition
  });

  it("among equally close words keeps the typed first letter, however common the other is", () => {
    expect(closestKnownWord("bookeeper", vocabulary)?.token).toBe(rootOf("bookkeeper"));
  });

  it("then prefers the word a plausible slip away: a dropped letter, not a key across the board", () => {
    const farmersCommoner = vocabularyOf(written, { [rootOf("farmer")]: 50 });
    expect(closestKnownWord("farier", farmersCommoner)?.token).toBe(rootOf("farrier"));
  });

  it("offers only words whose roots the vocabulary still knows (leave-one-out)", () => {
    const withoutManager: Vocabulary = { ...vocabulary, isKnown: (token) => token !== rootOf("manager") };
    expect(closestKnownWord("manger", withoutManager)).toBeUndefined();
  });

  it("corrects an unknown word as typed, and leaves a dictionary word for its meaning", () => {
    const { tokens, typed } = typedAs(written, ["manger", "mower"], ["mower"]);
    const resolved = resolveTokens(tokens, vocabulary, undefined, typed);
    expect(resolved[0]).toEqual({ token: rootOf("manager"), weight: 0.9 });
    // "mower" is one edit from "mover", but it is a word: unmatched, not a removalist.
    expect(resolved[1]).toEqual({ token: rootOf("mower"), weight: 0 });
  });

  it("respells a misspelt word whose root happens to be known ('registred' cuts as 'registration' does)", () => {
    expect(rootOf("registred")).toBe(rootOf("registration"));
    const { tokens, typed } = typedAs(written, ["registred", "driver"]);
    expect(tokensOf(resolveTokens(tokens, vocabulary, undefined, typed))).toEqual([
      rootOf("registered"),
      rootOf("driver"),
    ]);
    // Without the typed words there is nothing to tell: the known root stands.
    expect(tokensOf(resolveTokens(tokens, vocabulary))).toEqual([rootOf("registration"), rootOf("driver")]);
  });

  it("caches a correction by what was typed, not only by its root", () => {
    const cache = new Map<string, WeightedToken[]>();
    const first = typedAs(written, ["manger"]);
    expect(tokensOf(resolveTokens(first.tokens, vocabulary, cache, first.typed))).toEqual([rootOf("manager")]);
    // "mangs" cuts to the same root but is two edits from "manager": no correction to reuse.
    const second = typedAs(written, ["mangs"]);
    expect(second.tokens).toEqual(first.tokens);
    expect(resolveTokens(second.tokens, vocabulary, cache, second.typed)).toEqual([
      { token: rootOf("mangs"), weight: 0 },
    ]);
  });
});
