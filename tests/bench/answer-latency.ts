/**
 * `npm run bench`: answer latency (retrieval + extractive answer, the whole core path) and memory, on the
 * shared corpus and on synthetic indexes of 1,000, 10,000 and 100,000 passages. Prints figures only.
 *
 * Synthetic passages are recombined sentences of the corpus with vectors near the corpus passages' own
 * (the corpus vector plus noise), so both retrievers face realistic vocabularies and vector clusters.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseQuestions, percentile } from "../../bot/cli/eval-questions.ts";
import { loadConfig } from "../../bot/config.ts";
import { createAssistantCore } from "../../bot/core/assistant.ts";
import { loadRiskRules } from "../../bot/core/safety/risk.ts";
import { loadRiskExamples, RiskExampleClassifier } from "../../bot/core/safety/risk-examples.ts";
import { loadRoutes } from "../../bot/core/safety/routes.ts";
import { openAuditStore } from "../../bot/store/sqlite-store.ts";
import { createLogger } from "../../foundation/log.ts";
import { embeddingText, ingestLibrary } from "../../ingest/pipeline.ts";
import { EmbeddingCache } from "../../knowledge/embeddings/embedding-cache.ts";
import { LocalEmbeddings } from "../../knowledge/embeddings/local-embeddings.ts";
import { switchTo, writeGeneration } from "../../knowledge/index-store.ts";
import { KnowledgeIndex } from "../../knowledge/knowledge-index.ts";
import { Glossary } from "../../knowledge/retrieval/glossary.ts";
import { Retriever } from "../../knowledge/retrieval/retriever.ts";
import type { ChunkRecord, IndexManifest } from "../../knowledge/types.ts";
import {
  DEV_QUESTIONS,
  EXTRA_QUESTIONS,
  SHARED_CORPUS,
  TEST_EMBEDDING_CACHE,
} from "../helpers/test-paths.ts";

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
    retriever: new Retriever({ index: { current: index }, glossary: Glossary.load(config.GLOSSARY_FILE) }),
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
    `${label.padEnd(24)} passages ${String(index.chunks.length).padStart(7)}  load ${loadSeconds.toFixed(1).padStart(5)} s  ` +
      `p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  RSS ${rss.toFixed(0)} MB`,
  );
}

/** Builds a synthetic generation of `size` passages from the corpus passages and their cached vectors. */
async function synthesise(size: number, corpus: ChunkRecord[], vectors: number[][]): Promise<string> {
  const indexDir = path.join(work, `synthetic-${size}`);
  if (keep && fs.existsSync(path.join(indexDir, "CURRENT"))) return indexDir;
  const sentences = corpus.flatMap((c) => c.text.split(/(?<=[.!?])\s+/)).filter((s) => s.length > 30);
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const chunks: ChunkRecord[] = [];
  const synthetic: number[][] = [];
  for (let i = 0; i < size; i++) {
    const j = i % corpus.length;
    const base = corpus[j] as ChunkRecord;
    const mixed = Array.from({ length: 3 }, () => sentences[Math.floor(random() * sentences.length)]).join(
      " ",
    );
    chunks.push({
      ...base,
      id: `synthetic-${i}`,
      source: `synthetic/document-${Math.floor(i / 40)}.pdf`,
      title: `${base.title} (synthetic copy ${Math.floor(i / corpus.length)})`,
      text: `${base.text}\n${mixed}`,
    });
    const v = (vectors[j] as number[]).map((x) => x + (random() - 0.5) * 0.04);
    const norm = Math.hypot(...v);
    synthetic.push(v.map((x) => x / norm));
  }
  const files: IndexManifest["files"] = {};
  for (const c of chunks) {
    files[c.source] ??= { hash: c.source, title: c.title, date: "2020", chunkIds: [] };
    files[c.source]?.chunkIds.push(c.id);
  }
  const manifest: IndexManifest = {
    formatVersion: 1,
    embeddingModel: embeddings.modelId,
    dimensions: 512,
    builtAt: new Date().toISOString(),
    files,
  };
  const started = performance.now();
  const generation = await writeGeneration(indexDir, { manifest, chunks, vectors: synthetic, embeddings });
  switchTo(indexDir, generation);
  console.log(
    `  (built ${size} synthetic passages in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  return indexDir;
}

if (!fs.existsSync(SHARED_CORPUS)) {
  console.log(`No shared corpus at ${SHARED_CORPUS}; nothing to measure.`);
  process.exit(0);
}
console.log(
  `answer latency benchmark: ${questions.length} questions x 2 passes, retrieval + extractive answer`,
);
const corpusIndex = path.join(work, "corpus");
await ingestLibrary({ libraryDir: SHARED_CORPUS, indexDir: corpusIndex, cacheFile, embeddings });
await measure("shared corpus", corpusIndex);

const corpus = (await KnowledgeIndex.load(corpusIndex, embeddings)).chunks;
const cache = new EmbeddingCache(cacheFile);
const vectors = corpus.map((c) => cache.get(embeddings.modelId, embeddingText(c)) ?? []);
cache.close();
for (const size of SIZES) {
  const dir = await synthesise(size, corpus, vectors);
  await measure(`synthetic ${size}`, dir);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}
if (!keep) fs.rmSync(work, { recursive: true, force: true });
