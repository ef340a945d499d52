import { rareTerms, sentenceCoverage } from "./coverage.ts";
import {
  documentCoverage,
  focusTerms,
  givesContact,
  givesFigureFor,
  namesPlace,
  rarestTogether,
} from "./focus.ts";
import { coversYearsAsked } from "./periods.ts";
import { namesAPerson } from "./person-names.ts";
import type { WeightedTerm } from "./query-terms.ts";
import type { Reranked } from "./rerank.ts";
import { fileNameWords } from "./text-analysis.ts";
import type { AnswerabilitySignal, RetrievalTuning } from "./tuning.ts";

/** Does the guidance answer the question: answered, only related passages, or nothing relevant. */
export type Outcome = "answered" | "related" | "none";

export type AnswerabilitySignals = Record<AnswerabilitySignal, number>;

/** How many of the top passages are read when judging whether the guidance answers. */
const DEPTH = 3;
/** A retriever "agrees" when it ranks the top passage within this depth. */
const AGREEMENT_DEPTH = 10;
/** The passages the answer cites: the year check reads all of them, as the reply may quote any. */
const CITED_DEPTH = 5;
/** A question with this many distinct weighted terms of its own or more counts as fully specific. */
const LONG_QUESTION_TERMS = 10;

/** What the question asks for, read from its text once by the retriever. */
export interface QuestionAsks {
  /** Years and periods it names ("in 2015", "2014-15"). */
  years: Set<number>;
  /** It asks for a phone number, an email address, a bleep. */
  contact: boolean;
  /** It asks for a figure: a count, a share, a rate, a duration. */
  figure: boolean;
  /** It asks for somebody by name: "who chairs", "what's the coordinator called". */
  name: boolean;
  /** The places it names, as lower-case words ("sandwell", "north somerset"). */
  places: string[];
}

const NOTHING_ASKED: QuestionAsks = {
  years: new Set(),
  contact: false,
  figure: false,
  name: false,
  places: [],
};

/**
 * The evidence signals, each in 0..1: the best second-stage score (as a share of the most it can be) and
 * its margin over the next, coverage of the question's terms and of its rare terms by the best of the top
 * passages, sentence-vector similarity, BM25 strength relative to the question's own best possible score,
 * whether both retrievers found the top passage, the question's word pairs found as phrases, and the share of the question's own terms that the
 * library uses at all (a question about what the guidance never mentions has words it never uses), and
 * whether the library defines the term a definition question asks about.
 *
 * The focus signals (`focus.ts`) read what the question asks for rather than its topic: the rare coverage
 * of the top passage's whole document, the heading's match, how specific the question is, and whether a
 * year, a contact detail, a figure or a place it asks about is missing, and whether its two rarest words
 * stand in one sentence of a top passage. (Whether the top passages hold the rarest term, or the rarest two
 * anywhere in the passage, was tried and added nothing out of fold; in one sentence they do.)
 */
export function answerabilitySignals(
  question: WeightedTerm[],
  ranked: Reranked[],
  tuning: RetrievalTuning,
  keywordCeiling: number,
  known: number,
  defined: boolean,
  asks: QuestionAsks = NOTHING_ASKED,
): AnswerabilitySignals {
  const top = ranked[0];
  const focus = focusTerms(question);
  const length = Math.min(1, focus.length / LONG_QUESTION_TERMS);
  const figure = asks.figure ? 1 : 0;
  if (!top) {
    return {
      topScore: 0,
      margin: 0,
      coverage: 0,
      rareCoverage: 0,
      cosine: 0,
      keywordStrength: 0,
      agreement: 0,
      known,
      sentenceCoverage: 0,
      phrases: 0,
      definition: defined ? 1 : 0,
      documentCoverage: 0,
      heading: 0,
      length,
      yearsMissing: asks.years.size > 0 ? 1 : 0,
      contactMissing: asks.contact ? 1 : 0,
      asksFigure: figure,
      figureMissing: figure,
      nameMissing: asks.name ? 1 : 0,
      placeMissing: asks.places.length > 0 ? 1 : 0,
      rarestTogether: 0,
    };
  }
  const most = Object.values(tuning.rerank).reduce((sum, w) => sum + w, 0) || 1;
  const second = ranked[1]?.score ?? 0;
  const head = ranked.slice(0, DEPTH);
  const bestKeyword = Math.max(0, ...head.map((r) => r.keywordScore ?? 0));
  const cited = ranked.slice(0, CITED_DEPTH);
  const rare = rareTerms(question);
  const context = (r: Reranked) => `${r.chunk.title}\n${r.chunk.headingPath.join("\n")}\n${r.chunk.text}`;
  // A passage names its place in its file name as often as in its text ("dudley-health-wellbeing-board").
  const named = head.map((r) => `${context(r)}\n${fileNameWords(r.chunk.source)}`);
  return {
    topScore: Math.min(1, top.score / most),
    margin: top.score > 0 ? Math.max(0, (top.score - second) / top.score) : 0,
    coverage: Math.max(...head.map((r) => r.coverage.all)),
    rareCoverage: Math.max(...head.map((r) => r.coverage.rare)),
    cosine: Math.max(0, ...head.map((r) => r.cosine)),
    keywordStrength: keywordCeiling > 0 ? Math.min(1, bestKeyword / keywordCeiling) : 0,
    agreement:
      ((top.keywordRank ?? Infinity) <= AGREEMENT_DEPTH ? 0.5 : 0) +
      ((top.denseRank ?? Infinity) <= AGREEMENT_DEPTH ? 0.5 : 0),
    known,
    sentenceCoverage: Math.max(...head.map((r) => sentenceCoverage(question, r.chunk.text))),
    phrases: Math.max(...head.map((r) => r.features.pairs)),
    definition: defined ? 1 : 0,
    documentCoverage: documentCoverage(
      rare,
      top.chunk,
      ranked.map((r) => ({ chunk: r.chunk, present: r.passageTerms.present })),
    ),
    heading: Math.max(...head.map((r) => r.features.heading)),
    length,
    yearsMissing: cited.some((r) => coversYearsAsked(asks.years, context(r))) ? 0 : 1,
    contactMissing: asks.contact && !head.some((r) => givesContact(r.chunk.text)) ? 1 : 0,
    asksFigure: figure,
    figureMissing: asks.figure && !head.some((r) => givesFigureFor(rare, r.chunk.text)) ? 1 : 0,
    nameMissing: asks.name && !cited.some((r) => namesAPerson(r.chunk.text)) ? 1 : 0,
    placeMissing: asks.places.some((place) => !named.some((text) => namesPlace(place, text))) ? 1 : 0,
    rarestTogether: head.some((r) => rarestTogether(question, r.chunk.text)) ? 1 : 0,
  };
}

/** The probability that the guidance answers, from the signals by the tuned logistic model. */
export function answerProbability(signals: AnswerabilitySignals, tuning: RetrievalTuning): number {
  const { bias, weights } = tuning.answerability;
  let z = bias;
  for (const key of Object.keys(weights) as AnswerabilitySignal[]) z += weights[key] * signals[key];
  return 1 / (1 + Math.exp(-z));
}

/** The outcome for a probability, by the tuning's two cut-offs. */
export function outcomeFor(probability: number, tuning: RetrievalTuning): Outcome {
  if (probability >= tuning.answerability.answered) return "answered";
  return probability >= tuning.answerability.related ? "related" : "none";
}
