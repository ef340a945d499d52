import type { WeightedTerm } from "../../../knowledge/search/query-terms.ts";
import { terms } from "../../../knowledge/search/text-analysis.ts";
import type { SearchHit } from "../../../knowledge/types.ts";
import type { Citation } from "../types.ts";

/** How many top passages are read when judging whether the guidance answers the question. */
const SUPPORT_DEPTH = 3;
/**
 * The share of the question's weighted terms that must appear in one of the top passages for the
 * guidance to count as answering it. Calibrated on the dev and extra question sets.
 */
export const SUPPORT_THRESHOLD = 0.5;

/**
 * How well the best of the top passages covers the question: the weighted share of the practitioner's
 * terms (or a glossary equivalent) that it contains, heading and title included. 0 means nothing matches.
 */
export function supportOf(questionTerms: WeightedTerm[], hits: SearchHit[]): number {
  const own = questionTerms.filter((t) => !t.expansion);
  const total = own.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0 || hits.length === 0) return 0;
  const expansionWeight = Math.max(0, ...questionTerms.filter((t) => t.expansion).map((t) => t.weight));
  let best = 0;
  for (const hit of hits.slice(0, SUPPORT_DEPTH)) {
    const present = new Set(terms(`${hit.chunk.title} ${hit.chunk.headingPath.join(" ")} ${hit.chunk.text}`));
    let covered = own.filter((t) => present.has(t.term)).reduce((sum, t) => sum + t.weight, 0);
    // A glossary equivalent ("bed-sharing" for "co-sleeping") stands in for one missing own term.
    if (questionTerms.some((t) => t.expansion && present.has(t.term))) {
      const missing = own.filter((t) => !present.has(t.term)).map((t) => t.weight);
      if (missing.length > 0) covered += Math.min(Math.max(...missing), expansionWeight * 2);
    }
    best = Math.max(best, covered / total);
  }
  return best;
}

/** The citation for a retrieved passage, numbered from 1 in rank order. */
export function toCitation(hit: SearchHit, n: number, url?: string): Citation {
  const { chunk } = hit;
  return {
    n,
    source: chunk.source,
    title: chunk.title,
    ...(chunk.headingPath.length > 0 ? { section: chunk.headingPath.join(" > ") } : {}),
    ...(chunk.pages ? { page: chunk.pages[0] } : {}),
    ...(chunk.date ? { date: chunk.date } : {}),
    text: chunk.text,
    score: Math.round(hit.score * 10000) / 10000,
    ...(url ? { url } : {}),
  };
}
