/**
 * Query-side word tables from data: abbreviations and colloquial titles rewritten to the words
 * the classification uses, and answers that are not occupations at all. They apply to the job
 * title only: in task text "it" is a pronoun, not ICT.
 */
import { isStopWord, words } from "./normalise";
import type { Synonym } from "./types";

export class SynonymTable {
  private readonly replacements = new Map<string, string[]>();
  private readonly longestPhrase: number;

  constructor(synonyms: readonly Synonym[]) {
    let longest = 1;
    for (const { phrase, replacement } of synonyms) {
      const key = words(phrase);
      if (key.length === 0) continue;
      this.replacements.set(key.join(" "), words(replacement));
      longest = Math.max(longest, key.length);
    }
    this.longestPhrase = longest;
  }

  /** Rewrites folded words, longest phrase first, left to right; each word is rewritten once. */
  expand(input: readonly string[]): string[] {
    const output: string[] = [];
    let i = 0;
    while (i < input.length) {
      // Grow the phrase a word at a time and keep the longest one in the table.
      let phrase = input[i];
      let replacement = this.replacements.get(phrase);
      let length = 1;
      for (let extra = 1; extra < this.longestPhrase && i + extra < input.length; extra++) {
        phrase += " " + input[i + extra];
        const longer = this.replacements.get(phrase);
        if (longer) {
          replacement = longer;
          length = extra + 1;
        }
      }
      if (replacement) {
        for (const word of replacement) output.push(word);
        i += length;
      } else {
        output.push(input[i++]);
      }
    }
    return output;
  }
}

export class NonOccupationList {
  private readonly phrases: Set<string>;

  constructor(phrases: readonly string[]) {
    this.phrases = new Set(phrases.map((phrase) => words(phrase).join(" ")));
  }

  /** True when the whole answer, with or without its function words, is a listed non-occupation. */
  matches(text: string): boolean {
    const folded = words(text);
    if (this.phrases.has(folded.join(" "))) return true;
    return this.phrases.has(folded.filter((word) => !isStopWord(word)).join(" "));
  }
}
