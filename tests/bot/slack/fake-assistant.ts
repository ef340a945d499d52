import type {
  AnsweredQuestion,
  AskRequest,
  Assistant,
  Citation,
  FeedbackEvent,
  HandoffEvent,
  IngestReport,
  SourceInfo,
} from "../../../bot/core/types.ts";

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
export function sampleAnswer(overrides: Partial<AnsweredQuestion> = {}): AnsweredQuestion {
  return {
    answerId: "ans-1",
    question: "What risk factors make co-sleeping with a baby more dangerous?",
    answer: "Co-sleeping is riskier when a parent smokes [1]. Premature babies are at higher risk [2].",
    found: true,
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
  };
}

/** An Assistant that records every call and answers from `answerFor`; no index, no audit store. */
export class FakeAssistant implements Assistant {
  readonly asked: AskRequest[] = [];
  readonly feedbacks: FeedbackEvent[] = [];
  readonly handoffs: Parameters<Assistant["handoff"]>[0][] = [];
  reindexCalls = 0;

  constructor(
    private readonly answerFor: (request: AskRequest) => AnsweredQuestion | Promise<AnsweredQuestion> = () =>
      sampleAnswer(),
    private readonly sourceList: SourceInfo[] = [],
  ) {}

  ask(request: AskRequest): Promise<AnsweredQuestion> {
    this.asked.push(request);
    return Promise.resolve(this.answerFor(request));
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
      contacts: [{ name: "Children's front door (placeholder)", phone: "0000 000 0000" }],
    };
  }

  reindex(): Promise<IngestReport> {
    this.reindexCalls += 1;
    return Promise.resolve({
      added: ["new.pdf"],
      updated: [],
      unchanged: ["a.md", "b.md"],
      removed: [],
      failed: [{ file: "broken.docx", reason: "not a Word file" }],
      skipped: [],
      chunks: 120,
      embedded: 14,
      seconds: 3.25,
      indexBuilt: true,
    });
  }

  health() {
    return { indexLoaded: true, documents: 2, chunks: 120 };
  }
}
