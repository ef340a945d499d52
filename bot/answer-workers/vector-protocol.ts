import type { MessagePort } from "node:worker_threads";
import type { ErrorCode } from "../../foundation/errors.ts";
import type { Config } from "../config.ts";

/** What the vector thread starts with. */
export interface VectorThreadData {
  config: Config;
  /**
   * Tests only: the thread exits at once, as a native crash would, when asked to embed a text containing
   * this (from VECTOR_THREAD_TEST_CRASH under NODE_ENV=test, bot/main.ts).
   */
  crashOn?: string;
}

/**
 * What an answer worker posts on its parentPort to be connected to the vector thread: one end of a channel
 * of its own, which the server thread hands on (piscina gives a worker no other way to reach a sibling).
 */
export interface VectorConnect {
  kind: "vector-thread:connect";
  port: MessagePort;
}

export const VECTOR_CONNECT: VectorConnect["kind"] = "vector-thread:connect";

export function isVectorConnect(message: unknown): message is VectorConnect {
  return (message as Partial<VectorConnect> | null)?.kind === VECTOR_CONNECT;
}

/**
 * An answer worker's requests on its port. A generation is named by its folder. "open" and "search" hold
 * the generation for that worker (a vector thread started again after a crash loads it on the first
 * search); "release" lets go of it, and its graph is freed once no worker holds it.
 */
export type VectorRequest =
  | { id: number; kind: "embed-query"; text: string }
  | { id: number; kind: "embed-documents"; texts: string[] }
  | { id: number; kind: "open"; generation: string }
  | { id: number; kind: "search"; generation: string; vector: number[]; k: number; alsoScore: number[] }
  | { kind: "release"; generation: string };

/** The answer to the request with the same id; failures as a code and a sentence (an Error loses both). */
export type VectorReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; code: ErrorCode; message: string };
