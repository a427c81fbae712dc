/**
 * The companion backend as a Fastify app built from a typed config, so tests build their own
 * and drive it over real HTTP on port 0. Each concern is its own plugin: security headers and
 * CORS, health and metrics, then /api behind the API-key check (code, jobs, topics, status),
 * and the built add-in from the same origin.
 */
import fs from "node:fs";
import path from "node:path";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { DestinationStream } from "pino";
import { registerAuth } from "./auth/auth";
import type { AppConfig } from "./config/types";
import { registerErrorHandling } from "./http/errors";
import { registerSecurity } from "./http/security";
import { createLogger, SecretScrubber } from "./logging/logger";
import { codeRoutes } from "./routes/code";
import { healthRoutes } from "./routes/health";
import { jobRoutes } from "./routes/jobs";
import { statusRoutes } from "./routes/status";
import { topicsRoutes } from "./routes/topics";
import { createServices, type ServiceDeps, type Services } from "./services";

export interface AppDeps extends ServiceDeps {
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: DestinationStream | NodeJS.WritableStream;
  https?: { key: Buffer; cert: Buffer };
  /** Resume unfinished jobs when the app is ready (default true). */
  resumeJobs?: boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    services: Services;
  }
}

export async function buildApp(config: AppConfig, deps: AppDeps = {}): Promise<FastifyInstance> {
  const scrubber = new SecretScrubber();
  const logger = createLogger(config.logLevel, scrubber, deps.logStream);
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    ...(deps.https ? { https: deps.https } : {}),
    trustProxy: config.nodeEnv === "production",
  });

  const services = createServices(config, deps, logger, scrubber);
  app.decorate("services", services);
  app.addHook("onClose", async () => services.close());
  app.addHook("onResponse", async (request, reply) => {
    services.metrics.httpRequests.inc({
      route: request.routeOptions.url ?? "unmatched",
      status: String(reply.statusCode),
    });
  });

  registerErrorHandling(app);
  await registerSecurity(app, { allowedOrigins: config.allowedOrigins });
  await app.register(healthRoutes, { services });
  await app.register(
    async (api) => {
      registerAuth(api, { auth: config.auth, store: services.store, clock: services.clock, metrics: services.metrics });
      await api.register(codeRoutes, { services });
      await api.register(jobRoutes, { services });
      await api.register(topicsRoutes);
      await api.register(statusRoutes, { services });
    },
    { prefix: "/api" },
  );

  if (fs.existsSync(path.join(config.addinDir, "taskpane.html"))) {
    // Loaded only when there is something to serve: @fastify/static pulls in ESM-only modules
    // that Jest's CommonJS runtime cannot require (tests run without a built add-in).
    const { default: fastifyStatic } = await import("@fastify/static");
    await app.register(fastifyStatic, { root: path.resolve(config.addinDir), index: false });
  } else {
    app.log.warn(`No built add-in in ${config.addinDir}: run "npm run build" to serve the task pane.`);
  }

  if (deps.resumeJobs !== false) app.addHook("onReady", async () => void (await services.jobs.resumeUnfinished()));
  return app;
}
