/** Starts the companion backend from environment variables: `npm start`. */
import path from "node:path";
import { buildApp } from "./app";
import { loadTls } from "./tls";

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "localhost";
  const tlsFiles =
    process.env.TLS_KEY_FILE && process.env.TLS_CERT_FILE
      ? { keyFile: process.env.TLS_KEY_FILE, certFile: process.env.TLS_CERT_FILE }
      : undefined;
  const tls = await loadTls(tlsFiles, (message) => console.warn(`WARNING: ${message}`));
  const app = await buildApp({
    addinDir: path.resolve(__dirname, "../../dist"),
    https: tls,
    logger: { level: process.env.LOG_LEVEL ?? "info" },
  });
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await app.listen({ port, host });
  console.log(`Occupation Coder backend on https://${host}:${port}/ (TLS: ${tls.source})`);
  console.log(`  add-in manifest: https://${host}:${port}/manifest.xml`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
