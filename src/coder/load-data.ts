/** Reads the classification CSVs shipped in src/coder/data into ClassificationData (Node only). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsvRecords } from "./csv";
import { RelatedWordTable } from "./related-words";
import { structureNodes } from "./titles";
import { WordVectors } from "./word-vectors";
import type { ClassificationData, TitleCategory } from "./types";

export const DEFAULT_DATA_DIR = join(__dirname, "data");

const TITLE_CATEGORIES: readonly TitleCategory[] = [
  "Principal Title",
  "Alternative Title",
  "Specialisation",
  "Occupation in nec category",
];

export function loadClassificationData(dir: string = DEFAULT_DATA_DIR): ClassificationData {
  const read = (file: string): Record<string, string>[] => parseCsvRecords(readFileSync(join(dir, file), "utf8"));

  return {
    oscaStructure: structureNodes(read("osca_2024_structure.csv")),
    anzscoStructure: structureNodes(read("anzsco_2022_structure.csv")),
    oscaTitleIndex: read("osca_2024_title_index.csv").map((row) => {
      const category = row.category as TitleCategory;
      if (!TITLE_CATEGORIES.includes(category)) {
        throw new Error(`osca_2024_title_index.csv: unknown category "${row.category}"`);
      }
      return { code: row.osca_code, title: row.title, category };
    }),
    oscaMainTasks: read("osca_2024_main_tasks.csv").map((row) => ({ code: row.osca_code, task: row.task })),
    oscaLeadStatements: read("osca_2024_lead_statements.csv").map((row) => ({
      code: row.osca_code,
      statement: row.lead_statement,
    })),
    correspondence: read("anzsco2022_to_osca2024.csv").map((row) => ({
      anzscoCode: row.anzsco2022_code,
      oscaCode: row.osca2024_code,
      partial: row.partial === "true",
    })),
    synonyms: read("synonyms.csv").map((row) => ({ phrase: row.phrase, replacement: row.replacement })),
    nonOccupations: read("non_occupations.csv").map((row) => row.phrase),
    relatedWords: new RelatedWordTable(readFileSync(join(dir, "related_words.csv"), "utf8")),
    wordVectors: new WordVectors(readFileSync(join(dir, "word_vectors.csv"), "utf8")),
  };
}
