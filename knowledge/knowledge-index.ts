import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { CodedError, ErrorCode } from "../foundation/errors.ts";
import type { NamedEmbeddings } from "./embeddings/create-embeddings.ts";
import {
  currentGeneration,
  readChunks,
  readKeywordIndex,
  readManifest,
  readVectorStore,
} from "./index-store.ts";
import type { KeywordIndex } from "./search/keyword-index.ts";
import { termPairs, weighTerms } from "./search/query-terms.ts";
import { type Candidate, rerank } from "./search/rerank.ts";
import type { ChunkRecord, IndexManifest, SearchHit } from "./types.ts";

/** How deep each retriever looks before fusion. */
const CANDIDATES = 60;
/** Reciprocal rank fusion constant: damps the difference between the very top ranks. */
const RRF_K = 20;
/**
 * BM25 is the stronger retriever on guidance text (exact terms, acronyms, numbers); the small sentence
 * encoder adds recall for paraphrases. Weights measured on the shared corpus questions.
 */
const KEYWORD_WEIGHT = 1;
const DENSE_WEIGHT = 0.6;
/** Passages tagged for the asker's area rank above the rest; other areas' passages below. */
const SAME_AREA_BOOST = 1.25;
const OTHER_AREA_PENALTY = 0.7;

export interface SearchOptions {
  /** Phrases the glossary added to the question. */
  expansions?: string[];
  limit?: number;
  /** The asker's area, to prefer its own documents. */
  area?: string;
}

/** One loaded generation of the index: the chunks, the keyword index and the vectors, searched together. */
export class KnowledgeIndex {
  private constructor(
    readonly generationDir: string,
    readonly manifest: IndexManifest,
    readonly chunks: ChunkRecord[],
    private readonly keywords: KeywordIndex,
    private readonly vectors: HNSWLib | undefined,
    private readonly embeddings: NamedEmbeddings,
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
      return new KnowledgeIndex(dir, manifest, chunks, readKeywordIndex(dir), vectors, embeddings);
    } catch (cause) {
      throw unreadable(dir, cause);
    }
  }

  /**
   * Hybrid search: BM25 and dense vectors fused by weighted reciprocal rank, then the candidates re-scored
   * on the text itself (coverage of the question's terms, its phrases, the section heading). Best first.
   */
  async search(question: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const { expansions = [], limit = 10, area } = options;
    if (this.chunks.length === 0) return [];
    const keywordHits = this.keywords.query(question, expansions, CANDIDATES);
    // Glossary expansions in the embedded text measurably help the dense side (dev MRR 0.896 vs 0.865).
    const queryVector = this.vectors
      ? await this.embeddings.embedQuery([question, ...expansions].join(" "))
      : undefined;
    const denseHits = queryVector ? this.denseSearch(queryVector) : [];

    const fused = new Map<number, { fused: number; keywordRank?: number; denseRank?: number }>();
    keywordHits.forEach((hit, rank) => {
      fused.set(hit.id, { fused: KEYWORD_WEIGHT / (RRF_K + rank + 1), keywordRank: rank + 1 });
    });
    denseHits.forEach((id, rank) => {
      const entry = fused.get(id) ?? { fused: 0 };
      entry.fused += DENSE_WEIGHT / (RRF_K + rank + 1);
      entry.denseRank = rank + 1;
      fused.set(id, entry);
    });

    const candidates: Candidate[] = [];
    for (const [id, entry] of fused) {
      const chunk = this.chunks[id];
      if (!chunk) continue;
      const cosine = queryVector ? this.cosine(queryVector, id) : 0;
      candidates.push({ chunk, ...entry, cosine });
    }
    const questionTerms = weighTerms(question, expansions, (t) => this.termWeight(t));
    return rerank(questionTerms, termPairs(question), candidates)
      .map(({ chunk, score, keywordRank, denseRank }) => ({
        chunk,
        score: score * areaFactor(chunk.area, area),
        ...(keywordRank ? { keywordRank } : {}),
        ...(denseRank ? { denseRank } : {}),
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  /** How much a term says about a passage: rare terms in this library weigh more than common ones. */
  termWeight(term: string): number {
    return this.keywords.idf(term);
  }

  private denseSearch(vector: number[]): number[] {
    if (!this.vectors) return [];
    const k = Math.min(CANDIDATES, this.chunks.length);
    return this.vectors.index.searchKnn(vector, k).neighbors;
  }

  /** Cosine similarity of the question vector and a passage's stored vector. */
  private cosine(vector: number[], id: number): number {
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

function areaFactor(chunkArea: string | undefined, askerArea: string | undefined): number {
  if (!chunkArea || !askerArea) return 1;
  return chunkArea === askerArea ? SAME_AREA_BOOST : OTHER_AREA_PENALTY;
}
