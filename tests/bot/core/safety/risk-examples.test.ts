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
  it("lets resemblance raise a question the rules read as a situation that names harm", () => {
    expect(strongerAssessment(byRules(null, { harmNamed: true }), similar)).toBe(similar);
    expect(strongerAssessment(byRules("urgent", { harmNamed: true }), similar)).toBe(similar);
  });

  it("offers only advice from resemblance when the question names no sign of harm itself", () => {
    // "couldn't fault this family, house spotless, kids happy": reads like the labelled cases, names no harm.
    const offered = strongerAssessment(byRules(null), similar);
    expect(offered).toMatchObject({ level: "advice", route: "advice", rules: ["example:1"] });
    expect(offered.reason).toMatch(/names no sign of harm itself, so this is offered as advice\.$/);
    // A specialist route keeps its people; advice from the rules already is not raised or lowered.
    const lado: ExampleAssessment = { ...similar, level: "urgent", route: "lado" };
    expect(strongerAssessment(byRules(null), lado)).toMatchObject({ level: "advice", route: "lado" });
    const advice = byRules("advice");
    expect(strongerAssessment(advice, similar)).toBe(advice);
    // Happening now does not lift the advice back up, and a near-copy of a labelled case still counts.
    expect(strongerAssessment(byRules(null, { happeningNow: true }), similar).level).toBe("advice");
    expect(strongerAssessment(byRules(null), { ...similar, nearest: 0.95 })).toEqual({
      ...similar,
      nearest: 0.95,
    });
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
    const now = strongerAssessment(byRules(null, { happeningNow: true, harmNamed: true }), urgent);
    expect(now).toMatchObject({ level: "emergency", route: "emergency", rules: ["example:1"] });
    expect(now.reason).toMatch(/^Like urgent\. .*call 999 first\.$/);
    expect(strongerAssessment(byRules(null, { harmNamed: true }), urgent)).toBe(urgent);
  });

  it("does not raise advice resemblance, happening now or not", () => {
    const advice: ExampleAssessment = { ...similar, level: "advice", route: "advice" };
    expect(strongerAssessment(byRules(null, { happeningNow: true }), advice)).toBe(advice);
  });
});
