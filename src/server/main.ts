/**
 * `npm start`: environment (and .env) -> config -> (embedded simulator) -> HTTPS backend.
 * Prints every configuration problem at once, then a one-screen masked summary.
 */
import { randomBytes } from "node:crypto";
import dotenv from "dotenv";
import { buildApp } from "./app";
import { parseConfig } from "./config/parseConfig";
import { Secret } from "./config/Secret";
import { simulatorBanner, startupSummary } from "./config/summary";
import type { AppConfig, ServerConfig } from "./config/types";
import { SqliteStateStore } from "./state/SqliteStateStore";
import { loadTls } from "./tls";

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error(
      `The backend cannot start; fix these settings (environment or .env):\n- ${parsed.problems.join("\n- ")}`,
    );
    process.exit(1);
  }
  const { config, closeSimulator, store } = await resolveUpstream(parsed.config);

  const tls =
    config.tls.mode === "off"
      ? undefined
      : await loadTls(
          config.tls.mode === "files" ? { keyFile: config.tls.keyFile!, certFile: config.tls.certFile! } : undefined,
          (m) => console.warn(`WARNING: ${m}`),
        );
  const app = await buildApp(config, { https: tls, store });
  let closing = false;
  const stop = async () => {
    if (closing) process.exit(1);
    closing = true;
    await app.close();
    await store?.close();
    await closeSimulator?.();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await app.listen({ port: config.port, host: config.host });
  const origin = `${tls ? "https" : "http"}://${config.host}:${config.port}`;
  console.log(startupSummary(config, `${origin}/ (TLS: ${tls?.source ?? "off, behind a TLS proxy"})`));
  console.log(`  add-in manifest: ${origin}/manifest.xml`);
  if (config.upstream.kind === "simulator") console.log(simulatorBanner());
}

/**
 * UPSTREAM=simulator without SIMULATOR_URL: start the simulator here on a loopback port with
 * freshly generated credentials. Its tokens die with it, so the embedded mode keeps its own
 * state file and forgets the previous run's token (the hourly rule protects real ABS only).
 */
async function resolveUpstream(
  config: ServerConfig,
): Promise<{ config: AppConfig; closeSimulator?: () => Promise<void>; store?: SqliteStateStore }> {
  const upstream = config.upstream;
  if (!upstream.embeddedSimulator) return { config: config as AppConfig };
  const clientId = `dev-${randomBytes(4).toString("hex")}`;
  const clientSecret = randomBytes(24).toString("base64url");
  const { startSimulator } = await import("../simulator");
  const simulator = await startSimulator({
    port: 0,
    host: "127.0.0.1",
    clients: [{ clientId, clientSecret }],
    dailyQuota: config.dispatch.dailyQuota,
  });
  const store = new SqliteStateStore(`${config.dataDir}/state.simulator.sqlite`);
  store.forgetToken();
  return {
    config: {
      ...config,
      upstream: {
        ...upstream,
        tokenUrl: simulator.tokenUrl,
        apiBaseUrl: simulator.apiBaseUrl,
        clientId,
        clientSecret: new Secret(clientSecret),
      },
    },
    closeSimulator: () => simulator.close(),
    store,
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
