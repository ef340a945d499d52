import type { PassageTerms } from "./passage-terms.ts";
import type { WeightedTerm } from "./query-terms.ts";
import { terms } from "./text-analysis.ts";

/** How much of the question a passage contains. */
export interface Coverage {
  /** Weighted share of the practitioner's own terms present (a glossary equivalent adds a little). */
  all: number;
  /** The same over the question's rarest terms only: the words that say what this question is about. */
  rare: number;
}

/**
 * The one coverage measure: the rerank scores passages with it and the answerability decision reads it.
 * `expansionCredit` is what a glossary equivalent in the passage adds for the practitioner's word.
 */
export function coverageOf(
  question: WeightedTerm[],
  passage: PassageTerms,
  expansionCredit: number,
): Coverage {
  const own = question.filter((t) => !t.expansion);
  const total = own.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return { all: 0, rare: 0 };
  const expansionHit = question.some((t) => t.expansion && passage.present.has(t.term));
  const credit = expansionHit ? expansionCredit : 0;
  let covered = 0;
  for (const t of own) if (passage.present.has(t.term)) covered += t.weight;

  const rare = rareTerms(own);
  const rareTotal = rare.reduce((sum, t) => sum + t.weight, 0);
  const rareCovered = rare.reduce((sum, t) => sum + (passage.present.has(t.term) ? t.weight : 0), 0);
  return {
    all: Math.min(1, covered / total + credit),
    rare: Math.min(1, rareCovered / rareTotal + credit),
  };
}

/** A term at least this share of the rarest term's weight is one of the question's rare terms. */
const RARE_SHARE = 0.6;

/** The question's rare terms: its own terms weighing at least `RARE_SHARE` of the rarest one. */
export function rareTerms(question: WeightedTerm[]): WeightedTerm[] {
  const own = question.filter((t) => !t.expansion);
  const rarest = Math.max(0, ...own.map((t) => t.weight));
  return own.filter((t) => t.weight >= rarest * RARE_SHARE);
}

/**
 * The most of the question that two adjacent sentences of a passage hold. An answer sits in a sentence or
 * two; a passage that only mentions the question's words here and there is about the topic, not the answer.
 */
export function sentenceCoverage(question: WeightedTerm[], text: string): number {
  const own = question.filter((t) => !t.expansion && t.weight > 0);
  const total = own.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return 0;
  const sentences = sentencesOf(text).map((s) => new Set(terms(s)));
  let best = 0;
  for (let i = 0; i < sentences.length; i++) {
    const a = sentences[i] as Set<string>;
    const b = sentences[i + 1];
    let covered = 0;
    for (const t of own) if (a.has(t.term) || b?.has(t.term)) covered += t.weight;
    best = Math.max(best, covered / total);
  }
  return best;
}

/** A passage's sentences and lines, as the sentence-level checks read them (a list item is a line). */
export function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?;:])\s+|\n+/);
}
