import { withLayout } from "../../../bot/core/answer-layout.ts";
import type { AnsweredQuestion, Citation } from "../../../bot/core/types.ts";

/** The first citation of the sample answer: the North West infant mortality review. */
export function sampleCitation(overrides: Partial<Citation> = {}): Citation {
  return {
    n: 1,
    source: "north-west-sli-infant-mortality-2016.pdf",
    title: "North West SLI review of infant mortality",
    section: "Safe sleep",
    page: 14,
    date: "2016",
    text: "Parents who smoke should not share a bed with their baby.",
    score: 0.9,
    ...overrides,
  };
}

/** A sample answered question; tests override what they look at. */
export function sampleAnswer(overrides: Partial<Omit<AnsweredQuestion, "layout">> = {}): AnsweredQuestion {
  return withLayout({
    answerId: "ans-1",
    question: "What risk factors make co-sleeping with a baby more dangerous?",
    answer: "Co-sleeping is riskier when a parent smokes [1]. Premature babies are at higher risk [2].",
    found: true,
    outcome: "answered",
    citations: [
      sampleCitation(),
      {
        n: 2,
        source: "safer-sleep-sample.md",
        title: "Safer sleep (sample)",
        date: "2024-01",
        text: "Babies born prematurely are at higher risk.",
        score: 0.7,
        url: "https://example.org/safer-sleep",
      },
    ],
    escalation: null,
    warnings: [],
    disclaimer: "Supports, does not replace, your judgement.",
    ...overrides,
  });
}
