/**
 * The state the assistant keeps between requests, behind one interface with two engines: SQLite (a file in
 * DATA_DIR, the embedded default for one server) and PostgreSQL (DATABASE_URL set: several replicas share
 * one database). Each part's interface lives with the code that uses it; this module only puts the
 * engine's implementations together for the composition roots.
 */
import type { Logger } from "../../foundation/log.ts";
import type { IngestLock } from "../../ingest/ingest-lock.ts";
import type { Config } from "../config.ts";
import { type AuditStore, resolveAuditKey, type WriteQueueState } from "../core/audit/audit-store.ts";
import type { DeliveryClaims } from "../core/delivery-claims.ts";
import type { ConversationTable } from "../teams/conversation-store.ts";
import { openPostgresStore } from "./postgres-store.ts";
import { auditStorePath, openSqliteStore } from "./sqlite-store.ts";

export type StoreEngine = "sqlite" | "postgres";

/** What /healthz says about the store. */
export interface StoreHealth {
  engine: StoreEngine;
  /** "ok" once the schema is in place and the last use of the database succeeded. */
  state: "ok" | "connecting" | "unreachable";
  /** The last failure's message while the database is unreachable. */
  lastError?: string;
  audit: WriteQueueState;
}

export interface Store {
  engine: StoreEngine;
  audit: AuditStore;
  /** Slack events and clicks, Teams activities: the first replica to claim one answers it. */
  claims: DeliveryClaims;
  conversations: ConversationTable;
  /** One ingest at a time: a lock file in INDEX_DIR (SQLite), an advisory lock (PostgreSQL). */
  ingestLock: IngestLock;
  /** Tells every replica that a new index generation is in service (PostgreSQL NOTIFY; nothing on SQLite). */
  announceGeneration(generation: string): Promise<void>;
  /** Calls `listener` whenever any replica or ingest job announces a generation. */
  onGeneration(listener: (generation: string) => void): void;
  health(): StoreHealth;
  close(): Promise<void>;
}

/** Delivery claims are kept this long: Slack's last retry comes about five minutes after the first. */
export const CLAIM_TTL_MS = 60 * 60 * 1000;
/** Expired claims are deleted this often; one left a little past its hour still only refuses a duplicate. */
export const CLAIM_SWEEP_MS = 10 * 60 * 1000;

/**
 * Opens the configured engine. PostgreSQL that cannot be reached yet does not stop start-up: the store
 * says so in the log and in health(), keeps retrying, and queues audit writes meanwhile.
 */
export async function openStore(
  config: Pick<Config, "DATABASE_URL" | "DATA_DIR" | "AUDIT_KEY">,
  log: Logger,
): Promise<Store> {
  const userKey = resolveAuditKey(config.DATA_DIR, config.AUDIT_KEY);
  if (!config.DATABASE_URL) return openSqliteStore({ file: auditStorePath(config.DATA_DIR), userKey }, log);
  if (!config.AUDIT_KEY) {
    // Each replica would make its own key file, and count one person as several.
    log.warn("store.audit_key_per_replica", {
      message: "Set AUDIT_KEY to the same value on every replica, or they hash the same user differently.",
    });
  }
  return openPostgresStore({ url: config.DATABASE_URL, userKey }, log);
}
