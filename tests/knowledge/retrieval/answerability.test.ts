import { describe, expect, it } from "vitest";
import {
  type AnswerabilitySignals,
  answerProbability,
  outcomeFor,
} from "../../../knowledge/retrieval/answerability.ts";
import { RETRIEVAL_TUNING, withTuning } from "../../../knowledge/retrieval/tuning.ts";

/** Evidence of one strength throughout; the signals of something missing are absent. */
const signals = (value: number): AnswerabilitySignals => ({
  topScore: value,
  margin: value,
  coverage: value,
  rareCoverage: value,
  cosine: value,
  keywordStrength: value,
  agreement: value,
  known: value,
  sentenceCoverage: value,
  phrases: value,
  definition: value,
  documentCoverage: value,
  heading: value,
  length: value,
  yearsMissing: 0,
  contactMissing: 0,
  asksFigure: 0,
  figureMissing: 0,
  nameMissing: 0,
  placeMissing: 0,
  rarestTogether: value,
});

describe("the answerability decision", () => {
  it("is confident when the evidence is strong and not when it is absent", () => {
    expect(answerProbability(signals(1), RETRIEVAL_TUNING)).toBeGreaterThan(
      RETRIEVAL_TUNING.answerability.answered,
    );
    expect(answerProbability(signals(0), RETRIEVAL_TUNING)).toBeLessThan(
      RETRIEVAL_TUNING.answerability.related,
    );
  });

  it("has three outcomes by the tuning's two cut-offs", () => {
    const tuning = withTuning({ answerability: { answered: 0.6, related: 0.2 } });
    expect(outcomeFor(0.7, tuning)).toBe("answered");
    expect(outcomeFor(0.6, tuning)).toBe("answered");
    expect(outcomeFor(0.4, tuning)).toBe("related");
    expect(outcomeFor(0.1, tuning)).toBe("none");
  });

  it("keeps the shipped tuning frozen and overrides in a copy", () => {
    const tuning = withTuning({ rerank: { cosine: 0 } });
    expect(tuning.rerank.cosine).toBe(0);
    expect(tuning.rerank.coverage).toBe(RETRIEVAL_TUNING.rerank.coverage);
    expect(RETRIEVAL_TUNING.rerank.cosine).not.toBe(0);
    expect(Object.isFrozen(RETRIEVAL_TUNING.answerability.weights)).toBe(true);
  });
});
