import type {
  AnsweredQuestion,
  AskRequest,
  Assistant,
  FeedbackEvent,
  HandoffEvent,
  IngestReport,
  SourceInfo,
} from "../../../bot/core/types.ts";

/** An answer found in the guidance, with two citations and no escalation. */
export function sampleAnswer(overrides: Partial<AnsweredQuestion> = {}): AnsweredQuestion {
  return {
    answerId: "ans-1",
    question: "What increases the risk when co-sleeping?",
    answer: "Co-sleeping is riskier when a parent smokes [1] or the baby was premature [2].",
    found: true,
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
  };
}

export const SAMPLE_CONTACTS = [
  { name: "Children's front door (placeholder)", phone: "0000 000 0000 (placeholder)", hours: "9-5" },
  { name: "Police", phone: "999" },
];

export const SAMPLE_REPORT: IngestReport = {
  added: ["new.pdf"],
  updated: [],
  unchanged: ["a.pdf", "b.md"],
  removed: [],
  failed: [{ file: "broken.docx", reason: "not a Word file" }],
  skipped: [],
  chunks: 120,
  embedded: 14,
  seconds: 3.25,
  indexBuilt: true,
};

/** A fake Assistant that records what adapters ask of it and answers with what the test sets. */
export class FakeAssistant implements Assistant {
  asked: AskRequest[] = [];
  feedbacks: FeedbackEvent[] = [];
  handoffs: Parameters<Assistant["handoff"]>[0][] = [];
  reindexes = 0;
  nextAnswer: AnsweredQuestion = sampleAnswer();
  askError: Error | undefined;
  reindexError: Error | undefined;
  sourceList: SourceInfo[] = [
    {
      source: "north-west-sli-infant-mortality-2016.pdf",
      title: "North West SLI review",
      date: "2016",
      chunks: 80,
      stale: "is 9 years old",
    },
    { source: "local-protocol.md", title: "Local protocol", date: "2025-01", chunks: 12 },
  ];

  async ask(request: AskRequest): Promise<AnsweredQuestion> {
    this.asked.push(request);
    if (this.askError) throw this.askError;
    return this.nextAnswer;
  }

  sources(): SourceInfo[] {
    return this.sourceList;
  }

  feedback(event: FeedbackEvent): void {
    this.feedbacks.push(event);
  }

  async handoff(request: Parameters<Assistant["handoff"]>[0]): Promise<HandoffEvent> {
    this.handoffs.push(request);
    return {
      ...(request.answerId ? { answerId: request.answerId } : {}),
      platform: request.platform,
      question: request.question,
      ...(request.userId ? { userId: request.userId } : {}),
      ...(request.asker ? { asker: request.asker } : {}),
      area: request.area ?? "default",
      level: "urgent",
      contacts: SAMPLE_CONTACTS,
    };
  }

  async reindex(): Promise<IngestReport> {
    this.reindexes++;
    if (this.reindexError) throw this.reindexError;
    return SAMPLE_REPORT;
  }

  health() {
    return { indexLoaded: true, documents: 2, chunks: 92 };
  }
}
