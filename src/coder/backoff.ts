/**
 * From ranked scores to a coding decision. Scores become probabilities (a softmax that also
 * holds a "no match" outcome); a group's probability is the sum over its descendants. The
 * deepest level whose best code is probable enough is assigned, so two close occupations in one
 * unit group give the unit group, and two close unit groups give their minor group, and so on.
 */
import type { Hierarchy } from "./hierarchy";
import type { CodeCandidate, CoderResult } from "./types";

export interface ScoredCode {
  code: string;
  score: number;
}

export interface DecisionParameters {
  temperature: number;
  noMatchScore: number;
  assignThreshold: number;
  /** Shortest code worth assigning: a major group alone tells a user next to nothing. */
  minimumAssignLevel: number;
}

/** Code lengths from most to least detailed (5 is unused by OSCA and ANZSCO). */
const LEVELS = [6, 5, 4, 3, 2, 1];

export function decide(
  ranked: ScoredCode[],
  hierarchy: Hierarchy,
  maxCandidates: number,
  parameters: DecisionParameters,
): CoderResult {
  ranked = withoutSubsumedGroups(ranked, hierarchy);
  if (ranked.length === 0) return { status: "unsuccessful", candidates: [] };

  // Parallel arrays of doubles rather than objects: this runs once per record.
  const best = ranked[0].score;
  const probabilities = new Float64Array(ranked.length);
  let total = Math.exp((parameters.noMatchScore - best) / parameters.temperature);
  for (let i = 0; i < ranked.length; i++) {
    probabilities[i] = Math.exp((ranked[i].score - best) / parameters.temperature);
    total += probabilities[i];
  }
  for (let i = 0; i < ranked.length; i++) probabilities[i] /= total;

  const groupProbability = new Map<string, number>();
  for (let i = 0; i < ranked.length; i++) {
    for (const ancestor of hierarchy.lineage(ranked[i].code)) {
      groupProbability.set(ancestor, (groupProbability.get(ancestor) ?? 0) + probabilities[i]);
    }
  }

  const candidate = (code: string, probability: number): CodeCandidate => ({
    code,
    title: hierarchy.title(code) ?? "",
    confidence: clamp01(probability),
  });

  const assigned = mostProbableAtDeepestLevel(
    groupProbability,
    parameters.assignThreshold,
    parameters.minimumAssignLevel,
  );
  const candidates: CodeCandidate[] = assigned ? [candidate(assigned.code, assigned.probability)] : [];
  for (let i = 0; i < ranked.length && candidates.length < maxCandidates; i++) {
    if (ranked[i].code !== assigned?.code) candidates.push(candidate(ranked[i].code, probabilities[i]));
  }
  return { status: assigned ? "successful" : "unsuccessful", candidates };
}

/**
 * Drops a group whose own title matched when one of its descendants matched better: "chef" is
 * the occupation Chef, and the unit and minor groups also titled "Chefs" add nothing to it.
 */
function withoutSubsumedGroups(ranked: ScoredCode[], hierarchy: Hierarchy): ScoredCode[] {
  const seen = new Set<string>();
  return ranked.filter(({ code }) => {
    const keep = !seen.has(code);
    for (const ancestor of hierarchy.lineage(code)) seen.add(ancestor);
    return keep;
  });
}

function mostProbableAtDeepestLevel(
  groupProbability: ReadonlyMap<string, number>,
  threshold: number,
  minimumLevel: number,
): { code: string; probability: number } | undefined {
  for (const level of LEVELS) {
    if (level < minimumLevel) break;
    let bestCode: string | undefined;
    let bestProbability = 0;
    for (const [code, probability] of groupProbability) {
      if (code.length !== level) continue;
      // Ties go to the smaller code so the output never depends on insertion order.
      if (
        bestCode === undefined ||
        probability > bestProbability ||
        (probability === bestProbability && code < bestCode)
      ) {
        bestCode = code;
        bestProbability = probability;
      }
    }
    if (bestCode !== undefined && bestProbability >= threshold) return { code: bestCode, probability: bestProbability };
  }
  return undefined;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
}
