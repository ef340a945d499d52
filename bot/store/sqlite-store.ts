/**
 * The embedded engine: one SQLite file in DATA_DIR (audit.sqlite) for the audit, delivery claims and Teams
 * conversation references, in WAL mode so the report reads while the bot writes. The ingest lock is the
 * lock file in INDEX_DIR and the index generation is named by its CURRENT file, which every process on
 * this machine already watches.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createLogger, type Logger } from "../../foundation/log.ts";
import { fileIngestLock } from "../../ingest/ingest-lock.ts";
import {
  type AuditStore,
  type AuditTables,
  checkAuditKey,
  createAuditStore,
} from "../core/audit/audit-store.ts";
import type { DeliveryClaims } from "../core/delivery-claims.ts";
import type { ConversationTable } from "../teams/conversation-store.ts";
import { applyMigrations } from "./sqlite-migrations.ts";
import { CLAIM_SWEEP_MS, CLAIM_TTL_MS, type Store } from "./store.ts";

/** The store's file name inside DATA_DIR (named when it held only the audit). */
export const AUDIT_STORE_FILE = "audit.sqlite";

const quiet = createLogger("silent");

/** Where the SQLite store lives for a data folder. */
export const auditStorePath = (dataDir: string): string => path.join(dataDir, AUDIT_STORE_FILE);

/**
 * Opens the file, creating its folder and the file if needed (":memory:" gives a throwaway store) and
 * upgrading its schema. Throws AuditSchemaTooNewError for a file written by newer code.
 */
export function openSqliteDatabase(file: string): Database.Database {
  const inMemory = file === ":memory:";
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const isNew = !inMemory && !fs.existsSync(file);
  const db = new Database(file);
  // Redacted questions are still about children at risk: only the service account reads them.
  // SQLite gives its -wal and -shm files the same mode.
  if (isNew) fs.chmodSync(file, 0o600);
  try {
    db.pragma("busy_timeout = 5000");
    // Migrate first, so a file from newer code is refused before anything in it changes.
    applyMigrations(db, file);
    db.pragma("journal_mode = WAL");
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The audit tables in a SQLite database; every statement is prepared once with bound parameters. */
export function sqliteAuditTables(db: Database.Database): AuditTables {
  const insertAnswer = db.prepare(
    `INSERT INTO answers (id, at, platform, user_hash, area, question, cited_chunks, found, level, route, latency_ms)
     VALUES (@id, @at, @platform, @user_hash, @area, @question, @cited_chunks, @found, @level, @route, @latency_ms)
     ON CONFLICT (id) DO NOTHING`,
  );
  // By primary key, so the lookup a hand-off makes needs no index of its own.
  const selectAnswer = db.prepare<[string], unknown>(
    "SELECT id, platform, area, question, level, route FROM answers WHERE id = ?",
  );
  const insertFeedback = db.prepare(
    `INSERT INTO feedback (at, answer_id, platform, user_hash, helpful, comment)
     VALUES (@at, @answer_id, @platform, @user_hash, @helpful, @comment)`,
  );
  const insertHandoff = db.prepare(
    `INSERT INTO handoffs (at, answer_id, platform, user_hash, area, level, question, note)
     VALUES (@at, @answer_id, @platform, @user_hash, @area, @level, @question, @note)`,
  );
  // better-sqlite3 is synchronous: each write is done by the time the call returns.
  return {
    refusesForGood: sqliteRefusedRow,
    insertAnswer: async (row) => void insertAnswer.run(row),
    insertFeedback: async (row) => void insertFeedback.run(row),
    insertHandoff: async (row) => void insertHandoff.run(row),
    selectAnswer: async (id) => selectAnswer.get(id),
    query: async (sql, params) => db.prepare<unknown[], Record<string, unknown>>(sql).all(...params),
    close: async () => {
      db.close();
    },
  };
}

/** Whether SQLite refused the row itself (a constraint, a type), not a busy, locked or full database. */
export function sqliteRefusedRow(error: unknown): boolean {
  return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(String((error as { code?: unknown })?.code));
}

function sqliteClaims(db: Database.Database, now: () => number = Date.now): DeliveryClaims {
  const insert = db.prepare(
    "INSERT INTO delivery_claims (key, claimed_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
  );
  const forget = db.prepare("DELETE FROM delivery_claims WHERE claimed_at < ?");
  // All keys or none: a delivery already claimed under one of its keys records nothing new.
  const claimAll = db.transaction((keys: string[], at: string) => {
    for (const key of keys) {
      if (insert.run(key, at).changes === 0) throw new AlreadyClaimed();
    }
  });
  let sweptAt = Number.NEGATIVE_INFINITY;
  return {
    async claim(...keys) {
      const present = keys.filter((k): k is string => Boolean(k));
      const at = now();
      if (at - sweptAt >= CLAIM_SWEEP_MS) {
        forget.run(new Date(at - CLAIM_TTL_MS).toISOString());
        sweptAt = at;
      }
      try {
        claimAll(present, new Date(at).toISOString());
        return true;
      } catch (error) {
        if (error instanceof AlreadyClaimed) return false;
        throw error;
      }
    },
  };
}

class AlreadyClaimed extends Error {}

function sqliteConversations(db: Database.Database): ConversationTable {
  const select = db.prepare<[string], { reference: string }>(
    "SELECT reference FROM conversation_references WHERE key = ?",
  );
  const upsert = db.prepare(
    `INSERT INTO conversation_references (key, reference, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
  );
  return {
    read: async (key) => select.get(key)?.reference,
    write: async (key, json) => {
      upsert.run(key, json, new Date().toISOString());
    },
  };
}

/** The audit store alone in a SQLite file, for the report and tools that need nothing else. */
export function openAuditStore(options: { file: string; userKey: string }, log: Logger = quiet): AuditStore {
  checkAuditKey(options.userKey);
  return createAuditStore(sqliteAuditTables(openSqliteDatabase(options.file)), {
    userKey: options.userKey,
    log,
  });
}

export function openSqliteStore(options: { file: string; userKey: string }, log: Logger): Store {
  checkAuditKey(options.userKey);
  const db = openSqliteDatabase(options.file);
  const audit = createAuditStore(sqliteAuditTables(db), { userKey: options.userKey, log });
  return {
    engine: "sqlite",
    audit,
    claims: sqliteClaims(db),
    conversations: sqliteConversations(db),
    ingestLock: fileIngestLock,
    // Every process on this machine polls INDEX_DIR/CURRENT, so there is nobody else to tell.
    announceGeneration: async () => undefined,
    onGeneration: () => undefined,
    health: () => ({ engine: "sqlite", state: "ok", audit: audit.writes() }),
    // Closing the audit closes the database, after its queued writes.
    close: () => audit.close(),
  };
}
