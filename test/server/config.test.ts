/** Configuration: parsed once, every problem listed together, secrets never printed. */
import { inspect } from "node:util";
import { parseConfig } from "../../src/server/config/parseConfig";
import { simulatorBanner, startupSummary } from "../../src/server/config/summary";
import type { AppConfig } from "../../src/server/config/types";

describe("parseConfig", () => {
  test("no settings: the embedded simulator, dev-open auth, ABS-safe defaults", () => {
    const result = parseConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config.upstream).toMatchObject({ kind: "simulator", embeddedSimulator: true });
    expect(config.auth.mode).toBe("dev-open");
    expect(config.dispatch).toMatchObject({ spacingMs: 1100, batchSize: 300, dailyQuota: 1000 });
    expect(config.token).toMatchObject({ minIntervalMs: 3_600_000, blockMs: 3_600_000 });
    expect(config.dataDir).toMatch(/\.data$/);
  });

  test("ABS partner upstream uses the documented hosts and quota and requires API keys", () => {
    const result = parseConfig({ UPSTREAM: "abs-partner", ABS_CLIENT_ID: "id", ABS_CLIENT_SECRET: "secret" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.upstream.tokenUrl).toBe("https://partner-coder.auth.abs.gov.au/oauth2/token");
    expect(result.config.upstream.apiBaseUrl).toBe("https://partner-coder.api.abs.gov.au/v1");
    expect(result.config.dispatch.dailyQuota).toBe(10_000);
    expect(result.config.auth.mode).toBe("api-key");
  });

  test("every problem is reported at once, each in its own words", () => {
    const result = parseConfig({
      UPSTREAM: "abs-public",
      AUTH_MODE: "dev-open",
      PORT: "http",
      UPSTREAM_SPACING_MS: "500",
      TEAM_QUOTA_SHARES: "finance:2",
      TOKEN_MIN_INTERVAL_SECONDS: "60",
      LOG_LEVEL: "loud",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ABS_CLIENT_ID .*required/),
        expect.stringMatching(/ABS_CLIENT_SECRET .*required/),
        expect.stringMatching(/AUTH_MODE=dev-open .*refused/),
        expect.stringMatching(/PORT="http"/),
        expect.stringMatching(/UPSTREAM_SPACING_MS=500/),
        expect.stringMatching(/TEAM_QUOTA_SHARES: "finance:2"/),
        expect.stringMatching(/TOKEN_MIN_INTERVAL_SECONDS/),
        expect.stringMatching(/LOG_LEVEL="loud"/),
      ]),
    );
    expect(result.problems).toHaveLength(8);
  });

  test("dev-open is refused in production even on the simulator", () => {
    const result = parseConfig({ NODE_ENV: "production", AUTH_MODE: "dev-open" });
    expect(result.ok).toBe(false);
    expect(parseConfig({ NODE_ENV: "production" })).toMatchObject({ ok: true, config: { auth: { mode: "api-key" } } });
  });

  test("credentials can come from files (_FILE), and both forms at once is an error", () => {
    const files: Record<string, string> = { "/run/secrets/id": "file-id\n", "/run/secrets/secret": "file-secret\n" };
    const read = (f: string) => {
      if (!(f in files)) throw Object.assign(new Error("nope"), { code: "ENOENT" });
      return files[f]!;
    };
    const ok = parseConfig(
      { UPSTREAM: "abs-public", ABS_CLIENT_ID_FILE: "/run/secrets/id", ABS_CLIENT_SECRET_FILE: "/run/secrets/secret" },
      read,
    );
    expect(ok.ok && ok.config.upstream.clientSecret?.reveal()).toBe("file-secret");
    const bad = parseConfig(
      {
        UPSTREAM: "abs-public",
        ABS_CLIENT_ID: "a",
        ABS_CLIENT_ID_FILE: "/run/secrets/id",
        ABS_CLIENT_SECRET_FILE: "/missing",
      },
      read,
    );
    expect(bad.ok ? [] : bad.problems).toEqual([
      expect.stringMatching(/either ABS_CLIENT_ID or ABS_CLIENT_ID_FILE/),
      expect.stringMatching(/\/missing cannot be read \(ENOENT\)/),
      expect.stringMatching(/ABS_CLIENT_SECRET .*required/),
    ]);
  });

  test("the secret never prints: not in the summary, JSON or util.inspect", () => {
    const secret = "super-secret-value-123456";
    const result = parseConfig({ UPSTREAM: "abs-public", ABS_CLIENT_ID: "client-abcdef", ABS_CLIENT_SECRET: secret });
    if (!result.ok) throw new Error("config should parse");
    const config = result.config as AppConfig;
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(inspect(config, { depth: 10 })).not.toContain(secret);
    const summary = startupSummary(config, "https://localhost:3000/");
    expect(summary).not.toContain(secret);
    expect(summary).not.toContain("client-abcdef");
    expect(summary.split("\n").length).toBeLessThanOrEqual(24);
    expect(simulatorBanner()).toMatch(/NOT from the ABS/);
  });
});
