/**
 * The audit queue retries a write while the database is away but gives up at once on a row the database
 * will never take; each engine tells the two apart from the real errors its driver raises.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { postgresRefusedRow } from "../../../bot/store/postgres-store.ts";
import { sqliteRefusedRow } from "../../../bot/store/sqlite-store.ts";
import { freshSchema, postgresAvailable } from "../../helpers/store-engines.ts";

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the statement to fail");
}

describe("SQLite", () => {
  it("counts a constraint or a type as refused, a locked database as passing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "refused-"));
    const file = path.join(dir, "t.sqlite");
    const a = new Database(file);
    const b = new Database(file, { timeout: 0 });
    try {
      a.exec("CREATE TABLE t (n INTEGER NOT NULL CHECK (n IN (0, 1))) STRICT");
      expect(sqliteRefusedRow(caught(() => a.prepare("INSERT INTO t VALUES (?)").run(5)))).toBe(true);
      expect(sqliteRefusedRow(caught(() => a.prepare("INSERT INTO t VALUES (?)").run(null)))).toBe(true);
      expect(sqliteRefusedRow(caught(() => a.prepare("INSERT INTO t VALUES (?)").run("x")))).toBe(true);
      a.exec("BEGIN EXCLUSIVE");
      const busy = caught(() => b.prepare("INSERT INTO t VALUES (1)").run());
      expect((busy as { code?: string }).code).toMatch(/^SQLITE_BUSY/);
      expect(sqliteRefusedRow(busy)).toBe(false);
      a.exec("ROLLBACK");
    } finally {
      a.close();
      b.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!postgresAvailable)("PostgreSQL", () => {
  it("counts a check violation or bad data as refused, a refused connection as passing", async () => {
    const schema = await freshSchema();
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      await client.query("CREATE TABLE t (n INTEGER NOT NULL CHECK (n IN (0, 1)))");
      const failure = (sql: string) =>
        client.query(sql).then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(postgresRefusedRow(await failure("INSERT INTO t VALUES (5)"))).toBe(true);
      expect(postgresRefusedRow(await failure("INSERT INTO t VALUES (NULL)"))).toBe(true);
      expect(postgresRefusedRow(await failure("INSERT INTO t VALUES ('x')"))).toBe(true);
    } finally {
      await client.end();
      await schema.drop();
    }
    // Port 9 on loopback: nothing listens there, so the connection itself fails.
    const away = new pg.Client({ host: "127.0.0.1", port: 9, connectionTimeoutMillis: 2000 });
    const refused = await away.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Error);
    expect(postgresRefusedRow(refused)).toBe(false);
  });
});
