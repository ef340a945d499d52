import { terms } from "./text-analysis.ts";

/** A question term and how much it matters (rarity in the library; glossary additions count for less). */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** Added by the glossary rather than written by the practitioner. */
  expansion: boolean;
}

/** Glossary additions support an answer, but less than the practitioner's own words. */
const EXPANSION_FACTOR = 0.5;

/** The question's distinct terms with their weights; glossary expansions follow the practitioner's own. */
export function weighTerms(
  question: string,
  expansions: string[],
  weight: (term: string) => number,
): WeightedTerm[] {
  const out = new Map<string, WeightedTerm>();
  for (const t of terms(question)) out.set(t, { term: t, weight: weight(t), expansion: false });
  for (const t of expansions.flatMap((e) => terms(e))) {
    if (!out.has(t)) out.set(t, { term: t, weight: weight(t) * EXPANSION_FACTOR, expansion: true });
  }
  return [...out.values()];
}

/** Adjacent pairs of the question's own terms ("statutory partners", "care leavers"), for phrase evidence. */
export function termPairs(question: string): [string, string][] {
  const own = terms(question);
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < own.length; i++) pairs.push([own[i] as string, own[i + 1] as string]);
  return pairs;
}
