/**
 * One typing slip in a title, the kind people make: a letter dropped, doubled, swapped with its
 * neighbour or replaced by the key next to it. Deterministic for a seed, so the bench's typo
 * figures are repeatable.
 */
import { KEYBOARD_NEIGHBOURS } from "../src/coder/keyboard";

const SLIPS = ["drop", "double", "swap", "neighbour"] as const;
const MIN_WORD_LENGTH = 5;

/** A small deterministic generator (mulberry32): the same seed gives the same slips. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * The title with one slip in its longest word, inside the word (people rarely mistype its first
 * letter); undefined when no word is long enough to misspell recognisably.
 */
export function misspell(title: string, seed: number): string | undefined {
  const next = random(seed + 1);
  const words = title.split(" ");
  let longest = -1;
  words.forEach((word, i) => {
    if (
      /^[a-z]+$/i.test(word) &&
      word.length >= MIN_WORD_LENGTH &&
      (longest < 0 || word.length > words[longest].length)
    ) {
      longest = i;
    }
  });
  if (longest < 0) return undefined;
  const word = words[longest];
  const at = 1 + Math.floor(next() * (word.length - 2));
  const slip = SLIPS[Math.floor(next() * SLIPS.length)];
  const letter = word[at].toLowerCase();
  let typed: string;
  if (slip === "drop") typed = word.slice(0, at) + word.slice(at + 1);
  else if (slip === "double") typed = word.slice(0, at + 1) + word[at] + word.slice(at + 1);
  else if (slip === "swap") typed = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  else {
    const keys = KEYBOARD_NEIGHBOURS[letter] ?? letter;
    typed = word.slice(0, at) + keys[Math.floor(next() * keys.length)] + word.slice(at + 1);
  }
  if (typed.toLowerCase() === word.toLowerCase()) return undefined;
  return [...words.slice(0, longest), typed, ...words.slice(longest + 1)].join(" ");
}
