import type { ChunkRecord } from "../types.ts";
import { type Coverage, coverageOf } from "./coverage.ts";
import type { PassageTerms } from "./passage-terms.ts";
import type { WeightedTerm } from "./query-terms.ts";
import type { RetrievalTuning } from "./tuning.ts";

/** A passage that one of the retrievers found, with what they said about it. */
export interface Candidate {
  chunk: ChunkRecord;
  /** The passage's stored terms, which the second stage scores. */
  passageTerms: PassageTerms;
  /** Weighted reciprocal-rank fusion of the two retrievers. */
  fused: number;
  /** Cosine similarity of the question's and the passage's vectors (0 when there are no vectors). */
  cosine: number;
  keywordRank?: number;
  /** The passage's BM25 score, when the keyword retriever found it. */
  keywordScore?: number;
  denseRank?: number;
}

export type RerankFeatures = Record<keyof RetrievalTuning["rerank"], number>;

/** A re-scored candidate: its second-stage score, the features behind it, and its coverage. */
export interface Reranked extends Candidate {
  score: number;
  features: RerankFeatures;
  coverage: Coverage;
}

/**
 * Re-scores the fused candidates with features that need the passage's text: a precise second stage over
 * at most a hundred or so passages, cheap whatever the size of the library. Best first.
 */
export function rerank(
  question: WeightedTerm[],
  pairs: [string, string][],
  candidates: Candidate[],
  tuning: RetrievalTuning,
  definitionChunkId?: string,
): Reranked[] {
  const weightOf = (term: string) => question.find((t) => t.term === term)?.weight ?? 0;
  const own = question.filter((t) => !t.expansion);
  const ownTotal = own.reduce((sum, t) => sum + t.weight, 0) || 1;
  const pairWeight = (p: [string, string]) => weightOf(p[0]) + weightOf(p[1]);
  const pairTotal = pairs.reduce((sum, p) => sum + pairWeight(p), 0) || 1;
  const maxFused = Math.max(...candidates.map((c) => c.fused), Number.EPSILON);

  return candidates
    .map((candidate) => {
      const passage = candidate.passageTerms;
      const coverage = coverageOf(question, passage, tuning.expansionCredit);
      let pairScore = 0;
      for (const p of pairs) if (passage.adjacent(p[0], p[1])) pairScore += pairWeight(p);
      const heading =
        own.reduce((sum, t) => sum + (passage.heading.has(t.term) ? t.weight : 0), 0) / ownTotal;
      const features: RerankFeatures = {
        coverage: coverage.all,
        pairs: pairScore / pairTotal,
        heading,
        fused: candidate.fused / maxFused,
        cosine: Math.max(0, candidate.cosine),
        definition: candidate.chunk.id === definitionChunkId ? 1 : 0,
      };
      const score = (Object.keys(tuning.rerank) as (keyof RerankFeatures)[]).reduce(
        (sum, k) => sum + tuning.rerank[k] * features[k],
        0,
      );
      return { ...candidate, score, features, coverage };
    })
    .sort((a, b) => b.score - a.score);
}
