/** A question term and how much it matters (rarity in the library; glossary additions count for less). */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** Added by the glossary rather than written by the practitioner. */
  expansion: boolean;
}

/**
 * The question's distinct terms with their weights; glossary expansions follow the practitioner's own,
 * weighted by `expansionFactor` (the tuning's), since they support a passage less than the asker's words.
 */
export function weighTerms(
  own: string[],
  expansions: string[],
  weight: (term: string) => number,
  expansionFactor: number,
): WeightedTerm[] {
  const out = new Map<string, WeightedTerm>();
  for (const t of own) out.set(t, { term: t, weight: weight(t), expansion: false });
  for (const t of expansions) {
    if (!out.has(t)) out.set(t, { term: t, weight: weight(t) * expansionFactor, expansion: true });
  }
  return [...out.values()];
}

/** Adjacent pairs of the question's own terms ("statutory partners", "care leavers"), for phrase evidence. */
export function termPairs(own: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < own.length; i++) pairs.push([own[i] as string, own[i + 1] as string]);
  return pairs;
}
