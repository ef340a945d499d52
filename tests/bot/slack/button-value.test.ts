import { describe, expect, it } from "vitest";
import { decodeAnswerValue, encodeAnswerValue } from "../../../bot/slack/button-value.ts";

describe("button values", () => {
  it("carry the answer id and nothing else", () => {
    const value = encodeAnswerValue("3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c");
    expect(value).toBe("3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c");
    expect(decodeAnswerValue(value)).toBe("3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c");
  });

  it("refuse an id Slack could not carry back", () => {
    expect(() => encodeAnswerValue("")).toThrow();
    expect(() => encodeAnswerValue("x".repeat(201))).toThrow();
  });

  it("read only the answer id of a hand-off button posted before buttons carried the id alone", () => {
    const earlier = JSON.stringify({ a: "a1", q: "Is Chloe Evans at risk?" });
    expect(decodeAnswerValue(earlier)).toBe("a1");
  });

  it("refuse values this app did not make", () => {
    expect(decodeAnswerValue(undefined)).toBeUndefined();
    expect(decodeAnswerValue("")).toBeUndefined();
    expect(decodeAnswerValue("{not json")).toBeUndefined();
    expect(decodeAnswerValue(JSON.stringify({ q: "no id" }))).toBeUndefined();
    expect(decodeAnswerValue("x".repeat(201))).toBeUndefined();
  });
});
