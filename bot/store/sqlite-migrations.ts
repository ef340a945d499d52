/**
 * The SQLite store's schema (audit, delivery claims, Teams conversation references), as an append-only list
 * of migrations. SQLite's `PRAGMA user_version` holds
 * the id of the last migration applied, so a file records which schema it has without an extra table.
 * Never edit a migration that has shipped: add a new one.
 */
import type Database from "better-sqlite3";

export interface Migration {
  /** 1, 2, 3, ...: the schema version the file has once this migration is applied. */
  id: number;
  description: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    id: 1,
    description: "answers, feedback and hand-off tables",
    sql: `
      CREATE TABLE answers (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        platform TEXT NOT NULL CHECK (platform IN ('slack', 'teams', 'web', 'cli')),
        user_hash TEXT,
        area TEXT NOT NULL,
        question TEXT NOT NULL,
        cited_chunks TEXT NOT NULL DEFAULT '[]',
        found INTEGER NOT NULL CHECK (found IN (0, 1)),
        level TEXT CHECK (level IN ('emergency', 'urgent', 'advice')),
        latency_ms INTEGER NOT NULL CHECK (latency_ms >= 0)
      );
      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        answer_id TEXT,
        platform TEXT NOT NULL CHECK (platform IN ('slack', 'teams', 'web', 'cli')),
        user_hash TEXT,
        helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
        comment TEXT
      );
      CREATE TABLE handoffs (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        answer_id TEXT,
        platform TEXT NOT NULL CHECK (platform IN ('slack', 'teams', 'web', 'cli')),
        user_hash TEXT,
        area TEXT NOT NULL,
        level TEXT CHECK (level IN ('emergency', 'urgent', 'advice')),
        question TEXT NOT NULL
      );
    `,
  },
  {
    id: 2,
    description: "indexes for the trainer report, which reads by date",
    sql: `
      CREATE INDEX answers_at ON answers (at);
      CREATE INDEX feedback_at ON feedback (at);
      CREATE INDEX handoffs_at ON handoffs (at);
    `,
  },
  {
    id: 3,
    description:
      "the route an answer's escalation took and a hand-off's note, so a hand-off is built from the stored answer",
    sql: `
      ALTER TABLE answers ADD COLUMN route TEXT;
      ALTER TABLE handoffs ADD COLUMN note TEXT;
    `,
  },
  {
    id: 4,
    description:
      "delivery claims (first writer of an event id wins) and Teams conversation references, kept with the audit",
    sql: `
      CREATE TABLE delivery_claims (
        key TEXT PRIMARY KEY,
        claimed_at TEXT NOT NULL
      );
      CREATE INDEX delivery_claims_at ON delivery_claims (claimed_at);
      CREATE TABLE conversation_references (
        key TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
];

/** The schema version this code writes. */
export const LATEST_SCHEMA_VERSION = migrations.length;

/** Thrown when a file was written by newer code: reading it with an older schema could lose data. */
export class AuditSchemaTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `The audit store ${file} has schema version ${fileVersion}, but this version of the assistant ` +
        `supports up to ${supportedVersion}. Upgrade the assistant, or point it at another store (DATA_DIR, DATABASE_URL).`,
    );
    this.name = "AuditSchemaTooNewError";
  }
}

/** The schema version recorded in the file (0 for a new, empty file). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/**
 * Brings the file up to the latest schema: applies, in order and in one transaction, every migration
 * newer than the file's version. Throws AuditSchemaTooNewError for a file newer than the code.
 * Returns the ids of the migrations applied.
 */
export function applyMigrations(
  db: Database.Database,
  file: string,
  list: readonly Migration[] = migrations,
): number[] {
  assertConsecutive(list);
  const upgrade = db.transaction(() => {
    // Read the version inside the write lock, so two processes opening the same file cannot both migrate.
    const current = schemaVersion(db);
    if (current > list.length) throw new AuditSchemaTooNewError(file, current, list.length);
    const pending = list.filter((m) => m.id > current);
    for (const migration of pending) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.id}`);
    }
    return pending.map((m) => m.id);
  });
  return upgrade.immediate();
}

function assertConsecutive(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.id !== index + 1) {
      throw new Error(
        `Audit migration ids must run 1, 2, 3, ...; found ${migration.id} at position ${index + 1}`,
      );
    }
  });
}
