import path from "node:path";
import { CodedError, ErrorCode } from "../foundation/errors.ts";
import type { Logger } from "../foundation/log.ts";
import { formatIngestReport } from "../ingest/format-report.ts";
import { createProgressReporter } from "../ingest/progress.ts";
import {
  createEmbeddings,
  embeddingCacheFile,
  type NamedEmbeddings,
} from "../knowledge/embeddings/create-embeddings.ts";
import { EmbeddingCache } from "../knowledge/embeddings/embedding-cache.ts";
import { builtFromLibrary, currentGeneration, inCurrentFormat } from "../knowledge/index-store.ts";
import { LiveIndex } from "../knowledge/live-index.ts";
import { Glossary } from "../knowledge/retrieval/glossary.ts";
import { Retriever } from "../knowledge/retrieval/retriever.ts";
import type { RetrievalTuning } from "../knowledge/retrieval/tuning.ts";
import { type AnswerPool, type AnswerPoolOptions, startAnswerPool } from "./answer-workers/answer-pool.ts";
import { type Config, llmEnabled } from "./config.ts";
import { createAssistantCore } from "./core/assistant.ts";
import { createLanguageModelComposer } from "./core/compose/language-model.ts";
import { loadPrompts } from "./core/compose/prompts.ts";
import { prepareRedactionKeep, redactionKeepFor } from "./core/safety/library-vocabulary.ts";
import { isGazetteerPlace } from "./core/safety/personal-names.ts";
import { preloadNameData } from "./core/safety/redact.ts";
import { loadRiskRules } from "./core/safety/risk.ts";
import { loadRiskExamples, type RiskExample, RiskExampleClassifier } from "./core/safety/risk-examples.ts";
import { loadRiskModel } from "./core/safety/risk-model.ts";
import { loadRoutes, placeholderSummary } from "./core/safety/routes.ts";
import type { Assistant } from "./core/types.ts";
import { reindexLibrary } from "./reindex.ts";
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
    answerWorkers?: Pick<AnswerPoolOptions, "workers" | "queue" | "crashOn" | "vectorCrashOn">;
    /** The store opened already (the server opens it first, to build a missing index under its lock). */
    store?: Store;
  } = {},
): Promise<RunningAssistant> {
  const routes = loadRoutes(config.ROUTES_FILE);
  const riskRules = loadRiskRules(config.RISK_RULES_FILE);
  const examples = loadRiskExamples(config.RISK_EXAMPLES_FILE);
  const glossary = Glossary.load(config.GLOSSARY_FILE);
  const prompts = loadPrompts();
  const embeddings = createEmbeddings(config);
  // With answer workers, the workers search (the vector thread holding the encoder and the vectors) and
  // check risk examples; this thread keeps only what it uses itself: the manifest and passages, for the
  // catalog and redaction. It never loads the encoder or a vector graph (an admin's re-index aside).
  const inThread = !options.answerWorkers;
  let pool: AnswerPool | undefined;
  const index = await LiveIndex.open(config.INDEX_DIR, embeddings, log, {
    search: inThread,
    // Before switching: this thread learns the new generation's redaction vocabulary while the workers
    // load it, so no question for it waits on either.
    prepare: async (next) => {
      await Promise.all([
        prepareRedactionKeep(next, glossary.phrases()),
        pool?.prepare(path.basename(next.generationDir)),
      ]);
    },
  });
  index.watch();
  // The name datasets and the library's vocabulary load here, not on the first question.
  preloadNameData();
  redactionKeepFor(index.current, glossary.phrases());
  const store = options.store ?? (await openStore(config, log));
  // Another replica's ingest switched the shared INDEX_DIR: load it now rather than at the next poll.
  store.onGeneration(() => void index.refresh());

  pool = options.answerWorkers
    ? startAnswerPool({ config, log, ...options.answerWorkers, generation: () => index.generation })
    : undefined;
  if (pool) {
    index.onSwitch((generation) => pool.announce(generation));
    await pool.ready;
  }

  const core = createAssistantCore({
    index,
    retriever: new Retriever({
      index,
      glossary,
      places: isGazetteerPlace,
      ...(options.tuning ? { tuning: options.tuning } : {}),
    }),
    routes,
    riskRules,
    ...(pool ? { finder: pool } : { riskExamples: await buildRiskExamples(examples, config, embeddings) }),
    audit: store.audit,
    ...(llmEnabled(config) ? { composer: createLanguageModelComposer(config, prompts) } : {}),
    reindexLibrary: () => reindexLibrary({ config, embeddings, store }),
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
  return RiskExampleClassifier.build(
    examples,
    embeddings,
    cache,
    loadRiskModel(config.RISK_MODEL_FILE),
  ).finally(() => cache.close());
}

/** While another replica or job builds the index at start-up, look this often whether it is done. */
const INGEST_WAIT_POLL_MS = 2_000;

/**
 * Builds the index from the configured library when there is none yet, or when it was built from another
 * library, with progress on a terminal. When another ingest holds the lock (replicas starting together on
 * an empty INDEX_DIR), waits for it and uses what it built, rather than failing to start.
 */
export async function ensureIndex(
  config: Config,
  log: Logger,
  store: Pick<Store, "ingestLock" | "announceGeneration" | "health">,
  options: { pollMs?: number } = {},
): Promise<void> {
  // A generation in an older format (before passages.idx, say) is rebuilt from the embedding cache too:
  // this version cannot serve it.
  const upToDate = () => {
    const generation = currentGeneration(config.INDEX_DIR);
    return (
      generation !== undefined &&
      inCurrentFormat(generation) &&
      builtFromLibrary(config.INDEX_DIR) === config.LIBRARY_DIR
    );
  };
  // An index of another library would answer from the wrong guidance; documents the two share are not
  // embedded again.
  if (upToDate()) return;
  const exists = currentGeneration(config.INDEX_DIR) !== undefined;
  const builtFrom = builtFromLibrary(config.INDEX_DIR);
  const event = !exists
    ? "index.building"
    : builtFrom === config.LIBRARY_DIR
      ? "index.old_format"
      : "index.library_changed";
  log.info(event, {
    library: config.LIBRARY_DIR,
    index: config.INDEX_DIR,
    ...(exists ? { builtFrom: builtFrom ?? "not recorded" } : {}),
  });
  // The store's lock keeps replicas sharing INDEX_DIR from building at once. A replica whose database is
  // away still builds the index it needs to answer at all, under the folder's lock file as one machine would.
  const shared = store.health().state === "ok";
  if (!shared) log.warn("index.build_without_shared_lock", { index: config.INDEX_DIR });
  const embeddings = createEmbeddings(config);
  let waiting = false;
  // No time limit: a first ingest of a large library takes as long as it takes, and the log says why.
  for (;;) {
    const progress = createProgressReporter(Boolean(process.stderr.isTTY));
    try {
      const report = await reindexLibrary({
        config,
        embeddings,
        ...(shared ? { store } : {}),
        onProgress: progress.update,
      });
      log.info("index.built", { report: formatIngestReport(report) });
      return;
    } catch (error) {
      if (!(error instanceof CodedError && error.code === ErrorCode.IngestBusy)) throw error;
      if (!waiting) log.info("index.waiting_for_other_ingest", { index: config.INDEX_DIR });
      waiting = true;
    } finally {
      progress.stop();
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? INGEST_WAIT_POLL_MS));
    if (upToDate()) {
      log.info("index.built_by_other_ingest", { index: config.INDEX_DIR });
      return;
    }
  }
}
