import { z } from "zod";
import type { EscalationLevel } from "../types.ts";
import { loadYamlFile, parseYamlText } from "./yaml-file.ts";

/**
 * Decides whether a question describes risk to a child, from rules admins keep in risk-rules.yaml.
 * A rule fires when every one of its concept groups is present in the question. Wording that marks a
 * general knowledge question ("what are the signs of ...") cancels rules, and "what do I do if ..." lowers
 * them to advice, unless the question also describes a concrete case ("a child just told me", "today").
 * A training or made-up question ("hypothetically", "for my course") lowers them to advice whatever else
 * it says, and what the question denies ("no marks", "nobody smokes") does not count as present.
 * An urgent finding in a question that says it is happening at this moment ("right now", "he's still in the
 * house", "has just turned up") is raised to an emergency: the child needs 999 before a referral.
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
  /** The question says it is for training, a course or a made-up case, so no real child is described. */
  training?: boolean;
  /** The case described is over (closed, concluded, dealt with) and nothing is said to be happening now. */
  past?: boolean;
  /** Something the rules look for was there only as denied ("no marks", "nobody drinks"). */
  negated?: boolean;
  /** The question reassures ("lovely family", "all fine"); it changes no rule, only what resemblance may do. */
  reassured?: boolean;
  /**
   * The question says what it describes is happening at this moment, and it is a real case (not general,
   * training, made-up or closed): an urgent finding, the rules' or the examples', is then an emergency.
   */
  happeningNow?: boolean;
  /**
   * The question itself affirms a sign of harm: a concept some rule looks for, other than those the file
   * lists as `context` (who, where, when), present and not denied. Resemblance to the labelled examples may
   * raise a question only with one (or when an example is all but the same question): a reassurance the cues
   * do not know ("the safest family on my caseload... asked about nursery places") reads much like the
   * labelled cases, but names no harm.
   */
  harmNamed?: boolean;
  /**
   * The question opens by denying something, whether or not a rule looks for it ("no knife, no weapon - the
   * family just have a knife block", "no safeguarding issues, mum just wanted reassurance"): it frames
   * itself as no risk before saying anything else.
   */
  opensWithDenial?: boolean;
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

/** Where denials reach: what opens one, what closes it, how many words it spans at most. */
interface Negation {
  cues: RegExp[];
  ends: RegExp[];
  reach: number;
  /** Concepts a denial never removes (who is involved: "no one is looking after him" still names him). */
  keeps: Set<RegExp[]>;
}

/** Compiled rules, ready for assessRisk. */
export interface RiskRules {
  rules: RiskRule[];
  cues: {
    general: RegExp[];
    hypothetical: RegExp[];
    situation: RegExp[];
    training: RegExp[];
    past: RegExp[];
    current: RegExp[];
    reassurance: RegExp[];
    happeningNow: RegExp[];
  };
  negation: Negation | null;
  /**
   * The concepts that name a sign of harm: every one in a rule's `all` but the context ones, and those the
   * file lists under `signs`.
   */
  signs: RegExp[][];
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

/**
 * A pattern is a regular expression matched case-insensitively as whole words ("bruis\w*" for stems).
 * Global, because a match inside a denial does not count and the next one must be looked at.
 */
function compilePattern(pattern: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, "giu");
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
      training: patternListSchema.optional(),
      past: patternListSchema.optional(),
      current: patternListSchema.optional(),
      reassurance: patternListSchema.optional(),
      happening_now: patternListSchema.optional(),
    }),
    negation: z
      .strictObject({
        cues: patternListSchema,
        ends: patternListSchema,
        reach: z.int({ error: "must be a whole number of words" }).min(1, "must be at least 1"),
        keeps: z.array(z.string()).optional(),
      })
      .optional(),
    context: z.array(z.string()).optional(),
    signs: z.array(z.string()).optional(),
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
      patterns?.forEach((p, i) => {
        for (const ref of referencesOf(p)) if (!known(ref)) unknown(["question_cues", cue, i], ref);
      });
    }
    if (file.negation) {
      for (const key of ["cues", "ends"] as const) {
        file.negation[key].forEach((p, i) => {
          for (const ref of referencesOf(p)) if (!known(ref)) unknown(["negation", key, i], ref);
        });
      }
      file.negation.keeps?.forEach((name, i) => {
        if (!known(name)) unknown(["negation", "keeps", i], name);
      });
    }
    file.context?.forEach((name, i) => {
      if (!known(name)) unknown(["context", i], name);
    });
    file.signs?.forEach((name, i) => {
      if (!known(name)) unknown(["signs", i], name);
    });
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
  const context = new Set(file.context ?? []);
  // The file's own `signs` name harm no rule needs ("a plastic bag over his head"), for the examples' gate.
  const signNames = [...new Set([...file.rules.flatMap((rule) => rule.all), ...(file.signs ?? [])])].filter(
    (name) => !context.has(name),
  );
  return {
    signs: signNames.map(concept),
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
      training: expand(file.question_cues.training ?? []),
      past: expand(file.question_cues.past ?? []),
      current: expand(file.question_cues.current ?? []),
      reassurance: expand(file.question_cues.reassurance ?? []),
      happeningNow: expand(file.question_cues.happening_now ?? []),
    },
    negation: file.negation
      ? {
          cues: expand(file.negation.cues),
          ends: expand(file.negation.ends),
          reach: file.negation.reach,
          keeps: new Set((file.negation.keeps ?? []).map(concept)),
        }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Assessment

/** Contractions typed without their apostrophe, put back so patterns need only the usual spelling. */
const BARE_CONTRACTIONS =
  /\b(can|don|won|isn|doesn|didn|hasn|haven|wasn|weren|couldn|wouldn|shouldn|aren)t\b|\b(i)m\b|\b(i)ve\b|\b(she|he)s\b|\b(they)re\b/gi;

/**
 * Straight quotes, single spaces and apostrophes in contractions, so patterns need not allow for every habit.
 * Single quotes around words are dropped: practitioners quote a child's words ("makes her play 'sex games'")
 * and the quoted words must match like any others.
 */
function normalise(question: string): string {
  return question
    .replace(/[‘’‛`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/(^|[\s("])'(?=[\p{L}\p{N}])/gu, "$1")
    .replace(/(?<=[\p{L}\p{N}])'(?=$|[\s.,;:!?)"])/gu, "")
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

/** A stretch of the question a denial covers: from the end of its cue to where it stops. */
interface Denial {
  /** Where the cue itself begins. */
  cueAt: number;
  from: number;
  to: number;
}

/** Punctuation that ends a clause, and so a denial, whatever the file says. */
const CLAUSE_END = /[.,;:!?()"]| - /;

/**
 * Where the question denies something: each negation cue reaches forward over at most `reach` words and
 * stops early at the end of the clause or at an end word ("but", "how" ...). "No marks, but she says he
 * hits her" denies the marks, not the hitting; "nobody knows how she got the bruise" denies nothing, since
 * "how" ends it at once.
 */
function denials(text: string, negation: Negation | null): Denial[] {
  if (!negation) return [];
  const found: Denial[] = [];
  for (const cue of negation.cues) {
    for (const m of text.matchAll(cue)) {
      const from = m.index + m[0].length;
      const words = /\S+/g;
      words.lastIndex = from;
      let to = from;
      for (let n = 0; n < negation.reach; n++) {
        const word = words.exec(text);
        if (!word) break;
        to = word.index + word[0].length;
      }
      const scope = text.slice(from, to);
      for (const end of [CLAUSE_END, ...negation.ends]) {
        const at = scope.search(end);
        if (at >= 0) to = Math.min(to, from + at);
      }
      if (to > from) found.push({ cueAt: m.index, from, to });
    }
  }
  return found;
}

/**
 * Assesses a (redacted) question against the rules. The highest level wins; among rules of that level the
 * first in the file decides the route and reason, so specialist rules are listed before general ones.
 */
export function assessRisk(question: string, rules: RiskRules): RiskAssessment {
  const text = normalise(question);
  const denied = denials(text, rules.negation);
  const isDenied = (at: number) => denied.some((d) => at >= d.from && at < d.to);
  const anywhere = (group: RegExp[]) => group.some((pattern) => text.search(pattern) >= 0);
  /** Whether any pattern matches outside a denial; a match holding its own cue ("not breathing") counts. */
  const affirmed = (group: RegExp[]) =>
    group.some((pattern) => {
      for (const m of text.matchAll(pattern)) if (!isDenied(m.index)) return true;
      return false;
    });
  const seen = new Map<RegExp[], { present: boolean; denied: boolean }>();
  /** A concept is present when it is affirmed; "who" concepts (negation.keeps) whenever they appear. */
  const look = (group: RegExp[]) => {
    let result = seen.get(group);
    if (!result) {
      const somewhere = anywhere(group);
      const kept = rules.negation?.keeps.has(group) ?? false;
      const present = somewhere && (kept || denied.length === 0 || affirmed(group));
      result = { present, denied: somewhere && !present };
      seen.set(group, result);
    }
    return result;
  };
  const present = (group: RegExp[]) => look(group).present;

  const training = anywhere(rules.cues.training);
  // In a training question "a child told me" is part of the made-up case, so it does not make it concrete;
  // denied situation wording ("nothing has happened today") does not either. A training question is read
  // as a general one, and no rule holds for it: there is no real child to protect.
  const concrete = !training && (denied.length === 0 ? anywhere : affirmed)(rules.cues.situation);
  const general = training || (!concrete && anywhere(rules.cues.general));
  const hypothetical = !concrete && !general && anywhere(rules.cues.hypothetical);
  const past = !general && anywhere(rules.cues.past) && !look(rules.cues.current).present;
  // Only an affirmed marker counts: "he's not in the house right now" says the danger has gone.
  const happeningNow =
    !general &&
    !hypothetical &&
    !past &&
    (denied.length === 0 ? anywhere : affirmed)(rules.cues.happeningNow);

  let best: { level: EscalationLevel; route: RouteName; reason: string } | null = null;
  const matched: string[] = [];
  for (const rule of rules.rules) {
    if (training || (general && rule.whenGeneral === "cancel")) continue;
    if (!rule.all.every(present) || rule.none.some(present)) continue;
    matched.push(rule.id);
    const lowered =
      general || hypothetical
        ? "Asked in general terms"
        : past
          ? "The case described is closed or over"
          : null;
    const candidate = lowered
      ? {
          level: "advice" as const,
          route: SPECIALIST_ROUTES.has(rule.route) ? rule.route : "advice",
          reason: `${rule.reason} ${lowered}, so this is offered as advice.`,
        }
      : { level: rule.level, route: rule.route, reason: rule.reason };
    if (!best || LEVEL_ORDER[candidate.level] > LEVEL_ORDER[best.level]) best = candidate;
  }
  // Every concept the live rules use, not only those looked at before a rule failed: "lovely family, no
  // worries at all" denies a worry even though no rule about worries got as far as looking for one.
  const negated =
    denied.length > 0 &&
    rules.rules.some(
      (rule) =>
        !(general && rule.whenGeneral === "cancel") &&
        [...rule.all, ...rule.none].some((g) => look(g).denied),
    );
  const flags = {
    general,
    training,
    past,
    negated,
    reassured: anywhere(rules.cues.reassurance),
    // Only where the examples could raise the question at all: never on a general or training one.
    ...(!general && rules.signs.some(present) ? { harmNamed: true } : {}),
    ...(denied.some((d) => d.cueAt === 0) ? { opensWithDenial: true } : {}),
    // Set only when true, so an assessment without the marker reads as before.
    ...(happeningNow ? { happeningNow } : {}),
  };
  if (!best) {
    const reason = training
      ? "A training or made-up question; no real child was described."
      : general
        ? "A general question about guidance; no particular child was described."
        : past
          ? "A question about a case that is over; nothing happening now was described."
          : negated
            ? "No risk to a child was described; the question says the worrying signs are absent."
            : "No risk to a child was described.";
    return { level: null, route: null, reason, rules: [], ...flags };
  }
  return raisedWhenHappeningNow({ ...best, rules: matched, ...flags });
}

/**
 * An urgent finding that the question says is happening at this moment is an emergency: a referral today is
 * too late for a child whose attacker is still in the house. Only urgent is raised - advice stays advice, so
 * "right now" on a worry about school attendance changes nothing. `happeningNow` comes from the rules'
 * reading of the question, so this applies to an urgent level the labelled examples found as well.
 */
export function raisedWhenHappeningNow(
  assessment: RiskAssessment,
  happeningNow = assessment.happeningNow,
): RiskAssessment {
  if (!happeningNow || assessment.level !== "urgent") return assessment;
  return {
    ...assessment,
    level: "emergency",
    route: "emergency",
    reason: `${assessment.reason} The question says it is happening now, so call 999 first.`,
    happeningNow: true,
  };
}
