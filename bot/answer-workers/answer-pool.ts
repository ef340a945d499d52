import { BroadcastChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";
import type { Config } from "../config.ts";
import type { AnswerFinder, AnswerFindings, FindOptions } from "../core/answer-finder.ts";
import { BUSY_RETRY_AFTER_SECONDS, PREPARE_TIMEOUT_MS, WORKER_YOUNG_GENERATION_MB } from "./pool-settings.ts";
import {
  GENERATION_CHANNEL,
  WORKER_FAILED_MESSAGE,
  type WorkerData,
  type WorkerMessage,
  type WorkerReply,
  type WorkerTask,
} from "./protocol.ts";
import { isVectorConnect, type VectorThreadData } from "./vector-protocol.ts";

export interface AnswerPoolOptions {
  config: Config;
  log: Logger;
  /** Worker threads, each with its own keyword index; the encoder and vectors are the vector thread's. */
  workers: number;
  /** Questions that may wait for a worker; more are refused as busy. */
  queue: number;
  /** The generation the server has in service now; every task carries it. */
  generation: () => string;
  /** Tests only: see WorkerData.crashOn. */
  crashOn?: string;
  /** Tests only: see VectorThreadData.crashOn. */
  vectorCrashOn?: string;
}

/** The answer finder backed by worker threads, with what the server needs to run it. */
export interface AnswerPool extends AnswerFinder {
  /** Resolves once every first worker has loaded the index (its vectors in the vector thread) and said so. */
  ready: Promise<void>;
  /**
   * Asks every worker to load `generation` while it goes on answering, and resolves once each has it in
   * service (or after PREPARE_TIMEOUT_MS): the server switches after this, so no question it sends for
   * the new generation waits for a worker to load it.
   */
  prepare(generation: string): Promise<void>;
  /** Tells every worker that the server switched to `generation`; one that has not loaded it yet does. */
  announce(generation: string): void;
  close(): Promise<void>;
}

/** How much lower than the server thread the workers are scheduled (Linux), so acknowledgements go first. */
const WORKER_NICE_INCREMENT = 5;

const BUSY =
  "The assistant is answering as many questions as it can right now; please ask again in a few seconds.";

/** What piscina rejects with when its own queue bound is reached (its errors are not exported). */
const PISCINA_QUEUE_FULL = "Task queue is at limit";

export function startAnswerPool(options: AnswerPoolOptions): AnswerPool {
  const { log } = options;
  const workerData: WorkerData = {
    config: options.config,
    ...(options.crashOn !== undefined ? { crashOn: options.crashOn } : {}),
  };
  // The one thread that holds the sentence encoder and the vector graphs for every worker. Piscina starts
  // it (at the workers' priority, with tsx registered, replaced should it die) and hands it each worker's
  // port as a task; "async" keeps its event loop running between tasks, so it hears those ports.
  const vectorThread = new Piscina({
    filename: new URL("./vector-thread-entry.mjs", import.meta.url).href,
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
    niceIncrement: WORKER_NICE_INCREMENT,
    atomics: "async",
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    workerData: {
      config: options.config,
      ...(options.vectorCrashOn !== undefined ? { crashOn: options.vectorCrashOn } : {}),
    } satisfies VectorThreadData,
  });
  const pool = new Piscina({
    // A plain module that registers tsx in the thread, then loads answer-worker.ts.
    filename: new URL("./worker-entry.mjs", import.meta.url).href,
    minThreads: options.workers,
    maxThreads: options.workers,
    maxQueue: options.queue,
    // Workers hold the index: never let one go idle and unload it.
    idleTimeout: Number.POSITIVE_INFINITY,
    niceIncrement: WORKER_NICE_INCREMENT,
    // With piscina's default ("sync") an idle worker blocks in Atomics.wait between tasks, so it heard the
    // server's generation messages, and went on loading a new generation, only while it had a question:
    // a swap of 100,000 passages progressed a question at a time. "async" keeps the event loop running.
    atomics: "async",
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    workerData,
  });
  let starting = true;
  let failStart: (error: unknown) => void = () => {};
  // A worker that fails outside a question is logged and replaced by piscina; one that fails while the
  // first workers start stops start-up with the reason (piscina does not restart those).
  pool.on("error", (error: unknown) => {
    log.error("answer_workers.worker_failed", { error });
    if (starting) failStart(error);
  });
  vectorThread.on("error", (error: unknown) => {
    log.error("answer_workers.vector_thread_failed", { error });
    if (starting) failStart(error);
  });
  // A worker (a first one, or a replacement, or one whose vector thread was replaced) asks to be connected.
  pool.on("message", (message: unknown) => {
    if (!isVectorConnect(message)) return;
    vectorThread.run({ port: message.port }, { transferList: [message.port] }).catch((error: unknown) => {
      log.error("answer_workers.vector_connect_failed", { error });
      if (starting) failStart(error);
    });
  });

  const channel = new BroadcastChannel(GENERATION_CHANNEL);
  channel.unref();
  let readyWorkers = 0;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = () => {
      starting = false;
      resolve();
    };
    failStart = (error) => {
      starting = false;
      reject(
        new CodedError(ErrorCode.Internal, "The answer workers could not start; the log has the reason.", {
          cause: error,
        }),
      );
    };
  });
  /** For each generation being prepared: the workers that have loaded it, and what to call when all have. */
  const preparing = new Map<string, { loaded: Set<number>; done: () => void }>();
  channel.onmessage = (event) => {
    const message = (event as { data: WorkerMessage }).data;
    if (message.kind === "loaded") {
      const waiting = preparing.get(message.generation);
      waiting?.loaded.add(message.worker);
      if (waiting && waiting.loaded.size >= options.workers) waiting.done();
      return;
    }
    if (message.kind !== "ready") return;
    readyWorkers += 1;
    log.info("answer_workers.worker_ready", { generation: message.generation, ready: readyWorkers });
    if (readyWorkers >= options.workers) markReady();
  };

  const busy = () => new CodedError(ErrorCode.Busy, BUSY, { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });

  return {
    ready,

    async find(question: string, findOptions: FindOptions): Promise<AnswerFindings> {
      const task: WorkerTask = {
        question,
        area: findOptions.area,
        limit: findOptions.limit,
        generation: options.generation(),
      };
      // Refused here, before anything is queued: the queue stays bounded and the refusal costs nothing.
      if (pool.queueSize >= options.queue) throw busy();
      let reply: WorkerReply;
      try {
        reply = (await pool.run(task)) as WorkerReply;
      } catch (error) {
        if (error instanceof Error && error.message === PISCINA_QUEUE_FULL) throw busy();
        // The worker died with this question in flight; piscina has already started its replacement.
        log.error("answer_workers.question_lost", { code: ErrorCode.WorkerFailed, error });
        throw new CodedError(ErrorCode.WorkerFailed, WORKER_FAILED_MESSAGE, {
          cause: error,
          retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
        });
      }
      if (!reply.ok) throw new CodedError(reply.code, reply.message);
      return reply.findings;
    },

    async prepare(generation) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        preparing.set(generation, { loaded: new Set(), done: resolve });
        timer = setTimeout(() => {
          log.warn("answer_workers.prepare_timed_out", {
            generation,
            loaded: preparing.get(generation)?.loaded.size ?? 0,
          });
          resolve();
        }, PREPARE_TIMEOUT_MS);
        timer.unref();
        channel.postMessage({ kind: "prepare", generation } satisfies WorkerMessage);
      });
      clearTimeout(timer);
      preparing.delete(generation);
    },

    announce(generation) {
      channel.postMessage({ kind: "switch", generation } satisfies WorkerMessage);
    },

    async close() {
      channel.close();
      await pool.close({ force: true });
      await vectorThread.close({ force: true });
    },
  };
}
