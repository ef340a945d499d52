import type { Piscina } from "piscina";
import type { NamedEmbeddings } from "./create-embeddings.ts";
import {
  LOCAL_EMBEDDING_BATCH,
  MIN_PASSAGES_FOR_WORKERS,
  WORKER_NICE_INCREMENT,
} from "./embedding-pool-settings.ts";
import { LOCAL_EMBEDDING_MODEL } from "./local-embeddings.ts";
import { readLocalVocabulary, SentencePieceTokenizer } from "./sentence-piece.ts";

export interface EmbedInBatchesOptions {
  /** Worker threads for the local model; 1 or fewer embeds in this thread. Remote backends always do. */
  workers: number;
  /** Called once per embedded batch, in whatever order batches finish, with its texts' positions. */
  onBatch: (positions: number[], vectors: number[][]) => void;
}

/** Texts queued for embedding while the ingest is still reading the rest of the library. */
export interface EmbeddingQueue {
  /** Queues texts; their positions follow on from the texts queued before them. */
  add(texts: string[]): void;
  /** Embeds everything still queued and waits for every batch. Returns the worker threads used (0: none). */
  finish(): Promise<number>;
  /** Stops the workers without waiting for queued batches (an ingest that failed part-way). */
  close(): Promise<void>;
}

/**
 * Texts per call in this thread for a remote backend: the unit the embedding cache is written in (an
 * interrupted ingest resumes from the last one) and one request.
 */
const REMOTE_BATCH = 32;

/**
 * Embeds texts as they are queued. With the local model, batches hold passages of about the same length in
 * tokens: the encoder pads every passage of a batch to the longest, and over the shared corpus batching by
 * length cut the token positions it computes from 240,196 to 167,268 (16-passage batches in reading order
 * against this queue's batches as files arrive). Padding changes the order of some float additions, so a passage's vector
 * can differ in the seventh decimal with its batch (10 of the corpus's 842, by at most 1.2e-7; the eval
 * figures are the same, README "Ingest speed"). With enough passages the batches go to a pool of worker
 * threads, started as soon as that many are queued so the workers load the model while the ingest reads
 * the remaining files; a batch is sent as soon as it is full, longest first, and the shortest wait for the
 * next file's passages.
 */
export function embeddingQueue(embeddings: NamedEmbeddings, options: EmbedInBatchesOptions): EmbeddingQueue {
  return embeddings.modelId === LOCAL_EMBEDDING_MODEL
    ? new LocalEmbeddingQueue(embeddings, options)
    : new InThreadQueue(embeddings, options.onBatch);
}

/** A remote backend: batches in the order queued, all in this thread once the reading is done. */
class InThreadQueue implements EmbeddingQueue {
  private readonly texts: string[] = [];

  constructor(
    private readonly embeddings: NamedEmbeddings,
    private readonly onBatch: EmbedInBatchesOptions["onBatch"],
  ) {}

  add(texts: string[]): void {
    this.texts.push(...texts);
  }

  async finish(): Promise<number> {
    for (let first = 0; first < this.texts.length; first += REMOTE_BATCH) {
      const batch = this.texts.slice(first, first + REMOTE_BATCH);
      this.onBatch(
        batch.map((_, i) => first + i),
        await this.embeddings.embedDocuments(batch),
      );
    }
    return 0;
  }

  async close(): Promise<void> {}
}

class LocalEmbeddingQueue implements EmbeddingQueue {
  private readonly texts: string[] = [];
  private readonly tokens: number[] = [];
  /** Positions queued but not yet in a batch. */
  private waiting: number[] = [];
  private readonly tokenizer = new SentencePieceTokenizer(readLocalVocabulary());
  private pool?: Promise<Piscina>;
  private workers = 0;
  private readonly batches: Promise<void>[] = [];
  private failure?: { error: unknown };

  constructor(
    private readonly embeddings: NamedEmbeddings,
    private readonly options: EmbedInBatchesOptions,
  ) {}

  add(texts: string[]): void {
    for (const text of texts) {
      this.waiting.push(this.texts.length);
      this.texts.push(text);
      this.tokens.push(this.tokenizer.encode(text).length);
    }
    if (!this.pool && this.options.workers > 1 && this.waiting.length >= MIN_PASSAGES_FOR_WORKERS) {
      this.pool = startPool(this.options.workers);
      this.workers = this.options.workers;
    }
    if (this.pool) this.send(false);
  }

  async finish(): Promise<number> {
    if (this.pool) this.send(true);
    else {
      for (const batch of this.takeBatches(true)) {
        const vectors = await this.embeddings.embedDocuments(batch.map((i) => this.texts[i] ?? ""));
        this.options.onBatch(batch, vectors);
      }
    }
    await Promise.all(this.batches);
    await this.close();
    if (this.failure) throw this.failure.error;
    return this.workers;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await (await pool)?.close({ force: true });
  }

  /** Sends the batches that are ready to the pool; `all` at the end sends the rest too. */
  private send(all: boolean): void {
    const pool = this.pool;
    if (!pool) return;
    for (const batch of this.takeBatches(all)) {
      const texts = batch.map((i) => this.texts[i] ?? "");
      this.batches.push(
        pool
          .then((p) => p.run(texts) as Promise<number[][]>)
          .then(
            (vectors) => {
              if (!this.failure) this.options.onBatch(batch, vectors);
            },
            // Kept for finish() to throw: a rejection nobody awaits yet would end the process.
            (error: unknown) => {
              this.failure ??= { error };
            },
          ),
      );
    }
  }

  /** The waiting passages in batches, longest first; before the end only full batches, the rest wait. */
  private takeBatches(all: boolean): number[][] {
    this.waiting.sort((a, b) => (this.tokens[b] ?? 0) - (this.tokens[a] ?? 0) || a - b);
    const batches: number[][] = [];
    while (this.waiting.length >= LOCAL_EMBEDDING_BATCH || (all && this.waiting.length > 0)) {
      batches.push(this.waiting.splice(0, LOCAL_EMBEDDING_BATCH));
    }
    return batches;
  }
}

async function startPool(workers: number): Promise<Piscina> {
  // Imported here: a re-ingest with nothing to embed never starts threads or loads piscina.
  const { Piscina } = await import("piscina");
  // Every thread starts at once and loads the model (embedding-worker.ts); piscina's queue is unbounded,
  // so every batch can be queued and each worker takes the next as it finishes one.
  return new Piscina({
    filename: new URL("./embedding-worker-entry.mjs", import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    niceIncrement: WORKER_NICE_INCREMENT,
  });
}
