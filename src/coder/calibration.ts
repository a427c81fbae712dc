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
  coverageTaskDiscount: 1,
  /** Weight of the share of tasks_text words found in a code's titles and task statements. */
  taskCoverageWeight: 0.7,
  /** A tasks_text word found in more than this share of occupations is counted in the task
   * coverage's total but credited to no code: it barely tells them apart and visiting them all
   * is most of the coder's time. */
  commonTaskWordShare: 0.35,
  /** Weight of the job title itself matched against task statements (descriptive titles). */
  titleAgainstTasksWeight: 0.4,
  /** Weight of the cosine between the title's word vectors and a candidate's task profile. */
  taskProfileWeight: 1.5,
  /** Weight of the same cosine with the task profile of the candidate's unit group. */
  unitGroupProfileWeight: 1.5,
  /** Weight of the best cosine between the title's word vectors and one of the candidate's titles. */
  titleVectorWeight: 1,
  /** A tasks_text word counts this much of a title word in the query's meaning vector. */
  taskWordMeaningWeight: 0.5,
  /** Weight of the mean log-likelihood of the title's words under a candidate's unit group. */
  unitGroupModelWeight: 0.2,
  /** A candidate's unit-group log-likelihood counts at most this far below the best one's; a
   * group above unit-group level, which the model cannot speak for, counts this far below. */
  unitGroupModelFloor: 5,
  /** Additive smoothing of the unit-group model: small, as most title words name one group. */
  unitGroupSmoothing: 0.02,
  /** A task word is this much of a title word as evidence of a unit group. */
  unitGroupTaskWordWeight: 0.1,
  /** Weight of the log-probability of a candidate's major group given the title's head noun. */
  headRoleWeight: 0.2,
  /** Additive smoothing of the head-noun counts per major group. */
  headRoleSmoothing: 1,
  /** Softmax temperature turning scores into probabilities: smaller trusts small margins more. */
  temperature: 0.22,
  /** Score of the "none of these" outcome: a best score near it earns little confidence. */
  noMatchScore: 1.65,
  /** Probability a code (at any level) must reach to be assigned: the precision/coverage trade. */
  assignThreshold: 0.8,
  /** Shortest code the coder assigns: below it a result stays unsuccessful, with its
   * occupations as suggestions, since a bare major group helps no one code a job. */
  minimumAssignLevel: 2,
  /** Best-scoring codes the reranker reorders (by meaning and unit-group model) per query. */
  rerankPool: 60,
  /** Scored codes considered per query. */
  candidatePool: 40,
  /** Codes scoring this far below the best are not ranked at all (e^(-margin/temperature) ≈ 0). */
  rankingMargin: 1.6,
};
