import { z } from "zod";
import type { EscalationLevel } from "../types.ts";
import { loadYamlFile, parseYamlText } from "./yaml-file.ts";

/**
 * Decides whether a question describes risk to a child, from rules admins keep in risk-rules.yaml.
 * A rule fires when every one of its concept groups is present in the question. Wording that marks a
 * general knowledge question ("what are the signs of ...") cancels rules, and "what do I do if ..." lowers
 * them to advice, unless the question also describes a concrete case ("a child just told me", "today").
 * Deterministic and explainable: the result names the rules that matched.
 */

export type RouteName = "emergency" | "front-door" | "advice" | "lado" | "fgm" | "prevent" | "child-death";

export const ROUTE_NAMES: readonly RouteName[] = [
  "emergency",
  "front-door",
  "advice",
  "lado",
  "fgm",
  "prevent",
  "child-death",
];

export interface RiskAssessment {
  level: EscalationLevel | null;
  route: RouteName | null;
  /** Plain English, naming the rule that decided the level. */
  reason: string;
  /** Ids of every rule that matched, in file order. */
  rules: string[];
  /** The question asks about guidance in general terms, with no particular child described. */
  general?: boolean;
}

interface RiskRule {
  id: string;
  level: EscalationLevel;
  route: RouteName;
  reason: string;
  /** What a general knowledge question does to this rule: cancel it, or lower it to advice. */
  whenGeneral: "cancel" | "advice";
  /** One entry per concept group; each group is a list of patterns, any of which marks it present. */
  all: RegExp[][];
  /** Concept groups any of which stops the rule. */
  none: RegExp[][];
}

/** Compiled rules, ready for assessRisk. */
export interface RiskRules {
  rules: RiskRule[];
  cues: { general: RegExp[]; hypothetical: RegExp[]; situation: RegExp[] };
}

const LEVEL_ORDER: Record<EscalationLevel, number> = { emergency: 3, urgent: 2, advice: 1 };
const DEFAULT_ROUTE: Record<EscalationLevel, RouteName> = {
  emergency: "emergency",
  urgent: "front-door",
  advice: "advice",
};
/** Routes with their own people, kept when a rule is lowered to advice. */
const SPECIALIST_ROUTES: ReadonlySet<RouteName> = new Set(["lado", "fgm", "prevent", "child-death"]);

// ---------------------------------------------------------------------------------------------------------
// The file

/** "@name" as a whole pattern includes that concept's patterns. */
const CONCEPT_REF = /^@([a-z0-9-]+)$/;
/** "{name}" inside a pattern stands for any of that concept's patterns, e.g. "(hit|slapped) {victim}". */
const INLINE_REF = /\{([a-z][a-z0-9-]*)\}/g;
const ID = /^[a-z0-9-]+$/;

/** The concepts a pattern refers to, whole or inline. */
function referencesOf(pattern: string): string[] {
  const whole = CONCEPT_REF.exec(pattern)?.[1];
  if (whole !== undefined) return [whole];
  return [...pattern.matchAll(INLINE_REF)].map((m) => m[1] as string);
}

/** A pattern is a regular expression matched case-insensitively as whole words ("bruis\w*" for stems). */
function compilePattern(pattern: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, "iu");
}

const patternSchema = z
  .string()
  .min(1, "must not be empty")
  // Patterns are matched as whole words, so a pattern ending in a space could never match.
  .refine((pattern) => pattern.trim() === pattern, "must not begin or end with a space")
  .superRefine((pattern, ctx) => {
    if (CONCEPT_REF.test(pattern)) return;
    try {
      compilePattern(pattern.replace(INLINE_REF, "x"));
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `not a valid pattern (${(error as Error).message})` });
    }
  });
const patternListSchema = z.array(patternSchema).min(1, "must list at least one pattern");

const ruleSchema = z.strictObject({
  id: z.string().regex(ID, "must be lower-case letters, digits and dashes"),
  level: z.enum(["emergency", "urgent", "advice"], { error: "must be one of emergency, urgent, advice" }),
  route: z.enum(ROUTE_NAMES, { error: `must be one of ${ROUTE_NAMES.join(", ")}` }).optional(),
  reason: z.string().min(1, "must say in plain English what the rule found"),
  all: z.array(z.string()).min(1, "must name at least one concept"),
  none: z.array(z.string()).optional(),
  when_general: z.enum(["cancel", "advice"], { error: "must be cancel or advice" }).optional(),
});

const fileSchema = z
  .strictObject({
    concepts: z.record(
      z.string().regex(ID, "concept names must be lower-case letters, digits and dashes"),
      patternListSchema,
    ),
    question_cues: z.strictObject({
      general: patternListSchema,
      hypothetical: patternListSchema,
      situation: patternListSchema,
    }),
    rules: z.array(ruleSchema).min(1, "must list at least one rule"),
  })
  .superRefine((file, ctx) => {
    const known = (name: string) => Object.hasOwn(file.concepts, name);
    const unknown = (path: (string | number)[], name: string) =>
      ctx.addIssue({ code: "custom", path, message: `unknown concept "${name}"` });
    for (const [name, patterns] of Object.entries(file.concepts)) {
      patterns.forEach((p, i) => {
        for (const ref of referencesOf(p)) if (!known(ref)) unknown(["concepts", name, i], ref);
      });
      if (refersToItself(file.concepts, name)) {
        ctx.addIssue({
          code: "custom",
          path: ["concepts", name],
          message: "refers to itself through @references",
        });
      }
    }
    for (const [cue, patterns] of Object.entries(file.question_cues)) {
      patterns.forEach((p, i) => {
        for (const ref of referencesOf(p)) if (!known(ref)) unknown(["question_cues", cue, i], ref);
      });
    }
    const seen = new Set<string>();
    file.rules.forEach((rule, r) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: "custom", path: ["rules", r, "id"], message: `duplicate id "${rule.id}"` });
      seen.add(rule.id);
      for (const key of ["all", "none"] as const) {
        rule[key]?.forEach((name, i) => {
          if (!known(name)) unknown(["rules", r, key, i], name);
        });
      }
    });
  });

type RiskRulesFile = z.infer<typeof fileSchema>;

function refersToItself(concepts: Record<string, string[]>, start: string): boolean {
  const stack = [start];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const name = stack.pop() as string;
    for (const ref of (concepts[name] ?? []).flatMap(referencesOf)) {
      if (ref === start) return true;
      if (!visited.has(ref)) {
        visited.add(ref);
        stack.push(ref);
      }
    }
  }
  return false;
}

/** Reads, validates and compiles risk-rules.yaml. Errors name the line and field. */
export function loadRiskRules(file: string): RiskRules {
  return compile(loadYamlFile(file, fileSchema));
}

/** As loadRiskRules, from text; `label` names the file in error messages. */
export function parseRiskRules(yamlText: string, label = "risk-rules.yaml"): RiskRules {
  return compile(parseYamlText(yamlText, label, fileSchema));
}

function compile(file: RiskRulesFile): RiskRules {
  /** A concept's patterns as source text, with every reference resolved (validation ruled out cycles). */
  const sources = (name: string): string[] =>
    (file.concepts[name] ?? []).flatMap((p) => {
      const ref = CONCEPT_REF.exec(p)?.[1];
      return ref === undefined ? [inline(p)] : sources(ref);
    });
  const inline = (pattern: string): string =>
    pattern.replace(INLINE_REF, (_, name: string) => `(?:${sources(name).join("|")})`);
  const cache = new Map<string, RegExp[]>();
  const concept = (name: string): RegExp[] => {
    let compiled = cache.get(name);
    if (!compiled) {
      compiled = sources(name).map(compilePattern);
      cache.set(name, compiled);
    }
    return compiled;
  };
  const expand = (patterns: string[]): RegExp[] =>
    patterns.flatMap((p) => {
      const ref = CONCEPT_REF.exec(p)?.[1];
      return ref === undefined ? [compilePattern(inline(p))] : concept(ref);
    });
  return {
    rules: file.rules.map((rule) => ({
      id: rule.id,
      level: rule.level,
      route: rule.route ?? DEFAULT_ROUTE[rule.level],
      reason: rule.reason,
      whenGeneral: rule.when_general ?? "cancel",
      all: rule.all.map(concept),
      none: (rule.none ?? []).map(concept),
    })),
    cues: {
      general: expand(file.question_cues.general),
      hypothetical: expand(file.question_cues.hypothetical),
      situation: expand(file.question_cues.situation),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Assessment

/** Contractions typed without their apostrophe, put back so patterns need only the usual spelling. */
const BARE_CONTRACTIONS =
  /\b(can|don|won|isn|doesn|didn|hasn|haven|wasn|weren|couldn|wouldn|shouldn|aren)t\b|\b(i)m\b|\b(i)ve\b|\b(she|he)s\b|\b(they)re\b/gi;

/** Straight quotes, single spaces and apostrophes in contractions, so patterns need not allow for every habit. */
function normalise(question: string): string {
  return question
    .replace(/[‘’‛`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[‐‑‒–—]/g, "-")
    .replace(/\s+/g, " ")
    .replace(BARE_CONTRACTIONS, (_, nt?: string, m?: string, ve?: string, s?: string, re?: string) => {
      if (nt) return `${nt}'t`;
      if (m) return `${m}'m`;
      if (ve) return `${ve}'ve`;
      if (s) return `${s}'s`;
      return `${re}'re`;
    })
    .trim();
}

/**
 * Assesses a (redacted) question against the rules. The highest level wins; among rules of that level the
 * first in the file decides the route and reason, so specialist rules are listed before general ones.
 */
export function assessRisk(question: string, rules: RiskRules): RiskAssessment {
  const text = normalise(question);
  const present = (group: RegExp[]) => group.some((pattern) => pattern.test(text));
  const concrete = present(rules.cues.situation);
  const general = !concrete && present(rules.cues.general);
  const hypothetical = !concrete && !general && present(rules.cues.hypothetical);

  let best: { level: EscalationLevel; route: RouteName; reason: string } | null = null;
  const matched: string[] = [];
  for (const rule of rules.rules) {
    if (general && rule.whenGeneral === "cancel") continue;
    if (!rule.all.every(present) || rule.none.some(present)) continue;
    matched.push(rule.id);
    const candidate =
      general || hypothetical
        ? {
            level: "advice" as const,
            route: SPECIALIST_ROUTES.has(rule.route) ? rule.route : "advice",
            reason: `${rule.reason} Asked in general terms, so this is offered as advice.`,
          }
        : { level: rule.level, route: rule.route, reason: rule.reason };
    if (!best || LEVEL_ORDER[candidate.level] > LEVEL_ORDER[best.level]) best = candidate;
  }
  if (!best) {
    const reason = general
      ? "A general question about guidance; no particular child was described."
      : "No risk to a child was described.";
    return { level: null, route: null, reason, rules: [], general };
  }
  return { ...best, rules: matched, general };
}
