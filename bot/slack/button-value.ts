import { z } from "zod";

/** The action ids of the controls under every answer; the listeners in button-actions.ts match on them. */
export const ActionId = {
  /** Slack's own feedback_buttons element. */
  Feedback: "guidance_feedback",
  /** The hand-made buttons answers carried before feedback_buttons; still on messages already posted. */
  Helpful: "guidance_helpful",
  NotHelpful: "guidance_not_helpful",
  Handoff: "guidance_handoff",
} as const;

/** Answer ids are UUIDs; the bound keeps any value read back far inside Slack's 2,000-character limit. */
const answerIdSchema = z.string().min(1).max(200);

/**
 * What a hand-off button posted before answers were looked up by id carries: JSON with the answer id in `a`
 * (and the question in `q`, which is never read).
 */
const earlierHandoffValue = z.object({ a: answerIdSchema });

/**
 * The value of every button under an answer: the answer's audit id and nothing else, so no question, not even
 * a redacted one, travels to Slack and back. Throws for an id Slack could not carry.
 */
export function encodeAnswerValue(answerId: string): string {
  return answerIdSchema.parse(answerId);
}

/**
 * Reads a button's answer id; undefined when the value is not one this app made. A hand-off button from
 * before this release still works: only its answer id is read.
 */
export function decodeAnswerValue(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (raw.startsWith("{")) {
    try {
      const earlier = earlierHandoffValue.safeParse(JSON.parse(raw));
      return earlier.success ? earlier.data.a : undefined;
    } catch {
      return undefined;
    }
  }
  const parsed = answerIdSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The prefixes that tell a feedback_buttons value's thumbs up from its thumbs down. */
const FEEDBACK_PREFIX = { helpful: "helpful:", notHelpful: "not-helpful:" } as const;

/**
 * The value of one of the feedback buttons: which one it is, and the answer's audit id. Throws for an id
 * Slack could not carry.
 */
export function encodeFeedbackValue(answerId: string, helpful: boolean): string {
  const prefix = helpful ? FEEDBACK_PREFIX.helpful : FEEDBACK_PREFIX.notHelpful;
  return `${prefix}${answerIdSchema.parse(answerId)}`;
}

/** Reads a feedback button's value; undefined when it is not one this app made. */
export function decodeFeedbackValue(
  raw: string | undefined,
): { answerId: string; helpful: boolean } | undefined {
  if (!raw) return undefined;
  for (const helpful of [true, false]) {
    const prefix = helpful ? FEEDBACK_PREFIX.helpful : FEEDBACK_PREFIX.notHelpful;
    if (!raw.startsWith(prefix)) continue;
    const parsed = answerIdSchema.safeParse(raw.slice(prefix.length));
    return parsed.success ? { answerId: parsed.data, helpful } : undefined;
  }
  return undefined;
}
