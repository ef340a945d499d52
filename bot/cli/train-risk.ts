import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { embeddingCacheFile } from "../../knowledge/embeddings/create-embeddings.ts";
import { EmbeddingCache } from "../../knowledge/embeddings/embedding-cache.ts";
import { LocalEmbeddings } from "../../knowledge/embeddings/local-embeddings.ts";
import { normalisePeriods, withoutPreamble } from "../../knowledge/retrieval/query-text.ts";
import { loadConfig } from "../config.ts";
import { redact, withoutTags } from "../core/safety/redact.ts";
import { fitRiskModel, RISK_CLASSES, type RiskModelFile, unit } from "../core/safety/risk-model.ts";
import { cliErrorMessage } from "./cli-errors.ts";

/**
 * `npm run train:risk -- FILE.jsonl [FILE.jsonl ...]` trains knowledge/risk-model.json (RISK_MODEL_FILE)
 * from labelled risk questions: the examples' format {"question", "level" | null} or the risk sets'
 * {"question", "kind": "escalate", "level"} / {"question", "kind": "trap", "max"}. A trap is "none", or
 * "advice" when advice is allowed. Never train on a check split.
 */
const lineSchema = z.union([
  z.object({
    question: z.string(),
    kind: z.literal("escalate"),
    level: z.enum(["emergency", "urgent", "advice"]),
  }),
  z.object({ question: z.string(), kind: z.literal("trap"), max: z.enum(["none", "advice"]) }),
  z.object({ question: z.string(), level: z.enum(["emergency", "urgent", "advice"]).nullable() }),
]);

function readLabelled(file: string): { question: string; label: number }[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      const parsed = lineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file} line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      const row = parsed.data;
      const level = "max" in row ? row.max : (row.level ?? "none");
      return [{ question: row.question, label: RISK_CLASSES.indexOf(level) }];
    });
}

/** The text the assistant embeds for a question: redacted, tags, chat and a reassuring opening left out. */
function searchTextOf(question: string): string {
  return normalisePeriods(withoutPreamble(withoutTags(redact(question).text)));
}

const program = new Command()
  .name("train-risk")
  .argument("<files...>", "labelled risk questions, one JSON object a line")
  .action(async (files: string[]) => {
    const config = loadConfig({ ...process.env, EMBEDDINGS: "local" });
    const rows = files.flatMap(readLabelled);
    const texts = rows.map((r) => searchTextOf(r.question));
    const embeddings = new LocalEmbeddings();
    const cache = new EmbeddingCache(embeddingCacheFile(config));
    try {
      const vectors = texts.map((t) => cache.get(embeddings.modelId, t));
      const missing = vectors.flatMap((v, i) => (v ? [] : [i]));
      const fresh = await embeddings.embedDocuments(missing.map((i) => texts[i] ?? ""));
      missing.forEach((i, j) => {
        vectors[i] = fresh[j];
      });
      cache.putMany(
        embeddings.modelId,
        missing.map((i, j) => ({ text: texts[i] ?? "", vector: fresh[j] ?? [] })),
      );
      const fitted = fitRiskModel(
        vectors.map((v) => unit(v ?? [])),
        rows.map((r) => r.label),
      );
      const model: RiskModelFile = {
        embeddingModel: embeddings.modelId,
        trainedOn: files.map((f) => path.basename(f)).join(", "),
        examples: rows.length,
        ...fitted,
      };
      fs.writeFileSync(config.RISK_MODEL_FILE, `${JSON.stringify(model)}\n`);
      console.log(`Trained on ${rows.length} labelled questions; wrote ${config.RISK_MODEL_FILE}.`);
    } finally {
      cache.close();
    }
  });

program.parseAsync().catch((error: unknown) => {
  console.error(cliErrorMessage(error));
  process.exitCode = 1;
});
