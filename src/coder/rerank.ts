/**
 * Evidence beyond shared words, added to the candidates that words found: closeness in meaning
 * (word vectors) to each candidate's tasks, its unit group's tasks and its titles; how likely
 * the title's words are in the candidate's unit group (naive Bayes over its titles); and how
 * likely its head noun is in the candidate's major group ("manager" heads managers' titles).
 * Each is relative to the best candidate's, so it reorders candidates without lifting the best
 * score: confidence still comes from the words themselves.
 */
import { CALIBRATION } from "./calibration";
import { HeadRoleModel, type LeftOutHeads } from "./head-role-model";
import { SemanticProfiles } from "./semantic-profiles";
import type { WeightedToken } from "./spelling";
import { UnitGroupModel, titleFeatures, type LeftOutTitles } from "./unit-group-model";
import type { WordVectors } from "./word-vectors";

const UNIT_GROUP_CODE_LENGTH = 4;

export interface RerankSource {
  codes: readonly string[];
  /** Each title document's code id, tokens (without head markers) and head noun. */
  titles: readonly { code: number; terms: readonly string[]; head?: string }[];
  /** Each task document's code id and tokens. */
  tasks: readonly { code: number; terms: readonly string[] }[];
  titleTermWeight: (token: string) => number;
  taskTermWeight: (token: string) => number;
}

/** Title documents left out for one query (leave-one-out evaluation), in both models' terms. */
export interface RerankExclusion {
  titleDocs: ReadonlySet<number>;
  unitGroupTitles: LeftOutTitles;
  heads: LeftOutHeads;
}

export class CandidateReranker {
  private readonly semantics?: SemanticProfiles;
  private readonly unitGroupModel: UnitGroupModel;
  private readonly headRoleModel: HeadRoleModel;
  /** Each code's major group (its first digit) as an index into the head-role model. */
  private readonly majorGroupNumber: Int32Array;
  /** Each code's unit group as an index into the model, -1 above unit-group level. */
  private readonly unitGroupNumber: Int32Array;
  private readonly titles: RerankSource["titles"];
  private queryFeatures: string[] = [];
  private queryHead?: string;
  private hasMeaning = false;

  constructor(source: RerankSource, wordVectors?: WordVectors) {
    const { codes } = source;
    this.titles = source.titles;
    const ids = new Map(codes.map((code, id) => [code, id]));
    const unitGroupOf = Int32Array.from(codes, (code, id) =>
      code.length > UNIT_GROUP_CODE_LENGTH ? (ids.get(code.slice(0, UNIT_GROUP_CODE_LENGTH)) ?? id) : id,
    );
    const numbers = new Map<number, number>();
    codes.forEach((code, id) => code.length === UNIT_GROUP_CODE_LENGTH && numbers.set(id, numbers.size));
    this.unitGroupNumber = Int32Array.from(unitGroupOf, (unitGroup) => numbers.get(unitGroup) ?? -1);
    const inUnitGroup = ({ code, terms }: { code: number; terms: readonly string[] }) => ({
      unitGroup: this.unitGroupNumber[code],
      terms,
    });
    this.unitGroupModel = new UnitGroupModel({
      unitGroupCount: numbers.size,
      titles: source.titles.map(inUnitGroup).filter(({ unitGroup }) => unitGroup >= 0),
      tasks: source.tasks.map(inUnitGroup).filter(({ unitGroup }) => unitGroup >= 0),
    });
    const majorGroups = new Map<string, number>();
    for (const code of codes) if (!majorGroups.has(code[0])) majorGroups.set(code[0], majorGroups.size);
    this.majorGroupNumber = Int32Array.from(codes, (code) => majorGroups.get(code[0])!);
    this.headRoleModel = new HeadRoleModel({
      majorGroupCount: majorGroups.size,
      titles: source.titles.map(({ code, head }) => ({ majorGroup: this.majorGroupNumber[code], head })),
    });
    if (wordVectors) {
      this.semantics = new SemanticProfiles(wordVectors, {
        codes,
        unitGroupOf,
        tasks: source.tasks,
        titles: source.titles,
        taskTermWeight: source.taskTermWeight,
        titleTermWeight: source.titleTermWeight,
      });
    }
  }

  /** The same title documents as the models see them. */
  exclusion(titleDocs: ReadonlySet<number>): RerankExclusion {
    return {
      titleDocs,
      unitGroupTitles: [...titleDocs]
        .map((doc) => ({
          unitGroup: this.unitGroupNumber[this.titles[doc].code],
          features: titleFeatures(this.titles[doc].terms),
        }))
        .filter(({ unitGroup }) => unitGroup >= 0),
      heads: [...titleDocs].map((doc) => ({
        majorGroup: this.majorGroupNumber[this.titles[doc].code],
        head: this.titles[doc].head,
      })),
    };
  }

  /**
   * The job title's tokens (no head marker), WordNet's related words for its unknown ones, the
   * task text's tokens and the title's head noun (marked, as the index marks it). With task text
   * the unit-group model stays out: it reads title words only, and "nurse" would outvote dental
   * tasks that the engine has already weighed. The head noun speaks either way.
   */
  setQuery(
    titleTokens: readonly WeightedToken[],
    relatedTokens: readonly WeightedToken[],
    taskTokens: readonly WeightedToken[],
    head?: string,
  ): void {
    const hasTasks = taskTokens.length > 0;
    this.queryHead = head;
    this.queryFeatures = hasTasks ? [] : titleFeatures(titleTokens.map(({ token }) => token));
    const meaningTokens = [...titleTokens, ...relatedTokens];
    for (const { token, weight } of taskTokens) {
      meaningTokens.push({ token, weight: weight * CALIBRATION.taskWordMeaningWeight });
    }
    this.hasMeaning = this.semantics?.setQuery(meaningTokens) ?? false;
  }

  /** Adds the evidence to each candidate's score (scores are by code id). */
  adjust(candidates: readonly number[], scores: Float64Array, exclusion?: RerankExclusion): void {
    if (this.hasMeaning) this.addRelative(candidates, scores, (code) => this.meaning(code, exclusion));
    if (this.queryFeatures.length > 0) {
      const { unitGroupModelWeight, unitGroupModelFloor } = CALIBRATION;
      this.addRelative(
        candidates,
        scores,
        (code) => this.unitGroupLikelihood(code, exclusion),
        unitGroupModelWeight * unitGroupModelFloor,
      );
    }
    if (this.queryHead !== undefined) {
      const logProbabilities = this.headRoleModel.logProbabilities(this.queryHead, exclusion?.heads);
      const weight = CALIBRATION.headRoleWeight;
      this.addRelative(candidates, scores, (code) => weight * logProbabilities[this.majorGroupNumber[code]]);
    }
  }

  private meaning(code: number, exclusion?: RerankExclusion): number {
    const semantics = this.semantics!;
    const { taskProfileWeight, unitGroupProfileWeight, titleVectorWeight } = CALIBRATION;
    return (
      taskProfileWeight * semantics.profileSimilarity(code) +
      unitGroupProfileWeight * semantics.unitGroupSimilarity(code) +
      titleVectorWeight * semantics.titleSimilarity(code, exclusion?.titleDocs)
    );
  }

  /** Weighted log-likelihood; a code above unit-group level has none (-Infinity). */
  private unitGroupLikelihood(code: number, exclusion?: RerankExclusion): number {
    const unitGroup = this.unitGroupNumber[code];
    if (unitGroup < 0) return -Infinity;
    return (
      CALIBRATION.unitGroupModelWeight *
      this.unitGroupModel.logLikelihood(this.queryFeatures, unitGroup, exclusion?.unitGroupTitles)
    );
  }

  /**
   * Adds each candidate's evidence less the best candidate's, but never more than `floor` below
   * it; a candidate without any (-Infinity) gets the floor.
   */
  private addRelative(
    candidates: readonly number[],
    scores: Float64Array,
    evidenceOf: (code: number) => number,
    floor = Infinity,
  ): void {
    const evidence = new Float64Array(candidates.length);
    let best = -Infinity;
    for (let i = 0; i < candidates.length; i++) {
      evidence[i] = evidenceOf(candidates[i]);
      if (evidence[i] > best) best = evidence[i];
    }
    if (best === -Infinity) return;
    for (let i = 0; i < candidates.length; i++) scores[candidates[i]] += Math.max(-floor, evidence[i] - best);
  }
}
