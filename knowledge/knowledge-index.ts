import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { CodedError, ErrorCode } from "../foundation/errors.ts";
import { DefinitionIndex } from "./definitions.ts";
import type { NamedEmbeddings } from "./embeddings/create-embeddings.ts";
import {
  currentGeneration,
  readChunks,
  readDefinitions,
  readKeywordIndex,
  readManifest,
  readVectorStore,
} from "./index-store.ts";
import type { KeywordIndex } from "./retrieval/keyword-index.ts";
import type { ChunkRecord, IndexManifest } from "./types.ts";

/** One loaded generation of the index: the chunks, the keyword index and the vectors, searched together. */
export class KnowledgeIndex {
  private constructor(
    readonly generationDir: string,
    readonly manifest: IndexManifest,
    readonly chunks: ChunkRecord[],
    private readonly keywordIndex: KeywordIndex,
    private readonly vectors: HNSWLib | undefined,
    private readonly embeddings: NamedEmbeddings,
    /** The documents' own definitions of their terms, found at ingest. */
    readonly definitions: DefinitionIndex,
  ) {}

  /**
   * Loads the generation in service. Throws a CodedError when there is no index, when it is unreadable, or
   * when it was built with another embedding model than the one configured.
   */
  static async load(indexDir: string, embeddings: NamedEmbeddings): Promise<KnowledgeIndex> {
    const dir = currentGeneration(indexDir);
    if (!dir) {
      throw new CodedError(
        ErrorCode.IndexMissing,
        `There is no index in ${indexDir} yet; run \`npm run ingest\` to build it.`,
      );
    }
    let manifest: IndexManifest;
    try {
      manifest = readManifest(dir);
    } catch (cause) {
      throw unreadable(dir, cause);
    }
    if (manifest.embeddingModel !== embeddings.modelId) {
      throw new CodedError(
        ErrorCode.IndexModelMismatch,
        `The index was built with the embedding model ${manifest.embeddingModel} but ${embeddings.modelId} is configured; re-ingest with \`npm run ingest\` to rebuild it for this model.`,
      );
    }
    try {
      const chunks = readChunks(dir);
      const vectors = chunks.length > 0 ? await readVectorStore(dir, embeddings) : undefined;
      const definitions = new DefinitionIndex(readDefinitions(dir));
      return new KnowledgeIndex(
        dir,
        manifest,
        chunks,
        readKeywordIndex(dir),
        vectors,
        embeddings,
        definitions,
      );
    } catch (cause) {
      throw unreadable(dir, cause);
    }
  }

  /** The keyword (BM25) index of this generation. */
  get keywords(): KeywordIndex {
    return this.keywordIndex;
  }

  /** Embeds a question with the model the generation was built with. */
  embed(text: string): Promise<number[]> {
    return this.embeddings.embedQuery(text);
  }

  /** Positions of the passages nearest to a vector, nearest first (none without vectors). */
  nearest(vector: number[], k: number): number[] {
    if (!this.vectors || this.chunks.length === 0) return [];
    return this.vectors.index.searchKnn(vector, Math.min(k, this.chunks.length)).neighbors;
  }

  /** The position of a passage by its id, for retrieval to add a passage it knows it needs. */
  positionOf(chunkId: string): number | undefined {
    this.positions ??= new Map(this.chunks.map((c, i) => [c.id, i]));
    return this.positions.get(chunkId);
  }

  private positions?: Map<string, number>;

  /** Whether the generation has passage vectors (an empty library has none). */
  get hasVectors(): boolean {
    return this.vectors !== undefined;
  }

  /** How much a term says about a passage: rare terms in this library weigh more than common ones. */
  termWeight(term: string): number {
    return this.keywordIndex.idf(term);
  }

  /** Cosine similarity of the question vector and a passage's stored vector. */
  cosine(vector: number[], id: number): number {
    if (!this.vectors) return 0;
    const point = this.vectors.index.getPoint(id);
    let dot = 0;
    let a = 0;
    let b = 0;
    for (let i = 0; i < vector.length; i++) {
      const x = vector[i] ?? 0;
      const y = point[i] ?? 0;
      dot += x * y;
      a += x * x;
      b += y * y;
    }
    return a && b ? dot / Math.sqrt(a * b) : 0;
  }
}

function unreadable(dir: string, cause: unknown): CodedError {
  return new CodedError(
    ErrorCode.IndexCorrupt,
    `The index in ${dir} is unreadable; run \`npm run ingest\`.`,
    {
      cause,
    },
  );
}
