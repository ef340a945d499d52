import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AuditSchemaTooNewError,
  applyMigrations,
  LATEST_SCHEMA_VERSION,
  migrations,
  schemaVersion,
} from "../../../../bot/store/sqlite-migrations.ts";
import { openAuditStore } from "../../../../bot/store/sqlite-store.ts";

const KEY = "k".repeat(32);
let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-migrations-"));
  file = path.join(dir, "audit.sqlite");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const names = (db: Database.Database, type: "table" | "index") =>
  db
    .prepare<[string], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all(type)
    .map((row) => row.name);

describe("migrations", () => {
  it("numbers migrations 1, 2, 3, ... so user_version names the last one applied", async () => {
    expect(migrations.map((m) => m.id)).toEqual(migrations.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
  });

  it("creates the whole schema in a new file, in WAL mode", async () => {
    await openAuditStore({ file, userKey: KEY }).close();
    const db = new Database(file, { readonly: true });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(names(db, "table")).toEqual([
      "answers",
      "conversation_references",
      "delivery_claims",
      "feedback",
      "handoffs",
    ]);
    expect(names(db, "index")).toEqual(["answers_at", "delivery_claims_at", "feedback_at", "handoffs_at"]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("applies nothing to a file that is already up to date", async () => {
    await openAuditStore({ file, userKey: KEY }).close();
    const db = new Database(file);
    expect(applyMigrations(db, file)).toEqual([]);
    db.close();
  });

  it("upgrades a version-1 file and keeps its rows", async () => {
    const v1 = new Database(file);
    v1.exec(migrations[0]?.sql ?? "");
    v1.pragma("user_version = 1");
    v1.prepare(
      `INSERT INTO answers (id, at, platform, user_hash, area, question, cited_chunks, found, level, latency_ms)
       VALUES ('old-1', '2024-03-09T08:00:00.000Z', 'teams', NULL, 'dudley', 'Who is the LADO?', '[]', 0, NULL, 900)`,
    ).run();
    expect(names(v1, "index")).toEqual([]);
    v1.close();

    const store = openAuditStore({ file, userKey: KEY });
    const report = await store.report({ days: 7, now: new Date("2024-03-10T12:00:00Z") });
    await store.close();

    expect(report.unanswered).toEqual([
      { question: "Who is the LADO?", count: 1, lastAsked: "2024-03-09T08:00:00.000Z" },
    ]);
    const db = new Database(file, { readonly: true });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(names(db, "index")).toEqual(["answers_at", "delivery_claims_at", "feedback_at", "handoffs_at"]);
    db.close();
  });

  it("upgrades a version-2 file: its answers can be handed off, with no route, and hand-offs take notes", async () => {
    const v2 = new Database(file);
    for (const migration of migrations.slice(0, 2)) v2.exec(migration.sql);
    v2.pragma("user_version = 2");
    v2.prepare(
      `INSERT INTO answers (id, at, platform, user_hash, area, question, cited_chunks, found, level, latency_ms)
       VALUES ('old-2', '2024-03-09T08:00:00.000Z', 'slack', NULL, 'dudley', 'Is [name] at risk?', '[]', 1, 'urgent', 900)`,
    ).run();
    v2.close();

    const store = openAuditStore({ file, userKey: KEY });
    expect(await store.findAnswer("old-2")).toEqual({
      id: "old-2",
      platform: "slack",
      area: "dudley",
      question: "Is [name] at risk?",
      level: "urgent",
      route: null,
    });
    store.recordHandoff({
      answerId: "old-2",
      platform: "slack",
      area: "dudley",
      level: "urgent",
      question: "Is [name] at risk?",
      note: "Please ring",
    });
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT note FROM handoffs").all()).toEqual([{ note: "Please ring" }]);
    db.close();
  });

  it("refuses a file written by newer code, naming both versions, and leaves it untouched", async () => {
    const newer = new Database(file);
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    newer.close();

    expect(() => openAuditStore({ file, userKey: KEY })).toThrow(AuditSchemaTooNewError);
    expect(() => openAuditStore({ file, userKey: KEY })).toThrow(
      new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 5}.*supports up to ${LATEST_SCHEMA_VERSION}`),
    );
    const db = new Database(file, { readonly: true });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION + 5);
    expect(names(db, "table")).toEqual([]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("delete");
    db.close();
  });

  it("rolls back every pending migration when one fails", async () => {
    const db = new Database(file);
    const broken = [
      { id: 1, description: "fine", sql: "CREATE TABLE a (x INTEGER);" },
      { id: 2, description: "broken", sql: "CREATE TABLE b (x INTEGER" },
    ];
    expect(() => applyMigrations(db, file, broken)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(names(db, "table")).toEqual([]);
    db.close();
  });

  it("rejects a migration list with gaps in its ids", async () => {
    const db = new Database(":memory:");
    expect(() => applyMigrations(db, ":memory:", [{ id: 2, description: "x", sql: "SELECT 1" }])).toThrow(
      /1, 2, 3/,
    );
    db.close();
  });
});
