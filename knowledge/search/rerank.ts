import type { ChunkRecord } from "../types.ts";
import type { WeightedTerm } from "./query-terms.ts";
import { fileNameWords, terms } from "./text-analysis.ts";

/** A passage that one of the retrievers found, with what they said about it. */
export interface Candidate {
  chunk: ChunkRecord;
  /** Weighted reciprocal-rank fusion of the two retrievers. */
  fused: number;
  /** Cosine similarity of the question's and the passage's vectors (0 when there are no vectors). */
  cosine: number;
  keywordRank?: number;
  denseRank?: number;
}

/**
 * Weights of the second-stage score. Each feature lies in 0..1. Coverage asks "does the passage contain
 * what the question is about", pairs reward the question's phrases appearing as phrases, the heading
 * feature rewards a section titled by the question's words, and fusion and cosine keep what the two
 * retrievers found. Fitted on the dev and extra question sets, with few enough weights not to memorise them.
 */
export const RERANK_WEIGHTS = { coverage: 1.5, pairs: 1, heading: 0.3, fused: 0.3, cosine: 0.5 };

export type RerankFeatures = Record<keyof typeof RERANK_WEIGHTS, number>;

/**
 * Re-scores the fused candidates with features that need the passage's text: a precise second stage over
 * at most a hundred or so passages, cheap whatever the size of the library.
 */
export function rerank(
  questionTerms: WeightedTerm[],
  pairs: [string, string][],
  candidates: Candidate[],
  weights: RerankFeatures = RERANK_WEIGHTS,
): (Candidate & { score: number })[] {
  return rerankFeatures(questionTerms, pairs, candidates).map(({ candidate, features }) => ({
    ...candidate,
    score: (Object.keys(weights) as (keyof RerankFeatures)[]).reduce(
      (sum, k) => sum + weights[k] * features[k],
      0,
    ),
  }));
}

/** Each candidate's second-stage features, every one in 0..1. */
export function rerankFeatures(
  questionTerms: WeightedTerm[],
  pairs: [string, string][],
  candidates: Candidate[],
): { candidate: Candidate; features: RerankFeatures }[] {
  const own = questionTerms.filter((t) => !t.expansion);
  const ownTotal = own.reduce((sum, t) => sum + t.weight, 0) || 1;
  const pairWeight = (p: [string, string]) => weightOf(questionTerms, p[0]) + weightOf(questionTerms, p[1]);
  const pairTotal = pairs.reduce((sum, p) => sum + pairWeight(p), 0) || 1;
  const maxFused = Math.max(...candidates.map((c) => c.fused), Number.EPSILON);

  return candidates.map((candidate) => {
    const { chunk } = candidate;
    const headingTerms = terms(chunk.headingPath.join(" "));
    const sequence = [
      ...terms(`${chunk.title} ${fileNameWords(chunk.source)}`),
      ...headingTerms,
      ...terms(chunk.text),
    ];
    const present = new Set(sequence);
    const heading = new Set(headingTerms);

    let covered = 0;
    for (const t of own) if (present.has(t.term)) covered += t.weight;
    // A glossary equivalent in the passage stands in, partly, for the practitioner's own word.
    const expansionHit = questionTerms.some((t) => t.expansion && present.has(t.term));
    const coverage = Math.min(1, covered / ownTotal + (expansionHit ? 0.15 : 0));

    const adjacent = new Set<string>();
    for (let i = 0; i + 1 < sequence.length; i++) adjacent.add(`${sequence[i]} ${sequence[i + 1]}`);
    const pairScore = pairs.reduce(
      (sum, p) => sum + (adjacent.has(`${p[0]} ${p[1]}`) ? pairWeight(p) : 0),
      0,
    );

    const headingScore = own.reduce((sum, t) => sum + (heading.has(t.term) ? t.weight : 0), 0) / ownTotal;

    return {
      candidate,
      features: {
        coverage,
        pairs: pairScore / pairTotal,
        heading: headingScore,
        fused: candidate.fused / maxFused,
        cosine: Math.max(0, candidate.cosine),
      },
    };
  });
}

function weightOf(questionTerms: WeightedTerm[], term: string): number {
  return questionTerms.find((t) => t.term === term)?.weight ?? 0;
}
