/**
 * Risk measurement: `node --import tsx tests/bench/risk-eval.ts [--unredacted] FILE.jsonl [FILE.jsonl ...]`.
 * Prints figures only (no pass or fail): every question goes the way the assistant takes it — redacted
 * (keeping the guidance vocabulary of the index tests/global-setup.ts builds, INDEX_DIR to choose another),
 * assessed by the shipped rules, compared with the labelled examples through the local embeddings, the
 * stronger kept. `--unredacted` skips the redaction, to tell a rule's miss from one the redaction caused.
 *
 * Each line is one of
 *   {"question", "kind": "escalate", "level": "emergency" | "urgent" | "advice", "group"?}
 *   {"question", "kind": "trap", "max": "none" | "advice", "group"?}   (must not be raised above `max`)
 *   {"question", "level": ... | null}   (the labelled-example format; null counts as a trap with max none)
 */
import fs from "node:fs";
import { z } from "zod";
import { loadConfig } from "../../bot/config.ts";
import { redactionKeepFor } from "../../bot/core/safety/library-vocabulary.ts";
import { redact, withoutTags } from "../../bot/core/safety/redact.ts";
import { assessRisk, loadRiskRules, type RiskAssessment } from "../../bot/core/safety/risk.ts";
import {
  loadRiskExamples,
  RiskExampleClassifier,
  strongerAssessment,
} from "../../bot/core/safety/risk-examples.ts";
import { loadRiskModel } from "../../bot/core/safety/risk-model.ts";
import type { EscalationLevel } from "../../bot/core/types.ts";
import { EmbeddingCache } from "../../knowledge/embeddings/embedding-cache.ts";
import { LocalEmbeddings } from "../../knowledge/embeddings/local-embeddings.ts";
import { KnowledgeIndex } from "../../knowledge/knowledge-index.ts";
import { Glossary } from "../../knowledge/retrieval/glossary.ts";
import { normalisePeriods, withoutPreamble } from "../../knowledge/retrieval/query-text.ts";
import {
  SAMPLE_INDEX,
  SHARED_CORPUS_INDEX,
  sharedCorpusAvailable,
  TEST_EMBEDDING_CACHE,
} from "../helpers/test-paths.ts";

type Got = EscalationLevel | "none";
const RANK: Record<Got, number> = { none: 0, advice: 1, urgent: 2, emergency: 3 };
const COLUMNS: Got[] = ["emergency", "urgent", "advice", "none"];

const levelSchema = z.enum(["emergency", "urgent", "advice"]);
const lineSchema = z.union([
  z.object({
    question: z.string(),
    kind: z.literal("escalate"),
    level: levelSchema,
    group: z.string().optional(),
  }),
  z.object({
    question: z.string(),
    kind: z.literal("trap"),
    max: z.enum(["none", "advice"]),
    group: z.string().optional(),
  }),
  z.object({ question: z.string(), level: levelSchema.nullable(), group: z.string().optional() }),
]);

interface Item {
  question: string;
  /** "emergency" | "urgent" | "advice" for a risk item, "trap:none" | "trap:advice" for a trap. */
  expected: EscalationLevel | "trap:none" | "trap:advice";
  group: string;
}

function readItems(file: string): Item[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, i): Item[] => {
      if (!line.trim()) return [];
      const parsed = lineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file} line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      const item = parsed.data;
      const group = item.group ?? "";
      if ("kind" in item && item.kind === "trap")
        return [{ question: item.question, expected: `trap:${item.max}`, group }];
      if (item.level === null) return [{ question: item.question, expected: "trap:none", group }];
      return [{ question: item.question, expected: item.level, group }];
    });
}

interface Judged extends Item {
  got: Got;
  /** The rules' level alone, before the labelled examples are consulted. */
  byRules: Got;
  final: RiskAssessment;
  fromExamples: boolean;
}

const args = process.argv.slice(2);
const unredacted = args.includes("--unredacted");
const config = loadConfig({ ...process.env, EMBEDDINGS: "local" });
const rules = loadRiskRules(config.RISK_RULES_FILE);
const embeddings = new LocalEmbeddings();
const cache = new EmbeddingCache(TEST_EMBEDDING_CACHE);
const classifier = await RiskExampleClassifier.build(
  loadRiskExamples(config.RISK_EXAMPLES_FILE),
  embeddings,
  cache,
  process.env.RISK_MODEL_OFF ? undefined : loadRiskModel(config.RISK_MODEL_FILE),
).finally(() => cache.close());
/** The words the redaction keeps because the guidance uses them, as the assistant builds them. */
const indexDir = process.env.INDEX_DIR ?? (sharedCorpusAvailable() ? SHARED_CORPUS_INDEX : SAMPLE_INDEX);
const keep = unredacted
  ? undefined
  : redactionKeepFor(
      await KnowledgeIndex.load(indexDir, embeddings),
      Glossary.load(config.GLOSSARY_FILE).phrases(),
    );

/**
 * As the assistant does: the rules on the redacted text, the examples on its search text (tags, chat and a
 * reassuring opening left out, as Retriever.searchTextOf makes it).
 */
async function judge(item: Item): Promise<Judged> {
  const redacted = keep ? redact(item.question, { keep }).text : item.question;
  const byRules = assessRisk(redacted, rules);
  const searchText = normalisePeriods(withoutPreamble(withoutTags(redacted)));
  const final = strongerAssessment(byRules, await classifier.classify(searchText));
  return {
    ...item,
    got: final.level ?? "none",
    byRules: byRules.level ?? "none",
    final,
    fromExamples: final !== byRules,
  };
}

const why = (j: Judged) =>
  `${j.got}${j.fromExamples ? " (examples)" : j.final.rules.length > 0 ? ` (${j.final.rules[0]})` : ""}`;
const line = (j: Judged) => `    [${j.group || "-"}] ${j.expected}, got ${why(j)}: ${j.question}`;
const ratio = (n: number, d: number) => `${n}/${d}${d > 0 ? ` = ${(n / d).toFixed(3)}` : ""}`;

function list(title: string, items: Judged[]): void {
  console.log(`  ${title}: ${items.length}`);
  for (const j of items) console.log(line(j));
}

for (const file of args.filter((a) => a !== "--unredacted")) {
  const judged: Judged[] = [];
  for (const item of readItems(file)) judged.push(await judge(item));
  console.log(
    `\n${file}: ${judged.length} questions${unredacted ? " (not redacted)" : ` (redacted keeping ${indexDir})`}`,
  );

  console.log("  recall at the right level or above (and by the rules alone):");
  for (const level of levelSchema.options) {
    const items = judged.filter((j) => j.expected === level);
    const caught = items.filter((j) => RANK[j.got] >= RANK[level]);
    const byRules = items.filter((j) => RANK[j.byRules] >= RANK[level]);
    console.log(
      `    ${level.padEnd(9)} ${ratio(caught.length, items.length)}   (rules ${ratio(byRules.length, items.length)})`,
    );
  }

  const traps = judged.filter((j) => j.expected.startsWith("trap"));
  const alarmed = traps.filter((j) => RANK[j.got] >= RANK.urgent);
  const advised = traps.filter((j) => j.expected === "trap:none" && j.got === "advice");
  console.log(`  traps: ${traps.length}`);
  list("traps raised to urgent or emergency", alarmed);
  list(
    `traps with max none raised to advice (of ${traps.filter((j) => j.expected === "trap:none").length})`,
    advised,
  );

  console.log("  confusion (rows expected, columns got):");
  const rows = [...levelSchema.options, "trap:advice", "trap:none"] as const;
  console.log(`    ${"".padEnd(12)}${COLUMNS.map((c) => c.padStart(10)).join("")}`);
  for (const row of rows) {
    const items = judged.filter((j) => j.expected === row);
    if (items.length === 0) continue;
    const cells = COLUMNS.map((c) => String(items.filter((j) => j.got === c).length).padStart(10));
    console.log(`    ${row.padEnd(12)}${cells.join("")}`);
  }

  const missed = judged.filter(
    (j) => !j.expected.startsWith("trap") && RANK[j.got] < RANK[j.expected as EscalationLevel],
  );
  list("misses (below the labelled level)", missed);
  list(
    "reached their level only through the labelled examples",
    judged.filter(
      (j) =>
        !j.expected.startsWith("trap") &&
        RANK[j.byRules] < RANK[j.expected as EscalationLevel] &&
        RANK[j.got] >= RANK[j.expected as EscalationLevel],
    ),
  );
}
