/** GET /healthz (liveness, no auth) and GET /metrics (Prometheus text format). */
import type { FastifyInstance } from "fastify";
import type { Services } from "../services";

export async function healthRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/metrics", async (_request, reply) => {
    reply.type(services.metrics.registry.contentType);
    return services.metrics.registry.metrics();
  });
}
