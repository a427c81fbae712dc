/** GET /api/topics: the classifications this backend codes to. Data, not an upstream call. */
import type { FastifyInstance } from "fastify";
import { TopicsResponseSchema } from "./schemas";

/** abs-coding-service.md §5.1 (uriName osca; anzsco is the §13 G8 inference). */
export const TOPICS = [
  {
    id: "osca",
    name: "OSCA - Occupation Standard Classification for Australia",
    classification: "OSCA 2024 Version 1.0",
  },
  {
    id: "anzsco",
    name: "ANZSCO - Australian and New Zealand Standard Classification of Occupations",
    classification: "ANZSCO 2022 Australian Update",
  },
];

export async function topicsRoutes(app: FastifyInstance): Promise<void> {
  app.get("/topics", { schema: { response: { 200: TopicsResponseSchema } } }, async () => ({ topics: TOPICS }));
}
