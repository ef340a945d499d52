import type { WeightedTerm } from "../../../knowledge/retrieval/query-terms.ts";
import type { DefinitionHit } from "../../../knowledge/retrieval/retriever.ts";
import { terms } from "../../../knowledge/retrieval/text-analysis.ts";
import type { Citation } from "../types.ts";
import { quotableUnits } from "./sentences.ts";

/**
 * Limits of the default, offline answer. Fitted by reading answers to the tune split of the practitioner
 * questions (tests/fixtures/eval/practitioner-tune.jsonl): short enough to read in a chat message, long
 * enough for a list or a step or two of guidance. The 2026-12 refit (`npm run eval` over the tune split,
 * the seen held-out set practitioner-heldout-2026-12.jsonl and extra-questions.jsonl, 433 answerable)
 * is noted at each value.
 */
export const EXTRACTIVE_LIMITS = Object.freeze({
  /** Sentences quoted at most (a continuation, below, may add one). */
  sentences: 4,
  /** Characters of quotation at most (a longer first unit is still quoted whole). */
  chars: 900,
  /** A unit longer than this is not quoted: it is a run-on table or a whole page, not a sentence. */
  unitChars: 650,
  /**
   * The answer leads with the best-ranked passage that has a sentence scoring this share of the best
   * sentence: retrieval's order where the passage answers about as well, the better sentence otherwise.
   */
  leadShare: 0.8,
  /**
   * A sentence must score at least this share of the best sentence to be quoted. Refitted 0.5 → 0.35 with
   * `expansionShare` on the same sets as it (fact 0.654 → 0.661).
   */
  relativeCutoff: 0.35,
  /** A sentence of another document than the lead's must score this share of the best: it must answer too. */
  otherDocumentCutoff: 0.85,
  /** Sentences this short are headings or fragments, not answers. */
  minChars: 25,
  /**
   * A sentence with a figure (digits, or a count or share in words: "two thirds"), when the question asks how
   * many or what share, scores this much more. Number words added 2026-12-02 (issue 14): fact in the answer
   * 66.6% → 66.8% over the nine tune sets (tune split, extra, held-out 2026-12 to -12f, -12h A and B; 1,568
   * answerable), check split unchanged.
   */
  figureBonus: 1.5,
  /**
   * How much a glossary expansion counts when choosing sentences. None: retrieval has already used them to
   * find the passages, and within a passage a group of expansions ("Dudley, Sandwell, Walsall…" for "Black
   * Country") outweighs the asker's own rarer word. Refitted on the tune split, the seen held-out set of
   * 2026-12 and the extra questions: fact in the answer 0.640 → 0.654 with 0, 0.649 with 0.5.
   */
  expansionShare: 0,
  /**
   * A quoted sentence shorter than this brings the sentence that follows it in its passage, room allowing:
   * short sentences are often the first half of the answer ("Previous SUDI…" then "Referral to CONI should
   * be offered."). Fitted on the same sets: fact 0.665 → 0.681 (90: 0.672, 140: 0.679, any length: 0.679).
   */
  continueAfterChars: 200,
  /**
   * After the lead sentence, sentences are added by what they add: a question term the answer already
   * quotes counts this share of its weight again. Fitted on the tune split, the three seen held-out sets
   * of 2026-12 (12, 12b, 12c), the extra questions and shared/eval/dev-questions (854 answerable), with the
   * sentences now taken by score rather than lead passage first: fact in the answer 0.692 with 1 (no
   * coverage), 0.696 with 0.75, 0.699 with 0.5 and with 0.25 (0.698 once a short lead's continuation is
   * taken right after it).
   */
  repeatShare: 0.5,
});

interface Unit {
  citation: Citation;
  position: number;
  text: string;
  /** How well it answers: `factor` times the sum of `matched`. */
  score: number;
  /** The question terms it has (or its heading has) with what each adds. */
  matched: Map<string, number>;
  /** Its figure, rank and length adjustments. */
  factor: number;
}

/** The answer text and the citations in the order it uses them: quoted first, the rest marked not quoted. */
export interface ExtractiveAnswer {
  text: string;
  citations: Citation[];
}

/**
 * The default, offline answer: whole sentences (or whole list items with their introduction) quoted from
 * the cited passages, each marked [n]. It leads with the best passage's best sentences in the passage's
 * own order, adds another document's sentence only when that sentence answers too, and leads with the
 * library's own definition when the question asks what a term means. Nothing is written that the guidance
 * does not say. Empty text when no sentence answers.
 */
export function composeExtractive(
  question: WeightedTerm[],
  citations: Citation[],
  definition?: DefinitionHit,
  asksFigure = false,
): ExtractiveAnswer {
  // Each passage is split once: scoring, the definition's place and continuations read the same units.
  const unitsOf = new Map(citations.map((c) => [c, quotableUnits(c.text)]));
  const units = citations.flatMap((citation, rank) =>
    scoreUnits(question, citation, unitsOf.get(citation) ?? [], rank, asksFigure),
  );
  const chosen: Unit[] = [];
  const defining = definition && citations.find((c) => c.text.includes(definition.text));
  if (defining && definition) {
    // Its place among the passage's units, so it sorts and continues like any quoted sentence; a definition
    // that spans units has no place of its own (-1: first, and nothing continues it).
    const position = (unitsOf.get(defining) ?? []).findIndex((u) => u.includes(definition.text));
    const matched = new Map(
      question.filter((t) => terms(definition.text).includes(t.term)).map((t) => [t.term, t.weight]),
    );
    chosen.push({ citation: defining, position, text: definition.text, score: 1, matched, factor: 1 });
  }
  const best = Math.max(0, ...units.map((u) => u.score));
  if (best > 0) {
    // The lead is the best-ranked passage with a sentence that answers: retrieval's order is kept where it can be.
    const lead =
      chosen[0]?.citation ?? units.find((u) => u.score >= best * EXTRACTIVE_LIMITS.leadShare)?.citation;
    let chars = chosen.reduce((sum, u) => sum + u.text.length, 0);
    // The lead passage's best sentence first, then, one at a time, the sentence that adds most to what the
    // answer already says: a question term quoted once counts for less the second time, so a sentence
    // answering another part of the question ("…and who holds it?") wins over one repeating the first.
    const covered = new Set(chosen.flatMap((u) => [...u.matched.keys()]));
    const gain = (u: Unit) =>
      u.factor *
      [...u.matched].reduce(
        (sum, [term, w]) => sum + (covered.has(term) ? w * EXTRACTIVE_LIMITS.repeatShare : w),
        0,
      );
    const eligible = units.filter((unit) => {
      const other = lead && unit.citation.source !== lead.source;
      const cutoff = other ? EXTRACTIVE_LIMITS.otherDocumentCutoff : EXTRACTIVE_LIMITS.relativeCutoff;
      return unit.score >= best * cutoff;
    });
    const leadBest = [...eligible].sort((a, b) => b.score - a.score).find((u) => u.citation === lead);
    while (chosen.length < EXTRACTIVE_LIMITS.sentences) {
      const fits = eligible.filter(
        (unit) =>
          !chosen.some(
            (c) => c.text === unit.text || c.text.includes(unit.text) || unit.text.includes(c.text),
          ) &&
          (chosen.length === 0 || chars + unit.text.length <= EXTRACTIVE_LIMITS.chars),
      );
      const next =
        leadBest && fits.includes(leadBest)
          ? leadBest
          : fits.reduce<Unit | undefined>((top, u) => (top && gain(top) >= gain(u) ? top : u), undefined);
      if (!next) break;
      chosen.push(next);
      chars += next.text.length;
      for (const term of next.matched.keys()) covered.add(term);
      if (next === leadBest) {
        // A short lead is often the first half of the answer: its continuation comes before other sentences.
        const carried = continuations([next], unitsOf);
        chosen.push(...carried);
        chars += carried.reduce((sum, u) => sum + u.text.length, 0);
      }
    }
  }
  if (chosen.length === 0) return { text: "", citations: citations.map((c) => ({ ...c, quoted: false })) };
  chosen.push(...continuations(chosen, unitsOf));

  // Passages in the order they first lead; within a passage, the text's own order.
  const passageOrder = new Map<Citation, number>();
  for (const unit of chosen)
    if (!passageOrder.has(unit.citation)) passageOrder.set(unit.citation, passageOrder.size);
  chosen.sort(
    (a, b) =>
      (passageOrder.get(a.citation) ?? 0) - (passageOrder.get(b.citation) ?? 0) || a.position - b.position,
  );
  // Citations renumbered: the quoted ones first in the order they are quoted, the others after.
  const quoted = [...passageOrder.keys()];
  const ordered = [...quoted, ...citations.filter((c) => !passageOrder.has(c))];
  const numberOf = new Map(ordered.map((c, i) => [c, i + 1]));
  return {
    text: chosen.map((u) => `${endWithStop(u.text)} [${numberOf.get(u.citation)}]`).join(" "),
    citations: ordered.map((c, i) => ({ ...c, n: i + 1, quoted: passageOrder.has(c) })),
  };
}

/** A sentence the "related" reply quotes from one of the closest passages, with that passage's number. */
export interface ClosestQuote {
  n: number;
  text: string;
}

/**
 * What the closest passages say, for the reply that no passage answers directly: each passage's best
 * sentence by the extractive answer's own scoring (with the sentence after it when it is short, as in an
 * answer), in the passages' order, within the answer's length limit. A passage whose best sentence scores
 * under the extractive cut-off against the best of them is left unquoted (it is still listed). Nothing is
 * stitched across passages: each quote stands under its own [n], so none reads as the answer.
 */
export function closestQuotes(
  question: WeightedTerm[],
  citations: Citation[],
  asksFigure = false,
): ClosestQuote[] {
  const unitsOf = new Map(citations.map((c) => [c, quotableUnits(c.text)]));
  const bestOf = citations.flatMap((citation, rank) => {
    const scored = scoreUnits(question, citation, unitsOf.get(citation) ?? [], rank, asksFigure);
    const top = scored.reduce<Unit | undefined>((b, u) => (b && b.score >= u.score ? b : u), undefined);
    return top ? [top] : [];
  });
  const best = Math.max(0, ...bestOf.map((u) => u.score));
  const quotes: ClosestQuote[] = [];
  let chars = 0;
  for (const unit of bestOf) {
    if (unit.score < best * EXTRACTIVE_LIMITS.relativeCutoff) continue;
    const units = [unit, ...continuations([unit], unitsOf)];
    const text = units.map((u) => endWithStop(u.text)).join(" ");
    if (quotes.length > 0 && chars + text.length > EXTRACTIVE_LIMITS.chars) continue;
    // Overlapping passages of one document can share their best sentence: it is quoted once.
    if (quotes.some((q) => q.text.includes(unit.text))) continue;
    quotes.push({ n: unit.citation.n, text });
    chars += text.length;
  }
  return quotes;
}

/**
 * A figure as a sentence gives it: digits, or a count or share in words ("around two thirds of all child
 * deaths", "one quarter of all deaths", "the risk is tripled"), which guidance writes as often as digits.
 */
const GIVES_FIGURE =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|half|quarter|thirds?|twice|double[ds]?|tripled?|trebled?)\b/i;

/** The quotable units of a passage with how well each answers the question (0 when it does not). */
function scoreUnits(
  question: WeightedTerm[],
  citation: Citation,
  passageUnits: string[],
  rank: number,
  wantsFigure: boolean,
): Unit[] {
  // Earlier passages are better evidence; the section heading says what a sentence is about.
  const rankFactor = 1 / (1 + 0.15 * rank);
  const headingTerms = new Set(terms(citation.section ?? ""));
  const out: Unit[] = [];
  passageUnits.forEach((raw, position) => {
    const text = withoutMarkup(raw);
    if (!isQuotable(text)) return;
    const present = new Set(terms(text));
    const matched = new Map<string, number>();
    for (const t of question) {
      const weight = t.expansion ? t.weight * EXTRACTIVE_LIMITS.expansionShare : t.weight;
      if (weight <= 0) continue;
      if (present.has(t.term)) matched.set(t.term, weight);
      else if (headingTerms.has(t.term)) matched.set(t.term, weight * 0.3);
    }
    let factor = rankFactor;
    // "How many…", "what %…": a sentence that gives a figure is the kind of answer asked for.
    if (wantsFigure && GIVES_FIGURE.test(text.replace(/\b(?:19|20)\d\d(?:[/-]\d{2,4})?\b/g, "")))
      factor *= EXTRACTIVE_LIMITS.figureBonus;
    // Long sentences match by sheer size; damp them a little.
    factor /= 1 + Math.max(0, text.length - 300) / 600;
    const score = factor * [...matched.values()].reduce((sum, w) => sum + w, 0);
    if (score > 0) out.push({ citation, position, text, score, matched, factor });
  });
  return out;
}

/** The sentences that carry on from short quoted ones in the same passage, within the length limits. */
function continuations(chosen: Unit[], unitsOf: Map<Citation, string[]>): Unit[] {
  const added: Unit[] = [];
  let chars = chosen.reduce((sum, u) => sum + u.text.length, 0);
  const taken = (citation: Citation, position: number) =>
    [...chosen, ...added].some((u) => u.citation === citation && u.position === position);
  for (const unit of chosen) {
    // A continuation (score 0) is not continued in turn: one sentence carries on, not the rest of the passage.
    if (unit.score === 0 || unit.position < 0 || unit.text.length >= EXTRACTIVE_LIMITS.continueAfterChars)
      continue;
    if (chosen.length + added.length > EXTRACTIVE_LIMITS.sentences) break;
    const position = unit.position + 1;
    const raw = unitsOf.get(unit.citation)?.[position];
    if (raw === undefined || taken(unit.citation, position)) continue;
    const text = withoutMarkup(raw);
    if (!isQuotable(text) || chars + text.length > EXTRACTIVE_LIMITS.chars) continue;
    if ([...chosen, ...added].some((u) => u.text.includes(text) || text.includes(u.text))) continue;
    added.push({ citation: unit.citation, position, text, score: 0, matched: new Map(), factor: 0 });
    chars += text.length;
  }
  return added;
}

/**
 * A question of the document's own ("What is a core group?", a table's "Domain What's working well?"), which
 * echoes the asker rather than answers: it opens with an auxiliary or asks what, who, how… anywhere.
 */
const INTERROGATIVE =
  /(?:^|[\s:;,(])(?:what|how|why|when|where|who|whom|whose|which)\b|^(?:is|are|can|could|do|does|did|should|would|will|has|have)\b/i;
const YEAR = /^\(?(?:19|20)\d\d\)?[,;:.]?$/;

/**
 * Whether a unit reads as a sentence someone can act on: long enough, not the document's own question,
 * not a run-on, and not a fragment of a table (mostly figures) or a page header.
 */
function isQuotable(text: string): boolean {
  if (text.length < EXTRACTIVE_LIMITS.minChars || text.length > EXTRACTIVE_LIMITS.unitChars) return false;
  if (text.endsWith("?") && INTERROGATIVE.test(text)) return false;
  const tokens = text.split(/\s+/);
  // Years are words of a sentence ("in 2012 compared with 2011"), not the cells of a table.
  const figures = tokens.filter((t) => /^[£(]?[\d.,%/-]+\)?[%,;:]?$/.test(t) && !YEAR.test(t)).length;
  if (figures >= 4 && figures / tokens.length > 0.3) return false;
  if (/(?:^|\s)\d[\d.,%]*\s+\d[\d.,%]*\s+\d[\d.,%]*(?:\s|$)/.test(text)) return false;
  const letters = text.replace(/[^\p{L}]/gu, "").length;
  return letters / text.length > 0.55;
}

/** Markdown and table markup is the document's layout, not its words. */
function withoutMarkup(text: string): string {
  return text
    .replace(/<\/?[a-z][a-z0-9]*(?:\s[^>]*)?>/gi, " ")
    .replace(/\*\*|__|`/g, "")
    .replace(/^#+\s+/, "")
    .replace(/^\s*[-*•▪●◦]\s+/, "")
    .replace(/\s*\|\s*/g, "; ")
    .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1")
    .replace(/\s{2,}/g, " ")
    .trim();
}

function endWithStop(text: string): string {
  return /[.!?…:]$/.test(text) ? text : `${text}.`;
}
