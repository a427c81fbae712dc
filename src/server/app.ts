/**
 * The companion backend as a Fastify app built from a typed config, so tests build their own
 * and drive it over real HTTP on port 0. Each concern is its own plugin.
 */
import path from "node:path";
import fs from "node:fs";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import fastifyStatic from "@fastify/static";

export interface AppConfig {
  /** Folder holding the built add-in (webpack's dist/). */
  addinDir: string;
  https?: { key: Buffer; cert: Buffer };
  logger?: FastifyServerOptions["logger"];
}

export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logger ?? false,
    ...(config.https ? { https: config.https } : {}),
  } as FastifyServerOptions);

  app.get("/healthz", async () => ({ status: "ok" }));

  if (fs.existsSync(path.join(config.addinDir, "taskpane.html"))) {
    await app.register(fastifyStatic, { root: path.resolve(config.addinDir), index: false });
  } else {
    app.log.warn(`No built add-in in ${config.addinDir}: run "npm run build" to serve the task pane.`);
  }
  return app;
}
