import fs from "node:fs";
import { z } from "zod";
import { CodedError, ErrorCode } from "../../../foundation/errors.ts";
import type { NamedEmbeddings } from "../../../knowledge/embeddings/create-embeddings.ts";
import type { EmbeddingCache } from "../../../knowledge/embeddings/embedding-cache.ts";
import type { EscalationLevel } from "../types.ts";
import { type RiskAssessment, ROUTE_NAMES, type RouteName, raisedWhenHappeningNow } from "./risk.ts";
import type { RiskModel } from "./risk-model.ts";

const exampleSchema = z.object({
  question: z.string().min(3),
  level: z.enum(["emergency", "urgent", "advice"]).nullable(),
  route: z.enum(ROUTE_NAMES as [RouteName, ...RouteName[]]).optional(),
});

export type RiskExample = z.infer<typeof exampleSchema>;

/** The examples' level, with how alike the nearest example is (cosine similarity, at most 1). */
export interface ExampleAssessment extends RiskAssessment {
  nearest: number;
  /** The learned model's level (risk-model.ts), when it gives one; level null above when only it does. */
  learned?: RiskAssessment;
}

/** Neighbours consulted, how alike the nearest must be, and the share of the vote a level needs. */
const NEIGHBOURS = 5;
const MIN_SIMILARITY = 0.5;
const VOTE_SHARE = 0.6;
/**
 * How alike the nearest example must be to raise a question that opens with a denial and names no sign of
 * harm itself (RiskAssessment.opensWithDenial, harmNamed): all but the same question, so a near-copy of a
 * labelled case still counts. Every such question in tests/fixtures/safety/risk-*.jsonl is a trap, none closer
 * than 0.76 to an example (local embeddings); the two it stops in risk-heldout-2026-12d.jsonl are at 0.72, 0.67.
 */
const CLOSE_MATCH = 0.9;
const LEVELS: EscalationLevel[] = ["emergency", "urgent", "advice"];
/** Routes with their own people, kept when resemblance is lowered to advice (as risk.ts keeps them). */
const SPECIALIST_ROUTES: ReadonlySet<RouteName> = new Set(["lado", "fgm", "prevent", "child-death"]);
const ORDER: Record<EscalationLevel, number> = { emergency: 3, urgent: 2, advice: 1 };
const DEFAULT_ROUTE: Record<EscalationLevel, RouteName> = {
  emergency: "emergency",
  urgent: "front-door",
  advice: "advice",
};

/** Reads the labelled examples (one JSON object a line); errors name the line. */
export function loadRiskExamples(file: string): RiskExample[] {
  const label = file.split("/").at(-1) ?? file;
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new CodedError(ErrorCode.ConfigInvalid, `${label} line ${i + 1}: not valid JSON.`);
      }
      const parsed = exampleSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new CodedError(
          ErrorCode.ConfigInvalid,
          `${label} line ${i + 1}, ${issue?.path.join(".")}: ${issue?.message}`,
        );
      }
      return [parsed.data];
    });
}

/**
 * The transparent second opinion behind the risk rules: a question is compared with labelled example
 * questions by sentence-embedding similarity, and when its nearest examples are mostly risk situations it
 * is escalated, with a reason that quotes the examples it resembles. Rules catch the wordings they were
 * written for; this catches the many other ways practitioners describe the same situations.
 */
export class RiskExampleClassifier {
  private constructor(
    private readonly examples: RiskExample[],
    private readonly vectors: number[][],
    private readonly embeddings: NamedEmbeddings,
    private readonly model: RiskModel | undefined,
  ) {}

  /** Embeds the examples once (through the embedding cache when given, so restarts are quick). */
  static async build(
    examples: RiskExample[],
    embeddings: NamedEmbeddings,
    cache?: EmbeddingCache,
    model?: RiskModel,
  ): Promise<RiskExampleClassifier> {
    const vectors: (number[] | undefined)[] = examples.map((e) => cache?.get(embeddings.modelId, e.question));
    const missing = vectors.flatMap((v, i) => (v ? [] : [i]));
    if (missing.length > 0) {
      const fresh = await embeddings.embedDocuments(missing.map((i) => examples[i]?.question ?? ""));
      missing.forEach((i, j) => {
        vectors[i] = fresh[j];
      });
      cache?.putMany(
        embeddings.modelId,
        missing.map((i, j) => ({ text: examples[i]?.question ?? "", vector: fresh[j] ?? [] })),
      );
    }
    return new RiskExampleClassifier(
      examples,
      vectors.map((v) => normalise(v ?? [])),
      embeddings,
      // A model trained on another encoder's vectors would read these as noise.
      model?.embeddingModel === embeddings.modelId ? model : undefined,
    );
  }

  /** The level the nearest examples agree on, with the examples named; null when they do not point to risk. */
  async classify(question: string, vector?: number[]): Promise<ExampleAssessment | null> {
    if (this.examples.length === 0 && !this.model) return null;
    // The caller's vector of the same text, when it has one: the question is embedded once per ask.
    const q = normalise(vector ?? (await this.embeddings.embedQuery(question)));
    const byExamples = this.nearestExamples(q);
    const learned = this.learned(q);
    if (!learned) return byExamples;
    return byExamples
      ? { ...byExamples, learned }
      : { level: null, route: null, reason: "", rules: [], nearest: 0, learned };
  }

  private learned(q: number[]): RiskAssessment | undefined {
    const found = this.model?.assess(q);
    if (!found || !this.model) return undefined;
    return {
      level: found.level,
      route: DEFAULT_ROUTE[found.level],
      reason: `This reads like the situations labelled ${found.level} that the risk model learned from ${this.model.examples} labelled questions (probability ${found.probability.toFixed(2)}).`,
      rules: [`model:${found.level}`],
    };
  }

  private nearestExamples(q: number[]): ExampleAssessment | null {
    if (this.examples.length === 0) return null;
    const nearest = this.vectors
      .map((v, i) => ({ i, similarity: dot(q, v) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, NEIGHBOURS);
    if ((nearest[0]?.similarity ?? 0) < MIN_SIMILARITY) return null;
    const total = nearest.reduce((sum, n) => sum + n.similarity, 0);
    for (const level of LEVELS) {
      const supporting = nearest.filter((n) => {
        const l = this.examples[n.i]?.level;
        return l !== null && l !== undefined && ORDER[l] >= ORDER[level];
      });
      const share = supporting.reduce((sum, n) => sum + n.similarity, 0) / total;
      if (share < VOTE_SHARE) continue;
      const quoted = supporting.slice(0, 2).map((n) => `“${this.examples[n.i]?.question}”`);
      return {
        level,
        route: routeOf(
          supporting.map((n) => this.examples[n.i]?.route).filter((r) => r !== undefined),
          level,
        ),
        reason: `This reads like situations labelled ${level}, such as ${quoted.join(" and ")}.`,
        rules: supporting.map((n) => `example:${n.i + 1}`),
        nearest: nearest[0]?.similarity ?? 0,
      };
    }
    return null;
  }
}

/**
 * The stronger of two assessments; the rules' own wins a tie, since its reason is more specific. Resemblance
 * never raises a question the rules read as not describing a real child now: one asked in general terms
 * ("what is the paracetamol dose for…"), a training or made-up case, a case that is closed, or one that
 * reassures or denies the signs ("lovely family, no marks"), which reads much like the labelled cases that
 * have them. Nor does it raise a question that names no sign of harm itself (harmNamed), unless an example is
 * all but the same question: the cues cannot know every way of reassuring. An urgent level from the examples
 * is raised to emergency when the rules read the question as happening now, as an urgent level of the rules'
 * own is. The learned model's level (risk-model.ts) wins when it is more serious, under the same guard.
 */
export function strongerAssessment(rules: RiskAssessment, similar: ExampleAssessment | null): RiskAssessment {
  const notNow = rules.general || rules.training || rules.past || rules.negated || rules.reassured;
  if (!similar || notNow) return rules;
  const byExamples = similar.level ? resemblance(rules, similar) : rules;
  // The learned model needs no sign of harm named: it is what reads a danger told only by what is seen.
  const { learned } = similar;
  if (learned?.level && (!byExamples.level || ORDER[learned.level] > ORDER[byExamples.level])) return learned;
  return byExamples;
}

function resemblance(rules: RiskAssessment, similar: ExampleAssessment): RiskAssessment {
  const unsigned = !rules.harmNamed && similar.nearest < CLOSE_MATCH;
  if (rules.opensWithDenial && unsigned) return rules;
  const offered = unsigned ? atMostAdvice(similar) : similar;
  if (rules.level && offered.level && ORDER[rules.level] >= ORDER[offered.level]) return rules;
  return raisedWhenHappeningNow(offered, rules.happeningNow);
}

/**
 * What resemblance alone may do for a question that names no sign of harm: offer advice, never send it to
 * the front door or 999. A reassurance in words the cues do not know ("couldn't fault this family, house
 * spotless, kids happy") reads much like the labelled cases but describes no harm; the harm-sign concepts
 * of risk-rules.yaml (RiskAssessment.harmNamed) are wide enough for the real cases the examples catch.
 */
function atMostAdvice(similar: ExampleAssessment): ExampleAssessment {
  if (!similar.level || ORDER[similar.level] <= ORDER.advice) return similar;
  return {
    ...similar,
    level: "advice",
    route: similar.route && SPECIALIST_ROUTES.has(similar.route) ? similar.route : "advice",
    reason: `${similar.reason} The question names no sign of harm itself, so this is offered as advice.`,
  };
}

function routeOf(routes: RouteName[], level: EscalationLevel): RouteName {
  const counts = new Map<RouteName, number>();
  for (const r of routes) counts.set(r, (counts.get(r) ?? 0) + 1);
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  return top && top[1] * 2 > routes.length ? top[0] : DEFAULT_ROUTE[level];
}

function normalise(v: number[]): number[] {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}
