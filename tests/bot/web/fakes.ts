import { withLayout } from "../../../bot/core/answer-layout.ts";
import type { AnsweredQuestion } from "../../../bot/core/types.ts";
import { createLogger, type Logger } from "../../../foundation/log.ts";
import { FakeAssistant, type FakeAssistantSettings } from "../../helpers/fake-assistant.ts";

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
export function sampleAnswer(overrides: Partial<Omit<AnsweredQuestion, "layout">> = {}): AnsweredQuestion {
  return withLayout({
    answerId: "a-1",
    question: "Is bed-sharing safe?",
    answer: "Bed-sharing is particularly dangerous when the parent smokes [1].",
    found: true,
    outcome: "answered",
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
    disclaimer: "Supports, does not replace, your judgement.",
    ...overrides,
  });
}

/** The web tests' fake core: answers echo the question, one source, and hand-offs name no level. */
export function createFakeAssistant(settings: Partial<FakeAssistantSettings> = {}): FakeAssistant {
  return new FakeAssistant({
    answerWith: (request) => sampleAnswer({ question: request.question }),
    sourceList: [
      { source: "safer-sleep.md", title: "Safer sleep for babies", date: "2026-11-01", chunks: 4 },
    ],
    handoffLevel: null,
    handoffContacts: [{ name: "Safeguarding team (PLACEHOLDER)", phone: "0000 000 0000" }],
    ...settings,
  });
}
