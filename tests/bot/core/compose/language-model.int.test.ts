import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkModelAnswer } from "../../../../bot/core/compose/language-model.ts";
import type { RunningAssistant } from "../../../../bot/create-assistant.ts";
import { startOpenAiCompatibleServer } from "../../../helpers/openai-compatible-server.ts";
import { createTestAssistant } from "../../../helpers/test-assistant.ts";

describe("checkModelAnswer", () => {
  it("accepts an answer whose every paragraph cites a given passage", () => {
    expect(checkModelAnswer("Put the baby on their back [1].\n\nUse a cot [2].", 2)).toEqual({
      kind: "answer",
      text: "Put the baby on their back [1].\n\nUse a cot [2].",
    });
  });
  it("rejects citations of passages it was not given", () => {
    expect(checkModelAnswer("Something [3].", 2)).toMatchObject({ kind: "invalid" });
  });
  it("rejects an uncited paragraph", () => {
    expect(checkModelAnswer("Cited [1].\n\nNot cited at all.", 2)).toMatchObject({ kind: "invalid" });
  });
  it("rejects an answer with no citation", () => {
    expect(checkModelAnswer("Babies should sleep on their back.", 2)).toMatchObject({ kind: "invalid" });
  });
  it("reads the not-in-guidance reply", () => {
    expect(checkModelAnswer("NOT IN GUIDANCE", 2)).toEqual({ kind: "not-found" });
  });
});

describe("answers composed by a language model over an OpenAI-compatible server", () => {
  let content = "";
  let status = 200;
  let server: Awaited<ReturnType<typeof startOpenAiCompatibleServer>>;
  let assistant: RunningAssistant;

  beforeAll(async () => {
    server = await startOpenAiCompatibleServer(() => ({ status, content }));
    ({ assistant } = await createTestAssistant({
      library: "sample",
      env: { OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: server.url, OPENAI_MODEL: "local-test-model" },
    }));
  });
  afterAll(async () => {
    await assistant.close();
    await server.close();
  });

  const question = "What temperature should the room be for a sleeping baby?";

  it("uses the model's answer when it cites the passages it was given", async () => {
    status = 200;
    content = "Keep the room at 16 to 20 °C [1].";
    const answer = await assistant.ask({ question, platform: "cli" });
    expect(answer.answer).toBe("Keep the room at 16 to 20 °C [1].");
    expect(answer.found).toBe(true);
    const request = JSON.parse(server.requests.at(-1)?.body ?? "{}") as {
      model: string;
      messages: { content: string }[];
    };
    expect(request.model).toBe("local-test-model");
    // The model sees the retrieved passages, numbered, and the question.
    expect(request.messages.at(-1)?.content).toContain("[1] SAMPLE: Safer sleep for babies");
    expect(request.messages.at(-1)?.content).toContain(question);
  });

  it("falls back to the extractive answer when the model cites a passage it was not given", async () => {
    content = "Keep the room at 16 to 20 °C [9].";
    const answer = await assistant.ask({ question, platform: "cli" });
    expect(answer.answer).not.toContain("[9]");
    expect(answer.answer).toMatch(/16 to 20 °C.*\[\d\]/);
  });

  it("falls back to the extractive answer when the server fails", async () => {
    status = 500;
    content = "model overloaded";
    const answer = await assistant.ask({ question, platform: "cli" });
    expect(answer.found).toBe(true);
    expect(answer.answer).toMatch(/16 to 20 °C.*\[\d\]/);
  });

  it("says no passage answers directly, citing the closest, when the model says so", async () => {
    status = 200;
    content = "NOT IN GUIDANCE";
    const answer = await assistant.ask({ question, platform: "cli" });
    expect(answer.found).toBe(false);
    expect(answer.outcome).toBe("related");
    expect(answer.answer).toMatch(/^No passage in the indexed guidance answers this directly\.\n\n/);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.length).toBeLessThanOrEqual(3);
    expect(answer.escalation?.contacts.length).toBeGreaterThan(0);
    expectClosestQuoted(answer);
  });

  it("keeps the step to act first at the very start of a related reply at urgent level", async () => {
    status = 200;
    content = "NOT IN GUIDANCE";
    const answer = await assistant.ask({
      question:
        "A baby has died overnight in a hot room. What temperature should the room be for a sleeping baby?",
      platform: "cli",
    });
    expect(answer.escalation?.level).toBe("urgent");
    expect(answer.outcome).toBe("related");
    expect(answer.answer).toMatch(
      /^Act on the steps above first\. No passage in the indexed guidance answers this directly\.\n\n/,
    );
    expectClosestQuoted(answer);
  });
});

/**
 * A related reply quotes the closest passages, introduced as what they say: every “…” [n] is a sentence of
 * the passage cited as [n], and the room temperature the sample guidance gives is among them.
 */
function expectClosestQuoted(answer: { answer: string; citations: { n: number; text: string }[] }): void {
  const [, quotes, after] = answer.answer.split("\n\n");
  expect(quotes).toMatch(/^What the closest passages say, which may not answer your question: “/);
  expect(after).toMatch(/designated safeguarding lead/);
  const quoted = [...(quotes ?? "").matchAll(/“(.+?)” \[(\d+)\]/g)];
  expect(quoted.length).toBeGreaterThan(0);
  for (const [, text, n] of quoted) {
    const passage = answer.citations.find((c) => c.n === Number(n))?.text ?? "";
    expect(passage.replace(/\s+/g, " ")).toContain((text ?? "").replace(/\.$/, ""));
  }
  expect(quotes).toMatch(/16 to 20 °C/);
}
