/**
 * The only owner of the ABS token (invariant 1, abs-coding-service.md §3.5). Like the AWS SDK's
 * memoize(): one in-flight acquisition per process. Our extra rule is the persisted permit:
 *
 *  - A stored, unexpired, unrejected token is used as is (all instances share it).
 *  - Otherwise a permit is claimed in the store BEFORE the request is sent. One permit per
 *    minInterval + margin, ever; a crash mid-request has still spent it. No refresh-ahead.
 *  - A 403 from the token endpoint blocks token requests for blockMs (>= 1 h); never retried.
 *  - A 401/403 on an API call rejects only that token generation (reject()); the next token
 *    still waits for the permit, and callers get TokenUnavailableError with the time to retry.
 */
import type { Clock } from "../../shared/clock";
import type { TokenPolicy } from "../config/types";
import type { StateStore } from "../state/StateStore";
import { UpstreamError, type IssuedToken } from "../upstream/absApi";

export interface UsableToken {
  generation: number;
  value: string;
}

export type TokenUnavailableReason = "spent" | "blocked" | "pending" | "failed";

export class TokenUnavailableError extends Error {
  constructor(
    readonly reason: TokenUnavailableReason,
    /** Epoch ms when asking again can succeed. */
    readonly retryAt: number,
    message: string,
  ) {
    super(message);
    this.name = "TokenUnavailableError";
  }
}

/** A token this close to its expiry is treated as expired; a call that starts in time completes (§3.5). */
const EXPIRY_SKEW_MS = 5_000;
/** A permit still "pending" after this long was lost in a crash: spent, not in flight. */
const PENDING_TIMEOUT_MS = 60_000;

export interface TokenKeeperDeps {
  store: StateStore;
  clock: Clock;
  policy: TokenPolicy;
  requestToken: () => Promise<IssuedToken>;
  /** Identifies this process in the permit ledger. */
  holder: string;
  /** Sees every token value handed out (the log scrubber learns it). */
  onToken?: (value: string) => void;
  onEvent?: (event: "issued" | "failed" | "forbidden" | "rejected", detail: string) => void;
}

export class TokenKeeper {
  private inflight: Promise<UsableToken> | undefined;

  constructor(private readonly deps: TokenKeeperDeps) {}

  get(): Promise<UsableToken> {
    this.inflight ??= this.acquire().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  async reject(generation: number): Promise<void> {
    if (await this.deps.store.rejectToken(generation, this.deps.clock.now())) {
      this.deps.onEvent?.(
        "rejected",
        `ABS refused token generation ${generation}; no new token before the next permit`,
      );
    }
  }

  private async acquire(): Promise<UsableToken> {
    const { store, clock, policy } = this.deps;
    const now = clock.now();
    const current = await store.getToken();
    if (current && current.rejectedAt === null && now < current.expiresAt - EXPIRY_SKEW_MS) {
      this.deps.onToken?.(current.value);
      return { generation: current.generation, value: current.value };
    }
    const permit = await store.claimTokenPermit(
      now,
      policy.minIntervalMs + policy.marginMs,
      PENDING_TIMEOUT_MS,
      this.deps.holder,
    );
    if (!permit.granted)
      throw new TokenUnavailableError(permit.reason, permit.retryAt, unavailableMessage(permit.reason));

    let issued: IssuedToken;
    try {
      issued = await this.deps.requestToken();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const forbidden = error instanceof UpstreamError && error.status === 403;
      await store.settleTokenPermit(permit.generation, forbidden ? "forbidden" : "failed", detail);
      if (forbidden) await store.blockTokenRequests(now + policy.blockMs, detail);
      this.deps.onEvent?.(forbidden ? "forbidden" : "failed", detail);
      const retryAt = forbidden ? now + policy.blockMs : now + policy.minIntervalMs + policy.marginMs;
      throw new TokenUnavailableError(
        forbidden ? "blocked" : "failed",
        retryAt,
        `the ABS token request failed (${detail})`,
      );
    }
    this.deps.onToken?.(issued.accessToken);
    // Expiry counts from when we asked, not when the answer arrived: never later than ABS's.
    await store.saveToken({
      generation: permit.generation,
      value: issued.accessToken,
      obtainedAt: now,
      expiresAt: now + issued.expiresInSeconds * 1000,
    });
    await store.settleTokenPermit(permit.generation, "issued");
    this.deps.onEvent?.("issued", `token generation ${permit.generation}, valid ${issued.expiresInSeconds} s`);
    return { generation: permit.generation, value: issued.accessToken };
  }
}

function unavailableMessage(reason: TokenUnavailableReason): string {
  switch (reason) {
    case "blocked":
      return "ABS refused token requests (403); they are paused for at least an hour";
    case "pending":
      return "a token request is in flight";
    default:
      return "this hour's ABS token request has been used and there is no valid token";
  }
}
