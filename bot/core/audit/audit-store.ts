/**
 * The audit trail: every answered question, feedback and hand-off, in one SQLite file, so trainers can see
 * what practitioners ask and where the guidance falls short. Questions and comments arrive already
 * redacted; user ids are never stored, only a keyed hash that lets the report count people without
 * naming them.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import { ROUTE_NAMES, type RouteName } from "../safety/risk.ts";
import type { EscalationLevel, Platform } from "../types.ts";
import { type AuditReport, buildReport, type ReportOptions } from "./audit-report.ts";
import { applyMigrations } from "./migrations.ts";

export type { AuditReport, ReportOptions } from "./audit-report.ts";

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
  /** Stores an answered question; returns its new id (a random UUID) for feedback and hand-offs. */
  recordAnswer(record: AnswerRecord): string;
  /** The answer recorded under `id`; undefined when there is none. */
  findAnswer(id: string): StoredAnswer | undefined;
  recordFeedback(record: FeedbackRecord): void;
  recordHandoff(record: HandoffRecord): void;
  report(options?: ReportOptions): AuditReport;
  close(): void;
}

/** The audit store's file name inside DATA_DIR. */
export const AUDIT_STORE_FILE = "audit.sqlite";

/** Where the audit store lives for a data folder. */
export const auditStorePath = (dataDir: string): string => path.join(dataDir, AUDIT_STORE_FILE);

/** The audit key must be as hard to guess as the AUDIT_KEY setting requires. */
const MIN_KEY_LENGTH = 16;
const KEY_FILE = "audit.key";

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

/**
 * Opens the audit store, creating its folder and file if needed (":memory:" gives a throwaway store),
 * upgrades its schema and switches it to WAL mode so the report can read while the bot writes.
 * Throws AuditSchemaTooNewError for a file written by newer code.
 */
export function openAuditStore(options: { file: string; userKey: string }): AuditStore {
  if (options.userKey.length < MIN_KEY_LENGTH) {
    throw new Error(`The audit key must be at least ${MIN_KEY_LENGTH} characters`);
  }
  const inMemory = options.file === ":memory:";
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
  const isNew = !inMemory && !fs.existsSync(options.file);
  const db = new Database(options.file);
  // Redacted questions are still about children at risk: only the service account reads them.
  // SQLite gives its -wal and -shm files the same mode.
  if (isNew) fs.chmodSync(options.file, 0o600);
  try {
    db.pragma("busy_timeout = 5000");
    // Migrate first, so a file from newer code is refused before anything in it changes.
    applyMigrations(db, options.file);
    db.pragma("journal_mode = WAL");
  } catch (error) {
    db.close();
    throw error;
  }

  const userHash = (where: Platform, userId: string | undefined): string | null =>
    userId === undefined
      ? null
      : createHmac("sha256", options.userKey).update(`${where}:${userId}`).digest("hex");
  const timestamp = (at: Date | undefined) => (at ?? new Date()).toISOString();

  const insertAnswer = db.prepare(
    `INSERT INTO answers (id, at, platform, user_hash, area, question, cited_chunks, found, level, route, latency_ms)
     VALUES (@id, @at, @platform, @userHash, @area, @question, @citedChunks, @found, @level, @route, @latencyMs)`,
  );
  // By primary key, so the lookup a hand-off makes needs no index of its own.
  const selectAnswer = db.prepare<[string], unknown>(
    "SELECT id, platform, area, question, level, route FROM answers WHERE id = ?",
  );
  const insertFeedback = db.prepare(
    `INSERT INTO feedback (at, answer_id, platform, user_hash, helpful, comment)
     VALUES (@at, @answerId, @platform, @userHash, @helpful, @comment)`,
  );
  const insertHandoff = db.prepare(
    `INSERT INTO handoffs (at, answer_id, platform, user_hash, area, level, question, note)
     VALUES (@at, @answerId, @platform, @userHash, @area, @level, @question, @note)`,
  );

  return {
    recordAnswer(record) {
      const r = answerSchema.parse(record);
      const id = randomUUID();
      insertAnswer.run({
        id,
        at: timestamp(r.at),
        platform: r.platform,
        userHash: userHash(r.platform, r.userId),
        area: r.area,
        question: r.question,
        citedChunks: JSON.stringify(r.citedChunks),
        found: r.found ? 1 : 0,
        level: r.level,
        route: r.route ?? null,
        latencyMs: Math.round(r.latencyMs),
      });
      return id;
    },
    findAnswer(id) {
      const row = selectAnswer.get(id);
      return row === undefined ? undefined : storedAnswerSchema.parse(row);
    },
    recordFeedback(record) {
      const r = feedbackSchema.parse(record);
      const comment = r.comment?.trim();
      insertFeedback.run({
        at: timestamp(r.at),
        answerId: r.answerId ?? null,
        platform: r.platform,
        userHash: userHash(r.platform, r.userId),
        helpful: r.helpful ? 1 : 0,
        comment: comment ? comment : null,
      });
    },
    recordHandoff(record) {
      const r = handoffSchema.parse(record);
      insertHandoff.run({
        at: timestamp(r.at),
        answerId: r.answerId ?? null,
        platform: r.platform,
        userHash: userHash(r.platform, r.userId),
        area: r.area,
        level: r.level,
        question: r.question,
        note: r.note?.trim() || null,
      });
    },
    report: (reportOptions) => buildReport(db, reportOptions),
    close: () => db.close(),
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
