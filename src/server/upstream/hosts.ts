/** ABS hosts and tier limits (abs-coding-service.md §1.1, §2, §10). Data, kept apart from code. */
import type { UpstreamKind } from "../config/types";

export const ABS_TIERS = {
  "abs-public": {
    tokenUrl: "https://public-coder.auth.abs.gov.au/oauth2/token",
    apiBaseUrl: "https://public-coder.api.abs.gov.au/v1",
    dailyQuota: 1_000,
  },
  "abs-partner": {
    tokenUrl: "https://partner-coder.auth.abs.gov.au/oauth2/token",
    apiBaseUrl: "https://partner-coder.api.abs.gov.au/v1",
    dailyQuota: 10_000,
  },
} as const;

/** §1.1: 1 request/second on both tiers; 100 ms of margin for clock and network jitter. */
export const DEFAULT_SPACING_MS = 1_100;
/** §5.5: records per synchronous small batch. */
export const MAX_BATCH_SIZE = 300;

export function defaultDailyQuota(kind: UpstreamKind): number {
  return kind === "abs-partner" ? ABS_TIERS["abs-partner"].dailyQuota : ABS_TIERS["abs-public"].dailyQuota;
}
