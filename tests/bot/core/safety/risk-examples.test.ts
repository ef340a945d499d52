import { describe, expect, it } from "vitest";
import type { RiskAssessment } from "../../../../bot/core/safety/risk.ts";
import { type ExampleAssessment, strongerAssessment } from "../../../../bot/core/safety/risk-examples.ts";

const NO_FLAGS = {
  general: false,
  training: false,
  past: false,
  negated: false,
  reassured: false,
  happeningNow: false,
  harmNamed: false,
  opensWithDenial: false,
};

const byRules = (level: RiskAssessment["level"], flags: Partial<typeof NO_FLAGS> = {}): RiskAssessment => ({
  level,
  route: level === null ? null : level === "emergency" ? "emergency" : "front-door",
  reason: "The rules' reason.",
  rules: level === null ? [] : ["a-rule"],
  ...NO_FLAGS,
  ...flags,
});

const similar: ExampleAssessment = {
  level: "emergency",
  route: "emergency",
  reason: "This reads like situations labelled emergency, such as “…”.",
  rules: ["example:1"],
  nearest: 0.7,
};

describe("strongerAssessment", () => {
  it("lets resemblance raise a question the rules read as a situation", () => {
    expect(strongerAssessment(byRules(null), similar)).toBe(similar);
    expect(strongerAssessment(byRules("urgent"), similar)).toBe(similar);
  });

  it("keeps the rules' assessment on a tie or when the rules are higher", () => {
    const rules = byRules("emergency");
    expect(strongerAssessment(rules, similar)).toBe(rules);
    expect(strongerAssessment(rules, { ...similar, level: "advice", route: "advice" })).toBe(rules);
    expect(strongerAssessment(rules, null)).toBe(rules);
  });

  it.each([
    ["asked in general terms", { general: true }],
    ["a training or made-up question", { training: true, general: true }],
    ["about a closed case", { past: true }],
    ["denying the signs", { negated: true }],
    ["reassuring", { reassured: true }],
  ] as const)("never raises a question %s", (_, flags) => {
    const none = byRules(null, flags);
    expect(strongerAssessment(none, similar)).toBe(none);
    const advice = byRules("advice", flags);
    expect(strongerAssessment(advice, similar)).toBe(advice);
  });

  it("does not raise a question that opens with a denial and names no harm, unless an example is all but it", () => {
    const denying = byRules(null, { opensWithDenial: true });
    expect(strongerAssessment(denying, similar)).toBe(denying);
    expect(strongerAssessment(denying, { ...similar, nearest: 0.95 })).toEqual({ ...similar, nearest: 0.95 });
    // A denial first but a sign of harm named after it ("no marks, but she says he hits her") may be raised.
    const withHarm = byRules(null, { opensWithDenial: true, harmNamed: true });
    expect(strongerAssessment(withHarm, similar)).toBe(similar);
  });

  it("raises an urgent resemblance to an emergency when the rules read the question as happening now", () => {
    const urgent: ExampleAssessment = {
      ...similar,
      level: "urgent",
      route: "front-door",
      reason: "Like urgent.",
    };
    const now = strongerAssessment(byRules(null, { happeningNow: true }), urgent);
    expect(now).toMatchObject({ level: "emergency", route: "emergency", rules: ["example:1"] });
    expect(now.reason).toMatch(/^Like urgent\. .*call 999 first\.$/);
    expect(strongerAssessment(byRules(null), urgent)).toBe(urgent);
  });

  it("does not raise advice resemblance, happening now or not", () => {
    const advice: ExampleAssessment = { ...similar, level: "advice", route: "advice" };
    expect(strongerAssessment(byRules(null, { happeningNow: true }), advice)).toBe(advice);
  });
});
