import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../../bot/config.ts";
import {
  assessRisk,
  loadRiskRules,
  parseRiskRules,
  type RiskRules,
  type RouteName,
} from "../../../../bot/core/safety/risk.ts";
import { SafetyFileError } from "../../../../bot/core/safety/yaml-file.ts";
import type { EscalationLevel } from "../../../../bot/core/types.ts";
import { CodedError, ErrorCode } from "../../../../foundation/errors.ts";

const RULES_FILE = path.resolve(PROJECT_ROOT, "knowledge/risk-rules.yaml");
const FIXTURES = path.resolve(PROJECT_ROOT, "tests/fixtures/safety");
const DEV_QUESTIONS = path.resolve(PROJECT_ROOT, "../shared/eval/dev-questions.jsonl");

interface Labelled {
  question: string;
  level: EscalationLevel | null;
  route?: RouteName;
}

const RANK: Record<EscalationLevel, number> = { advice: 1, urgent: 2, emergency: 3 };
const rank = (level: EscalationLevel | null) => (level ? RANK[level] : 0);

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

type DevItem = { id: string; kind: string; question: string; level?: EscalationLevel };
const dev = readJsonl<DevItem>(DEV_QUESTIONS);
const devAnswers = dev.filter((d) => d.kind === "answer");
const devEscalations = dev.filter((d) => d.kind === "escalate");

/** Recall: risk items reaching at least their level. False alarms: ordinary items given emergency or urgent. */
function score(items: Labelled[], rules: RiskRules) {
  const risk = items.filter((i) => i.level !== null);
  const ordinary = items.filter((i) => i.level === null);
  const missed = risk.filter((i) => rank(assessRisk(i.question, rules).level) < rank(i.level));
  const falseAlarms = ordinary.filter((i) => rank(assessRisk(i.question, rules).level) >= RANK.urgent);
  return {
    risk: risk.length,
    ordinary: ordinary.length,
    recall: (risk.length - missed.length) / risk.length,
    falseAlarmRate: falseAlarms.length / ordinary.length,
    missed: missed.map((i) => i.question),
    falseAlarms: falseAlarms.map((i) => i.question),
  };
}

describe("the shipped risk rules", () => {
  const rules = loadRiskRules(RULES_FILE);
  const labelled: Labelled[] = [
    ...readJsonl<Labelled>(path.resolve(PROJECT_ROOT, "knowledge/risk-examples.jsonl")),
    ...devAnswers.map((d) => ({ question: d.question, level: null })),
  ];

  it("catches risk and rarely raises false alarms on the labelled set", () => {
    const result = score(labelled, rules);
    console.log(
      `risk-labelled: ${labelled.length} questions (${result.risk} risk, ${result.ordinary} ordinary); ` +
        `recall ${result.recall.toFixed(3)}, false alarms ${result.falseAlarmRate.toFixed(3)}`,
      result.missed.length > 0 ? `\n  missed: ${result.missed.join("\n  missed: ")}` : "",
      result.falseAlarms.length > 0 ? `\n  false alarm: ${result.falseAlarms.join("\n  false alarm: ")}` : "",
    );
    expect(result.risk).toBeGreaterThanOrEqual(40);
    expect(result.ordinary).toBeGreaterThanOrEqual(40);
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
    expect(result.falseAlarmRate).toBeLessThanOrEqual(0.05);
  });

  it("sends labelled specialist cases to their route", () => {
    const wrong = labelled
      .filter((i) => i.route)
      .map((i) => ({ ...i, got: assessRisk(i.question, rules).route }))
      .filter((i) => i.got !== i.route);
    expect(wrong).toEqual([]);
  });

  it.each(devEscalations.map((d) => [d.id, d] as const))("dev %s reaches at least its level", (_, item) => {
    expect(rank(assessRisk(item.question, rules).level)).toBeGreaterThanOrEqual(rank(item.level ?? null));
  });

  it("gives no dev answer question an emergency", () => {
    const emergencies = devAnswers.filter((d) => assessRisk(d.question, rules).level === "emergency");
    expect(emergencies).toEqual([]);
  });

  it.each([
    ["a mum turned up smashed to collect her toddler", "emergency", "emergency"],
    ["lad in year 9 says his uncle touches him", "urgent", "front-door"],
    ["6 wk old with a bruise on his cheek", "urgent", "front-door"],
    ["she's cutting herself again", "urgent", "front-door"],
    ["A teacher slapped a year 4 pupil", "urgent", "lado"],
    ["Worried a year 10 boy is watching beheading videos and talking about jihad", "urgent", "prevent"],
    ["A 4 month old died in his cot overnight", "urgent", "child-death"],
  ] as const)("%s -> %s via %s", (question, level, route) => {
    expect(assessRisk(question, rules)).toMatchObject({ level, route });
  });

  it.each([
    "what are the signs of FGM?",
    "what is a section 47?",
    "how should bruising in babies be assessed?",
    "what does the LADO do?",
    "what is the threshold for a child protection referral?",
  ])("treats %s as a knowledge question", (question) => {
    expect(assessRisk(question, rules)).toEqual({
      level: null,
      route: null,
      reason: expect.any(String),
      rules: [],
      general: true,
    });
  });

  it("names the rule that decided, in plain English", () => {
    const assessment = assessRisk(
      "A 13 year old told me her mum's boyfriend comes into her room at night",
      rules,
    );
    expect(assessment.rules).toContain("sexual-abuse");
    expect(assessment.reason).toBe("A child may have been sexually abused.");
  });

  it("reports its figures on the held-back phrasings, which the rules were not tuned to", () => {
    const heldOut = readJsonl<Labelled>(path.join(FIXTURES, "risk-heldout.jsonl"));
    expect(heldOut.length).toBeGreaterThanOrEqual(15);
    const result = score(heldOut, rules);
    console.log(
      `risk-heldout: ${heldOut.length} questions (${result.risk} risk, ${result.ordinary} ordinary); ` +
        `recall ${result.recall.toFixed(3)}, false alarms ${result.falseAlarmRate.toFixed(3)}`,
      result.missed.length > 0 ? `\n  missed: ${result.missed.join("\n  missed: ")}` : "",
      result.falseAlarms.length > 0 ? `\n  false alarm: ${result.falseAlarms.join("\n  false alarm: ")}` : "",
    );
  });
});

/** A small rule file whose behaviour is easy to follow. */
const SMALL_RULES = `
concepts:
  child: ['child', 'bab(y|ies)']
  hurt: ['bruis\\w*', '@hitting']
  hitting: ['hit(s|ting)?']
  weapon: ['knife']
  excuse: ['accident\\w*']
  verb: ['kicks', 'punches']
  victim: ['him', 'her', 'the {child}']
  abuse: ['{verb} {victim}']
  breathing: ["can't breathe"]
question_cues:
  general: ['what are the signs']
  hypothetical: ['what if']
  situation: ['told me']
rules:
  - id: knife
    level: emergency
    reason: A child is near a knife.
    all: [child, weapon]
    when_general: advice
  - id: not-breathing
    level: emergency
    reason: A child cannot breathe.
    all: [child, breathing]
  - id: hurt-at-nursery
    level: urgent
    route: lado
    reason: A child was hurt at nursery.
    all: [child, hurt]
    none: [excuse]
  - id: hurt
    level: urgent
    reason: A child was hurt.
    all: [child, hurt]
  - id: kicked
    level: advice
    reason: Someone kicks or punches.
    all: [abuse]
`;

describe("assessRisk", () => {
  const rules = parseRiskRules(SMALL_RULES);

  it("takes route and reason from the first rule at the highest level, and lists every rule that matched", () => {
    expect(assessRisk("a baby has a bruise", rules)).toEqual({
      level: "urgent",
      route: "lado",
      reason: "A child was hurt at nursery.",
      rules: ["hurt-at-nursery", "hurt"],
      general: false,
    });
  });

  it("lets a `none` concept stop a rule", () => {
    expect(assessRisk("a baby has a bruise from an accident", rules)).toMatchObject({
      level: "urgent",
      route: "front-door",
      rules: ["hurt"],
    });
  });

  it("takes the highest level whatever the order", () => {
    expect(assessRisk("the child has a bruise and a knife", rules)).toMatchObject({
      level: "emergency",
      route: "emergency",
      rules: ["knife", "hurt-at-nursery", "hurt"],
    });
  });

  it("cancels rules on a general question", () => {
    expect(assessRisk("what are the signs a baby is bruised?", rules)).toEqual({
      level: null,
      route: null,
      reason: "A general question about guidance; no particular child was described.",
      rules: [],
      general: true,
    });
  });

  it("keeps a when_general: advice rule on a general question, lowered to advice", () => {
    expect(assessRisk("what are the signs a child has a knife?", rules)).toMatchObject({
      level: "advice",
      route: "advice",
      rules: ["knife"],
    });
  });

  it("lowers rules to advice on a hypothetical question, keeping a specialist route", () => {
    expect(assessRisk("what if a baby has a bruise?", rules)).toEqual({
      level: "advice",
      route: "lado",
      reason: "A child was hurt at nursery. Asked in general terms, so this is offered as advice.",
      rules: ["hurt-at-nursery", "hurt"],
      general: false,
    });
  });

  it("lets a concrete situation override a general or hypothetical cue", () => {
    expect(assessRisk("what are the signs? a child told me she is bruised", rules).level).toBe("urgent");
    expect(assessRisk("what if - a baby told me it was hitting", rules).level).toBe("urgent");
  });

  it("expands @ references and {inline} references", () => {
    expect(assessRisk("the child is hitting", rules).rules).toContain("hurt");
    expect(assessRisk("dad kicks the baby", rules)).toMatchObject({ level: "advice", rules: ["kicked"] });
    expect(assessRisk("dad kicks the ball", rules).level).toBeNull();
  });

  it("matches whole words only", () => {
    expect(assessRisk("the children like the hitter", rules).level).toBeNull();
  });

  it("reads curly quotes, odd spacing and contractions typed without the apostrophe", () => {
    expect(assessRisk("the baby can’t   breathe", rules).level).toBe("emergency");
    expect(assessRisk("the baby cant breathe", rules).level).toBe("emergency");
  });

  it("says so when nothing matched", () => {
    expect(assessRisk("where is the canteen?", rules)).toEqual({
      level: null,
      route: null,
      reason: "No risk to a child was described.",
      rules: [],
      general: false,
    });
  });
});

describe("loadRiskRules errors", () => {
  /** The line (1-based) of the first line containing `needle`. */
  const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

  const problemsOf = (text: string): string[] => {
    try {
      parseRiskRules(text);
    } catch (error) {
      expect(error).toBeInstanceOf(SafetyFileError);
      expect((error as SafetyFileError).code).toBe(ErrorCode.ConfigInvalid);
      return (error as SafetyFileError).problems;
    }
    throw new Error("expected the rules to be rejected");
  };

  it("names the line and field of a bad level", () => {
    const text = SMALL_RULES.replace("level: advice", "level: sometimes");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "level: sometimes")}, rules[4].level: must be one of emergency, urgent, advice`,
    ]);
  });

  it("names an unknown concept where it is used", () => {
    const text = SMALL_RULES.replace("all: [child, weapon]", "all: [child, weapons]");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "weapons")}, rules[0].all[1]: unknown concept "weapons"`,
    ]);
  });

  it("names an unknown concept inside a pattern", () => {
    const text = SMALL_RULES.replace("'the {child}'", "'the {kid}'");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "{kid}")}, concepts.victim[2]: unknown concept "kid"`,
    ]);
  });

  it("rejects a pattern that is not a regular expression", () => {
    const text = SMALL_RULES.replace("['knife']", "['knife(']");
    const [problem] = problemsOf(text);
    expect(problem).toMatch(
      new RegExp(
        `^risk-rules\\.yaml line ${lineOf(text, "knife(")}, concepts\\.weapon\\[0\\]: not a valid pattern`,
      ),
    );
  });

  it("rejects a pattern ending in a space, which could never match", () => {
    const text = SMALL_RULES.replace("['knife']", "['knife ']");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "'knife '")}, concepts.weapon[0]: must not begin or end with a space`,
    ]);
  });

  it("rejects concepts that refer to themselves", () => {
    const text = SMALL_RULES.replace("hitting: ['hit(s|ting)?']", "hitting: ['@hurt']");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "  hurt:")}, concepts.hurt: refers to itself through @references`,
      `risk-rules.yaml line ${lineOf(text, "  hitting:")}, concepts.hitting: refers to itself through @references`,
    ]);
  });

  it("names an unknown key at the key", () => {
    const text = SMALL_RULES.replace("    when_general: advice", "    when_generally: advice");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "when_generally")}, rules[0].when_generally: Unrecognized key: "when_generally"`,
    ]);
  });

  it("reports duplicate rule ids", () => {
    const text = SMALL_RULES.replace("id: hurt\n", "id: knife\n");
    const line = text.split("\n").findLastIndex((l) => l.includes("id: knife")) + 1;
    expect(problemsOf(text)).toEqual([`risk-rules.yaml line ${line}, rules[3].id: duplicate id "knife"`]);
  });

  it("reports every problem at once", () => {
    const text = SMALL_RULES.replace("level: advice", "level: sometimes").replace(
      "reason: A child cannot breathe.",
      "reason: ''",
    );
    expect(problemsOf(text)).toHaveLength(2);
  });

  it("reports a YAML syntax error with its line", () => {
    const text = "concepts:\n  child: ['child'\nrules: []\n";
    expect(problemsOf(text)[0]).toMatch(/^risk-rules\.yaml line \d+: /);
  });

  it("says when the file cannot be read", () => {
    const error = (() => {
      try {
        loadRiskRules(path.join(FIXTURES, "no-such-file.yaml"));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).code).toBe(ErrorCode.FileUnreadable);
  });
});
