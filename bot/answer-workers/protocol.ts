import type { ErrorCode } from "../../foundation/errors.ts";
import type { Config } from "../config.ts";
import type { AnswerFindings } from "../core/answer-finder.ts";

/** The BroadcastChannel the server and every answer worker share for index generations. */
export const GENERATION_CHANNEL = "answer-workers:index-generation";

/** What a practitioner reads when a worker, or the vector thread it asks, ended while answering. */
export const WORKER_FAILED_MESSAGE =
  "Answering that question failed part-way; please ask it again, and if it fails again contact your designated safeguarding lead.";

/** What each worker starts with. */
export interface WorkerData {
  config: Config;
  /**
   * Tests only: a worker whose question contains this text exits at once, as a crashed thread would. Set
   * from ANSWER_WORKER_TEST_CRASH only when NODE_ENV is "test" (bot/main.ts); never part of the
   * configuration an admin writes.
   */
  crashOn?: string;
}

/** One redacted question for a worker, with the generation the server has in service. */
export interface WorkerTask {
  question: string;
  area?: string | undefined;
  limit: number;
  generation: string;
}

export type WorkerReply =
  | { ok: true; findings: AnswerFindings }
  | { ok: false; code: ErrorCode; message: string };

/**
 * On GENERATION_CHANNEL: the server asks every worker to load a new generation before it switches
 * ("prepare"), and announces the switch; a worker says it is ready (started) or has loaded what it was
 * asked to, and which generation it has in service.
 */
export type WorkerMessage =
  | { kind: "prepare"; generation: string }
  | { kind: "switch"; generation: string }
  | { kind: "ready"; generation: string }
  | { kind: "loaded"; generation: string; worker: number };
