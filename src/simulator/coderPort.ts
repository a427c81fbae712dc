/**
 * The simulator's view of the local coder (src/coder). The simulator programs against the
 * OccupationCoder interface only; the real coder is loaded lazily, once per process, the
 * first time a record has to be coded without an injected coder.
 */
import type { Classification, CodeCandidate, CoderResult, OccupationCoder } from "../coder";

export type { Classification, CodeCandidate, CoderResult, OccupationCoder };

let defaultCoder: OccupationCoder | undefined;

/** The default coder (`createCoder()` from src/coder), created on first use and then shared. */
export function loadDefaultCoder(): OccupationCoder {
  if (!defaultCoder) {
    // Required on demand so that starting the simulator, and tests that inject a coder,
    // never pay for reading the classification index.
    const coderModule = require("../coder") as typeof import("../coder");
    defaultCoder = coderModule.createCoder();
  }
  return defaultCoder;
}
