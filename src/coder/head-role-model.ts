/**
 * How likely each major group is for a title's head noun, counted over the index's titles:
 * "manager" heads managers' titles, "worker" and "assistant" rarely do. The field words of
 * "Fruit Farm Manager" match Fruit Farm Worker better than Fruit Grower; the head says the
 * job is a manager's.
 */
import { CALIBRATION } from "./calibration";

export interface HeadRoleSource {
  majorGroupCount: number;
  /** Each title's major group (an index below majorGroupCount) and head noun, if it has one. */
  titles: readonly { majorGroup: number; head?: string }[];
}

/** Titles left out for one query (leave-one-out evaluation). */
export type LeftOutHeads = readonly { majorGroup: number; head?: string }[];

export class HeadRoleModel {
  private readonly counts = new Map<string, Float64Array>();
  private readonly majorGroupCount: number;

  constructor(source: HeadRoleSource) {
    this.majorGroupCount = source.majorGroupCount;
    for (const { majorGroup, head } of source.titles) {
      if (head === undefined) continue;
      let counts = this.counts.get(head);
      if (!counts) this.counts.set(head, (counts = new Float64Array(source.majorGroupCount)));
      counts[majorGroup] += 1;
    }
  }

  /**
   * Log-probability of each major group given the head noun, smoothed; the same for every group
   * when no other title has this head. Left-out titles no longer count.
   */
  logProbabilities(head: string, leftOut?: LeftOutHeads): Float64Array {
    const smoothing = CALIBRATION.headRoleSmoothing;
    const counts = Float64Array.from(this.counts.get(head) ?? new Float64Array(this.majorGroupCount));
    for (const title of leftOut ?? []) if (title.head === head) counts[title.majorGroup] -= 1;
    let total = 0;
    for (const count of counts) total += count;
    return counts.map((count) => Math.log((count + smoothing) / (total + smoothing * this.majorGroupCount)));
  }
}
