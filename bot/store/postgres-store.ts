/**
 * The engine for several replicas: one PostgreSQL database (DATABASE_URL) for the audit, delivery claims
 * and Teams conversation references; an advisory lock for the ingest; LISTEN/NOTIFY to tell every replica
 * that a new index generation is in service. Connections are pooled and every statement has bound
 * parameters. A database that is away (not up yet, restarting, failing over) never stops an answer: audit
 * writes wait in the audit store's queue, claims fall back to this process's memory, and the store keeps
 * reconnecting and says how it is in health().
 */
import pg from "pg";
import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";
import type { IngestLock } from "../../ingest/ingest-lock.ts";
import { type AuditTables, checkAuditKey, createAuditStore } from "../core/audit/audit-store.ts";
import { type DeliveryClaims, RecentEvents } from "../core/delivery-claims.ts";
import type { ConversationTable } from "../teams/conversation-store.ts";
import { applyPostgresMigrations } from "./postgres-migrations.ts";
import { AuditSchemaTooNewError } from "./sqlite-migrations.ts";
import { CLAIM_SWEEP_MS, CLAIM_TTL_MS, type Store, type StoreHealth } from "./store.ts";

/**
 * Ten connections per replica: a question makes one short insert and a hand-off one read, so a few carry
 * hundreds of answers a second (bench:replicas), and ten replicas stay well inside PostgreSQL's default
 * 100 connections. A connection attempt gives up after 3 s so a question never waits long on a dead
 * server; statements after 10 s.
 */
export const POSTGRES_POOL = { max: 10, connectionTimeoutMillis: 3_000, statementTimeoutMs: 10_000 };
/** Reconnecting: first after half a second, doubling to 10 s, so a restart is noticed quickly. */
const RETRY = { firstMs: 500, maxMs: 10_000 };
/**
 * Whether PostgreSQL refused the row itself: SQLSTATE class 22 (data exception) or 23 (integrity
 * constraint). Every other failure (08 connection, 57 operator intervention, a socket error) may pass once
 * the server is back.
 */
export function postgresRefusedRow(error: unknown): boolean {
  return /^2[23][0-9A-Z]{3}$/.test(String((error as { code?: unknown })?.code));
}
/** The NOTIFY channel for index generations. */
const GENERATION_CHANNEL = "index_generation";
/** Any fixed number, different from the migration lock: the ingest's advisory lock key. */
const INGEST_LOCK = 7_130_014;

/** Where a URL points, without its password, for messages. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `PostgreSQL ${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "PostgreSQL (DATABASE_URL)";
  }
}

/** `?` placeholders, as the report writes them, numbered as PostgreSQL wants them. */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/**
 * Opens the pool and brings the schema up to date. A database that cannot be reached is logged and retried
 * in the background; a database written by newer code stops start-up (AuditSchemaTooNewError).
 */
export async function openPostgresStore(
  options: { url: string; userKey: string },
  log: Logger,
): Promise<Store> {
  checkAuditKey(options.userKey);
  const where = describeDatabase(options.url);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: POSTGRES_POOL.max,
    connectionTimeoutMillis: POSTGRES_POOL.connectionTimeoutMillis,
    statement_timeout: POSTGRES_POOL.statementTimeoutMs,
  });
  // An idle connection cut by a restart is reported here; the next query gets a fresh one.
  pool.on("error", (error) => markDown(error));

  let state: StoreHealth["state"] = "connecting";
  let lastError: string | undefined;
  let migrated = false;
  let closed = false;
  const timers = new Set<NodeJS.Timeout>();
  const generationListeners: ((generation: string) => void)[] = [];

  const markOk = () => {
    if (state !== "ok") log.info("store.connected", { database: where });
    state = "ok";
    lastError = undefined;
  };
  function markDown(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (state === "ok") log.warn("store.unreachable", { database: where, error: message });
    state = "unreachable";
    lastError = message;
  }
  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) action();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  /** Runs one statement once the schema is in place, keeping the store's state up to date. */
  async function run<R extends pg.QueryResultRow>(
    sql: string,
    params: unknown[],
  ): Promise<pg.QueryResult<R>> {
    if (!migrated) throw new Error(`${where} is not reachable yet`);
    try {
      const result = await pool.query<R>(sql, params);
      markOk();
      return result;
    } catch (error) {
      // A constraint or syntax error is the statement's fault, not the connection's.
      if (!(error instanceof pg.DatabaseError)) markDown(error);
      throw error;
    }
  }

  async function migrate(): Promise<void> {
    const client = await pool.connect();
    try {
      const applied = await applyPostgresMigrations(client, where);
      if (applied.length > 0) log.info("store.migrated", { database: where, migrations: applied });
    } finally {
      client.release();
    }
    migrated = true;
    markOk();
  }

  /** Keeps trying to reach the database and migrate it, then starts listening; returns once the first try is over. */
  async function connect(delayMs = RETRY.firstMs): Promise<void> {
    try {
      await migrate();
      await listen();
    } catch (error) {
      if (error instanceof AuditSchemaTooNewError) throw error;
      state = "unreachable";
      lastError = error instanceof Error ? error.message : String(error);
      log.warn("store.unreachable", { database: where, error: lastError, retryInMs: delayMs });
      later(delayMs, () => void connect(Math.min(delayMs * 2, RETRY.maxMs)).catch(stopOnNewerSchema));
    }
  }
  const stopOnNewerSchema = (error: unknown) => {
    lastError = error instanceof Error ? error.message : String(error);
    log.error("store.schema_too_new", { error: lastError });
  };

  /**
   * LISTEN needs a connection of its own for as long as the process runs. When it drops, it is opened
   * again, and listeners are called once in case a generation was announced meanwhile.
   */
  function listen(delayMs = RETRY.firstMs): Promise<void> {
    const client = new pg.Client({ connectionString: options.url });
    let retried = false;
    const again = (error: unknown) => {
      if (retried || closed) return;
      retried = true;
      markDown(error);
      client.end().catch(() => undefined);
      later(delayMs, () => void listen(Math.min(delayMs * 2, RETRY.maxMs)));
    };
    client.on("error", again);
    client.on("end", () => again(new Error("the LISTEN connection closed")));
    client.on("notification", (message) => {
      if (message.channel === GENERATION_CHANNEL) announceLocally(message.payload ?? "");
    });
    listener = client;
    return client
      .connect()
      .then(() => client.query(`LISTEN ${GENERATION_CHANNEL}`))
      .then(() => {
        if (listenedBefore) announceLocally("");
        listenedBefore = true;
      }, again);
  }
  let listener: pg.Client | undefined;
  let listenedBefore = false;
  const announceLocally = (generation: string) => {
    for (const notify of generationListeners) notify(generation);
  };

  const tables: AuditTables = {
    refusesForGood: postgresRefusedRow,
    insertAnswer: async (r) =>
      void (await run(
        `INSERT INTO answers (id, at, platform, user_hash, area, question, cited_chunks, found, level, route, latency_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO NOTHING`,
        [
          r.id,
          r.at,
          r.platform,
          r.user_hash,
          r.area,
          r.question,
          r.cited_chunks,
          r.found,
          r.level,
          r.route,
          r.latency_ms,
        ],
      )),
    insertFeedback: async (r) =>
      void (await run(
        `INSERT INTO feedback (at, answer_id, platform, user_hash, helpful, comment)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [r.at, r.answer_id, r.platform, r.user_hash, r.helpful, r.comment],
      )),
    insertHandoff: async (r) =>
      void (await run(
        `INSERT INTO handoffs (at, answer_id, platform, user_hash, area, level, question, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [r.at, r.answer_id, r.platform, r.user_hash, r.area, r.level, r.question, r.note],
      )),
    selectAnswer: async (id) =>
      (await run("SELECT id, platform, area, question, level, route FROM answers WHERE id = $1", [id]))
        .rows[0],
    query: async (sql, params) => (await run(numbered(sql), [...params])).rows,
    // The pool is closed with the store.
    close: async () => undefined,
  };
  const audit = createAuditStore(tables, { userKey: options.userKey, log });

  const local = new RecentEvents();
  const claims: DeliveryClaims = {
    async claim(...keys) {
      const present = keys.filter((k): k is string => Boolean(k));
      try {
        // One statement: of two replicas inserting the same key, PostgreSQL lets exactly one succeed.
        const { rowCount } = await run(
          "INSERT INTO delivery_claims (key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
          [present],
        );
        local.claim(...present);
        return rowCount === present.length;
      } catch (error) {
        // Answering twice is better than not answering: this process at least still de-duplicates.
        log.warn("store.claim_local_only", { error: error instanceof Error ? error.message : String(error) });
        return local.claim(...present);
      }
    },
  };
  const sweepClaims = () => {
    run("DELETE FROM delivery_claims WHERE claimed_at < now() - make_interval(secs => $1)", [
      CLAIM_TTL_MS / 1000,
    ])
      .catch(() => undefined)
      .finally(() => later(CLAIM_SWEEP_MS, sweepClaims));
  };

  const conversations: ConversationTable = {
    read: async (key) =>
      (
        await run<{ reference: string }>("SELECT reference FROM conversation_references WHERE key = $1", [
          key,
        ])
      ).rows[0]?.reference,
    write: async (key, json) =>
      void (await run(
        `INSERT INTO conversation_references (key, reference) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET reference = excluded.reference, updated_at = now()`,
        [key, json],
      )),
  };

  const ingestLock: IngestLock = async () => {
    if (!migrated) throw new Error(`${where} is not reachable, so no ingest can take the ingest lock.`);
    const client = await pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
        INGEST_LOCK,
      ]);
      if (!rows[0]?.locked) {
        throw new CodedError(
          ErrorCode.IngestBusy,
          "Another ingest (on this or another replica) is building the index; wait for it to finish.",
        );
      }
    } catch (error) {
      client.release();
      throw error;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      try {
        await client.query("SELECT pg_advisory_unlock($1)", [INGEST_LOCK]);
        client.release();
      } catch (error) {
        // PostgreSQL drops a session's advisory locks with its connection, so discarding it releases the lock.
        client.release(error instanceof Error ? error : true);
      }
    };
  };

  await connect();
  sweepClaims();

  return {
    engine: "postgres",
    audit,
    claims,
    conversations,
    ingestLock,
    async announceGeneration(generation) {
      try {
        await run("SELECT pg_notify($1, $2)", [GENERATION_CHANNEL, generation]);
      } catch (error) {
        // Replicas still poll the shared INDEX_DIR, so they switch anyway, only later.
        log.warn("store.announce_failed", {
          generation,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    },
    onGeneration(listenerFn) {
      generationListeners.push(listenerFn);
    },
    health: () => ({ engine: "postgres", state, ...(lastError ? { lastError } : {}), audit: audit.writes() }),
    async close() {
      await audit.close();
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
