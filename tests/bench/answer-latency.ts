/**
 * `npm run bench`: answer latency (retrieval + extractive answer, the whole core path) and memory, on the
 * shared corpus and on synthetic indexes of 1,000, 10,000 and 100,000 passages. Prints figures only.
 *
 * The synthetic indexes are built by synthetic-index.ts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseQuestions, percentile } from "../../bot/cli/eval-questions.ts";
import { loadConfig } from "../../bot/config.ts";
import { createAssistantCore } from "../../bot/core/assistant.ts";
import { isGazetteerPlace } from "../../bot/core/safety/personal-names.ts";
import { loadRiskRules } from "../../bot/core/safety/risk.ts";
import { loadRiskExamples, RiskExampleClassifier } from "../../bot/core/safety/risk-examples.ts";
import { loadRoutes } from "../../bot/core/safety/routes.ts";
import { openAuditStore } from "../../bot/store/sqlite-store.ts";
import { createLogger } from "../../foundation/log.ts";
import { EmbeddingCache } from "../../knowledge/embeddings/embedding-cache.ts";
import { LocalEmbeddings } from "../../knowledge/embeddings/local-embeddings.ts";
import { KnowledgeIndex } from "../../knowledge/knowledge-index.ts";
import { Glossary } from "../../knowledge/retrieval/glossary.ts";
import { Retriever } from "../../knowledge/retrieval/retriever.ts";
import {
  DEV_QUESTIONS,
  EXTRA_QUESTIONS,
  SHARED_CORPUS,
  TEST_EMBEDDING_CACHE,
} from "../helpers/test-paths.ts";
import { buildSyntheticIndex, corpusSource } from "./synthetic-index.ts";

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
const config = loadConfig({ ...process.env, EMBEDDINGS: "local" });
const embeddings = new LocalEmbeddings();
const cacheFile = TEST_EMBEDDING_CACHE;
/** BENCH_WORK_DIR keeps the built indexes (and reuses them on the next run) for profiling. */
const keep = process.env.BENCH_WORK_DIR;
const work = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-answer-"));

const questions = [DEV_QUESTIONS, EXTRA_QUESTIONS]
  .filter((f) => fs.existsSync(f))
  .flatMap((f) => parseQuestions(fs.readFileSync(f, "utf8")))
  .map((q) => q.question);

const exampleCache = new EmbeddingCache(cacheFile);
const riskExamples = await RiskExampleClassifier.build(
  loadRiskExamples(config.RISK_EXAMPLES_FILE),
  embeddings,
  exampleCache,
);
exampleCache.close();

async function measure(label: string, indexDir: string): Promise<void> {
  const loadStarted = performance.now();
  const index = await KnowledgeIndex.load(indexDir, embeddings);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const assistant = createAssistantCore({
    index: { current: index, refresh: async () => false },
    retriever: new Retriever({
      index: { current: index },
      glossary: Glossary.load(config.GLOSSARY_FILE),
      places: isGazetteerPlace,
    }),
    routes: loadRoutes(config.ROUTES_FILE),
    riskRules: loadRiskRules(config.RISK_RULES_FILE),
    riskExamples,
    audit: openAuditStore({ file: ":memory:", userKey: "bench-key-0123456789abcdef" }),
    reindexLibrary: () => Promise.reject(new Error("not in the benchmark")),
    staleAfterYears: 3,
    log: createLogger("silent"),
  });
  // One pass to warm the model and the caches, then the measured passes.
  for (const q of questions.slice(0, 5)) await assistant.ask({ question: q, platform: "cli" });
  const times: number[] = [];
  for (let pass = 0; pass < 2; pass++) {
    for (const q of questions) {
      const t = performance.now();
      await assistant.ask({ question: q, platform: "cli" });
      times.push(performance.now() - t);
    }
  }
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(
    `${label.padEnd(24)} passages ${String(index.size).padStart(7)}  load ${loadSeconds.toFixed(1).padStart(5)} s  ` +
      `p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  RSS ${rss.toFixed(0)} MB`,
  );
}

if (!fs.existsSync(SHARED_CORPUS)) {
  console.log(`No shared corpus at ${SHARED_CORPUS}; nothing to measure.`);
  process.exit(0);
}
console.log(
  `answer latency benchmark: ${questions.length} questions x 2 passes, retrieval + extractive answer`,
);
const corpusIndex = path.join(work, "corpus");
const source = await corpusSource({
  libraryDir: SHARED_CORPUS,
  indexDir: corpusIndex,
  cacheFile,
  embeddings,
});
await measure("shared corpus", corpusIndex);

for (const size of SIZES) {
  const dir = await buildSyntheticIndex({
    indexDir: path.join(work, `synthetic-${size}`),
    size,
    source,
    embeddings,
    reuse: keep !== undefined,
  });
  await measure(`synthetic ${size}`, dir);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}
if (!keep) fs.rmSync(work, { recursive: true, force: true });
