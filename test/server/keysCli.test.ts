/** `npm run keys`: create prints the key once and stores only its hash; list; revoke. */
import { hashApiKey } from "../../src/server/auth/apiKeys";
import { runKeysCommand } from "../../src/server/cli/keys";
import { SqliteStateStore } from "../../src/server/state/SqliteStateStore";

describe("keys CLI", () => {
  test("create, list and revoke a team key", async () => {
    const store = new SqliteStateStore(":memory:");
    const lines: string[] = [];
    expect(await runKeysCommand(["create", "finance", "Finance", "team"], store, (l) => lines.push(l))).toBe(0);
    const key = lines.map((l) => l.trim()).find((l) => l.startsWith("occ_"))!;
    expect(key).toMatch(/^occ_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(await store.findApiKey(hashApiKey(key))).toMatchObject({ team: "finance", label: "Finance team" });

    const listed: string[] = [];
    await runKeysCommand(["list"], store, (l) => listed.push(l));
    expect(listed.join("\n")).toMatch(/finance .* active +Finance team/);
    expect(listed.join("\n")).not.toContain(key);

    const id = key.split("_")[1]!;
    expect(await runKeysCommand(["revoke", id], store, () => undefined)).toBe(0);
    expect(await store.findApiKey(hashApiKey(key))).toBeNull();
    expect(await runKeysCommand(["create", "bad team!"], store, () => undefined)).toBe(2);
    await store.close();
  });
});
