import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningAssistant } from "../../../bot/create-assistant.ts";
import { CodedError, ErrorCode } from "../../../foundation/errors.ts";
import { createTestAssistant } from "../../helpers/test-assistant.ts";

describe("a question with no words", () => {
  let assistant: RunningAssistant;

  beforeAll(async () => {
    ({ assistant } = await createTestAssistant({ library: "sample" }));
  });

  afterAll(async () => {
    await assistant?.close();
  });

  it("is a bad request with a sentence, not a failure of the sentence encoder", async () => {
    // A private-use character and a zero-width joiner: the encoder reads no words in it and threw.
    for (const question of ["\u{FAEC9}\u200d", "?!", "\u200b\u200d\ufeff"]) {
      const refused = await assistant.ask({ question, platform: "web" }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CodedError);
      expect((refused as CodedError).code).toBe(ErrorCode.BadRequest);
    }
  });

  it("still answers a question in words", async () => {
    const answer = await assistant.ask({ question: "How should a baby sleep?", platform: "web" });
    expect(answer.citations.length).toBeGreaterThan(0);
  });
});
