import type { RelatedWordTable } from "./related-words";
import type { WordVectors } from "./word-vectors";
/** Public contract of the local occupation coder (the ABS simulator and the server code against it). */

export type Classification = "osca" | "anzsco";

export interface CoderInput {
  occp_text: string;
  tasks_text?: string;
}

/** code is 1–6 digits and its length is its level; confidence is in [0, 1]. */
export interface CodeCandidate {
  code: string;
  title: string;
  confidence: number;
}

export interface CoderResult {
  /**
   * successful: candidates[0] is the assigned code (at whatever level it backed off to), the rest
   * are related alternatives. unsuccessful: up to maxCandidates suggestions, empty for noise.
   */
  status: "successful" | "unsuccessful";
  candidates: CodeCandidate[];
}

export interface CodeOptions {
  /** Default "osca". */
  classification?: Classification;
  /** Default 3, at most 16. */
  maxCandidates?: number;
}

export interface OccupationCoder {
  code(input: CoderInput, options?: CodeOptions): CoderResult;
  /** Title of a code at any level (1–6 digits), or undefined when the code does not exist. */
  title(code: string, classification?: Classification): string | undefined;
}

/** One node of a classification's structure table. */
export interface StructureNode {
  code: string;
  title: string;
  parentCode: string;
}

/** Category of an OSCA title index entry, as named in osca_2024_title_index.csv. */
export type TitleCategory = "Principal Title" | "Alternative Title" | "Specialisation" | "Occupation in nec category";

export interface TitleIndexEntry {
  code: string;
  title: string;
  category: TitleCategory;
}

/** One ANZSCO 2022 → OSCA 2024 correspondence link at 6 digits. */
export interface CorrespondenceLink {
  anzscoCode: string;
  oscaCode: string;
  /** The ANZSCO occupation covers only part of the OSCA one. */
  partial: boolean;
}

/** An abbreviation or colloquial title and the words it stands for. */
export interface Synonym {
  phrase: string;
  replacement: string;
}

/** Everything the coder needs, already parsed; loadClassificationData reads it from CSV files. */
export interface ClassificationData {
  oscaStructure: StructureNode[];
  anzscoStructure: StructureNode[];
  oscaTitleIndex: TitleIndexEntry[];
  /** Main task statements per OSCA occupation code. */
  oscaMainTasks: { code: string; task: string }[];
  /** Lead statement per OSCA code at every level. */
  oscaLeadStatements: { code: string; statement: string }[];
  correspondence: CorrespondenceLink[];
  synonyms: Synonym[];
  /** WordNet's related words per English word (data/related_words.csv); none turns them off. */
  relatedWords?: RelatedWordTable;
  /** GloVe vectors of the classification's tokens (data/word_vectors.csv); none turns them off. */
  wordVectors?: WordVectors;
  /** Normalised phrases that are not occupations ("retired", "student", ...). */
  nonOccupations: string[];
}
