/**
 * Team API keys: `occ_<id>_<32 random bytes, base64url>`. Only sha256(key) is stored: the keys
 * are long random strings, so a fast hash is enough (no password to brute-force), and lookups
 * stay one indexed read per request.
 */
import { createHash, randomBytes } from "node:crypto";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateApiKey(): { id: string; key: string; hash: string } {
  const id = randomBytes(4).toString("hex");
  const key = `occ_${id}_${randomBytes(32).toString("base64url")}`;
  return { id, key, hash: hashApiKey(key) };
}

/** Team names appear in quota and status output: keep them short and plain. */
export const TEAM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
