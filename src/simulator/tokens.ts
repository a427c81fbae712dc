/**
 * The token side of the service (§3): registered clients, issued access tokens and their
 * expiry, and the organisation token rule (§3.5) — more than `tokenRequestsPerWindow` token
 * requests inside `tokenRequestWindowSeconds` block the organisation for `tokenBlockSeconds`.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../shared/clock";
import { makeAccessToken } from "./inferredContract";
import type { SimulatorClient, SimulatorConfig } from "./options";

interface IssuedToken {
  clientId: string;
  organisation: string;
  expiresAt: number;
}

export type TokenCheck =
  { ok: true; clientId: string; organisation: string } | { ok: false; reason: "unknown" | "expired" };

export type Admission = { ok: true } | { ok: false; blockStarted: boolean; blockedUntil: number };

export class TokenService {
  private readonly tokens = new Map<string, IssuedToken>();
  /** Clock times of the counted token requests per organisation, oldest first. */
  private readonly windows = new Map<string, number[]>();
  private readonly blocks = new Map<string, number>();

  constructor(
    private readonly config: SimulatorConfig,
    private readonly clock: Clock,
  ) {}

  /** The registered client with this id and secret, if any. */
  authenticate(clientId: string, clientSecret: string): Required<SimulatorClient> | undefined {
    const client = this.config.clients.find((c) => c.clientId === clientId);
    return client && client.clientSecret === clientSecret ? client : undefined;
  }

  organisationOf(clientId: string): string | undefined {
    return this.config.clients.find((c) => c.clientId === clientId)?.organisation;
  }

  /** When the organisation's block ends, or undefined when it is not blocked. */
  blockedUntil(organisation: string): number | undefined {
    const until = this.blocks.get(organisation);
    if (until === undefined) return undefined;
    if (this.clock.now() >= until) {
      this.blocks.delete(organisation);
      return undefined;
    }
    return until;
  }

  /**
   * Applies the organisation rule to a token request that would otherwise be granted. The
   * request that exceeds the window is refused and starts the block.
   */
  admit(organisation: string): Admission {
    const now = this.clock.now();
    const current = this.blockedUntil(organisation);
    if (current !== undefined) return { ok: false, blockStarted: false, blockedUntil: current };

    const windowMs = this.config.tokenRequestWindowSeconds * 1000;
    const recent = (this.windows.get(organisation) ?? []).filter((t) => now - t < windowMs);
    this.windows.set(organisation, recent);
    if (recent.length >= this.config.tokenRequestsPerWindow) {
      const until = now + this.config.tokenBlockSeconds * 1000;
      if (until > now) this.blocks.set(organisation, until);
      return { ok: false, blockStarted: until > now, blockedUntil: until };
    }
    recent.push(now);
    return { ok: true };
  }

  issue(client: Required<SimulatorClient>): { accessToken: string; expiresIn: number } {
    const now = this.clock.now();
    const ttl = this.config.tokenTtlSeconds;
    const accessToken = makeAccessToken(
      { clientId: client.clientId, issuedAtMs: now, ttlSeconds: ttl, jti: randomUUID() },
      randomBytes(32).toString("base64url"),
    );
    this.tokens.set(accessToken, {
      clientId: client.clientId,
      organisation: client.organisation,
      expiresAt: now + ttl * 1000,
    });
    return { accessToken, expiresIn: ttl };
  }

  /** Checks a raw access token as presented on an API call. */
  check(token: string): TokenCheck {
    const issued = this.tokens.get(token);
    if (!issued) return { ok: false, reason: "unknown" };
    if (this.clock.now() >= issued.expiresAt) return { ok: false, reason: "expired" };
    return { ok: true, clientId: issued.clientId, organisation: issued.organisation };
  }

  activeBlocks(): { organisation: string; until: number }[] {
    return [...this.blocks.keys()]
      .map((organisation) => ({ organisation, until: this.blockedUntil(organisation) }))
      .filter((b): b is { organisation: string; until: number } => b.until !== undefined);
  }

  /** Forgets issued tokens, the token windows and the blocks. */
  reset(): void {
    this.tokens.clear();
    this.windows.clear();
    this.blocks.clear();
  }
}
