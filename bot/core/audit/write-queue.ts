/**
 * Audit writes wait here while the database cannot take them (a PostgreSQL restart, a failover), and are
 * written in order once it can: a question is answered whether or not its audit row could be written yet.
 * The queue is bounded so a long outage cannot take the process's memory; what no longer fits is counted
 * as dropped and logged, never silently lost. A row the database refuses for good (a constraint or a type it
 * will never accept) is counted as rejected and logged instead of being retried, so one bad row cannot hold
 * back every row behind it.
 */
import type { Logger } from "../../../foundation/log.ts";

export interface WriteQueueOptions {
  /** Writes kept while the database is away; beyond this the oldest are dropped (and counted). */
  capacity: number;
  /** First pause after a failure; doubles up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Whether a failed write can never succeed (the database refused the row, not the connection). */
  isPermanent?: (error: unknown) => boolean;
}

/**
 * 10,000 rows is several hours of questions for a large trust (the busiest test deployment saw ~600 an
 * hour) in a few megabytes; retrying from 200 ms to 5 s notices a restarted PostgreSQL within seconds
 * without flooding its log while it is down.
 */
export const DEFAULT_WRITE_QUEUE: WriteQueueOptions = {
  capacity: 10_000,
  firstDelayMs: 200,
  maxDelayMs: 5_000,
};

export interface WriteQueueState {
  /** Writes waiting for the database. */
  pending: number;
  /** Written since start. */
  written: number;
  /** Attempts that failed and were kept for another try. */
  retried: number;
  /** Writes given up because the queue was full. */
  dropped: number;
  /** Writes the database refused for good (see WriteQueueOptions.isPermanent). */
  rejected: number;
  /** The last failure's message while writes are waiting; undefined once the queue drains. */
  lastError?: string;
}

interface Entry<K> {
  key: K;
  value: unknown;
  write: () => Promise<void>;
}

export class WriteQueue<K> {
  private readonly entries: Entry<K>[] = [];
  private readonly counts = { written: 0, retried: 0, dropped: 0, rejected: 0 };
  private lastError: string | undefined;
  private draining = false;
  private inFlight: Entry<K> | undefined;
  private stopped = false;
  private delayMs: number;
  private timer: NodeJS.Timeout | undefined;
  private idle: (() => void)[] = [];

  constructor(
    private readonly log: Logger,
    private readonly options: WriteQueueOptions = DEFAULT_WRITE_QUEUE,
  ) {
    this.delayMs = options.firstDelayMs;
  }

  /** Queues a write and starts it at once when nothing is waiting (so a healthy SQLite write is synchronous). */
  push(key: K, value: unknown, write: () => Promise<void>): void {
    if (this.entries.length >= this.options.capacity) {
      // The oldest not already being written: one in flight may yet succeed.
      this.entries.splice(this.entries[0] === this.inFlight ? 1 : 0, 1);
      this.counts.dropped += 1;
      this.log.error("audit.write_dropped", {
        capacity: this.options.capacity,
        dropped: this.counts.dropped,
      });
    }
    this.entries.push({ key, value, write });
    if (!this.draining && !this.stopped && this.timer === undefined) void this.drain();
  }

  /** The value queued under `key`, for reads of rows not written yet. */
  find(key: K): unknown {
    return this.entries.find((e) => e.key === key)?.value;
  }

  state(): WriteQueueState {
    return {
      pending: this.entries.length,
      ...this.counts,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** Resolves when nothing is waiting, or after `timeoutMs`; returns whether the queue is empty. */
  async flush(timeoutMs: number): Promise<boolean> {
    if (this.entries.length === 0) return true;
    let timeout: NodeJS.Timeout | undefined;
    const drained = new Promise<boolean>((resolve) => this.idle.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => {
      timeout = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([drained, late]);
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Stops retrying; what is still queued stays counted as pending. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    if (this.stopped) return;
    this.draining = true;
    try {
      while (this.entries.length > 0) {
        const entry = this.entries[0] as Entry<K>;
        this.inFlight = entry;
        try {
          await entry.write();
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (this.options.isPermanent?.(error)) {
            this.entries.splice(this.entries.indexOf(entry), 1);
            this.counts.rejected += 1;
            this.log.error("audit.write_rejected", { rejected: this.counts.rejected, error: message });
            continue;
          }
          this.counts.retried += 1;
          if (this.lastError === undefined)
            this.log.warn("audit.write_failed", { pending: this.entries.length, error: message });
          this.lastError = message;
          this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.drain();
          }, this.delayMs);
          // close() waits for the queue; the timer alone must not keep a finished process alive.
          this.timer.unref();
          this.delayMs = Math.min(this.delayMs * 2, this.options.maxDelayMs);
          return;
        }
        this.entries.splice(this.entries.indexOf(entry), 1);
        this.counts.written += 1;
        if (this.lastError !== undefined) {
          this.lastError = undefined;
          this.log.info("audit.writes_resumed", { pending: this.entries.length });
        }
        this.delayMs = this.options.firstDelayMs;
      }
      for (const resolve of this.idle.splice(0)) resolve();
    } finally {
      this.inFlight = undefined;
      this.draining = false;
    }
  }
}
