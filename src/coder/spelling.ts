/**
 * Typo and compound tolerance for tokens the index does not know: "electrcian" -> "electrician",
 * "forkliftdriver" -> "forklift driver", and "kitchen hand" -> "kitchenhand". Only words the
 * classification does not write are touched, and no real word, so correctly spelt words never
 * drift to a neighbour. A typo is corrected as typed, against the classification's words, before
 * it is cut to its root: "manger" is one edit from "manager", but its root "mang" is three from
 * "manag" ("manger" itself, a real word, is left to the synonym table).
 */
import { isPlausibleSlip } from "./keyboard";
import { rootOf } from "./normalise";

export interface WeightedToken {
  token: string;
  /** 1 for a token as typed; less for a guessed correction. */
  weight: number;
  /** A word related to the query's words rather than one of them: it can earn a match but does
   * not lengthen the query, so a title lacking it is not penalised. */
  related?: boolean;
}

/** Answers whether a token is in the vocabulary and how common it is among titles. */
export interface Vocabulary {
  isKnown(token: string): boolean;
  /** Title document frequency, used to break ties between equally close corrections. */
  titleFrequency(token: string): number;
  /** Every known token, grouped by length, for the bounded edit-distance scan. */
  tokensOfLength(length: number): readonly string[];
  /** The classification's words as written (folded, before their roots), grouped by length. */
  wordsOfLength(length: number): readonly string[];
}

const SPLIT_WEIGHT = 0.95;
const WEIGHT_PER_EDIT = [1, 0.9, 0.7];
const MIN_SPLIT_PART = 3;
/** Outrank any title frequency: a kept first letter, then a plausible slip, decide between
 * equally close words. */
const FIRST_LETTER_RANK = 1e9;
const PLAUSIBLE_SLIP_RANK = 1e6;

/** Edits allowed for a token of this length: none for short words, where one edit is another word. */
export function maxEditsFor(length: number): number {
  if (length < 5) return 0;
  if (length < 9) return 1;
  return 2;
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up with
 * limit + 1 as soon as the distance must exceed limit.
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  if (width > rowScratch[0].length) rowScratch = [0, 1, 2].map(() => new Int32Array(width * 2));
  // Three reused rows: this runs for every vocabulary word near a typo, so no allocation here.
  let [previous2, previous, current] = rowScratch;
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        value = Math.min(value, previous2[j - 2] + 1);
      }
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return limit + 1;
    const oldest = previous2;
    previous2 = previous;
    previous = current;
    current = oldest;
  }
  return previous[b.length];
}

let rowScratch: Int32Array[] = [0, 1, 2].map(() => new Int32Array(64));

/** The closest known token within the edit budget, or undefined. */
export function closestKnownToken(token: string, vocabulary: Vocabulary): WeightedToken | undefined {
  return closest(
    token,
    (length) => vocabulary.tokensOfLength(length),
    (candidate) => candidate,
    vocabulary,
  );
}

/** The root of the classification word closest to a typed word, within the edit budget. */
export function closestKnownWord(word: string, vocabulary: Vocabulary): WeightedToken | undefined {
  return closest(word, (length) => vocabulary.wordsOfLength(length), rootOf, vocabulary);
}

function closest(
  typed: string,
  candidatesOfLength: (length: number) => readonly string[],
  tokenOf: (candidate: string) => string,
  vocabulary: Vocabulary,
): WeightedToken | undefined {
  const limit = maxEditsFor(typed.length);
  if (limit === 0) return undefined;
  let best: string | undefined;
  let bestDistance = limit + 1;
  let bestRank = -1;
  for (let length = typed.length - limit; length <= typed.length + limit; length++) {
    for (const candidate of candidatesOfLength(length)) {
      const distance = boundedEditDistance(typed, candidate, Math.min(limit, bestDistance));
      if (distance > limit || distance > bestDistance) continue;
      const token = tokenOf(candidate);
      if (!vocabulary.isKnown(token)) continue;
      // Among equally close: one with the typed first letter (people rarely mistype it, so
      // "bookeeper" is a bookkeeper, not a zookeeper), then one a plausible slip away ("lawer"
      // is a lawyer, not a layer), then the token more titles use.
      const rank =
        (candidate[0] === typed[0] ? FIRST_LETTER_RANK : 0) +
        (distance === 1 && isPlausibleSlip(typed, candidate) ? PLAUSIBLE_SLIP_RANK : 0) +
        vocabulary.titleFrequency(token);
      if (distance < bestDistance || rank > bestRank) {
        best = token;
        bestDistance = distance;
        bestRank = rank;
      }
    }
  }
  return best === undefined ? undefined : { token: best, weight: WEIGHT_PER_EDIT[bestDistance] };
}

/** "forkliftdriver" -> forklift + driver when both halves are known words. */
export function splitCompound(token: string, vocabulary: Vocabulary): WeightedToken[] | undefined {
  return split(token, (part) => (vocabulary.isKnown(part) ? part : undefined));
}

/**
 * The same, on the word as typed: both halves must be words the classification writes, so
 * "houskeeping" is not "hous" + "keeping" but a typo of "housekeeping".
 */
function splitTypedCompound(word: string, typed: TypedWords, vocabulary: Vocabulary): WeightedToken[] | undefined {
  return split(word, (part) => {
    const root = rootOf(part);
    return typed.isClassificationWord(part) && vocabulary.isKnown(root) ? root : undefined;
  });
}

function split(text: string, tokenOf: (part: string) => string | undefined): WeightedToken[] | undefined {
  for (let cut = MIN_SPLIT_PART; cut <= text.length - MIN_SPLIT_PART; cut++) {
    const head = tokenOf(text.slice(0, cut));
    const tail = head === undefined ? undefined : tokenOf(text.slice(cut));
    if (head !== undefined && tail !== undefined) {
      return [
        { token: head, weight: SPLIT_WEIGHT },
        { token: tail, weight: SPLIT_WEIGHT },
      ];
    }
  }
  return undefined;
}

/** Joins neighbours that the titles write as one word ("book keeper" -> "bookkeeper"). */
export function joinCompounds(tokens: readonly string[], isTitleToken: (token: string) => boolean): string[] {
  const joined: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const pair = i + 1 < tokens.length ? tokens[i] + tokens[i + 1] : "";
    if (pair !== "" && isTitleToken(pair)) {
      joined.push(pair);
      i++;
    } else {
      joined.push(tokens[i]);
    }
  }
  return joined;
}

/** The words behind a query's tokens, as typed. */
export interface TypedWords {
  wordOf(token: string): string | undefined;
  /** A real word ("mower", "mixologist") is no typo: its meaning, not a lookalike, should match. */
  isDictionaryWord(word: string): boolean;
  /** A word the classification itself writes. */
  isClassificationWord(word: string): boolean;
}

/**
 * A word the classification does not write, though its root is known: if it is no real word,
 * the root of the closest classification word, when that is another root.
 */
function respelt(token: string, word: string, typed: TypedWords, vocabulary: Vocabulary): WeightedToken {
  const correction = typed.isDictionaryWord(word) ? undefined : closestKnownWord(word, vocabulary);
  return correction && correction.token !== token ? correction : { token, weight: 1 };
}

/** An unknown token split into two known ones or corrected, else unmatched (weight 0). */
function repaired(
  token: string,
  word: string | undefined,
  typed: TypedWords | undefined,
  vocabulary: Vocabulary,
): WeightedToken[] {
  // A split into two known words beats an edit: "forkliftdriver" is not a typo of anything.
  const parts =
    word === undefined || typed === undefined
      ? splitCompound(token, vocabulary)
      : splitTypedCompound(word, typed, vocabulary);
  return parts ?? correctTypo(token, word, typed, vocabulary);
}

function correctTypo(
  token: string,
  word: string | undefined,
  typed: TypedWords | undefined,
  vocabulary: Vocabulary,
): WeightedToken[] {
  const unmatched = { token, weight: 0 };
  if (/^[0-9]+$/.test(token)) return [unmatched];
  if (word === undefined) return [closestKnownToken(token, vocabulary) ?? unmatched];
  if (typed?.isDictionaryWord(word)) return [unmatched];
  return [closestKnownWord(word, vocabulary) ?? closestKnownToken(token, vocabulary) ?? unmatched];
}

/**
 * Resolves each token: known tokens pass as they are; unknown ones are split or corrected, or
 * come back with weight 0 so they still count against the match (an unmatched word is evidence).
 * `typed` gives the word a token was cut from, when known, so a typo is corrected as typed.
 */
export function resolveTokens(
  tokens: readonly string[],
  vocabulary: Vocabulary,
  cache?: Map<string, WeightedToken[]>,
  typed?: TypedWords,
): WeightedToken[] {
  const resolved: WeightedToken[] = [];
  for (const token of tokens) {
    const word = typed?.wordOf(token);
    const known = vocabulary.isKnown(token);
    if (known && (word === undefined || typed!.isClassificationWord(word))) {
      resolved.push({ token, weight: 1 });
      continue;
    }
    // Keyed by what was typed: two misspellings can share a root and still mean different words.
    const key = word === undefined ? token : `${token} ${word}`;
    let correction = cache?.get(key);
    if (!correction) {
      // A known root can still come from a typo: "registred" cuts to "registr", as "registration" does.
      correction = known ? [respelt(token, word!, typed!, vocabulary)] : repaired(token, word, typed, vocabulary);
      cache?.set(key, correction);
    }
    resolved.push(...correction);
  }
  return resolved;
}
