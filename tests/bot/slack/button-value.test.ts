import { describe, expect, it } from "vitest";
import {
  BUTTON_VALUE_MAX,
  decodeFeedbackValue,
  decodeHandoffValue,
  encodeHandoffValue,
} from "../../../bot/slack/button-value.ts";

describe("button values", () => {
  it("round-trips the answer id and the redacted question", () => {
    const value = encodeHandoffValue({ answerId: "a1", question: 'Is "this" a risk?' });
    expect(decodeHandoffValue(value)).toEqual({ answerId: "a1", question: 'Is "this" a risk?' });
  });

  it("shortens the question to keep the value within Slack's limit, even when JSON escaping grows it", () => {
    for (const question of ["x".repeat(5000), '"'.repeat(3000), "\u0001".repeat(2000)]) {
      const value = encodeHandoffValue({ answerId: "a1", question });
      expect(value.length).toBeLessThanOrEqual(BUTTON_VALUE_MAX);
      const decoded = decodeHandoffValue(value);
      expect(decoded?.answerId).toBe("a1");
      expect(decoded?.question.endsWith("…")).toBe(true);
    }
  });

  it("refuses values it did not make", () => {
    expect(decodeHandoffValue("not json")).toBeUndefined();
    expect(decodeHandoffValue(JSON.stringify({ q: "no id" }))).toBeUndefined();
    expect(decodeHandoffValue(undefined)).toBeUndefined();
    expect(decodeFeedbackValue("")).toBeUndefined();
    expect(decodeFeedbackValue("a1")).toBe("a1");
  });
});
