import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../../bot/config.ts";
import type { RiskAssessment } from "../../../../bot/core/safety/risk.ts";
import type { ExampleAssessment } from "../../../../bot/core/safety/risk-examples.ts";
import { strongerAssessment } from "../../../../bot/core/safety/risk-examples.ts";
import { fitRiskModel, loadRiskModel, RiskModel, unit } from "../../../../bot/core/safety/risk-model.ts";
import { LOCAL_EMBEDDING_MODEL } from "../../../../knowledge/embeddings/local-embeddings.ts";

const file = (name: string, text: string) => {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "risk-model-")), name);
  fs.writeFileSync(p, text);
  return p;
};

describe("the learned risk model", () => {
  // Three directions stand for three kinds of question: emergencies, urgent cases, ordinary questions.
  const vectors = [
    ...Array.from({ length: 20 }, (_, i) => unit([1, 0.05 * (i % 3), 0])),
    ...Array.from({ length: 20 }, (_, i) => unit([0.05 * (i % 3), 1, 0])),
    ...Array.from({ length: 20 }, (_, i) => unit([0, 0.05 * (i % 3), 1])),
  ];
  const classes = [...Array(20).fill(3), ...Array(20).fill(2), ...Array(20).fill(0)];
  const model = new RiskModel({
    embeddingModel: "test",
    trainedOn: "synthetic",
    examples: 60,
    ...fitRiskModel(vectors, classes),
  });

  it("learns a level for each kind and none for ordinary questions", () => {
    expect(model.assess([0.9, 0.1, 0])?.level).toBe("emergency");
    expect(model.assess([0.1, 0.9, 0])?.level).toBe("urgent");
    expect(model.assess([0, 0.1, 0.9])).toBeNull();
  });

  it("gives the same weights for the same examples", () => {
    expect(fitRiskModel(vectors, classes)).toEqual(fitRiskModel(vectors, classes));
  });

  it("reads no file as no model, and names what is wrong in a bad one", () => {
    expect(loadRiskModel(path.join(os.tmpdir(), "no-such-risk-model.json"))).toBeUndefined();
    expect(() => loadRiskModel(file("m.json", "{not json"))).toThrow(/not valid JSON/);
    expect(() => loadRiskModel(file("m.json", JSON.stringify({ embeddingModel: "x" })))).toThrow(/trainedOn/);
  });

  it("ships a model trained on the bundled encoder's vectors", () => {
    const shipped = loadRiskModel(path.join(PROJECT_ROOT, "knowledge/risk-model.json"));
    expect(shipped?.embeddingModel).toBe(LOCAL_EMBEDDING_MODEL);
    expect(shipped?.examples).toBeGreaterThan(2000);
  });
});

describe("the learned level beside the rules", () => {
  const rules = (extra: Partial<RiskAssessment> = {}): RiskAssessment => ({
    level: "advice",
    route: "advice",
    reason: "rule",
    rules: ["r"],
    ...extra,
  });
  const learned: RiskAssessment = {
    level: "emergency",
    route: "emergency",
    reason: "model",
    rules: ["model:emergency"],
  };
  const similar = (extra: Partial<ExampleAssessment> = {}): ExampleAssessment => ({
    level: null,
    route: null,
    reason: "",
    rules: [],
    nearest: 0,
    learned,
    ...extra,
  });

  it("raises a question the rules read as less serious, with no sign of harm named", () => {
    expect(strongerAssessment(rules(), similar()).level).toBe("emergency");
    expect(strongerAssessment(rules({ level: null, route: null }), similar()).rules).toEqual([
      "model:emergency",
    ]);
  });

  it("never lowers the rules' level", () => {
    const urgent: RiskAssessment = { ...learned, level: "urgent", route: "front-door" };
    expect(
      strongerAssessment(rules({ level: "emergency", route: "emergency" }), similar({ learned: urgent }))
        .level,
    ).toBe("emergency");
  });

  it("is stopped by the rules' reading of a question as training, general, closed, denied or reassured", () => {
    for (const flag of ["training", "general", "past", "negated", "reassured"] as const)
      expect(strongerAssessment(rules({ [flag]: true }), similar()).level).toBe("advice");
  });
});
