/**
 * The store's two engines for tests that run once per engine (describe.each). PostgreSQL is the server at
 * TEST_DATABASE_URL (.ci/run starts one and creates its role and database); each test gets a schema of its
 * own, so test files running in parallel never see each other's rows. Without a reachable server the
 * PostgreSQL cases are skipped and the reason is printed once.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openPostgresStore } from "../../bot/store/postgres-store.ts";
import { auditStorePath, openSqliteStore } from "../../bot/store/sqlite-store.ts";
import type { Store, StoreEngine } from "../../bot/store/store.ts";
import { createLogger, type Logger } from "../../foundation/log.ts";

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? "postgres://sga_test:sga_test@127.0.0.1:5432/sga_test";

export const TEST_AUDIT_KEY = "store-test-key-0123456789";

async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachableBecause = await reachable(TEST_DATABASE_URL);
if (unreachableBecause) {
  process.stderr.write(
    `PostgreSQL tests skipped: no server at TEST_DATABASE_URL (${TEST_DATABASE_URL.replace(/:[^:@/]*@/, ":***@")}): ${unreachableBecause}. .ci/run starts one.\n`,
  );
}
/** True when the PostgreSQL cases can run. */
export const postgresAvailable = unreachableBecause === undefined;

/** A schema of its own in the test database, and the URL that makes it the search path. */
export async function freshSchema(): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** One engine as a test opens it: a fresh, empty store each time, and the clean-up for it. */
export interface EngineUnderTest {
  engine: StoreEngine;
  /** Opens a new empty store (a temp file, or a fresh schema). */
  open(log?: Logger): Promise<{ store: Store; cleanUp(): Promise<void> }>;
}

const silent = createLogger("silent");

export const ENGINES: { name: StoreEngine; available: boolean; under: EngineUnderTest }[] = [
  {
    name: "sqlite",
    available: true,
    under: {
      engine: "sqlite",
      async open(log = silent) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "store-"));
        const store = openSqliteStore({ file: auditStorePath(dir), userKey: TEST_AUDIT_KEY }, log);
        return {
          store,
          async cleanUp() {
            await store.close();
            fs.rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
  },
  {
    name: "postgres",
    available: postgresAvailable,
    under: {
      engine: "postgres",
      async open(log = silent) {
        const schema = await freshSchema();
        const store = await openPostgresStore({ url: schema.url, userKey: TEST_AUDIT_KEY }, log);
        return {
          store,
          async cleanUp() {
            await store.close();
            await schema.drop();
          },
        };
      },
    },
  },
];
