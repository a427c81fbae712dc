/**
 * Backend lookups shared by the coding and batch routes, in the documented order (§5.6, §12):
 * topic (404) → model (404) → model belongs to the topic (409); without a model in the path,
 * the topic's latest model (500 when it has none).
 */
import type { ModelDefinition, TopicDefinition } from "../inferredContract";
import { apiError, type ApiError } from "../http";
import { MESSAGES } from "../messages";
import type { SimulatorState } from "../state";

export type Resolved = { ok: true; topic: TopicDefinition; model: ModelDefinition } | { ok: false; error: ApiError };

export function resolveModel(state: SimulatorState, topicName: string, modelId?: string): Resolved {
  const topic = state.catalogue.topic(topicName);
  if (!topic) return { ok: false, error: apiError(404, "topic_not_found", MESSAGES.topicNotFound) };
  if (modelId === undefined) {
    const latest = state.catalogue.latestModel(topic);
    if (!latest) return { ok: false, error: apiError(500, "no_models_for_topic", MESSAGES.noModelsForTopic) };
    return { ok: true, topic, model: latest };
  }
  const found = state.catalogue.model(modelId);
  if (!found) return { ok: false, error: apiError(404, "model_not_found", MESSAGES.modelNotFound) };
  if (found.topic.uriName !== topic.uriName) {
    return { ok: false, error: apiError(409, "model_topic_mismatch", MESSAGES.modelTopicMismatch) };
  }
  return { ok: true, topic, model: found.model };
}
