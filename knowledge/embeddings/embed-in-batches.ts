import type { NamedEmbeddings } from "./create-embeddings.ts";
import { LOCAL_EMBEDDING_BATCH, MIN_PASSAGES_FOR_WORKERS } from "./embedding-pool-settings.ts";
import { LOCAL_EMBEDDING_MODEL } from "./local-embeddings.ts";

export interface EmbedInBatchesOptions {
  /** Worker threads for the local model; 1 or fewer embeds in this thread. Remote backends always do. */
  workers: number;
  /** Called once per embedded batch, in whatever order batches finish, with its first text's position. */
  onBatch: (first: number, vectors: number[][]) => void;
}

/**
 * Texts per call in this thread: the unit the embedding cache is written in (an interrupted ingest resumes
 * from the last one) and one request to a remote backend.
 */
const IN_THREAD_BATCH = 32;

/** How much lower than the ingest's own thread embedding workers run, so a server beside them answers first. */
const WORKER_NICE_INCREMENT = 10;

/**
 * Embeds `texts`, with the local model spread over a pool of worker threads when the job is large enough
 * to gain from it. Either way the model sees the same batches, so the vectors are the same. Returns the
 * worker threads used, 0 when the texts were embedded in this thread.
 */
export async function embedInBatches(
  embeddings: NamedEmbeddings,
  texts: string[],
  options: EmbedInBatchesOptions,
): Promise<number> {
  const workers = Math.min(options.workers, Math.ceil(texts.length / LOCAL_EMBEDDING_BATCH));
  const pooled =
    embeddings.modelId === LOCAL_EMBEDDING_MODEL && workers > 1 && texts.length >= MIN_PASSAGES_FOR_WORKERS;
  if (pooled) {
    await embedInWorkers(texts, workers, options.onBatch);
    return workers;
  }
  for (let first = 0; first < texts.length; first += IN_THREAD_BATCH) {
    options.onBatch(first, await embeddings.embedDocuments(texts.slice(first, first + IN_THREAD_BATCH)));
  }
  return 0;
}

async function embedInWorkers(
  texts: string[],
  workers: number,
  onBatch: EmbedInBatchesOptions["onBatch"],
): Promise<void> {
  // Imported here: a re-ingest with nothing to embed never starts threads or loads piscina.
  const { Piscina } = await import("piscina");
  const pool = new Piscina({
    filename: new URL("./embedding-worker-entry.mjs", import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    niceIncrement: WORKER_NICE_INCREMENT,
  });
  try {
    // Every batch is queued at once (piscina's queue is unbounded by default); each worker takes the next
    // as it finishes one.
    const batches: Promise<void>[] = [];
    for (let first = 0; first < texts.length; first += LOCAL_EMBEDDING_BATCH) {
      const batch = texts.slice(first, first + LOCAL_EMBEDDING_BATCH);
      batches.push((pool.run(batch) as Promise<number[][]>).then((vectors) => onBatch(first, vectors)));
    }
    await Promise.all(batches);
  } finally {
    await pool.close({ force: true });
  }
}
