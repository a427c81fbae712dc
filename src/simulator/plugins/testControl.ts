/**
 * Test-only routes under /__simulator (never under /v1): read and reset the counters, inject
 * faults, and read the effective configuration with secrets masked.
 *   GET    /__simulator/counters
 *   POST   /__simulator/reset      body {"scope": "all" | "counters"} (default "all")
 *   GET    /__simulator/faults
 *   POST   /__simulator/faults     body FaultSpec, e.g. {"errors": 2} or {"latencyMs": 50}
 *   DELETE /__simulator/faults
 *   GET    /__simulator/config
 */
import type { FastifyInstance } from "fastify";
import { validateFaultSpec, type FaultSpec } from "../faults";
import type { SimulatorState } from "../state";
import { describeConfig } from "../describe";

export const TEST_CONTROL_PREFIX = "/__simulator";

type JsonBody = { Body: Buffer | undefined };

function readJson(body: Buffer | undefined): { ok: true; value: unknown } | { ok: false } {
  const text = body?.toString("utf8").trim() ?? "";
  if (text === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export async function testControlRoutes(app: FastifyInstance, opts: { state: SimulatorState }): Promise<void> {
  const { state } = opts;

  app.get("/counters", async () => state.snapshot());

  app.post<JsonBody>("/reset", async (request, reply) => {
    const body = readJson(request.body);
    const scope = body.ok ? ((body.value as { scope?: unknown }).scope ?? "all") : undefined;
    if (scope !== "all" && scope !== "counters") {
      return reply.code(400).send({ message: 'body must be {"scope": "all"} or {"scope": "counters"}' });
    }
    if (scope === "counters") state.resetCounters();
    else state.reset();
    return { reset: scope };
  });

  app.get("/faults", async () => state.faults.snapshot());

  app.post<JsonBody>("/faults", async (request, reply) => {
    const body = readJson(request.body);
    const problems = body.ok ? validateFaultSpec(body.value) : ["body must be JSON"];
    if (problems.length > 0) return reply.code(400).send({ message: problems.join("; ") });
    state.faults.inject(body.ok ? (body.value as FaultSpec) : {});
    return state.faults.snapshot();
  });

  app.delete("/faults", async () => {
    state.faults.clear();
    return state.faults.snapshot();
  });

  app.get("/config", async () => describeConfig(state.config));
}
