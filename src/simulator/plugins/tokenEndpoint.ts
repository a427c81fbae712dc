/**
 * `POST /oauth2/token` (§3.2): the Cognito-style client-credentials grant, with the
 * organisation token rule of §3.5 in front of it. Order of checks [INF]: form content type →
 * organisation block (the edge answers before Cognito sees the request) → Basic client
 * authentication → grant type → token rule → issue.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RejectionReason, TokenRequestEntry } from "../counters";
import { TOKEN_BLOCKED, tokenErrorBody, tokenResponse, type TokenErrorCode } from "../inferredContract";
import { TOKEN_REQUEST } from "../messages";
import type { SimulatorState } from "../state";

export const TOKEN_PATH = "/oauth2/token";

export async function tokenEndpointRoutes(app: FastifyInstance, opts: { state: SimulatorState }): Promise<void> {
  const { state } = opts;

  app.post(TOKEN_PATH, async (request: FastifyRequest<{ Body: Buffer | undefined }>, reply: FastifyReply) => {
    const at = state.clock.now();
    const record = (entry: Omit<TokenRequestEntry, "at">) => state.counters.tokenRequest({ at, ...entry });
    const noStore = () => reply.header("cache-control", "no-store").header("pragma", "no-cache");
    const refuse = (error: TokenErrorCode, reason: RejectionReason, clientId?: string) => {
      record({ clientId, outcome: "refused", status: 400, reason });
      return noStore().code(400).send(tokenErrorBody(error));
    };

    if (state.faults.takeTokenError()) {
      record({ outcome: "refused", status: 500, reason: "token.injected_error" });
      return noStore().code(500).send({ error: "server_error" });
    }

    const contentType = String(request.headers["content-type"] ?? "")
      .split(";")[0]
      .trim()
      .toLowerCase();
    if (contentType !== TOKEN_REQUEST.contentType) return refuse("invalid_request", "token.invalid_request");

    const basic = parseBasic(request.headers.authorization);
    const organisation = basic && state.tokens.organisationOf(basic.clientId);
    if (basic && organisation && state.tokens.blockedUntil(organisation) !== undefined) {
      record({ clientId: basic.clientId, organisation, outcome: "blocked", status: 403, reason: "token.blocked" });
      return noStore().code(TOKEN_BLOCKED.status).send(TOKEN_BLOCKED.body);
    }
    const client = basic && state.tokens.authenticate(basic.clientId, basic.clientSecret);
    if (!client) return refuse("invalid_client", "token.invalid_client", basic?.clientId);

    const form = new URLSearchParams(request.body?.toString("utf8") ?? "");
    const grantType = form.get("grant_type");
    if (!grantType) return refuse("invalid_request", "token.invalid_request", client.clientId);
    if (grantType !== TOKEN_REQUEST.grantType) {
      return refuse("unsupported_grant_type", "token.unsupported_grant_type", client.clientId);
    }

    const admission = state.tokens.admit(client.organisation);
    if (!admission.ok) {
      if (admission.blockStarted) state.counters.tokenBlockStarted();
      record({
        clientId: client.clientId,
        organisation: client.organisation,
        outcome: "blocked",
        status: 403,
        reason: "token.blocked",
      });
      return noStore().code(TOKEN_BLOCKED.status).send(TOKEN_BLOCKED.body);
    }

    const { accessToken, expiresIn } = state.tokens.issue(client);
    record({ clientId: client.clientId, organisation: client.organisation, outcome: "granted", status: 200 });
    return noStore().code(200).send(tokenResponse(accessToken, expiresIn));
  });
}

/** `Basic base64(id:secret)` → the two parts; undefined when absent or unreadable. */
function parseBasic(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}
