import type { NamedEmbeddings } from "../knowledge/embeddings/create-embeddings.ts";
import { type EmbeddingQueue, embeddingQueue } from "../knowledge/embeddings/embed-in-batches.ts";
import { EmbeddingCache } from "../knowledge/embeddings/embedding-cache.ts";
import type { ChunkRecord } from "../knowledge/types.ts";
import type { IngestProgress } from "./pipeline.ts";

/** What is embedded for a chunk: its document and section give the passage its context. */
export function embeddingText(chunk: ChunkRecord): string {
  return [chunk.title, chunk.headingPath.join(" > "), chunk.text].filter(Boolean).join("\n");
}

/**
 * The vectors of an ingest's passages: from the embedding cache where it has them, otherwise embedded.
 * Each file's passages are queued as soon as the file is read, so the embedding workers start (and load
 * the model) and embed the first files while the ingest reads the rest.
 */
export class PassageVectors {
  private readonly cache: EmbeddingCache;
  private readonly queue: EmbeddingQueue;
  private readonly vectors = new Map<string, number[]>();
  /** Texts in the order queued: the queue reports a batch by these positions. */
  private readonly queued: string[] = [];
  private readonly waiting = new Set<string>();
  private reading = true;
  private readonly onProgress: ((progress: IngestProgress) => void) | undefined;
  /** Passages embedded so far, for the report. */
  embedded = 0;

  constructor(
    private readonly embeddings: NamedEmbeddings,
    options: {
      cacheFile: string;
      workers: number;
      onProgress?: ((progress: IngestProgress) => void) | undefined;
    },
  ) {
    this.cache = new EmbeddingCache(options.cacheFile);
    const { onProgress } = options;
    this.queue = embeddingQueue(embeddings, {
      workers: options.workers,
      onBatch: (positions, fresh) => {
        const entries = positions.map((p, j) => ({ text: this.queued[p] ?? "", vector: fresh[j] ?? [] }));
        // Cached as each batch finishes, so an interrupted ingest resumes where it stopped.
        this.cache.putMany(embeddings.modelId, entries);
        for (const { text, vector } of entries) {
          this.vectors.set(text, vector);
          this.waiting.delete(text);
        }
        this.embedded += entries.length;
        // While files are still being read the reading phase is what a person watches.
        if (!this.reading) onProgress?.({ phase: "embed", done: this.embedded, total: this.queued.length });
      },
    });
    this.onProgress = onProgress;
  }

  /** Looks the chunks up in the cache and queues the rest for embedding. */
  add(chunks: ChunkRecord[]): void {
    const missing: string[] = [];
    for (const chunk of chunks) {
      const text = embeddingText(chunk);
      if (this.vectors.has(text) || this.waiting.has(text)) continue;
      const cached = this.cache.get(this.embeddings.modelId, text);
      if (cached) this.vectors.set(text, cached);
      else {
        this.waiting.add(text);
        missing.push(text);
      }
    }
    this.queued.push(...missing);
    this.queue.add(missing);
  }

  /**
   * The vectors of `chunks` (every passage of the new index, in its order), once every queued passage is
   * embedded. Returns them with the embedding workers used (0: in this thread).
   */
  async finish(chunks: ChunkRecord[]): Promise<{ vectors: number[][]; workers: number }> {
    this.add(chunks);
    this.reading = false;
    this.onProgress?.({ phase: "embed", done: this.embedded, total: this.queued.length });
    const workers = await this.queue.finish();
    return { vectors: chunks.map((c) => this.vectors.get(embeddingText(c)) ?? []), workers };
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.cache.close();
  }
}
