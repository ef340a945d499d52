import { describe, expect, it } from "vitest";
import { answerabilitySignals } from "../../../knowledge/retrieval/answerability.ts";
import {
  asksForContact,
  documentCoverage,
  focusTerms,
  givesContact,
  givesFigureFor,
} from "../../../knowledge/retrieval/focus.ts";
import type { WeightedTerm } from "../../../knowledge/retrieval/query-terms.ts";
import type { Reranked } from "../../../knowledge/retrieval/rerank.ts";
import { terms } from "../../../knowledge/retrieval/text-analysis.ts";
import { RETRIEVAL_TUNING } from "../../../knowledge/retrieval/tuning.ts";
import type { ChunkRecord } from "../../../knowledge/types.ts";
import { termsOf } from "../../helpers/passage-terms.ts";

const own = (term: string, weight: number): WeightedTerm => ({ term, weight, expansion: false });
const chunk = (id: string, source: string, text: string): ChunkRecord => ({
  id,
  source,
  title: "Guidance",
  headingPath: [],
  text,
});
const reranked = (c: ChunkRecord, score: number): Reranked => ({
  chunk: c,
  passageTerms: termsOf(c),
  fused: 1,
  cosine: 0.5,
  score,
  features: { coverage: 1, pairs: 0, heading: 0, fused: 1, cosine: 0.5, definition: 0 },
  coverage: { all: 1, rare: 1 },
});
/** The question's terms as the retriever weighs them: the analysed words, rarer ones heavier. */
const question = (...weighted: [string, number][]) =>
  weighted.map(([word, weight]) => own(terms(word)[0] as string, weight));

describe("what a question asks for", () => {
  it("tells a contact detail asked for from the topic of contacts", () => {
    expect(asksForContact("whats the direct phone number for the CDOP coordinator?")).toBe(true);
    expect(asksForContact("What's the email address for the MASH?")).toBe(true);
    expect(asksForContact("who's the named nurse and their bleep")).toBe(true);
    expect(asksForContact("who should I contact about a child missing from education?")).toBe(false);
  });

  it("finds a contact detail in a passage and not in one without", () => {
    expect(givesContact("Call the MASH on 0300 555 0050 during office hours.")).toBe(true);
    expect(givesContact("Email mash@example.org.uk with the referral.")).toBe(true);
    expect(givesContact("The MASH screens every referral within one working day.")).toBe(false);
  });

  it("puts the question's rarest own terms first and leaves glossary additions out", () => {
    const list = [own("child", 0.5), { term: "sudi", weight: 9, expansion: true }, own("cdop", 4)];
    expect(focusTerms(list).map((t) => t.term)).toEqual(["cdop", "child"]);
  });

  it("reads the rare terms over the top passage's whole document, not other documents", () => {
    const top = chunk("a1", "dudley.pdf", "The panel reviews every death.");
    const sameDoc = { chunk: chunk("a2", "dudley.pdf", "x"), present: new Set(["sefton"]) };
    const otherDoc = { chunk: chunk("b1", "other.pdf", "x"), present: new Set(["panel"]) };
    const rare = [own("sefton", 3), own("panel", 1)];
    const candidates = [{ chunk: top, present: new Set<string>() }, sameDoc, otherDoc];
    expect(documentCoverage(rare, top, candidates)).toBeCloseTo(0.75);
    expect(documentCoverage(rare, top, [{ chunk: top, present: new Set<string>() }, otherDoc])).toBe(0);
  });
});

describe("the focus signals of the answerability decision", () => {
  const passage = chunk(
    "p1",
    "cdop.pdf",
    "The Black Country CDOP reviews the death of every child normally resident in the area.",
  );
  const ranked = [reranked(passage, 2)];

  it("sees whether the top passage's document names the rare term asked about", () => {
    const found = question(["cdop", 5], ["child", 1]);
    const missing = question(["sefton", 6], ["child", 1]);
    const signals = (q: WeightedTerm[]) => answerabilitySignals(q, ranked, RETRIEVAL_TUNING, 10, 1, false);
    expect(signals(found).documentCoverage).toBe(1);
    expect(signals(missing).documentCoverage).toBe(0);
  });

  it("counts how specific the question is, up to ten terms of its own", () => {
    const few = question(["cdop", 5], ["child", 1]);
    const signals = (q: WeightedTerm[]) => answerabilitySignals(q, ranked, RETRIEVAL_TUNING, 10, 1, false);
    expect(signals(few).length).toBeCloseTo(0.2);
    const many = Array.from({ length: 12 }, (_, i) => own(`term${i}`, 1));
    expect(signals(many).length).toBe(1);
  });

  it("marks a year and a contact detail asked for that the passages do not give", () => {
    const q = question(["cdop", 5]);
    const asked = (years: number[], contact: boolean) =>
      answerabilitySignals(q, ranked, RETRIEVAL_TUNING, 10, 1, false, {
        years: new Set(years),
        contact,
        figure: false,
        name: false,
      });
    expect(asked([2019], false).yearsMissing).toBe(1);
    expect(asked([], false).yearsMissing).toBe(0);
    expect(asked([], true).contactMissing).toBe(1);
    expect(asked([], false).contactMissing).toBe(0);
  });

  it("marks a figure or a name asked for that the passages do not give", () => {
    const q = question(["cdop", 5]);
    const asked = (figure: boolean, name: boolean, passages = ranked) =>
      answerabilitySignals(q, passages, RETRIEVAL_TUNING, 10, 1, false, {
        years: new Set(),
        contact: false,
        figure,
        name,
      });
    expect(asked(true, false).figureMissing).toBe(1);
    expect(asked(false, true).nameMissing).toBe(1);
    const named = chunk("p2", "cdop.pdf", "The CDOP reviewed 120 deaths, chaired by Liz Allen.");
    expect(asked(true, false, [reranked(named, 2)]).figureMissing).toBe(0);
    expect(asked(false, true, [reranked(named, 2)]).nameMissing).toBe(0);
    expect(asked(false, false).nameMissing).toBe(0);
  });
});

describe("a figure beside the question's rare term", () => {
  const rare = question(["looked after", 5]);

  it("needs the figure in the same sentence as the term, and a year is no figure", () => {
    expect(givesFigureFor(rare, "There were 730 looked after children. Visits rose.")).toBe(true);
    expect(givesFigureFor(rare, "Looked after children are seen. There were 730 visits.")).toBe(false);
    expect(givesFigureFor(rare, "In 2012/13 looked after children were reviewed.")).toBe(false);
    expect(givesFigureFor(rare, "Half of looked after children had a review.")).toBe(true);
  });
});
