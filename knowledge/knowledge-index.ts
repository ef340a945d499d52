import { CodedError, ErrorCode } from "../foundation/errors.ts";
import { DefinitionIndex } from "./definitions.ts";
import type { NamedEmbeddings } from "./embeddings/create-embeddings.ts";
import { currentGeneration, readDefinitions, readKeywordIndex, readManifest } from "./index-store.ts";
import { PassageStore } from "./passage-store.ts";
import type { KeywordIndex } from "./retrieval/keyword-index.ts";
import { type PassageTerms, PassageTermsFile } from "./retrieval/passage-terms.ts";
import type { ChunkRecord, IndexManifest } from "./types.ts";
import { type DenseMatches, type VectorSearch, type VectorSource, vectorsInThread } from "./vector-search.ts";

export interface LoadOptions {
  /**
   * False loads only the manifest, the passage index and the definitions, not the keyword index or the
   * vectors: the server's own thread, whose answer workers do the searching, needs only those (for the
   * catalog and redaction).
   */
  search?: boolean;
  /** Where the vectors are searched: in this thread unless given (answer workers ask the vector thread). */
  vectors?: VectorSource;
}

/**
 * One loaded generation of the index: the passages (read from disk as a question needs them), the keyword
 * index and the vectors, searched together.
 */
export class KnowledgeIndex {
  private constructor(
    readonly generationDir: string,
    readonly manifest: IndexManifest,
    private readonly passages: PassageStore,
    /** Undefined when loaded without search (see `load`), like the next two. */
    private readonly keywordIndex: KeywordIndex | undefined,
    private readonly termsFile: PassageTermsFile | undefined,
    private readonly vectors: VectorSearch | undefined,
    private readonly embeddings: NamedEmbeddings,
    /** The documents' own definitions of their terms, found at ingest. */
    readonly definitions: DefinitionIndex,
  ) {}

  /**
   * Loads the generation in service. Throws a CodedError when there is no index, when it is unreadable, or
   * when it was built with another embedding model than the one configured (see LoadOptions).
   */
  static async load(
    indexDir: string,
    embeddings: NamedEmbeddings,
    options: LoadOptions = {},
  ): Promise<KnowledgeIndex> {
    const { search = true, vectors: openVectors = vectorsInThread } = options;
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
      const passages = PassageStore.open(dir);
      const keywords = search ? readKeywordIndex(dir) : undefined;
      const termsFile = keywords && PassageTermsFile.open(dir, passages.size, keywords);
      const vectors = search && passages.size > 0 ? await openVectors(dir) : undefined;
      const definitions = new DefinitionIndex(readDefinitions(dir));
      return new KnowledgeIndex(
        dir,
        manifest,
        passages,
        keywords,
        termsFile,
        vectors,
        embeddings,
        definitions,
      );
    } catch (cause) {
      throw cause instanceof CodedError && cause.code === ErrorCode.IndexCorrupt
        ? cause
        : unreadable(dir, cause);
    }
  }

  /** How many passages the generation holds. */
  get size(): number {
    return this.passages.size;
  }

  /** The passage at a position (as the keyword and vector indexes number them), read from disk. */
  passage(position: number): ChunkRecord {
    return this.passages.get(position);
  }

  /** The passages from `from` up to `to` in one read, for work that goes through every passage a slice at a time. */
  passageSlice(from: number, to: number): ChunkRecord[] {
    return this.passages.slice(from, to);
  }

  /** The stored terms of the passage at a position, which the second stage scores. */
  passageTerms(position: number): PassageTerms {
    if (!this.termsFile) throw withoutSearch();
    return this.termsFile.get(position);
  }

  /** Every passage, read at once: for tests, benchmarks and tools over small libraries, not for a server. */
  allPassages(): ChunkRecord[] {
    return this.passages.all();
  }

  /** The keyword (BM25) index of this generation. */
  get keywords(): KeywordIndex {
    if (!this.keywordIndex) throw withoutSearch();
    return this.keywordIndex;
  }

  /**
   * Frees the vectors (about 220 MB at 100,000 passages) now, for a generation that has been replaced and
   * that no question holds any more (see VectorSearch.release).
   */
  release(): void {
    this.vectors?.release();
    this.released = true;
  }

  private released = false;

  /** Embeds a question with the model the generation was built with. */
  embed(text: string): Promise<number[]> {
    return this.embeddings.embedQuery(text);
  }

  /**
   * The passages nearest to a vector, nearest first, with the vector's cosine similarity to each of them
   * and to the positions in `alsoScore` (none without vectors).
   */
  async dense(vector: number[], k: number, alsoScore: readonly number[]): Promise<DenseMatches> {
    if (this.released) throw releasedError();
    if (!this.vectors) return { neighbors: [], cosine: new Map() };
    return this.vectors.search(vector, k, alsoScore);
  }

  /** The position of a passage by its id, for retrieval to add a passage it knows it needs. */
  positionOf(chunkId: string): number | undefined {
    return this.passages.positionOf(chunkId);
  }

  /** Whether the generation has passage vectors (an empty library has none). */
  get hasVectors(): boolean {
    return this.vectors !== undefined;
  }

  /** How much a term says about a passage: rare terms in this library weigh more than common ones. */
  termWeight(term: string): number {
    return this.keywords.idf(term);
  }
}

/** A programming error: searching a generation after it was released. */
function releasedError(): CodedError {
  return new CodedError(ErrorCode.Internal, "This generation of the index was released after a switch.");
}

/** A programming error: searching an index loaded for its catalog only. */
function withoutSearch(): CodedError {
  return new CodedError(ErrorCode.Internal, "This copy of the index was loaded without search.");
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
