import type { WeightedTerm } from "../../../knowledge/search/query-terms.ts";
import { terms } from "../../../knowledge/search/text-analysis.ts";
import type { Citation } from "../types.ts";
import { quotableUnits } from "./sentences.ts";

/** Short enough to read in a chat message; long enough for a step or two of guidance. */
const MAX_SENTENCES = 4;
const MAX_CHARS = 850;
/** At most this many sentences from one passage, so the answer draws on more than one source where it can. */
const MAX_PER_PASSAGE = 2;
/** A sentence must score at least this share of the best sentence to be quoted. */
const RELATIVE_CUTOFF = 0.45;
/** Sentences this short are headings or fragments, not answers. */
const MIN_SENTENCE_CHARS = 25;

interface Candidate {
  citation: number;
  position: number;
  text: string;
  score: number;
}

/**
 * The default, offline answer: the sentences of the cited passages that best answer the question, each
 * marked with its citation [n]: the passage with the best-supported sentence first, and within a passage
 * in the order of its text. Every sentence is a
 * quotation: nothing is written that the guidance does not say.
 */
export function composeExtractive(questionTerms: WeightedTerm[], citations: Citation[]): string {
  const candidates: Candidate[] = [];
  for (const [rank, citation] of citations.entries()) {
    // Earlier passages are better evidence; the section heading says what a sentence is about.
    const rankFactor = 1 / (1 + 0.15 * rank);
    const headingTerms = new Set(terms(citation.section ?? ""));
    quotableUnits(citation.text).forEach((sentence, position) => {
      // Headings, fragments and the document's own questions ("What are the barriers…?") answer nothing.
      if (sentence.length < MIN_SENTENCE_CHARS || sentence.endsWith("?")) return;
      const present = new Set(terms(sentence));
      let score = 0;
      for (const t of questionTerms) {
        if (present.has(t.term)) score += t.weight;
        else if (headingTerms.has(t.term)) score += t.weight * 0.3;
      }
      // Very long sentences match by sheer size; damp them a little.
      score *= rankFactor / (1 + Math.max(0, sentence.length - 300) / 600);
      if (score > 0) candidates.push({ citation: citation.n, position, text: clip(sentence), score });
    });
  }
  if (candidates.length === 0) return "";
  const best = Math.max(...candidates.map((c) => c.score));
  const chosen: Candidate[] = [];
  let chars = 0;
  for (const candidate of [...candidates].sort((a, b) => b.score - a.score)) {
    if (candidate.score < best * RELATIVE_CUTOFF || chosen.length >= MAX_SENTENCES) break;
    if (chosen.filter((c) => c.citation === candidate.citation).length >= MAX_PER_PASSAGE) continue;
    if (chosen.some((c) => c.text === candidate.text)) continue;
    if (chosen.length > 0 && chars + candidate.text.length > MAX_CHARS) continue;
    chosen.push(candidate);
    chars += candidate.text.length;
  }
  // The best-supported sentence leads; sentences from one passage keep the passage's own order.
  const lead = new Map<number, number>();
  for (const c of chosen) lead.set(c.citation, Math.max(lead.get(c.citation) ?? 0, c.score));
  chosen.sort(
    (a, b) =>
      (lead.get(b.citation) ?? 0) - (lead.get(a.citation) ?? 0) ||
      a.citation - b.citation ||
      a.position - b.position,
  );
  return chosen.map((c) => `${endWithStop(c.text)} [${c.citation}]`).join(" ");
}

/** Table rows and very long sentences are cut at a word boundary. */
function clip(sentence: string): string {
  if (sentence.length <= 480) return sentence;
  const cut = sentence.lastIndexOf(" ", 460);
  return `${sentence.slice(0, cut > 200 ? cut : 460)} …`;
}

function endWithStop(text: string): string {
  return /[.!?…:]$/.test(text) ? text : `${text}.`;
}
