/**
 * `npm run simulator`: runs the ABS simulator as its own process, configured by the SIMULATOR_*
 * environment variables (see docs/simulator.md), until SIGINT or SIGTERM.
 */
import { describeConfig } from "./describe";
import { parseSimulatorEnv } from "./env";
import { DEFAULT_CLIENT, SimulatorConfigError } from "./options";
import { startSimulator, type RunningSimulator } from "./index";

async function main(): Promise<void> {
  const { options, problems, warnings } = parseSimulatorEnv(process.env);
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  if (problems.length > 0) {
    console.error(`The ABS simulator cannot start:\n- ${problems.join("\n- ")}`);
    process.exit(1);
  }

  let simulator: RunningSimulator;
  try {
    simulator = await startSimulator(options);
  } catch (error) {
    if (error instanceof SimulatorConfigError) {
      console.error(`The ABS simulator cannot start:\n- ${error.problems.join("\n- ")}`);
    } else {
      console.error(`The ABS simulator cannot start: ${(error as Error).message}`);
    }
    process.exit(1);
  }

  const summary = describeConfig(simulator.config);
  console.log(`ABS simulator listening on ${simulator.url}`);
  console.log(`  token URL : ${simulator.tokenUrl}`);
  console.log(`  API base  : ${simulator.apiBaseUrl}`);
  if (simulator.config.testControl) console.log(`  counters  : ${simulator.url}/__simulator/counters`);
  for (const [key, value] of Object.entries(summary)) console.log(`  ${key}: ${JSON.stringify(value)}`);
  const client = simulator.config.clients[0];
  if (client.clientId === DEFAULT_CLIENT.clientId && client.clientSecret === DEFAULT_CLIENT.clientSecret) {
    console.log("  (development default credentials — set SIMULATOR_CLIENT_ID / SIMULATOR_CLIENT_SECRET to change)");
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      console.log(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    console.log(`${signal} received: closing the ABS simulator`);
    simulator.close().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`error while closing: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

void main();
