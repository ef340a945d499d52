import { z } from "zod";

/** The action ids of the buttons under every answer; the listeners in button-actions.ts match on them. */
export const ActionId = {
  Helpful: "guidance_helpful",
  NotHelpful: "guidance_not_helpful",
  Handoff: "guidance_handoff",
} as const;

/** Slack refuses a button whose value is longer than this. */
export const BUTTON_VALUE_MAX = 2000;

const answerIdSchema = z.string().min(1).max(200);

/** What the hand-off button carries: the answer's audit id and the question as the core redacted it. */
export interface HandoffButtonValue {
  answerId: string;
  question: string;
}

// Short keys leave more of Slack's 2000 characters for the question.
const handoffValueSchema = z.object({ a: answerIdSchema, q: z.string() });

/**
 * The hand-off button's value. Only the answer id and the already redacted question go in it, shortened when
 * needed so that the JSON stays within Slack's limit.
 */
export function encodeHandoffValue(value: HandoffButtonValue): string {
  // A bounded id guarantees the loop below ends: the question alone is shortened.
  const answerId = answerIdSchema.parse(value.answerId);
  let question = value.question;
  for (;;) {
    const encoded = JSON.stringify({ a: answerId, q: question });
    const excess = encoded.length - BUTTON_VALUE_MAX;
    if (excess <= 0) return encoded;
    // JSON escaping can make a character longer than one, so shorten and measure again.
    question = `${question.slice(0, Math.max(0, question.length - excess - 1))}…`;
  }
}

/** Reads a hand-off button's value; undefined when it is not one this app made. */
export function decodeHandoffValue(raw: string | undefined): HandoffButtonValue | undefined {
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = handoffValueSchema.safeParse(json);
  return parsed.success ? { answerId: parsed.data.a, question: parsed.data.q } : undefined;
}

/** Reads a feedback button's value, which is the answer id alone. */
export function decodeFeedbackValue(raw: string | undefined): string | undefined {
  const parsed = answerIdSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
