/**
 * A naive Bayes model of which unit group a title's words come from, learned from the titles
 * of every occupation in each unit group and, at a small weight, their task statements. Title
 * matching scores one title at a time; this pools a unit group's whole vocabulary, so "Coastal
 * Engineer" leans to the unit group whose titles between them say "coastal" and "engineer".
 */
import { CALIBRATION } from "./calibration";

export interface UnitGroupModelSource {
  unitGroupCount: number;
  /** Each title's unit group (an index below unitGroupCount) and tokens. */
  titles: readonly { unitGroup: number; terms: readonly string[] }[];
  /** Each task document's unit group and tokens. */
  tasks: readonly { unitGroup: number; terms: readonly string[] }[];
}

/** Titles left out of the model for one query (leave-one-out evaluation). */
export type LeftOutTitles = readonly { unitGroup: number; features: readonly string[] }[];
const NOTHING_LEFT_OUT: LeftOutTitles = [];

/** Features of a title: its tokens and its adjacent token pairs ("dental assist"). */
export function titleFeatures(terms: readonly string[]): string[] {
  const features = [...terms];
  for (let i = 1; i < terms.length; i++) features.push(`${terms[i - 1]} ${terms[i]}`);
  return features;
}

/**
 * Counts are kept as one posting list per feature (unit groups ascending, with their weighted
 * counts) rather than a Map per feature: two engines' models then cost about 1 MB, not 10.
 */
export class UnitGroupModel {
  private readonly featureIds = new Map<string, number>();
  private readonly postingStart: Int32Array;
  private readonly postingGroup: Int32Array;
  private readonly postingCount: Float32Array;
  private readonly smoothedTotals: Float64Array;

  constructor(source: UnitGroupModelSource) {
    const { unitGroupSmoothing, unitGroupTaskWordWeight } = CALIBRATION;
    const totals = new Float64Array(source.unitGroupCount);
    // Gathered as "feature id, group" keys first, then laid out feature by feature.
    const counts = new Map<number, number>();
    const add = (unitGroup: number, feature: string, weight: number): void => {
      let id = this.featureIds.get(feature);
      if (id === undefined) this.featureIds.set(feature, (id = this.featureIds.size));
      const key = id * source.unitGroupCount + unitGroup;
      counts.set(key, (counts.get(key) ?? 0) + weight);
      totals[unitGroup] += weight;
    };
    for (const { unitGroup, terms } of source.titles) {
      for (const feature of titleFeatures(terms)) add(unitGroup, feature, 1);
    }
    for (const { unitGroup, terms } of source.tasks) {
      for (const term of terms) add(unitGroup, term, unitGroupTaskWordWeight);
    }
    const keys = Float64Array.from(counts.keys()).sort();
    this.postingStart = new Int32Array(this.featureIds.size + 1);
    this.postingGroup = new Int32Array(keys.length);
    this.postingCount = new Float32Array(keys.length);
    // Every feature has at least one posting, so each feature's last one sets where the next starts.
    keys.forEach((key, i) => {
      const feature = Math.floor(key / source.unitGroupCount);
      this.postingGroup[i] = key - feature * source.unitGroupCount;
      this.postingCount[i] = counts.get(key)!;
      this.postingStart[feature + 1] = i + 1;
    });
    const smoothing = unitGroupSmoothing * this.featureIds.size;
    this.smoothedTotals = totals.map((total) => total + smoothing);
  }

  /**
   * Mean log-likelihood per feature of a title's features under a unit group. Left-out titles
   * (leave-one-out evaluation) no longer count for their group.
   */
  logLikelihood(features: readonly string[], unitGroup: number, leftOut?: LeftOutTitles): number {
    if (features.length === 0) return 0;
    const smoothing = CALIBRATION.unitGroupSmoothing;
    let total = this.smoothedTotals[unitGroup];
    const removed = leftOut ? leftOut.filter((title) => title.unitGroup === unitGroup) : NOTHING_LEFT_OUT;
    for (const title of removed) total -= title.features.length;
    let sum = 0;
    for (const feature of features) {
      let count = this.count(feature, unitGroup);
      for (const title of removed) for (const own of title.features) if (own === feature) count -= 1;
      sum += Math.log(Math.max(0, count) + smoothing);
    }
    return sum / features.length - Math.log(total);
  }

  /** Weighted count of a feature in a unit group: binary search of the feature's postings. */
  private count(feature: string, unitGroup: number): number {
    const id = this.featureIds.get(feature);
    if (id === undefined) return 0;
    let low = this.postingStart[id];
    let high = this.postingStart[id + 1] - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const group = this.postingGroup[middle];
      if (group === unitGroup) return this.postingCount[middle];
      if (group < unitGroup) low = middle + 1;
      else high = middle - 1;
    }
    return 0;
  }
}
