import fs from "node:fs";
import path from "node:path";
import type { Logger } from "../foundation/log.ts";
import type { NamedEmbeddings } from "./embeddings/create-embeddings.ts";
import { KnowledgeIndex, type LoadOptions } from "./knowledge-index.ts";

/** LoadOptions are as KnowledgeIndex.load takes them, for every generation this loads. */
export interface LiveIndexOptions extends LoadOptions {
  /** Work on a loaded generation before it is switched in (not on its first question). */
  prepare?: (next: KnowledgeIndex) => Promise<void>;
}

/** How often the server looks for a newly switched-in index. */
const POLL_MS = 2000;

/**
 * The index in service, replaced without a restart when an ingest switches in a new generation. A question
 * holds on to the KnowledgeIndex it started with, so a swap never fails a question in flight.
 */
export class LiveIndex {
  private timer?: NodeJS.Timeout;
  private loading?: Promise<void>;
  private failedGeneration?: string;
  private readonly switchListeners: ((generation: string, previous: KnowledgeIndex) => void)[] = [];

  private constructor(
    private readonly indexDir: string,
    private readonly embeddings: NamedEmbeddings,
    private readonly log: Logger,
    private index: KnowledgeIndex,
    private readonly options: LiveIndexOptions,
  ) {}

  static async open(
    indexDir: string,
    embeddings: NamedEmbeddings,
    log: Logger,
    options: LiveIndexOptions = {},
  ): Promise<LiveIndex> {
    const index = await KnowledgeIndex.load(indexDir, embeddings, options);
    return new LiveIndex(indexDir, embeddings, log, index, options);
  }

  get current(): KnowledgeIndex {
    return this.index;
  }

  /** The name of the generation in service (its folder's name, as CURRENT names it). */
  get generation(): string {
    return path.basename(this.index.generationDir);
  }

  /**
   * Calls `listener` with the generation's name and the one it replaced after each switch, e.g. to tell
   * answer workers, or to release the replaced one once no question holds it.
   */
  onSwitch(listener: (generation: string, previous: KnowledgeIndex) => void): void {
    this.switchListeners.push(listener);
  }

  /** Whether a newer generation is being loaded now (the current one answers meanwhile). */
  get loadingNext(): boolean {
    return this.loading !== undefined;
  }

  /** Starts polling for a new generation. */
  watch(intervalMs = POLL_MS): void {
    this.timer ??= setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  /**
   * Loads the generation named by CURRENT if it is not the one in service; true when it switched. A
   * generation that failed to load is not tried again until CURRENT names another one, so a broken build is
   * reported once rather than reloaded on every poll and every question.
   */
  async refresh(): Promise<boolean> {
    if (this.loading) {
      await this.loading;
      return false;
    }
    const name = readCurrentName(this.indexDir);
    if (!name || name === this.generation || name === this.failedGeneration) return false;
    let switched = false;
    const { prepare } = this.options;
    const loaded = KnowledgeIndex.load(this.indexDir, this.embeddings, this.options).then(async (next) => {
      await prepare?.(next);
      return next;
    });
    this.loading = loaded.then(
      (next) => {
        const previous = this.index;
        this.index = next;
        this.failedGeneration = undefined;
        switched = true;
        this.log.info("index.switched", { generation: name, chunks: next.size });
        for (const listener of this.switchListeners) {
          // A listener's failure (e.g. announcing during shutdown) must not stop later refreshes.
          try {
            listener(name, previous);
          } catch (error) {
            this.log.error("index.switch_listener_failed", { generation: name, error });
          }
        }
      },
      // A generation that cannot be loaded is reported; the one in service keeps answering.
      (error: unknown) => {
        this.failedGeneration = name;
        this.log.error("index.reload_failed", { generation: name, error });
      },
    );
    try {
      await this.loading;
    } finally {
      this.loading = undefined;
    }
    return switched;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

function readCurrentName(indexDir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(indexDir, "CURRENT"), "utf8").trim();
  } catch {
    return undefined;
  }
}
