/**
 * One classification's coding engine: indexes its documents once, then scores a job title and
 * task text against every code and hands the ranking to the back-off decision.
 */
import { decide, type ScoredCode } from "./backoff";
import { CodeProfileIndex, type ProfileExclusion } from "./code-profile";
import { CALIBRATION } from "./calibration";
import { isResidualTitle, leftOutWithEntry, titleKey, type EngineDocuments, type TitleDocument } from "./documents";
import { Hierarchy } from "./hierarchy";
import type { SynonymTable } from "./lexicon";
import type { RelatedWords } from "./related-words";
import { CandidateReranker, type RerankExclusion } from "./rerank";
import {
  contentTokens,
  contentWords,
  headSegment,
  headToken,
  isHeadToken,
  rootOf,
  titleTerms,
  withoutQualifiers,
} from "./normalise";
import { joinCompounds, resolveTokens, type Vocabulary, type WeightedToken } from "./spelling";
import { TermIndex, type ExcludedDocuments } from "./term-index";
import type { CoderInput, CoderResult, TitleIndexEntry } from "./types";
import type { WordVectors } from "./word-vectors";

/** Word lists beyond the classification's own text; the engine works without either. */
export interface EngineLexicons {
  relatedWords?: RelatedWords;
  wordVectors?: WordVectors;
}

/** Title documents left out of the index for one query (leave-one-out evaluation). */
export interface Exclusion {
  titles: ExcludedDocuments;
  profiles: ProfileExclusion;
  rerank: RerankExclusion;
}

const CORRECTION_CACHE_LIMIT = 50_000;
const OCCUPATION_CODE_LENGTH = 6;
/** Cosine similarity this close to 1 means the same words (rounding aside). */
const EXACT_SIMILARITY = 0.9999;

function addByLength(lists: Map<number, string[]>, text: string): void {
  const list = lists.get(text.length);
  if (list) list.push(text);
  else lists.set(text.length, [text]);
}

export class CodingEngine {
  readonly hierarchy: Hierarchy;
  private readonly titleDocuments: readonly TitleDocument[];
  private readonly titleIndex: TermIndex;
  private readonly titleTerms: string[][];
  private readonly profiles: CodeProfileIndex;
  private readonly reranker: CandidateReranker;
  private readonly relatedWords?: RelatedWords;

  private readonly taskIndex: TermIndex;
  private readonly codes: string[];
  private readonly titleDocCode: Int32Array;
  private readonly titleDocWeight: Float64Array;
  private readonly titleDocResidual: Uint8Array;
  /** 0 for a lesser correspondence link of an ANZSCO title: never an exact match for its code. */
  private readonly titleDocExactable: Uint8Array;
  private readonly isGroup: Uint8Array;
  /** Rank of each code id in code order (string order of the codes), and the reverse. */
  private readonly codeOrder: Int32Array;
  private readonly idsInCodeOrder: Int32Array;
  /** Rank in code order just past each code's last descendant. */
  private readonly descendantsEnd: Int32Array;
  private readonly taskDocCode: Int32Array;
  private readonly knownTokens: Set<string>;
  private readonly tokensByLength = new Map<number, string[]>();
  /** The classification's words as written (before their roots), for correcting typos as typed. */
  private readonly writtenWords = new Set<string>();
  private readonly wordsByLength = new Map<number, string[]>();
  private readonly corrections = new Map<string, WeightedToken[]>();
  /** Per-query scratch, indexed by code id. */
  private readonly titleScore: Float64Array;
  private readonly titleTaskScore: Float64Array;
  private readonly finalScore: Float64Array;
  /** A code's second-best title similarity: two of its titles matching is extra evidence. */
  private readonly titleSupport: Float64Array;
  private readonly coverageScore: Float64Array;
  private readonly taskCoverage: Float64Array;
  /** A task word held by more codes than this is too common to credit (calibration share). */
  private readonly commonTaskWordCodes: number;
  private readonly isTouched: Uint8Array;
  /** Codes touched by the current query: touched[0 .. touchedCount). */
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private fullVocabulary?: Vocabulary;
  private documentsByTitleKey?: Map<string, number[]>;

  /** The caches are shared by engines built together, so texts they share are tokenised once. */
  constructor(
    documents: EngineDocuments,
    private readonly synonyms: SynonymTable,
    lexicons: EngineLexicons = {},
    tokenCache = new Map<string, string[]>(),
    titleTermCache = new Map<string, string[]>(),
  ) {
    const tokensOf = (text: string): string[] => {
      let tokens = tokenCache.get(text);
      if (!tokens) tokenCache.set(text, (tokens = contentTokens(text)));
      return tokens;
    };
    this.relatedWords = lexicons.relatedWords;
    this.hierarchy = new Hierarchy(documents.nodes);
    this.codes = documents.nodes.map((node) => node.code);
    const codeIds = new Map(this.codes.map((code, id) => [code, id]));
    const codeId = (code: string): number => {
      const id = codeIds.get(code);
      if (id === undefined) throw new Error(`document for unknown code ${code}`);
      return id;
    };

    // Codes are hierarchical by prefix, so in code order a group's descendants directly follow it.
    this.idsInCodeOrder = Int32Array.from(
      this.codes.map((_, id) => id).sort((a, b) => (this.codes[a] < this.codes[b] ? -1 : 1)),
    );
    this.codeOrder = new Int32Array(this.codes.length);
    this.idsInCodeOrder.forEach((id, rank) => (this.codeOrder[id] = rank));
    this.descendantsEnd = new Int32Array(this.codes.length);
    this.codes.forEach((code, id) => {
      let end = this.codeOrder[id] + 1;
      while (end < this.codes.length && this.codes[this.idsInCodeOrder[end]].startsWith(code)) end++;
      this.descendantsEnd[id] = end;
    });
    this.isGroup = Uint8Array.from(this.codes, (code) => (code.length < OCCUPATION_CODE_LENGTH ? 1 : 0));
    this.titleDocuments = documents.titles;
    // Titles go through the synonym table as queries do, so both sides use the same words:
    // "Saw Doctor" must still match "saw doctor" once the query reads "saw medical practitioner".
    const expand = (folded: string[]): string[] => synonyms.expand(folded);
    this.titleTerms = documents.titles.map((doc) => {
      let terms = titleTermCache.get(doc.text);
      if (!terms) titleTermCache.set(doc.text, (terms = titleTerms(doc.text, expand)));
      return terms;
    });
    const taskTerms = documents.tasks.map((doc) => {
      const terms: string[] = [];
      for (const text of doc.texts) for (const token of tokensOf(text)) terms.push(token);
      return terms;
    });
    this.titleIndex = new TermIndex(this.titleTerms, {
      countRepeats: false,
      termWeight: (term) => (isHeadToken(term) ? CALIBRATION.headWordWeight : 1),
    });
    this.titleDocCode = Int32Array.from(documents.titles, (doc) => codeId(doc.code));
    // Flat per-document facts for the hot loop (title documents come in several object shapes).
    this.titleDocWeight = Float64Array.from(documents.titles, (doc) => doc.weight);
    this.titleDocResidual = Uint8Array.from(documents.titles, (doc) => (doc.residual ? 1 : 0));
    this.titleDocExactable = Uint8Array.from(documents.titles, (doc) => (doc.secondary ? 0 : 1));
    this.taskIndex = new TermIndex(taskTerms, { countRepeats: true });
    this.taskDocCode = Int32Array.from(documents.tasks, (doc) => codeId(doc.code));
    this.profiles = new CodeProfileIndex(
      {
        // A group's coverage is never used (a group scores by its own title), so only occupations.
        titles: this.titleTerms.flatMap((terms, doc) =>
          this.isGroup[this.titleDocCode[doc]] ? [] : [{ code: this.titleDocCode[doc], terms }],
        ),
        tasks: taskTerms.map((terms, doc) => ({ code: this.taskDocCode[doc], terms })),
      },
      this.codes.length,
    );

    const withoutHeads = (terms: readonly string[]): string[] => terms.filter((term) => !isHeadToken(term));
    const taskIndex = this.taskIndex;
    this.reranker = new CandidateReranker(
      {
        codes: this.codes,
        titles: this.titleTerms.map((terms, doc) => ({
          code: this.titleDocCode[doc],
          terms: withoutHeads(terms),
          head: terms.find(isHeadToken),
        })),
        tasks: taskTerms.map((terms, doc) => ({ code: this.taskDocCode[doc], terms })),
        titleTermWeight: (token) => this.titleIndex.inverseFrequency(token),
        taskTermWeight: (token) => taskIndex.inverseFrequency(token),
      },
      lexicons.wordVectors,
    );
    this.knownTokens = new Set([...this.titleIndex.terms(), ...this.taskIndex.terms()].filter((t) => !isHeadToken(t)));
    for (const token of this.knownTokens) addByLength(this.tokensByLength, token);
    const writtenWords = this.writtenWords;
    for (const doc of documents.titles) for (const word of contentWords(doc.text, expand)) writtenWords.add(word);
    for (const doc of documents.tasks) {
      for (const text of doc.texts) for (const word of contentWords(text)) writtenWords.add(word);
    }
    for (const word of writtenWords) addByLength(this.wordsByLength, word);
    this.titleScore = new Float64Array(this.codes.length);
    this.titleTaskScore = new Float64Array(this.codes.length);
    this.finalScore = new Float64Array(this.codes.length);
    this.titleSupport = new Float64Array(this.codes.length);
    this.coverageScore = new Float64Array(this.codes.length);
    this.taskCoverage = new Float64Array(this.codes.length);
    this.commonTaskWordCodes = CALIBRATION.commonTaskWordShare * documents.tasks.length;
    this.isTouched = new Uint8Array(this.codes.length);
    this.touched = new Int32Array(this.codes.length);
  }

  code(input: CoderInput, maxCandidates: number, exclusion?: Exclusion): CoderResult {
    return decide(this.rank(input, exclusion), this.hierarchy, maxCandidates, CALIBRATION);
  }

  /** Codes scored against the input, best first (ties by code, so output is deterministic). */
  rank(input: CoderInput, exclusion?: Exclusion): ScoredCode[] {
    const vocabulary = this.vocabulary(exclusion);
    const cache = exclusion ? undefined : this.boundedCorrectionCache();
    const title = withoutQualifiers(input.occp_text ?? "");
    const typedTitleWords = this.titleWords(title);
    const titleQuery = this.titleQuery(title, typedTitleWords, vocabulary, cache);
    // "Sales Representatives nec" asks for the residual category, not for any sales representative.
    const queryIsResidual = isResidualTitle(input.occp_text ?? "");
    const taskQuery = this.resolvedTokens(contentWords(input.tasks_text ?? ""), vocabulary, cache);

    this.scoreTitles(titleQuery, queryIsResidual, exclusion);
    const related = this.relatedQuery(typedTitleWords, titleQuery, vocabulary);
    if (related.length > 0) this.scoreRelatedTitles([...titleQuery, ...related], exclusion);
    this.reranker.setQuery(
      titleQuery.filter(({ token }) => !isHeadToken(token)),
      related,
      taskQuery,
      titleQuery.find(({ token }) => isHeadToken(token))?.token,
    );
    const profiles = this.profiles;
    this.noteAll(
      profiles.cover(
        titleQuery,
        (token) => this.titleIndex.inverseFrequency(token, exclusion?.titles),
        CALIBRATION.coverageTaskDiscount,
        exclusion?.profiles,
      ),
      profiles.coverage,
      this.coverageScore,
    );
    if (taskQuery.length > 0) {
      // Share of the task words found in each code's titles or tasks: robust to long task lists.
      this.noteAll(
        profiles.cover(
          taskQuery,
          (token) => this.taskIndex.inverseFrequency(token),
          1,
          exclusion?.profiles,
          this.commonTaskWordCodes,
        ),
        profiles.coverage,
        this.taskCoverage,
      );
    }
    const titleWords = titleQuery.filter(({ token }) => !isHeadToken(token));
    if (titleWords.length > 0) {
      const matchedTasks = this.taskIndex.match(titleWords);
      const taskSimilarity = this.taskIndex.similarity;
      for (let i = 0; i < matchedTasks.length; i++) {
        const doc = matchedTasks[i];
        this.note(this.taskDocCode[doc], this.titleTaskScore, taskSimilarity[doc]);
      }
    }
    return this.collectRanking(exclusion);
  }

  /** Each code's best and second-best title match. */
  private scoreTitles(titleQuery: readonly WeightedToken[], queryIsResidual: boolean, exclusion?: Exclusion): void {
    const { titleDocCode, titleDocWeight, titleDocResidual, titleDocExactable } = this;
    const { exactTitleBonus, residualQueryBonus } = CALIBRATION;
    const matchedTitles = this.titleIndex.match(titleQuery, exclusion?.titles);
    const titleSimilarity = this.titleIndex.similarity;
    for (let i = 0; i < matchedTitles.length; i++) {
      const doc = matchedTitles[i];
      const similarity = titleSimilarity[doc];
      // The query saying exactly what a title says is worth more than any blend of near matches;
      // a residual title ("Registered Nurses nec") is only exact when the query says "nec" too.
      // A lesser correspondence link of an ANZSCO title is not the title of that code.
      const residual = titleDocResidual[doc] === 1;
      const exact =
        similarity > EXACT_SIMILARITY && (!residual || queryIsResidual) && titleDocExactable[doc] === 1
          ? exactTitleBonus
          : 0;
      const residualBonus = queryIsResidual && residual ? residualQueryBonus : 0;
      this.noteTitleMatch(titleDocCode[doc], similarity * titleDocWeight[doc] + exact + residualBonus);
    }
  }

  /**
   * Title matches counting WordNet's related words, at a discount: they only decide where the
   * query's own words found little. A code keeps its better match from either pass.
   */
  private scoreRelatedTitles(query: readonly WeightedToken[], exclusion?: Exclusion): void {
    const { titleDocCode, titleDocWeight } = this;
    const matched = this.titleIndex.match(query, exclusion?.titles);
    const similarity = this.titleIndex.similarity;
    for (let i = 0; i < matched.length; i++) {
      const doc = matched[i];
      const code = titleDocCode[doc];
      const score = CALIBRATION.relatedTitleWeight * similarity[doc] * titleDocWeight[doc];
      // Not a second title: the same document may have matched in the first pass.
      if (score > this.titleScore[code]) {
        this.touch(code);
        this.titleScore[code] = score;
      }
    }
  }

  private noteTitleMatch(code: number, score: number): void {
    const { titleScore, titleSupport } = this;
    this.touch(code);
    if (score > titleScore[code]) {
      titleSupport[code] = titleScore[code];
      titleScore[code] = score;
    } else if (score > titleSupport[code]) {
      titleSupport[code] = score;
    }
  }

  /**
   * WordNet's related words for the title's words the index does not know (a known word keeps
   * its meaning here), less those the query already has; each at its strongest weight.
   */
  private relatedQuery(
    titleWords: readonly string[],
    titleQuery: readonly WeightedToken[],
    vocabulary: Vocabulary,
  ): WeightedToken[] {
    if (!this.relatedWords) return [];
    const present = new Set(titleQuery.map(({ token }) => token));
    const best = new Map<string, number>();
    for (const word of titleWords) {
      if (vocabulary.isKnown(rootOf(word))) continue;
      for (const { token, weight } of this.relatedWords.of(word)) {
        if (!present.has(token) && weight > (best.get(token) ?? 0)) best.set(token, weight);
      }
    }
    return [...best].map(([token, weight]) => ({ token, weight, related: true }));
  }

  /**
   * Title documents that came from this OSCA index entry, or that say the same under its code,
   * or ANZSCO titles that say the same (wherever the correspondence points them).
   */
  documentsMatchingEntry(entry: TitleIndexEntry): number[] {
    const byKey = (this.documentsByTitleKey ??= this.indexTitleKeys());
    const matches: number[] = [];
    for (const id of byKey.get(titleKey(entry.title)) ?? []) {
      if (leftOutWithEntry(this.titleDocuments[id], entry)) matches.push(id);
    }
    return matches;
  }

  /** Title documents by their sorted title tokens, built on first leave-one-out use. */
  private indexTitleKeys(): Map<string, number[]> {
    const byKey = new Map<string, number[]>();
    this.titleDocuments.forEach((doc, id) => {
      const key = titleKey(doc.text);
      const ids = byKey.get(key) ?? [];
      ids.push(id);
      byKey.set(key, ids);
    });
    return byKey;
  }

  /** Title documents carrying this ANZSCO code's title to OSCA codes. */
  documentsFromAnzscoCode(anzscoCode: string): number[] {
    const matches: number[] = [];
    this.titleDocuments.forEach((doc, id) => {
      if (doc.anzscoCode === anzscoCode) matches.push(id);
    });
    return matches;
  }

  excluding(titleDocs: readonly number[]): Exclusion {
    const titles = this.titleIndex.exclusion(titleDocs);
    return {
      titles,
      profiles: this.profiles.exclusion(
        titleDocs
          .filter((doc) => !this.isGroup[this.titleDocCode[doc]])
          .map((doc) => ({ code: this.titleDocCode[doc], terms: this.titleTerms[doc] })),
      ),
      rerank: this.reranker.exclusion(titles.docs),
    };
  }

  /** Title tokens as resolved against the vocabulary, plus the head noun's marked token. */
  private titleQuery(
    text: string,
    titleWords: readonly string[],
    vocabulary: Vocabulary,
    cache?: Map<string, WeightedToken[]>,
  ): WeightedToken[] {
    const tokens = this.resolvedTitleTokens(titleWords, vocabulary, cache);
    const headSegmentText = headSegment(text);
    const headTokens =
      headSegmentText === text ? tokens : this.resolvedTitleTokens(this.titleWords(headSegmentText), vocabulary, cache);
    const head = headTokens.at(-1);
    return head ? [...tokens, { token: headToken(head.token), weight: head.weight }] : tokens;
  }

  /** A title's content words, rewritten by the synonym table as the index's titles are. */
  private titleWords(text: string): string[] {
    return contentWords(text, (folded) => this.synonyms.expand(folded));
  }

  private resolvedTitleTokens(
    titleWords: readonly string[],
    vocabulary: Vocabulary,
    cache?: Map<string, WeightedToken[]>,
  ): WeightedToken[] {
    return this.resolvedTokens(titleWords, vocabulary, cache, (token) => vocabulary.titleFrequency(token) > 0);
  }

  /**
   * Roots of the words, with neighbours the titles write as one word joined (when
   * `isTitleToken` is given), resolved against the vocabulary; a typo is corrected as typed.
   */
  private resolvedTokens(
    typedWords: readonly string[],
    vocabulary: Vocabulary,
    cache: Map<string, WeightedToken[]> | undefined,
    isTitleToken?: (token: string) => boolean,
  ): WeightedToken[] {
    const roots = typedWords.map(rootOf);
    const tokens = isTitleToken ? joinCompounds(roots, isTitleToken) : roots;
    const writtenWords = this.writtenWords;
    // Most queries: every word one the classification writes, every root known.
    if (typedWords.every((word) => writtenWords.has(word)) && tokens.every((token) => vocabulary.isKnown(token))) {
      return resolveTokens(tokens, vocabulary, cache);
    }
    const wordOfRoot = new Map(roots.map((root, i) => [root, typedWords[i]]));
    const relatedWords = this.relatedWords;
    return resolveTokens(tokens, vocabulary, cache, {
      wordOf: (token) => wordOfRoot.get(token),
      isDictionaryWord: (word) => (relatedWords?.of(word).length ?? 0) > 0,
      isClassificationWord: (word) => writtenWords.has(word),
    });
  }

  private vocabulary(exclusion?: Exclusion): Vocabulary {
    if (!exclusion) return (this.fullVocabulary ??= this.buildVocabulary());
    return this.buildVocabulary(exclusion);
  }

  private buildVocabulary(exclusion?: Exclusion): Vocabulary {
    const titleIndex = this.titleIndex;
    const taskIndex = this.taskIndex;
    const known = this.knownTokens;
    return {
      isKnown: exclusion
        ? (token) => titleIndex.frequency(token, exclusion.titles) > 0 || taskIndex.frequency(token) > 0
        : (token) => known.has(token),
      titleFrequency: (token) => titleIndex.frequency(token, exclusion?.titles),
      tokensOfLength: (length) => this.tokensByLength.get(length) ?? [],
      wordsOfLength: (length) => this.wordsByLength.get(length) ?? [],
    };
  }

  private boundedCorrectionCache(): Map<string, WeightedToken[]> {
    if (this.corrections.size > CORRECTION_CACHE_LIMIT) this.corrections.clear();
    return this.corrections;
  }

  /** Copies each listed code's value into scores (values are by code id). */
  private noteAll(codes: Int32Array, values: Float64Array, scores: Float64Array): void {
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      this.touch(code);
      scores[code] = values[code];
    }
  }

  private touch(code: number): void {
    if (!this.isTouched[code]) {
      this.isTouched[code] = 1;
      this.touched[this.touchedCount++] = code;
    }
  }

  private note(code: number, scores: Float64Array, value: number): void {
    this.touch(code);
    scores[code] = value;
  }

  /**
   * Final score per code: title evidence plus weighted task evidence. A group (matched by its
   * own title) has no task statements of its own, so it takes its best descendant's; otherwise
   * every group would lose to any occupation that merely shares a word of its tasks.
   */
  private collectRanking(exclusion?: Exclusion): ScoredCode[] {
    // Locals rather than this.x in the hot loops: V8 then keeps the typed arrays in registers.
    const { touched, touchedCount, isGroup, titleScore, titleSupport, coverageScore, titleTaskScore } = this;
    const { finalScore, isTouched, taskCoverage } = this;
    const { titleSupportWeight, coverageWeight, titleAgainstTasksWeight, taskCoverageWeight } = CALIBRATION;

    let best = 0;
    for (let i = 0; i < touchedCount; i++) {
      const code = touched[i];
      let taskEvidence = taskCoverageWeight * taskCoverage[code] + titleAgainstTasksWeight * titleTaskScore[code];
      if (isGroup[code]) {
        // A group enters the ranking only through its own title; its task evidence is its best
        // descendant's, else any occupation sharing a word of its tasks would beat it.
        taskEvidence = titleScore[code] === 0 ? 0 : this.bestDescendantTaskEvidence(code);
      }
      // A group scores by its own title alone: pooled coverage would let "Plumbers" (the minor
      // group) rival the occupation "Plumber" that the same words name exactly.
      const score = isGroup[code]
        ? titleScore[code] === 0
          ? 0
          : titleScore[code] + taskEvidence
        : titleScore[code] +
          titleSupportWeight * titleSupport[code] +
          coverageWeight * coverageScore[code] +
          taskEvidence;
      finalScore[code] = score;
      if (score > best) best = score;
    }
    // Codes this far behind the best get no probability worth showing; skipping them saves a sort.
    const floor = Math.max(Number.MIN_VALUE, best - CALIBRATION.rankingMargin);
    const kept: number[] = [];
    for (let i = 0; i < touchedCount; i++) {
      if (finalScore[touched[i]] >= floor) kept.push(touched[i]);
    }
    // Best first; equal scores in code order, so the output never depends on the touch order.
    const byScore = (a: number, b: number): number =>
      finalScore[b] - finalScore[a] || this.codeOrder[a] - this.codeOrder[b];
    kept.sort(byScore);
    // Only the leaders are worth the reranker's time (task words alone touch hundreds of codes).
    const leaders = kept.slice(0, CALIBRATION.rerankPool);
    this.reranker.adjust(leaders, finalScore, exclusion?.rerank);
    leaders.sort(byScore);
    const ranked = leaders
      .slice(0, CALIBRATION.candidatePool)
      .map((code) => ({ code: this.codes[code], score: finalScore[code] }));

    for (let i = 0; i < touchedCount; i++) {
      const code = touched[i];
      titleScore[code] = 0;
      titleSupport[code] = 0;
      coverageScore[code] = 0;
      isTouched[code] = 0;
      taskCoverage[code] = 0;
      titleTaskScore[code] = 0;
    }
    this.touchedCount = 0;
    return ranked;
  }

  /** Highest task evidence among a group's occupations (a contiguous run in code order). */
  private bestDescendantTaskEvidence(group: number): number {
    let best = 0;
    for (let rank = this.codeOrder[group] + 1; rank < this.descendantsEnd[group]; rank++) {
      const code = this.idsInCodeOrder[rank];
      const evidence =
        CALIBRATION.taskCoverageWeight * this.taskCoverage[code] +
        CALIBRATION.titleAgainstTasksWeight * this.titleTaskScore[code];
      if (evidence > best) best = evidence;
    }
    return best;
  }
}
