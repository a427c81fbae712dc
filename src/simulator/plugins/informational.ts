/**
 * The informational endpoints (§5.1–§5.4, §5.10): topics, one topic, a topic's models, its
 * latest model, and security.txt.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  SECURITY_TXT,
  TOPIC_DESCRIBE_IS_LATEST_MODEL,
  modelDetails,
  modelsListBody,
  type TopicDefinition,
} from "../inferredContract";
import { apiError, sendApiError } from "../http";
import { MESSAGES } from "../messages";
import type { SimulatorState } from "../state";
import type { Topic } from "../wire";
import { gatewayGuard, injectedBackendError } from "./gateway";

type TopicParams = { Params: { topic: string } };

export async function informationalRoutes(app: FastifyInstance, opts: { state: SimulatorState }): Promise<void> {
  const { state } = opts;

  /** Backend part shared by the topic routes: injected 500, then the topic lookup (404). */
  function findTopic(request: FastifyRequest<TopicParams>, reply: FastifyReply): TopicDefinition | undefined {
    const injected = injectedBackendError(state);
    if (injected) {
      sendApiError(state, request, reply, injected);
      return undefined;
    }
    const topic = state.catalogue.topic(request.params.topic);
    if (!topic) sendApiError(state, request, reply, apiError(404, "topic_not_found", MESSAGES.topicNotFound));
    return topic;
  }

  function latestModelDetails(request: FastifyRequest<TopicParams>, reply: FastifyReply) {
    const topic = findTopic(request, reply);
    if (!topic) return reply;
    const latest = state.catalogue.latestModel(topic);
    if (!latest) {
      return sendApiError(state, request, reply, apiError(500, "no_models_for_topic", MESSAGES.noModelsForTopic));
    }
    return reply.send(modelDetails(topic, latest));
  }

  app.get("/v1/topics", { onRequest: gatewayGuard(state, "topics") }, async (request, reply) => {
    const injected = injectedBackendError(state);
    if (injected) return sendApiError(state, request, reply, injected);
    const topics: Topic[] = state.catalogue.list().map((t) => ({ uriName: t.uriName, fullName: t.fullName }));
    return reply.send(topics);
  });

  app.get<TopicParams>("/v1/topics/:topic", { onRequest: gatewayGuard(state, "topic") }, async (request, reply) => {
    if (TOPIC_DESCRIBE_IS_LATEST_MODEL) return latestModelDetails(request, reply);
    const topic = findTopic(request, reply);
    return topic ? reply.send({ uriName: topic.uriName, fullName: topic.fullName }) : reply;
  });

  app.get<TopicParams>(
    "/v1/topics/:topic/models",
    { onRequest: gatewayGuard(state, "models") },
    async (request, reply) => {
      const topic = findTopic(request, reply);
      if (!topic) return reply;
      if (topic.models.length === 0) {
        return sendApiError(state, request, reply, apiError(500, "no_models_for_topic", MESSAGES.noModelsForTopic));
      }
      return reply.send(modelsListBody(topic));
    },
  );

  app.get<TopicParams>(
    "/v1/topics/:topic/models/latest",
    { onRequest: gatewayGuard(state, "latestModel") },
    async (request, reply) => latestModelDetails(request, reply),
  );

  app.get("/v1/security.txt", { onRequest: gatewayGuard(state, "securityTxt") }, async (_request, reply) =>
    reply.type("text/plain; charset=utf-8").send(SECURITY_TXT),
  );
}
