import { z } from "zod";
import type { Answer, EscalationLevel } from "../core/types.ts";

/** The golden-question format of ../shared/README.md. */
export const questionSchema = z.discriminatedUnion("kind", [
  z.object({
    id: z.string(),
    kind: z.literal("answer"),
    question: z.string(),
    source: z.string(),
    terms: z.array(z.string()).min(1),
  }),
  z.object({
    id: z.string(),
    kind: z.literal("escalate"),
    question: z.string(),
    level: z.enum(["emergency", "urgent", "advice"]),
  }),
  z.object({ id: z.string(), kind: z.literal("unanswerable"), question: z.string() }),
  z.object({ id: z.string(), kind: z.literal("pii"), question: z.string(), secrets: z.array(z.string()) }),
]);

export type GoldenQuestion = z.infer<typeof questionSchema>;

const LEVEL_ORDER: Record<EscalationLevel, number> = { advice: 1, urgent: 2, emergency: 3 };

/** Parses a JSONL file of golden questions; throws naming the first bad line. */
export function parseQuestions(text: string): GoldenQuestion[] {
  return text
    .split("\n")
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim())
    .map(({ line, n }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new Error(`line ${n} is not valid JSON`);
      }
      const parsed = questionSchema.safeParse(json);
      if (!parsed.success) throw new Error(`line ${n}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      return parsed.data;
    });
}

/** 1-based rank of the first citation from the expected source that contains one of the terms, else 0. */
export function hitRank(answer: Answer, source: string, terms: string[]): number {
  const wanted = terms.map((t) => t.toLowerCase());
  const hit = answer.citations.findIndex(
    (c) => c.source.includes(source) && wanted.some((t) => c.text.toLowerCase().includes(t)),
  );
  return hit + 1;
}

/** Whether the answer text itself (not only a citation) contains one of the expected terms. */
export function statesFact(answer: Answer, terms: string[]): boolean {
  const text = answer.answer.toLowerCase();
  return answer.outcome === "answered" && terms.some((t) => text.includes(t.toLowerCase()));
}

/** Whether the answer's hand-off is at least the expected level. */
export function reachesLevel(answer: Answer, level: EscalationLevel): boolean {
  return answer.escalation !== null && LEVEL_ORDER[answer.escalation.level] >= LEVEL_ORDER[level];
}

/** Percentile of a sorted-or-not list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
