/**
 * Tuning constants, set by `npm run bench:coder` on leave-one-out titles and sample jobs
 * (see bench/README.md). Change them only with the bench's figures in hand.
 */
export const CALIBRATION = {
  /** Extra weight of a title's head noun ("manager" in "Purchasing Manager"): the role matters
   * more than the field it is in. */
  headWordWeight: 1,
  /** Added to a title match with exactly the query's words. */
  exactTitleBonus: 0.6,
  /** Added to a residual ("nec") title's match when the query itself says "nec". */
  residualQueryBonus: 0.2,
  /** Discount of a title match found with WordNet's related words beside the query's own. */
  relatedTitleWeight: 0.9,
  /** Weight of a code's second-best title match beside its best one. */
  titleSupportWeight: 0.3,
  /** Weight of the query's coverage by all of a code's titles and tasks together. */
  coverageWeight: 1,
  /** A query word found only in a code's task statements counts this much towards coverage. */
  coverageTaskDiscount: 0.7,
  /** Weight of the share of tasks_text words found in a code's titles and task statements. */
  taskCoverageWeight: 0.7,
  /** A tasks_text word found in more than this share of occupations is counted in the task
   * coverage's total but credited to no code: it barely tells them apart and visiting them all
   * is most of the coder's time. */
  commonTaskWordShare: 0.35,
  /** Weight of the job title itself matched against task statements (descriptive titles). */
  titleAgainstTasksWeight: 0.4,
  /** Softmax temperature turning scores into probabilities: smaller trusts small margins more. */
  temperature: 0.2,
  /** Score of the "none of these" outcome: a best score near it earns little confidence. */
  noMatchScore: 1.6,
  /** Probability a code (at any level) must reach to be assigned: the precision/coverage trade. */
  assignThreshold: 0.8,
  /** Shortest code the coder assigns: below it a result stays unsuccessful, with its
   * occupations as suggestions, since a bare major group helps no one code a job. */
  minimumAssignLevel: 2,
  /** Scored codes considered per query. */
  candidatePool: 40,
  /** Codes scoring this far below the best are not ranked at all (e^(-margin/temperature) ≈ 0). */
  rankingMargin: 1.2,
};
