import type {
  AnsweredQuestion,
  AskRequest,
  Assistant,
  AuditReport,
  Contact,
  EscalationLevel,
  FeedbackEvent,
  HandoffEvent,
  HealthInfo,
  IngestReport,
  SourceInfo,
} from "../../bot/core/types.ts";

/** What an adapter passes to `Assistant.handoff`. */
export type HandoffRequest = Parameters<Assistant["handoff"]>[0];

/** A reindex that added one file, kept two, and failed on one: enough for every line of a report. */
export const SAMPLE_INGEST_REPORT: IngestReport = {
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

/** A week with a little of everything: what the chat surfaces summarise for an administrator. */
export const SAMPLE_AUDIT_REPORT: AuditReport = {
  generatedAt: "2026-11-30T12:00:00.000Z",
  days: 7,
  from: "2026-11-24",
  to: "2026-11-30",
  totals: { questions: 42, answered: 35, unanswered: 7, escalated: 5, handoffs: 2, feedback: 9 },
  questionsPerDay: [],
  unanswered: [{ question: "What is the local policy on [name] visits?", count: 3, lastAsked: "2026-11-29" }],
  escalations: [],
  feedback: { helpful: 7, notHelpful: 2, latestComments: [] },
  slowest: [],
};

/** What the fake answers with; every field may be changed by a test after construction. */
export interface FakeAssistantSettings {
  /** Decides what `ask` returns; throwing (or rejecting) makes `ask` reject. */
  answerWith: (request: AskRequest) => AnsweredQuestion | Promise<AnsweredQuestion>;
  /** Decides what `reindex` returns; throwing (or rejecting) makes `reindex` reject. */
  reindexWith: () => IngestReport | Promise<IngestReport>;
  sourceList: SourceInfo[];
  /** Health counts documents and passages from `sourceList`; this says whether the index is loaded. */
  indexLoaded: boolean;
  handoffLevel: EscalationLevel | null;
  handoffContacts: Contact[];
  /** The redacted question the core would look up for the hand-off's answer id. */
  handoffQuestion: string;
}

/**
 * A stand-in core for adapter tests: records every call and answers from its settings, with no index,
 * model or audit store behind it. Only `answerWith` is required, since each adapter's tests assert on
 * their own sample answer.
 */
export class FakeAssistant implements Assistant, FakeAssistantSettings {
  readonly asked: AskRequest[] = [];
  readonly feedbacks: FeedbackEvent[] = [];
  readonly handoffs: HandoffRequest[] = [];
  reindexes = 0;
  /** The `days` of every report asked for (undefined: the default window). */
  readonly reports: (number | undefined)[] = [];

  answerWith: FakeAssistantSettings["answerWith"];
  reindexWith: FakeAssistantSettings["reindexWith"];
  sourceList: SourceInfo[];
  indexLoaded: boolean;
  handoffLevel: EscalationLevel | null;
  handoffContacts: Contact[];
  handoffQuestion: string;

  constructor(settings: Pick<FakeAssistantSettings, "answerWith"> & Partial<FakeAssistantSettings>) {
    this.answerWith = settings.answerWith;
    this.reindexWith = settings.reindexWith ?? (() => SAMPLE_INGEST_REPORT);
    this.sourceList = settings.sourceList ?? [];
    this.indexLoaded = settings.indexLoaded ?? true;
    this.handoffLevel = settings.handoffLevel === undefined ? "urgent" : settings.handoffLevel;
    this.handoffContacts = settings.handoffContacts ?? [
      { name: "Children's front door (placeholder)", phone: "0000 000 0000 (placeholder)" },
    ];
    this.handoffQuestion = settings.handoffQuestion ?? "What should I do about a bruise on a baby?";
  }

  async ask(request: AskRequest): Promise<AnsweredQuestion> {
    this.asked.push(request);
    return this.answerWith(request);
  }

  sources(): SourceInfo[] {
    return this.sourceList;
  }

  feedback(event: FeedbackEvent): void {
    this.feedbacks.push(event);
  }

  async handoff(request: HandoffRequest): Promise<HandoffEvent> {
    this.handoffs.push(request);
    return {
      answerId: request.answerId,
      platform: request.platform,
      question: this.handoffQuestion,
      ...(request.userId ? { userId: request.userId } : {}),
      ...(request.asker ? { asker: request.asker } : {}),
      area: request.area ?? "default",
      level: this.handoffLevel,
      actNow: this.handoffLevel === "emergency" || this.handoffLevel === "urgent",
      contacts: this.handoffContacts,
    };
  }

  async reindex(): Promise<IngestReport> {
    this.reindexes += 1;
    return this.reindexWith();
  }

  async report(days?: number): Promise<AuditReport> {
    this.reports.push(days);
    return SAMPLE_AUDIT_REPORT;
  }

  health(): HealthInfo {
    return {
      indexLoaded: this.indexLoaded,
      documents: this.sourceList.length,
      chunks: this.sourceList.reduce((total, source) => total + source.chunks, 0),
    };
  }
}
