/**
 * `npm run keys -- <command>`: team API keys in the backend's state store (DATA_DIR).
 *   create <team> [label]   prints the new key once (only its sha256 is stored)
 *   list                    id, team, label, created, revoked
 *   revoke <id>             the key stops working at once
 */
import dotenv from "dotenv";
import path from "node:path";
import { generateApiKey, TEAM_NAME } from "../auth/apiKeys";
import { SqliteStateStore } from "../state/SqliteStateStore";
import type { StateStore } from "../state/StateStore";

export async function runKeysCommand(
  args: string[],
  store: StateStore,
  out: (line: string) => void,
  now: number = Date.now(),
): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "create": {
      const [team, ...label] = rest;
      if (!team || !TEAM_NAME.test(team)) {
        out("usage: keys create <team> [label]   (team: letters, digits, . _ -; up to 64 characters)");
        return 2;
      }
      const { id, key, hash } = generateApiKey();
      await store.addApiKey({
        id,
        team,
        label: label.join(" ") || `${team} key`,
        hash,
        createdAt: now,
        revokedAt: null,
      });
      out(`Created key ${id} for team "${team}". Give this key to the team now; it is not shown again:`);
      out("");
      out(`  ${key}`);
      out("");
      out(`(For API_KEY_HASHES instead of the store: ${team}:${hash})`);
      return 0;
    }
    case "list": {
      const keys = await store.listApiKeys();
      if (keys.length === 0) out("No API keys yet: npm run keys -- create <team>");
      for (const k of keys) {
        out(
          `${k.id}  ${k.team.padEnd(16)} ${new Date(k.createdAt).toISOString().slice(0, 10)}  ${k.revokedAt ? `revoked ${new Date(k.revokedAt).toISOString().slice(0, 10)}` : "active "}  ${k.label}`,
        );
      }
      return 0;
    }
    case "revoke": {
      const [id] = rest;
      if (!id) {
        out("usage: keys revoke <id>   (the id from `keys list`)");
        return 2;
      }
      const revoked = await store.revokeApiKey(id, now);
      if (!revoked) {
        out(`No single active key matches "${id}".`);
        return 1;
      }
      out(`Revoked key ${revoked.id} of team "${revoked.team}".`);
      return 0;
    }
    default:
      out("usage: npm run keys -- create <team> [label] | list | revoke <id>");
      return 2;
  }
}

if (require.main === module) {
  dotenv.config({ quiet: true });
  const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
  const store = SqliteStateStore.inDataDir(dataDir);
  runKeysCommand(process.argv.slice(2), store, (line) => console.log(line))
    .then(async (code) => {
      await store.close();
      process.exit(code);
    })
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    });
}
