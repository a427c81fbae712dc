/** `npm run simulator` as its own process: start-up summary, masked secret, clean SIGTERM, bad env. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

function run(env: Record<string, string>): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(TSX, ["src/simulator/main.ts"], { cwd: ROOT, env: { ...process.env, ...env } });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

test("starts from environment variables, prints them with the secret masked, and stops on SIGTERM", async () => {
  const proc = run({ SIMULATOR_PORT: "0", SIMULATOR_CLIENT_ID: "ops", SIMULATOR_CLIENT_SECRET: "very-secret-value" });
  try {
    await waitFor(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(proc.output()));
    const url = /listening on (http:\/\/\S+)/.exec(proc.output())![1];
    const response = await fetch(`${url}/oauth2/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from("ops:very-secret-value").toString("base64")}`,
      },
      body: "grant_type=client_credentials",
    });
    expect(response.status).toBe(200);
    expect(proc.output()).toContain('"clientId":"ops"');
    expect(proc.output()).not.toContain("very-secret-value");
    proc.child.kill("SIGTERM");
    expect(await proc.exit).toBe(0);
    expect(proc.output()).toContain("SIGTERM received");
  } finally {
    proc.child.kill("SIGKILL");
  }
}, 30_000);

test("refuses to start with a bad variable and says which", async () => {
  const proc = run({ SIMULATOR_TIER: "gold" });
  expect(await proc.exit).toBe(1);
  expect(proc.output()).toContain('SIMULATOR_TIER="gold": expected "public" or "partner"');
}, 30_000);
