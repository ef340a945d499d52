import path from "node:path";
import { ingestLibrary } from "../ingest/pipeline.ts";
import { embeddingCacheFile, type NamedEmbeddings } from "../knowledge/embeddings/create-embeddings.ts";
import { currentGeneration } from "../knowledge/index-store.ts";
import type { Config } from "./config.ts";
import type { IngestReport } from "./core/types.ts";
import type { Store } from "./store/store.ts";

/**
 * One ingest of a library into an index, as every entry point runs it (`npm run ingest`, the start-up build,
 * an admin's reindex): the configured limits and embedding workers, the store's ingest lock (an advisory
 * lock on PostgreSQL, so replicas sharing INDEX_DIR never build at once; a lock file otherwise), and, when
 * a new generation went into service, an announcement the other replicas listen for.
 */
export async function reindexLibrary(options: {
  config: Config;
  embeddings: NamedEmbeddings;
  /** Default: the configured LIBRARY_DIR and INDEX_DIR. */
  libraryDir?: string;
  indexDir?: string;
  /** Without a store the ingest takes the index folder's lock file and announces nothing. */
  store?: Pick<Store, "ingestLock" | "announceGeneration">;
  onProgress?: Parameters<typeof ingestLibrary>[0]["onProgress"];
}): Promise<IngestReport> {
  const { config, store, onProgress } = options;
  const indexDir = options.indexDir ?? config.INDEX_DIR;
  const report = await ingestLibrary({
    libraryDir: options.libraryDir ?? config.LIBRARY_DIR,
    indexDir,
    cacheFile: embeddingCacheFile(config),
    embeddings: options.embeddings,
    maxFileBytes: config.INGEST_MAX_FILE_MB * 1024 * 1024,
    maxPassagesPerFile: config.INGEST_MAX_PASSAGES,
    embedWorkers: config.EMBED_WORKERS,
    ...(onProgress ? { onProgress } : {}),
    ...(store ? { lock: store.ingestLock } : {}),
    // Imported only when a generation is written: a re-ingest that finds nothing changed stays quick.
    deriveFiles: async (chunks) =>
      (await import("./core/safety/library-vocabulary.ts")).libraryVocabularyFiles(chunks),
  });
  const generation = currentGeneration(indexDir);
  if (store && report.indexBuilt && generation) await store.announceGeneration(path.basename(generation));
  return report;
}
