import fs from "node:fs";
import { z } from "zod";
import { CodedError, ErrorCode } from "../../../foundation/errors.ts";
import type { EscalationLevel } from "../types.ts";

/**
 * A learned third opinion on risk: multinomial logistic regression over the question's sentence embedding,
 * trained by `npm run train:risk` on labelled questions (knowledge/risk-model.json). Phrase rules catch the
 * wordings they were written for and stop there; a situation told only by what is seen ("he's gone a funny
 * blue colour round his lips") has no cue word to match, but its embedding sits near the labelled
 * emergencies. The rules' own reading of a question as general, training, closed, denied or reassured still
 * decides over it (risk-examples.ts strongerAssessment).
 */

/** Classes in the order the weights' columns hold them: index = how serious. */
export const RISK_CLASSES = ["none", "advice", "urgent", "emergency"] as const;

/**
 * A level is given when the model's probability of that level or a more serious one reaches this. Chosen by
 * training on every labelled set but one and judging the one left out, for each of the tune sets
 * risk-heldout-2026-12f, -12h, -12i and -12j (tests/fixtures/safety; risk-check.jsonl never used): 0.4
 * caught the most emergencies with no more traps raised than 0.5 on any of them; 0.3 raised more traps.
 */
export const RISK_MODEL_THRESHOLD = 0.4;

const modelSchema = z.object({
  embeddingModel: z.string(),
  /** What the model was trained on, for the reason shown and the README. */
  trainedOn: z.string(),
  examples: z.number().int().positive(),
  /** One row per embedding dimension, one column per class of RISK_CLASSES. */
  weights: z.array(z.array(z.number()).length(RISK_CLASSES.length)).min(1),
  bias: z.array(z.number()).length(RISK_CLASSES.length),
});

export type RiskModelFile = z.infer<typeof modelSchema>;

export interface LearnedRisk {
  level: EscalationLevel;
  /** Probability of this level or a more serious one. */
  probability: number;
}

export class RiskModel {
  constructor(private readonly file: RiskModelFile) {}

  get embeddingModel(): string {
    return this.file.embeddingModel;
  }

  get examples(): number {
    return this.file.examples;
  }

  /** The most serious level whose probability, with every more serious one, reaches the threshold. */
  assess(vector: number[]): LearnedRisk | null {
    const p = probabilities(this.file, unit(vector));
    let atLeast = 0;
    for (let c = RISK_CLASSES.length - 1; c >= 1; c--) {
      atLeast += p[c] ?? 0;
      if (atLeast >= RISK_MODEL_THRESHOLD)
        return { level: RISK_CLASSES[c] as EscalationLevel, probability: atLeast };
    }
    return null;
  }
}

/** Reads a trained model; a missing file means no model (the rules and examples still decide). */
export function loadRiskModel(file: string): RiskModel | undefined {
  if (!fs.existsSync(file)) return undefined;
  const label = file.split("/").at(-1) ?? file;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new CodedError(
      ErrorCode.ConfigInvalid,
      `${label} is not valid JSON; run npm run train:risk again.`,
    );
  }
  const parsed = modelSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CodedError(ErrorCode.ConfigInvalid, `${label}, ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return new RiskModel(parsed.data);
}

/** Softmax of the class scores of one unit vector. */
export function probabilities(model: Pick<RiskModelFile, "weights" | "bias">, x: number[]): number[] {
  const scores = model.bias.map((b, c) => {
    let s = b;
    for (let d = 0; d < x.length; d++) s += (x[d] ?? 0) * (model.weights[d]?.[c] ?? 0);
    return s;
  });
  const top = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

export function unit(v: number[]): number[] {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

/**
 * Full-batch gradient descent on the softmax loss with a small L2 penalty. Fixed settings, from zero
 * weights, so the same examples always give the same model. Fitted with the threshold above (leave one
 * tune set out); a tenfold larger penalty lost emergencies on risk-heldout-2026-12j.
 */
const FIT = { iterations: 600, step: 2, penalty: 1e-4 } as const;

/** Trains the weights from unit-length vectors and their class indices (RISK_CLASSES). */
export function fitRiskModel(
  vectors: number[][],
  classes: number[],
): Pick<RiskModelFile, "weights" | "bias"> {
  const k = RISK_CLASSES.length;
  const dims = vectors[0]?.length ?? 0;
  const n = vectors.length;
  const weights = Array.from({ length: dims }, () => new Float64Array(k));
  const bias = new Float64Array(k);
  const model = { weights: weights as unknown as number[][], bias: bias as unknown as number[] };
  for (let step = 0; step < FIT.iterations; step++) {
    const gradW = Array.from({ length: dims }, () => new Float64Array(k));
    const gradB = new Float64Array(k);
    vectors.forEach((x, i) => {
      const p = probabilities(model, x);
      for (let c = 0; c < k; c++) {
        const g = ((p[c] ?? 0) - (classes[i] === c ? 1 : 0)) / n;
        gradB[c] = (gradB[c] ?? 0) + g;
        for (let d = 0; d < dims; d++) {
          const row = gradW[d] as Float64Array;
          row[c] = (row[c] ?? 0) + (x[d] ?? 0) * g;
        }
      }
    });
    for (let d = 0; d < dims; d++) {
      const w = weights[d] as Float64Array;
      const g = gradW[d] as Float64Array;
      for (let c = 0; c < k; c++) w[c] = (w[c] ?? 0) - FIT.step * ((g[c] ?? 0) + FIT.penalty * (w[c] ?? 0));
    }
    for (let c = 0; c < k; c++) bias[c] = (bias[c] ?? 0) - FIT.step * (gradB[c] ?? 0);
  }
  return { weights: weights.map((w) => [...w]), bias: [...bias] };
}
