/** The public coder: one engine per classification, built once, plus the non-occupation screen. */
import { anzscoDocuments, leftOutWithEntry, oscaDocuments, titleKey } from "./documents";
import { CodingEngine } from "./engine";
import { NonOccupationList, SynonymTable } from "./lexicon";
import { loadClassificationData } from "./load-data";
import { contentTokens } from "./normalise";
import { RelatedWords } from "./related-words";
import type {
  Classification,
  ClassificationData,
  CodeOptions,
  CoderInput,
  CoderResult,
  OccupationCoder,
  TitleIndexEntry,
} from "./types";

export const DEFAULT_MAX_CANDIDATES = 3;
export const MAX_CANDIDATES_LIMIT = 16;

export interface CreateCoderOptions {
  /** Leave these OSCA index titles out of both classifications' indexes (evaluation, tests). */
  excludeTitle?: (entry: TitleIndexEntry) => boolean;
}

/** An OccupationCoder that can also code as if one OSCA index title were not in the index. */
export interface LeaveOneOutCoder extends OccupationCoder {
  codeWithout(entry: TitleIndexEntry, input: CoderInput, options?: CodeOptions): CoderResult;
  /** Codes as if the OSCA index held no ANZSCO title carried from this ANZSCO 2022 code. */
  codeWithoutAnzscoTitle(anzscoCode: string, input: CoderInput, options?: CodeOptions): CoderResult;
}

const UNSUCCESSFUL: CoderResult = { status: "unsuccessful", candidates: [] };

export function createCoder(data?: ClassificationData, options: CreateCoderOptions = {}): OccupationCoder {
  return createLeaveOneOutCoder(data, options);
}

export function createLeaveOneOutCoder(
  data: ClassificationData = loadClassificationData(),
  options: CreateCoderOptions = {},
): LeaveOneOutCoder {
  const synonyms = new SynonymTable(data.synonyms);
  const nonOccupations = new NonOccupationList(data.nonOccupations);
  const lexicons = {
    relatedWords: data.relatedWords ? new RelatedWords(data.relatedWords) : undefined,
    wordVectors: data.wordVectors,
  };
  // Left-out entries by title key, so a coder built without them matches codeWithout.
  const leftOut = new Map<string, TitleIndexEntry[]>();
  for (const entry of options.excludeTitle ? data.oscaTitleIndex.filter(options.excludeTitle) : []) {
    const key = titleKey(entry.title);
    leftOut.set(key, [...(leftOut.get(key) ?? []), entry]);
  }
  const keep = (documents: ReturnType<typeof oscaDocuments>): typeof documents => ({
    ...documents,
    titles:
      leftOut.size === 0
        ? documents.titles
        : documents.titles.filter(
            (doc) => !(leftOut.get(titleKey(doc.text)) ?? []).some((entry) => leftOutWithEntry(doc, entry)),
          ),
  });
  const tokenCache = new Map<string, string[]>();
  const titleTermCache = new Map<string, string[]>();
  const engines: Record<Classification, CodingEngine> = {
    osca: new CodingEngine(keep(oscaDocuments(data)), synonyms, lexicons, tokenCache, titleTermCache),
    anzsco: new CodingEngine(keep(anzscoDocuments(data)), synonyms, lexicons, tokenCache, titleTermCache),
  };

  const isNoise = (input: CoderInput): boolean => {
    const title = input.occp_text ?? "";
    const tasks = input.tasks_text ?? "";
    // A non-occupation title ("retired") declines whatever the task text says.
    if (nonOccupations.matches(title)) return true;
    // Only a title without content words needs the (longer) task text looked at.
    if (contentTokens(title).length > 0) return false;
    return contentTokens(tasks).length === 0 || nonOccupations.matches(tasks);
  };

  const run = (
    input: CoderInput,
    codeOptions: CodeOptions,
    leftOut?: (engine: CodingEngine) => readonly number[],
  ): CoderResult => {
    if (isNoise(input)) return { ...UNSUCCESSFUL, candidates: [] };
    const engine = engines[codeOptions.classification ?? "osca"];
    if (!engine) throw new Error(`unknown classification "${codeOptions.classification}"`);
    const maxCandidates = clampMaxCandidates(codeOptions.maxCandidates);
    const exclusion = leftOut ? engine.excluding(leftOut(engine)) : undefined;
    return engine.code(input, maxCandidates, exclusion);
  };

  return {
    code: (input, codeOptions = {}) => run(input, codeOptions),
    codeWithout: (entry, input, codeOptions = {}) =>
      run(input, codeOptions, (engine) => engine.documentsMatchingEntry(entry)),
    codeWithoutAnzscoTitle: (anzscoCode, input, codeOptions = {}) =>
      run(input, codeOptions, (engine) => engine.documentsFromAnzscoCode(anzscoCode)),
    title: (code, classification = "osca") => engines[classification]?.hierarchy.title(code.trim()),
  };
}

function clampMaxCandidates(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return DEFAULT_MAX_CANDIDATES;
  return Math.min(MAX_CANDIDATES_LIMIT, Math.max(1, Math.floor(requested)));
}
