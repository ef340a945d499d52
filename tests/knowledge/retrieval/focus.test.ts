import { describe, expect, it } from "vitest";
import { isGazetteerPlace } from "../../../bot/core/safety/personal-names.ts";
import { answerabilitySignals } from "../../../knowledge/retrieval/answerability.ts";
import {
  asksForContact,
  documentCoverage,
  focusTerms,
  givesContact,
  givesFigureFor,
  namesPlace,
  placesNamed,
  rarestTogether,
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
        places: [],
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
        places: [],
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

describe("a place the question names", () => {
  const gazetteer = (words: string) => ["sandwell", "north somerset", "march", "dudley"].includes(words);
  const everyday = (word: string) => ["march", "end"].includes(word);

  it("reads the places named, longest first, and no everyday word as a town", () => {
    expect(placesNamed("CP plans in Sandwell at end of march 2013?", gazetteer, everyday)).toEqual([
      "sandwell",
    ]);
    expect(placesNamed("how many LAC does north somerset have", gazetteer, everyday)).toEqual([
      "north somerset",
    ]);
    expect(placesNamed("how often does the panel meet", gazetteer, everyday)).toEqual([]);
  });

  it("finds towns and council areas in the real gazetteer, typed in lower case", () => {
    const none = () => false;
    expect(placesNamed("cp plans in sandwell and wigan", isGazetteerPlace, none)).toEqual([
      "sandwell",
      "wigan",
    ]);
  });

  it("sees a place in a passage's words, whole words only", () => {
    expect(namesPlace("north somerset", "Nurses co-located in North Somerset.")).toBe(true);
    expect(namesPlace("dudley", "dudley-health-wellbeing-board")).toBe(true);
    expect(namesPlace("sandwell", "Sandwellians met.")).toBe(false);
  });

  it("marks a place none of the top passages names, reading their file names too", () => {
    const q = question(["plans", 3], ["rate", 1]);
    const asked = (places: string[], passages: Reranked[]) =>
      answerabilitySignals(q, passages, RETRIEVAL_TUNING, 10, 1, false, {
        years: new Set(),
        contact: false,
        figure: false,
        name: false,
        places,
      }).placeMissing;
    const dudley = chunk(
      "d1",
      "dudley-health-wellbeing-board.pdf",
      "The rate of CP plans per 10,000 children.",
    );
    expect(asked(["sandwell"], [reranked(dudley, 2)])).toBe(1);
    expect(asked(["dudley"], [reranked(dudley, 2)])).toBe(0);
    expect(asked([], [reranked(dudley, 2)])).toBe(0);
  });
});

describe("the question's two rarest words in one sentence", () => {
  const q = question(["sandwell", 6], ["plans", 3], ["children", 1]);

  it("needs both in the same sentence, not the same passage", () => {
    expect(rarestTogether(q, "Sandwell had 300 children on plans.")).toBe(true);
    expect(rarestTogether(q, "Sandwell joined the panel. Dudley had 248 children on plans.")).toBe(false);
  });

  it("is never true of a question with fewer than two weighted words", () => {
    expect(rarestTogether(question(["sandwell", 6]), "Sandwell had 300 children on plans.")).toBe(false);
  });

  it("is a signal of the decision over the top passages", () => {
    const together = chunk("s1", "cdop.pdf", "Sandwell had 300 children on plans.");
    const apart = chunk("s2", "cdop.pdf", "Sandwell joined. Others had plans.");
    const signal = (c: ChunkRecord) =>
      answerabilitySignals(q, [reranked(c, 2)], RETRIEVAL_TUNING, 10, 1, false).rarestTogether;
    expect(signal(together)).toBe(1);
    expect(signal(apart)).toBe(0);
  });
});
