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

  const best = ranked[0].score;
  const weights = ranked.map(({ score }) => Math.exp((score - best) / parameters.temperature));
  const total = weights.reduce(
    (sum, weight) => sum + weight,
    Math.exp((parameters.noMatchScore - best) / parameters.temperature),
  );
  const probabilities = ranked.map(({ code }, i) => ({ code, probability: weights[i] / total }));

  const groupProbability = new Map<string, number>();
  for (const { code, probability } of probabilities) {
    for (const ancestor of hierarchy.lineage(code)) {
      groupProbability.set(ancestor, (groupProbability.get(ancestor) ?? 0) + probability);
    }
  }

  const candidate = (code: string, probability: number): CodeCandidate => ({
    code,
    title: hierarchy.title(code) ?? "",
    confidence: clamp01(probability),
  });

  const assigned = mostProbableAtDeepestLevel(groupProbability, parameters.assignThreshold);
  if (!assigned) {
    return {
      status: "unsuccessful",
      candidates: probabilities.slice(0, maxCandidates).map((p) => candidate(p.code, p.probability)),
    };
  }
  const alternatives = probabilities
    .filter((p) => p.code !== assigned.code)
    .slice(0, maxCandidates - 1)
    .map((p) => candidate(p.code, p.probability));
  return { status: "successful", candidates: [candidate(assigned.code, assigned.probability), ...alternatives] };
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
): { code: string; probability: number } | undefined {
  for (const level of LEVELS) {
    let best: { code: string; probability: number } | undefined;
    for (const [code, probability] of groupProbability) {
      if (code.length !== level) continue;
      // Ties go to the smaller code so the output never depends on insertion order.
      if (!best || probability > best.probability || (probability === best.probability && code < best.code)) {
        best = { code, probability };
      }
    }
    if (best && best.probability >= threshold) return best;
  }
  return undefined;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
}
