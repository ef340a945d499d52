import { createLogger, type Logger } from "../../../bot/core/log.ts";
import type {
  AnsweredQuestion,
  AskRequest,
  Assistant,
  FeedbackEvent,
  HandoffEvent,
  HealthInfo,
  SourceInfo,
} from "../../../bot/core/types.ts";

/** A logger whose JSON lines tests can read back. */
export function recordingLogger(): { log: Logger; lines: string[]; events: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  return {
    log: createLogger("debug", (line) => lines.push(line)),
    lines,
    events: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** An answer as the core shapes it, for a question that was found in the guidance. */
export function sampleAnswer(overrides: Partial<AnsweredQuestion> = {}): AnsweredQuestion {
  return {
    answerId: "a-1",
    question: "Is bed-sharing safe?",
    answer: "Bed-sharing is particularly dangerous when the parent smokes [1].",
    found: true,
    citations: [
      {
        n: 1,
        source: "safer-sleep.md",
        title: "Safer sleep for babies",
        section: "Co-sleeping and bed-sharing",
        page: 3,
        date: "2026-11-01",
        text: "Bed-sharing is particularly dangerous when the parent or carer smokes.",
        score: 0.9,
      },
    ],
    escalation: null,
    warnings: [],
    ...overrides,
  };
}

export interface FakeAssistant extends Assistant {
  asked: AskRequest[];
  feedbackEvents: FeedbackEvent[];
  handoffRequests: Parameters<Assistant["handoff"]>[0][];
}

/** A stand-in core that records what adapters send it; `answer` decides what ask returns (or throws). */
export function createFakeAssistant(
  options: {
    answer?: (request: AskRequest) => AnsweredQuestion | Promise<AnsweredQuestion>;
    indexLoaded?: boolean;
    sources?: SourceInfo[];
  } = {},
): FakeAssistant {
  const asked: AskRequest[] = [];
  const feedbackEvents: FeedbackEvent[] = [];
  const handoffRequests: Parameters<Assistant["handoff"]>[0][] = [];
  const health: HealthInfo = { indexLoaded: options.indexLoaded ?? true, documents: 1, chunks: 4 };
  return {
    asked,
    feedbackEvents,
    handoffRequests,
    async ask(request) {
      asked.push(request);
      return options.answer ? options.answer(request) : sampleAnswer({ question: request.question });
    },
    sources: () =>
      options.sources ?? [
        { source: "safer-sleep.md", title: "Safer sleep for babies", date: "2026-11-01", chunks: 4 },
      ],
    feedback(event) {
      feedbackEvents.push(event);
    },
    async handoff(request): Promise<HandoffEvent> {
      handoffRequests.push(request);
      return {
        answerId: request.answerId,
        platform: request.platform,
        question: request.question,
        area: request.area ?? "default",
        level: null,
        contacts: [{ name: "Safeguarding team (PLACEHOLDER)", phone: "0000 000 0000" }],
      };
    },
    async reindex() {
      throw new Error("not used by these tests");
    },
    health: () => health,
  };
}
