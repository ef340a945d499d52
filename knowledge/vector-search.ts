import type { HierarchicalNSW } from "hnswlib-node";
import { readVectors } from "./index-store.ts";

/** What the dense search of one question finds: the nearest passages and the similarity of each candidate. */
export interface DenseMatches {
  /** Positions of the nearest passages, nearest first. */
  neighbors: number[];
  /** Cosine similarity of the question vector to each of `neighbors` and of the positions asked for besides. */
  cosine: Map<number, number>;
}

/**
 * The vectors of one generation, wherever their graph is held: in this thread (`vectorsInThread`), or in the
 * server's one vector thread that every answer worker asks (bot/answer-workers/vector-thread.ts), so the
 * graph (about 220 MB at 100,000 passages) is held once however many workers answer.
 */
export interface VectorSearch {
  /**
   * The `k` nearest passages and the cosine similarity of the vector to them and to `alsoScore` (the
   * keyword hits the rerank reads it for), in one call: one round trip per question to a vector thread.
   */
  search(vector: number[], k: number, alsoScore: readonly number[]): Promise<DenseMatches>;
  /** Frees the graph, for a generation that has been replaced and that no question holds any more. */
  release(): void;
}

/** Opens the vectors of the generation in a folder (`KnowledgeIndex.load` takes one). */
export type VectorSource = (generationDir: string) => Promise<VectorSearch>;

/** The vectors read with hnswlib into this thread: the CLI, evaluation, tests and the vector thread itself. */
export const vectorsInThread: VectorSource = async (generationDir) => {
  const graph = await readVectors(generationDir);
  return {
    search: async (vector, k, alsoScore) => searchGraph(graph, vector, k, alsoScore),
    release: () => releaseGraph(graph),
  };
};

/** The dense search behind every VectorSearch, so a search in a vector thread finds what one in this thread does. */
export function searchGraph(
  graph: HierarchicalNSW,
  vector: number[],
  k: number,
  alsoScore: readonly number[],
): DenseMatches {
  const size = graph.getCurrentCount();
  const neighbors = size === 0 ? [] : graph.searchKnn(vector, Math.min(k, size)).neighbors;
  const cosine = new Map<number, number>();
  for (const id of [...neighbors, ...alsoScore]) {
    if (!cosine.has(id)) cosine.set(id, cosineTo(vector, graph.getPoint(id)));
  }
  return { neighbors, cosine };
}

/**
 * Frees a graph's native memory now. V8 sees only hnswlib's small wrapper object, so it has no reason to
 * collect a replaced generation soon, and its graph could stay for many minutes. hnswlib-node deletes an
 * index's graph when it is initialised again; a one-element index is left.
 */
export function releaseGraph(graph: HierarchicalNSW): void {
  graph.initIndex(1);
}

function cosineTo(vector: number[], point: number[]): number {
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
