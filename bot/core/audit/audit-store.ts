/**
 * The audit trail: every answered question, feedback and hand-off, in the store's database, so trainers see
 * what practitioners ask and where the guidance falls short. Questions and comments arrive already
 * redacted; user ids are never stored, only a keyed hash that lets the report count people without
 * naming them.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Logger } from "../../../foundation/log.ts";
import { ROUTE_NAMES, type RouteName } from "../safety/risk.ts";
import type { EscalationLevel, Platform } from "../types.ts";
import { type AuditReport, buildReport, type ReportOptions, type ReportQuery } from "./audit-report.ts";
import {
  DEFAULT_WRITE_QUEUE,
  WriteQueue,
  type WriteQueueOptions,
  type WriteQueueState,
} from "./write-queue.ts";

export type { AuditReport, ReportOptions, ReportQuery } from "./audit-report.ts";
export type { WriteQueueOptions, WriteQueueState };

export interface AnswerRecord {
  platform: Platform;
  userId?: string;
  area: string;
  /** Already redacted by the core. */
  question: string;
  citedChunks: string[];
  found: boolean;
  level: EscalationLevel | null;
  /** The route the escalation took (LADO, FGM, ...), so a hand-off offers the same contacts. */
  route?: RouteName | null;
  latencyMs: number;
  at?: Date;
}

/** What a hand-off needs of an answer given earlier: its redacted question, where and how serious. */
export interface StoredAnswer {
  id: string;
  platform: Platform;
  area: string;
  /** As redacted by the core when the answer was given. */
  question: string;
  level: EscalationLevel | null;
  /** Null for answers recorded without one (no escalation, or stored before routes were kept). */
  route: RouteName | null;
}

export interface FeedbackRecord {
  answerId?: string;
  platform: Platform;
  userId?: string;
  helpful: boolean;
  /** Already redacted by the core. */
  comment?: string;
  at?: Date;
}

export interface HandoffRecord {
  answerId?: string;
  platform: Platform;
  userId?: string;
  area: string;
  level: EscalationLevel | null;
  /** Already redacted by the core. */
  question: string;
  /** Already redacted by the core. */
  note?: string;
  at?: Date;
}

export interface AuditStore {
  /**
   * Stores an answered question; returns its new id (a random UUID) for feedback and hand-offs at once,
   * while the row may still be waiting for the database (see writes()).
   */
  recordAnswer(record: AnswerRecord): string;
  /** The answer recorded under `id`, written or still queued; undefined when there is none. */
  findAnswer(id: string): Promise<StoredAnswer | undefined>;
  recordFeedback(record: FeedbackRecord): void;
  recordHandoff(record: HandoffRecord): void;
  /** Waits (a few seconds at most) for queued writes, then reads the report from the database. */
  report(options?: ReportOptions): Promise<AuditReport>;
  /** How the writes are going: queued, written, retried, dropped. */
  writes(): WriteQueueState;
  /** Waits for queued writes up to `graceMs`, then closes the database. */
  close(graceMs?: number): Promise<void>;
}

/** An answer as its table stores it; the engines bind these columns in this order. */
export interface AnswerRow {
  id: string;
  at: string;
  platform: Platform;
  user_hash: string | null;
  area: string;
  question: string;
  cited_chunks: string;
  found: 0 | 1;
  level: EscalationLevel | null;
  route: RouteName | null;
  latency_ms: number;
}

export interface FeedbackRow {
  at: string;
  answer_id: string | null;
  platform: Platform;
  user_hash: string | null;
  helpful: 0 | 1;
  comment: string | null;
}

export interface HandoffRow {
  at: string;
  answer_id: string | null;
  platform: Platform;
  user_hash: string | null;
  area: string;
  level: EscalationLevel | null;
  question: string;
  note: string | null;
}

/** The three audit tables in one database engine (SQLite or PostgreSQL); see bot/store. */
export interface AuditTables {
  /** Whether a failed insert can never succeed: the database refused the row, not the connection. */
  refusesForGood(error: unknown): boolean;
  insertAnswer(row: AnswerRow): Promise<void>;
  insertFeedback(row: FeedbackRow): Promise<void>;
  insertHandoff(row: HandoffRow): Promise<void>;
  /** The columns of StoredAnswer for `id`, undefined when there is no such row. */
  selectAnswer(id: string): Promise<unknown>;
  /** Runs one of the report's read-only queries. */
  query: ReportQuery;
  close(): Promise<void>;
}

/** The audit key must be as hard to guess as the AUDIT_KEY setting requires. */
const MIN_KEY_LENGTH = 16;
const KEY_FILE = "audit.key";
/** How long a report waits for queued writes before reading what the database has. */
const REPORT_FLUSH_MS = 3_000;

const platform = z.enum(["slack", "teams", "web", "cli"]);
const level = z.enum(["emergency", "urgent", "advice"]).nullable();
const route = z.enum(ROUTE_NAMES).nullable();
const validDate = z.date().optional();

const answerSchema = z.object({
  platform,
  userId: z.string().optional(),
  area: z.string(),
  question: z.string(),
  citedChunks: z.array(z.string()),
  found: z.boolean(),
  level,
  route: route.optional(),
  latencyMs: z.number().nonnegative(),
  at: validDate,
});

const feedbackSchema = z.object({
  answerId: z.string().optional(),
  platform,
  userId: z.string().optional(),
  helpful: z.boolean(),
  comment: z.string().optional(),
  at: validDate,
});

const handoffSchema = z.object({
  answerId: z.string().optional(),
  platform,
  userId: z.string().optional(),
  area: z.string(),
  level,
  question: z.string(),
  note: z.string().optional(),
  at: validDate,
});

const storedAnswerSchema = z.object({
  id: z.string(),
  platform,
  area: z.string(),
  question: z.string(),
  level,
  route,
});

/** Throws for a key too short to keep hashed user ids from being guessed back. */
export function checkAuditKey(userKey: string): void {
  if (userKey.length < MIN_KEY_LENGTH) {
    throw new Error(`The audit key must be at least ${MIN_KEY_LENGTH} characters`);
  }
}

/**
 * The audit store over an engine's tables: records are checked, user ids replaced by a keyed hash, and
 * every write goes through a bounded queue that retries while the database is away.
 */
export function createAuditStore(
  tables: AuditTables,
  options: { userKey: string; log: Logger; queue?: WriteQueueOptions },
): AuditStore {
  checkAuditKey(options.userKey);
  const queue = new WriteQueue<string>(options.log, {
    ...(options.queue ?? DEFAULT_WRITE_QUEUE),
    isPermanent: tables.refusesForGood,
  });
  let sequence = 0;
  const userHash = (where: Platform, userId: string | undefined): string | null =>
    userId === undefined
      ? null
      : createHmac("sha256", options.userKey).update(`${where}:${userId}`).digest("hex");
  const timestamp = (at: Date | undefined) => (at ?? new Date()).toISOString();

  return {
    recordAnswer(record) {
      const r = answerSchema.parse(record);
      const row: AnswerRow = {
        id: randomUUID(),
        at: timestamp(r.at),
        platform: r.platform,
        user_hash: userHash(r.platform, r.userId),
        area: r.area,
        question: r.question,
        cited_chunks: JSON.stringify(r.citedChunks),
        found: r.found ? 1 : 0,
        level: r.level,
        route: r.route ?? null,
        latency_ms: Math.round(r.latencyMs),
      };
      queue.push(row.id, row, () => tables.insertAnswer(row));
      return row.id;
    },
    async findAnswer(id) {
      const row = queue.find(id) ?? (await tables.selectAnswer(id));
      return row === undefined ? undefined : storedAnswerSchema.parse(row);
    },
    recordFeedback(record) {
      const r = feedbackSchema.parse(record);
      const comment = r.comment?.trim();
      const row: FeedbackRow = {
        at: timestamp(r.at),
        answer_id: r.answerId ?? null,
        platform: r.platform,
        user_hash: userHash(r.platform, r.userId),
        helpful: r.helpful ? 1 : 0,
        comment: comment ? comment : null,
      };
      queue.push(`feedback:${++sequence}`, row, () => tables.insertFeedback(row));
    },
    recordHandoff(record) {
      const r = handoffSchema.parse(record);
      const row: HandoffRow = {
        at: timestamp(r.at),
        answer_id: r.answerId ?? null,
        platform: r.platform,
        user_hash: userHash(r.platform, r.userId),
        area: r.area,
        level: r.level,
        question: r.question,
        note: r.note?.trim() || null,
      };
      queue.push(`handoff:${++sequence}`, row, () => tables.insertHandoff(row));
    },
    async report(reportOptions) {
      await queue.flush(REPORT_FLUSH_MS);
      return buildReport(tables.query, reportOptions);
    },
    writes: () => queue.state(),
    async close(graceMs = 10_000) {
      const drained = await queue.flush(graceMs);
      queue.stop();
      if (!drained) options.log.error("audit.writes_unsaved", { ...queue.state() });
      await tables.close();
    },
  };
}

/**
 * The key that hashes user ids: the configured AUDIT_KEY, or else the one kept in DATA_DIR/audit.key,
 * created (32 random bytes, hex, readable by the owner only) the first time. Keeping it on disk keeps the
 * hashes of the same person stable across restarts.
 */
export function resolveAuditKey(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, KEY_FILE);
  if (!fs.existsSync(file)) createKeyFile(file);
  const key = fs.readFileSync(file, "utf8").trim();
  if (key.length < MIN_KEY_LENGTH) {
    // Replacing it silently would change every user's hash; an admin should decide.
    throw new Error(`${file} holds no usable audit key (at least ${MIN_KEY_LENGTH} characters expected)`);
  }
  return key;
}

/** Writes the key beside its final name and links it into place, so no reader ever sees a half-written key. */
function createKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(draft, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(draft, file);
  } catch (error) {
    // Another process made it first: everyone uses that one.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.unlinkSync(draft);
  }
}
