/**
 * The PostgreSQL store's schema, as an append-only list of migrations recorded in schema_migrations.
 * Columns match the SQLite schema (timestamps as ISO text, flags as 0/1) so both engines answer the
 * report's queries alike. Never edit a migration that has shipped: add a new one.
 */
import type { PoolClient } from "pg";
import { AuditSchemaTooNewError, type Migration } from "./sqlite-migrations.ts";

export const postgresMigrations: readonly Migration[] = [
  {
    id: 1,
    description: "audit tables, delivery claims and Teams conversation references",
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
        route TEXT,
        latency_ms INTEGER NOT NULL CHECK (latency_ms >= 0)
      );
      CREATE TABLE feedback (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at TEXT NOT NULL,
        answer_id TEXT,
        platform TEXT NOT NULL CHECK (platform IN ('slack', 'teams', 'web', 'cli')),
        user_hash TEXT,
        helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
        comment TEXT
      );
      CREATE TABLE handoffs (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at TEXT NOT NULL,
        answer_id TEXT,
        platform TEXT NOT NULL CHECK (platform IN ('slack', 'teams', 'web', 'cli')),
        user_hash TEXT,
        area TEXT NOT NULL,
        level TEXT CHECK (level IN ('emergency', 'urgent', 'advice')),
        question TEXT NOT NULL,
        note TEXT
      );
      CREATE INDEX answers_at ON answers (at);
      CREATE INDEX feedback_at ON feedback (at);
      CREATE INDEX handoffs_at ON handoffs (at);
      CREATE TABLE delivery_claims (
        key TEXT PRIMARY KEY,
        claimed_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX delivery_claims_at ON delivery_claims (claimed_at);
      CREATE TABLE conversation_references (
        key TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `,
  },
];

/** Any fixed number: replicas starting together take it so exactly one of them migrates. */
const MIGRATION_LOCK = 7_130_013;

/**
 * Applies, in one transaction, every migration newer than the database's. Throws AuditSchemaTooNewError for a
 * database written by newer code. Returns the ids applied.
 */
export async function applyPostgresMigrations(
  client: PoolClient,
  where: string,
  list: readonly Migration[] = postgresMigrations,
): Promise<number[]> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         id INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      "SELECT max(id) AS version FROM schema_migrations",
    );
    const current = rows[0]?.version ?? 0;
    if (current > list.length) throw new AuditSchemaTooNewError(where, current, list.length);
    const pending = list.filter((m) => m.id > current);
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query("INSERT INTO schema_migrations (id, description) VALUES ($1, $2)", [
        migration.id,
        migration.description,
      ]);
    }
    await client.query("COMMIT");
    return pending.map((m) => m.id);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
