import { ChatOpenAI } from "@langchain/openai";
import type { Citation } from "../types.ts";
import { type AnswerPrompts, fillTemplate } from "./prompts.ts";

/** What the model replies when the passages do not answer the question. */
const NOT_IN_GUIDANCE = "NOT IN GUIDANCE";

export type ModelAnswer =
  | { kind: "answer"; text: string }
  | { kind: "not-found" }
  | { kind: "invalid"; why: string };

/** Composes an answer from passages; the core falls back to the extractive answer when it fails. */
export interface LanguageModelComposer {
  compose(question: string, citations: Citation[]): Promise<ModelAnswer>;
}

/** The settings the model client needs; the validated configuration provides them. */
export interface LanguageModelSettings {
  OPENAI_API_KEY?: string | undefined;
  OPENAI_MODEL: string;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_API_VERSION?: string | undefined;
}

/**
 * An OpenAI-compatible chat model (OpenAI, Azure OpenAI, or a local server) through @langchain/openai. It
 * sees only the redacted question and the retrieved passages.
 */
export function createLanguageModelComposer(
  config: LanguageModelSettings,
  prompts: AnswerPrompts,
): LanguageModelComposer {
  const model = new ChatOpenAI({
    apiKey: config.OPENAI_API_KEY,
    model: config.OPENAI_MODEL,
    temperature: 0,
    maxRetries: 1,
    timeout: 20_000,
    configuration: {
      baseURL: config.OPENAI_BASE_URL,
      defaultQuery: config.OPENAI_API_VERSION ? { "api-version": config.OPENAI_API_VERSION } : undefined,
    },
  });
  return {
    async compose(question, citations) {
      const passages = citations
        .map((c) => `[${c.n}] ${c.title}${c.section ? ` — ${c.section}` : ""}\n${c.text}`)
        .join("\n\n");
      const reply = await model.invoke([
        { role: "system", content: prompts.system },
        { role: "user", content: fillTemplate(prompts.user, { question, passages }) },
      ]);
      const text = typeof reply.content === "string" ? reply.content : reply.text;
      return checkModelAnswer(text, citations.length);
    },
  };
}

/**
 * Accepts a model's answer only when it is grounded in form: every [n] names a passage it was given and
 * every paragraph carries at least one citation.
 */
export function checkModelAnswer(raw: string, passageCount: number): ModelAnswer {
  const text = raw.trim();
  if (text.toUpperCase().startsWith(NOT_IN_GUIDANCE)) return { kind: "not-found" };
  if (!text) return { kind: "invalid", why: "empty answer" };
  const cited = [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  if (cited.length === 0) return { kind: "invalid", why: "no citations" };
  const unknown = cited.filter((n) => n < 1 || n > passageCount);
  if (unknown.length > 0)
    return { kind: "invalid", why: `cites passages that were not given: ${unknown.join(", ")}` };
  const uncited = text.split(/\n\s*\n/).filter((p) => p.trim() && !/\[\d+\]/.test(p));
  if (uncited.length > 0) return { kind: "invalid", why: "a paragraph has no citation" };
  return { kind: "answer", text };
}
