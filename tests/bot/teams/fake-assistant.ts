import { withLayout } from "../../../bot/core/answer-layout.ts";
import type { AnsweredQuestion, Contact, SourceInfo } from "../../../bot/core/types.ts";

/** An answer found in the guidance, with two citations and no escalation. */
export function sampleAnswer(overrides: Partial<Omit<AnsweredQuestion, "layout">> = {}): AnsweredQuestion {
  return withLayout({
    answerId: "ans-1",
    question: "What increases the risk when co-sleeping?",
    answer: "Co-sleeping is riskier when a parent smokes [1] or the baby was premature [2].",
    found: true,
    outcome: "answered",
    citations: [
      {
        n: 1,
        source: "north-west-sli-infant-mortality-2016.pdf",
        title: "North West SLI review of infant mortality",
        section: "Co-sleeping",
        page: 12,
        date: "2016",
        text: "Co-sleeping is more dangerous when parents smoke, have drunk alcohol or taken drugs.",
        score: 0.9,
        url: "https://guidance.example.org/north-west-sli.pdf",
      },
      {
        n: 2,
        source: "blackburn-darwen-infant-mortality-update-2017.md",
        title: "Infant mortality update",
        date: "2017-02",
        text: "Babies born premature or with a low birth weight are at greater risk.",
        score: 0.7,
      },
    ],
    escalation: null,
    warnings: ["Some of this guidance is more than 3 years old; check it is still current."],
    disclaimer: "Supports, does not replace, your judgement.",
    ...overrides,
  });
}

/** The contacts a hand-off lists: a placeholder local team and the police. */
export const SAMPLE_CONTACTS: Contact[] = [
  { name: "Children's front door (placeholder)", phone: "0000 000 0000 (placeholder)", hours: "9-5" },
  { name: "Police", phone: "999" },
];

/** Two indexed documents, one of them flagged as old. */
export const SAMPLE_SOURCES: SourceInfo[] = [
  {
    source: "north-west-sli-infant-mortality-2016.pdf",
    title: "North West SLI review",
    date: "2016",
    chunks: 80,
    stale: "is 9 years old",
  },
  { source: "local-protocol.md", title: "Local protocol", date: "2025-01", chunks: 12 },
];
