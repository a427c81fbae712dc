/** Topics and their models (§5.1–§5.4, §6.1–§6.2), looked up by uriName and by model GUID. */
import type { ModelDefinition, TopicDefinition } from "./inferredContract";

export class Catalogue {
  constructor(private readonly topics: readonly TopicDefinition[]) {}

  list(): readonly TopicDefinition[] {
    return this.topics;
  }

  topic(uriName: string): TopicDefinition | undefined {
    return this.topics.find((t) => t.uriName === uriName);
  }

  /** The model with this GUID in any topic, with the topic it belongs to. */
  model(modelId: string): { topic: TopicDefinition; model: ModelDefinition } | undefined {
    for (const topic of this.topics) {
      const model = topic.models.find((m) => m.modelId === modelId);
      if (model) return { topic, model };
    }
    return undefined;
  }

  /** The topic's model with the highest modelVersion; undefined when it has none. */
  latestModel(topic: TopicDefinition): ModelDefinition | undefined {
    return topic.models.reduce<ModelDefinition | undefined>(
      (latest, m) => (latest === undefined || m.modelVersion > latest.modelVersion ? m : latest),
      undefined,
    );
  }
}
