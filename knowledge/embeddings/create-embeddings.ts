import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { OpenAIEmbeddings } from "@langchain/openai";
import { LocalEmbeddings } from "./local-embeddings.ts";

/** The settings the embeddings need; the validated configuration provides them. */
export interface EmbeddingSettings {
  EMBEDDINGS: "local" | "openai";
  DATA_DIR: string;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_EMBEDDINGS_MODEL: string;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_API_VERSION?: string | undefined;
}

/** The embedding cache lives in DATA_DIR, outside the index, so it outlives every index generation. */
export const embeddingCacheFile = (config: EmbeddingSettings): string =>
  path.join(config.DATA_DIR, "embeddings-cache.sqlite");

/** An embeddings backend that says which model it is, so an index can refuse vectors from another. */
export interface NamedEmbeddings extends EmbeddingsInterface {
  readonly modelId: string;
}

/**
 * The configured embeddings: the offline local model by default, OpenAI (or Azure / a compatible server)
 * when EMBEDDINGS=openai.
 */
export function createEmbeddings(config: EmbeddingSettings): NamedEmbeddings {
  return config.EMBEDDINGS === "local" ? new LocalEmbeddings() : new RemoteEmbeddings(config);
}

/** OpenAI-compatible embeddings through @langchain/openai, imported only when this backend is chosen. */
class RemoteEmbeddings implements NamedEmbeddings {
  readonly modelId: string;
  private client?: Promise<OpenAIEmbeddings>;

  constructor(private readonly config: EmbeddingSettings) {
    this.modelId = `openai/${config.OPENAI_EMBEDDINGS_MODEL}`;
  }

  private load(): Promise<OpenAIEmbeddings> {
    const { config } = this;
    this.client ??= import("@langchain/openai").then(
      ({ OpenAIEmbeddings }) =>
        new OpenAIEmbeddings({
          apiKey: config.OPENAI_API_KEY,
          model: config.OPENAI_EMBEDDINGS_MODEL,
          configuration: {
            baseURL: config.OPENAI_BASE_URL,
            defaultQuery: config.OPENAI_API_VERSION
              ? { "api-version": config.OPENAI_API_VERSION }
              : undefined,
          },
        }),
    );
    return this.client;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.load()).embedDocuments(texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.load()).embedQuery(text);
  }
}
