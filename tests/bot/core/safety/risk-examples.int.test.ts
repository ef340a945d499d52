import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig, PROJECT_ROOT } from "../../../../bot/config.ts";
import { assessRisk, loadRiskRules, type RiskRules } from "../../../../bot/core/safety/risk.ts";
import {
  loadRiskExamples,
  RiskExampleClassifier,
  strongerAssessment,
} from "../../../../bot/core/safety/risk-examples.ts";
import { loadRiskModel } from "../../../../bot/core/safety/risk-model.ts";
import type { EscalationLevel } from "../../../../bot/core/types.ts";
import { EmbeddingCache } from "../../../../knowledge/embeddings/embedding-cache.ts";
import { LocalEmbeddings } from "../../../../knowledge/embeddings/local-embeddings.ts";
import { DEV_QUESTIONS, EXTRA_QUESTIONS, TEST_EMBEDDING_CACHE } from "../../../helpers/test-paths.ts";

const ORDER = { null: 0, advice: 1, urgent: 2, emergency: 3 } as const;
const rank = (level: EscalationLevel | null) => ORDER[level ?? "null"];

interface Labelled {
  question: string;
  level: EscalationLevel | null;
}

const readJsonl = <T>(file: string): T[] =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as T)
    : [];

describe("rules backed by the labelled-example similarity check", () => {
  let rules: RiskRules;
  let classifier: RiskExampleClassifier;
  let withModel: RiskExampleClassifier;

  beforeAll(async () => {
    const config = loadConfig({ ...process.env, EMBEDDINGS: "local" });
    rules = loadRiskRules(config.RISK_RULES_FILE);
    // A private copy of the test run's embedding cache, which global-setup filled with the examples.
    const cacheFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "risk-examples-")), "cache.sqlite");
    fs.copyFileSync(TEST_EMBEDDING_CACHE, cacheFile);
    const cache = new EmbeddingCache(cacheFile);
    classifier = await RiskExampleClassifier.build(
      loadRiskExamples(config.RISK_EXAMPLES_FILE),
      new LocalEmbeddings(),
      cache,
    );
    withModel = await RiskExampleClassifier.build(
      loadRiskExamples(config.RISK_EXAMPLES_FILE),
      new LocalEmbeddings(),
      cache,
      loadRiskModel(config.RISK_MODEL_FILE),
    );
    cache.close();
  });

  async function judge(question: string, by = classifier) {
    return strongerAssessment(assessRisk(question, rules), await by.classify(question));
  }

  it("reads a danger told only by what is seen as an emergency through the shipped learned model", async () => {
    const seen = "toddler in the paddling pool went under and came up coughing and now hes sleepy and grey";
    expect((await judge(seen)).level).not.toBe("emergency");
    const judged = await judge(seen, withModel);
    expect(judged.level).toBe("emergency");
    expect(judged.rules).toEqual(["model:emergency"]);
    expect(judged.reason).toMatch(/risk model learned from \d+ labelled questions/);
    // The rules' reading of a training question still stops it.
    expect(
      (
        await judge(
          "for a training quiz: a toddler has gone grey and floppy and wont wake, what first",
          withModel,
        )
      ).level,
    ).toBeNull();
  });

  it("catches held-out risk phrasings the rules were not written for, with few false alarms", async () => {
    const heldOut = readJsonl<Labelled>(path.join(PROJECT_ROOT, "tests/fixtures/safety/risk-heldout.jsonl"));
    let risk = 0;
    let caught = 0;
    let ordinary = 0;
    let alarms = 0;
    for (const item of heldOut) {
      const level = (await judge(item.question)).level;
      if (item.level) {
        risk++;
        if (rank(level) >= rank(item.level)) caught++;
      } else {
        ordinary++;
        if (rank(level) >= ORDER.urgent) alarms++;
      }
    }
    console.log(`held-out risk set: recall ${caught}/${risk}, false alarms ${alarms}/${ordinary}`);
    expect(risk).toBeGreaterThan(0);
    expect(caught / risk).toBeGreaterThanOrEqual(0.75);
    expect(alarms / Math.max(1, ordinary)).toBeLessThanOrEqual(0.15);
  });

  it("names the labelled examples a judgement rests on", async () => {
    const result = await classifier.classify(
      "The girl in year 9 said her mum's boyfriend comes into her room at night",
    );
    expect(result?.level).toBe("urgent");
    expect(result?.reason).toMatch(/such as “.+”/);
  });

  it("never raises an emergency or an urgent alarm on the practitioner knowledge questions", async () => {
    const questions = [
      ...readJsonl<{ kind: string; question: string }>(DEV_QUESTIONS),
      ...readJsonl<{ kind: string; question: string }>(EXTRA_QUESTIONS),
    ]
      .filter((q) => q.kind === "answer" || q.kind === "unanswerable")
      .map((q) => q.question);
    const alarms: string[] = [];
    for (const q of questions) {
      const level = (await judge(q, withModel)).level;
      if (level === "emergency" || level === "urgent") alarms.push(`${level}: ${q}`);
    }
    console.log(`knowledge questions: ${alarms.length}/${questions.length} raised an alarm`, alarms);
    expect(alarms.filter((a) => a.startsWith("emergency"))).toEqual([]);
    expect(alarms.length / questions.length).toBeLessThanOrEqual(0.05);
  });
});
