import path from "node:path";
import type { Logger } from "../foundation/log.ts";
import { formatIngestReport } from "../ingest/format-report.ts";
import { ingestLibrary } from "../ingest/pipeline.ts";
import { createProgressReporter } from "../ingest/progress.ts";
import {
  createEmbeddings,
  embeddingCacheFile,
  type NamedEmbeddings,
} from "../knowledge/embeddings/create-embeddings.ts";
import { EmbeddingCache } from "../knowledge/embeddings/embedding-cache.ts";
import { builtFromLibrary, currentGeneration } from "../knowledge/index-store.ts";
import { LiveIndex } from "../knowledge/live-index.ts";
import { Glossary } from "../knowledge/retrieval/glossary.ts";
import { Retriever } from "../knowledge/retrieval/retriever.ts";
import type { RetrievalTuning } from "../knowledge/retrieval/tuning.ts";
import { type AnswerPoolOptions, startAnswerPool } from "./answer-workers/answer-pool.ts";
import { type Config, llmEnabled } from "./config.ts";
import { createAssistantCore } from "./core/assistant.ts";
import { createLanguageModelComposer } from "./core/compose/language-model.ts";
import { loadPrompts } from "./core/compose/prompts.ts";
import { prepareRedactionKeep, redactionKeepFor } from "./core/safety/library-vocabulary.ts";
import { preloadNameData } from "./core/safety/redact.ts";
import { loadRiskRules } from "./core/safety/risk.ts";
import { loadRiskExamples, type RiskExample, RiskExampleClassifier } from "./core/safety/risk-examples.ts";
import { loadRoutes, placeholderSummary } from "./core/safety/routes.ts";
import type { Assistant, IngestReport } from "./core/types.ts";
import { openStore, type Store } from "./store/store.ts";

/** The assistant with what the process that runs it needs: start-up warnings and a way to close it. */
export interface RunningAssistant extends Assistant {
  startupWarnings: string[];
  /** The store the audit lives in, for the surfaces' claims and conversation references and /healthz. */
  store: Store;
  close(): Promise<void>;
}

/**
 * Composition of the core from configuration: every file (routes, risk rules, glossary, prompts) is read
 * and validated here, once, so a mistake stops start-up with a message instead of failing a question later.
 */
export async function createAssistant(
  config: Config,
  log: Logger,
  options: {
    tuning?: RetrievalTuning;
    /** Answer in worker threads (the server); without, answers are found in this thread (CLI, tests). */
    answerWorkers?: Pick<AnswerPoolOptions, "workers" | "queue" | "crashOn">;
  } = {},
): Promise<RunningAssistant> {
  const routes = loadRoutes(config.ROUTES_FILE);
  const riskRules = loadRiskRules(config.RISK_RULES_FILE);
  const examples = loadRiskExamples(config.RISK_EXAMPLES_FILE);
  const glossary = Glossary.load(config.GLOSSARY_FILE);
  const prompts = loadPrompts();
  const embeddings = createEmbeddings(config);
  // With answer workers, each worker searches and checks risk examples with its own copies; this thread
  // keeps only what it uses itself: the manifest and passages, for the catalog and redaction.
  const inThread = !options.answerWorkers;
  const index = await LiveIndex.open(config.INDEX_DIR, embeddings, log, {
    search: inThread,
    prepare: (next) => prepareRedactionKeep(next, glossary.phrases()),
  });
  index.watch();
  // The name datasets and the library's vocabulary load here, not on the first question.
  preloadNameData();
  redactionKeepFor(index.current, glossary.phrases());
  const store = await openStore(config, log);
  // Another replica's ingest switched the shared INDEX_DIR: load it now rather than at the next poll.
  store.onGeneration(() => void index.refresh());

  const pool = options.answerWorkers
    ? startAnswerPool({ config, log, ...options.answerWorkers, generation: () => index.generation })
    : undefined;
  if (pool) {
    index.onSwitch((generation) => pool.announce(generation));
    await pool.ready;
  }

  const core = createAssistantCore({
    index,
    retriever: new Retriever({ index, glossary, ...(options.tuning ? { tuning: options.tuning } : {}) }),
    routes,
    riskRules,
    ...(pool ? { finder: pool } : { riskExamples: await buildRiskExamples(examples, config, embeddings) }),
    audit: store.audit,
    ...(llmEnabled(config) ? { composer: createLanguageModelComposer(config, prompts) } : {}),
    reindexLibrary: () => reindex(config, embeddings, store),
    staleAfterYears: config.STALE_AFTER_YEARS,
    log,
  });
  return {
    ...core,
    // One line for every unconfigured contact together, not one per contact detail.
    startupWarnings: [placeholderSummary(routes)].filter((w) => w !== undefined),
    store,
    async close() {
      index.stop();
      await pool?.close();
      await store.close();
    },
  };
}

/** The labelled risk examples with their vectors, from the embedding cache where it has them. */
async function buildRiskExamples(
  examples: RiskExample[],
  config: Config,
  embeddings: NamedEmbeddings,
): Promise<RiskExampleClassifier> {
  const cache = new EmbeddingCache(embeddingCacheFile(config));
  return RiskExampleClassifier.build(examples, embeddings, cache).finally(() => cache.close());
}

/**
 * Builds the index from the configured library when there is none yet, or when it was built from another
 * library, with progress on a terminal.
 */
export async function ensureIndex(config: Config, log: Logger): Promise<void> {
  const exists = currentGeneration(config.INDEX_DIR) !== undefined;
  const builtFrom = exists ? builtFromLibrary(config.INDEX_DIR) : undefined;
  // An index of another library would answer from the wrong guidance; documents the two share are not
  // embedded again.
  if (exists && builtFrom === config.LIBRARY_DIR) return;
  log.info(exists ? "index.library_changed" : "index.building", {
    library: config.LIBRARY_DIR,
    index: config.INDEX_DIR,
    ...(exists ? { builtFrom: builtFrom ?? "not recorded" } : {}),
  });
  const progress = createProgressReporter(Boolean(process.stderr.isTTY));
  try {
    const report = await reindex(config, createEmbeddings(config), undefined, progress.update);
    log.info("index.built", { report: formatIngestReport(report) });
  } finally {
    progress.stop();
  }
}

/** Ingests under the store's lock and, when a new generation went into service, tells the other replicas. */
async function reindex(
  config: Config,
  embeddings: NamedEmbeddings,
  store?: Pick<Store, "ingestLock" | "announceGeneration">,
  onProgress?: Parameters<typeof ingestLibrary>[0]["onProgress"],
): Promise<IngestReport> {
  const report = await ingestLibrary({
    libraryDir: config.LIBRARY_DIR,
    indexDir: config.INDEX_DIR,
    cacheFile: embeddingCacheFile(config),
    embeddings,
    maxFileBytes: config.INGEST_MAX_FILE_MB * 1024 * 1024,
    maxPassagesPerFile: config.INGEST_MAX_PASSAGES,
    embedWorkers: config.EMBED_WORKERS,
    ...(onProgress ? { onProgress } : {}),
    ...(store ? { lock: store.ingestLock } : {}),
  });
  const generation = currentGeneration(config.INDEX_DIR);
  if (store && report.indexBuilt && generation) await store.announceGeneration(path.basename(generation));
  return report;
}
