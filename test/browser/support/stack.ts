/**
 * The real product on loopback for the browser tests: the ABS simulator in this process (so the
 * tests read its counters) and the backend as its own process (`tsx src/server/main.ts`, exactly
 * what `npm start` runs), serving the built add-in from dist/ and /api from one origin.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../../src/simulator";

const ROOT = path.resolve(__dirname, "../../..");

export interface Stack {
  simulator: RunningSimulator;
  backendUrl: string;
  /** Backend log so far (for failure messages). */
  backendLog(): string;
  stopBackend(): Promise<void>;
  startBackend(): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The backend exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The backend did not become healthy in ${timeoutMs} ms:\n${log()}`);
}

export async function startStack(simulatorOptions: Partial<SimulatorOptions> = {}): Promise<Stack> {
  if (!fs.existsSync(path.join(ROOT, "dist", "taskpane.html"))) {
    throw new Error("The browser tests need the built add-in: run `npm run build` first (npm test does).");
  }
  const clientId = "e2e-client";
  const clientSecret = randomBytes(18).toString("base64url");
  const simulator = await startSimulator({
    ...simulatorOptions,
    port: 0,
    host: "127.0.0.1",
    clients: [{ clientId, clientSecret }],
  });
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "coder-e2e-"));
  const backendUrl = `http://127.0.0.1:${port}`;
  let output = "";
  let child: ChildProcess | undefined;

  const startBackend = async () => {
    // `node --import tsx` runs the server in this one process; the tsx CLI would fork a child
    // that survives a kill of its parent.
    child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "development",
        UPSTREAM: "simulator",
        SIMULATOR_URL: simulator.url,
        ABS_CLIENT_ID: clientId,
        ABS_CLIENT_SECRET: clientSecret,
        HOST: "127.0.0.1",
        PORT: String(port),
        TLS: "off",
        DATA_DIR: dataDir,
        ADDIN_DIR: path.join(ROOT, "dist"),
        AUTH_MODE: "dev-open",
        // The simulator shares its process with the code driving Chromium, so the arrival times
        // it records jitter by more than production's 100 ms margin; a wider spacing keeps its
        // 1 request/second check about the backend, not about this test's event loop.
        UPSTREAM_SPACING_MS: "1500",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    await waitForHealth(backendUrl, child, () => output);
  };

  const stopBackend = async () => {
    const running = child;
    // A killed process keeps exitCode null and sets signalCode instead.
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGKILL"); // an abrupt stop, as a crash or a pulled plug would be
    });
  };

  await startBackend();
  return {
    simulator,
    backendUrl,
    backendLog: () => output,
    stopBackend,
    startBackend,
    close: async () => {
      await stopBackend();
      await simulator.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
