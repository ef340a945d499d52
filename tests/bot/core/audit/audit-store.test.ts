import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AnswerRecord, resolveAuditKey } from "../../../../bot/core/audit/audit-store.ts";
import { auditStorePath, openAuditStore } from "../../../../bot/store/sqlite-store.ts";

const KEY = "a-test-key-of-enough-length";
const RAW_USER = "U07RAWSLACKID";
let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-store-"));
  file = auditStorePath(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const answer = (overrides: Partial<AnswerRecord> = {}): AnswerRecord => ({
  platform: "slack",
  userId: RAW_USER,
  area: "dudley",
  question: "What temperature should a baby's room be?",
  citedChunks: ["north-west-sli.pdf#12", "north-west-sli.pdf#13"],
  found: true,
  level: null,
  latencyMs: 812.4,
  at: new Date("2024-03-10T09:30:00Z"),
  ...overrides,
});

const hmac = (key: string, text: string) => createHmac("sha256", key).update(text).digest("hex");

function readRows<T>(sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], T>(sql).all();
  } finally {
    db.close();
  }
}

describe("openAuditStore", () => {
  it("creates the folder and a file only its owner can read", async () => {
    const nested = path.join(dir, "deeper", "audit.sqlite");
    await openAuditStore({ file: nested, userKey: KEY }).close();
    expect(fs.statSync(nested).mode & 0o777).toBe(0o600);
  });

  it("stores an answer with a fresh UUID, its citations as JSON and the latency in whole ms", async () => {
    const store = openAuditStore({ file, userKey: KEY });
    const first = store.recordAnswer(answer({ level: "urgent", route: "lado", found: false }));
    const second = store.recordAnswer(answer());
    await store.close();

    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
    const rows = readRows<Record<string, unknown>>("SELECT * FROM answers ORDER BY rowid");
    expect(rows[0]).toEqual({
      id: first,
      at: "2024-03-10T09:30:00.000Z",
      platform: "slack",
      user_hash: hmac(KEY, `slack:${RAW_USER}`),
      area: "dudley",
      question: "What temperature should a baby's room be?",
      cited_chunks: '["north-west-sli.pdf#12","north-west-sli.pdf#13"]',
      found: 0,
      level: "urgent",
      route: "lado",
      latency_ms: 812,
    });
    expect(rows[1]).toMatchObject({ id: second, level: null, route: null });
  });

  it("finds an answer by its id with the redacted question, area, level and route a hand-off needs", async () => {
    const store = openAuditStore({ file, userKey: KEY });
    const id = store.recordAnswer(answer({ question: "Is [name] at risk?", level: "urgent", route: "fgm" }));
    const plain = store.recordAnswer(answer());
    expect(await store.findAnswer(id)).toEqual({
      id,
      platform: "slack",
      area: "dudley",
      question: "Is [name] at risk?",
      level: "urgent",
      route: "fgm",
    });
    expect(await store.findAnswer(plain)).toMatchObject({ level: null, route: null });
    expect(await store.findAnswer("not-an-answer")).toBeUndefined();
    await store.close();
  });

  it("stores feedback and hand-offs linked to the answer, with blank comments and notes as none", async () => {
    const store = openAuditStore({ file, userKey: KEY });
    const id = store.recordAnswer(answer());
    store.recordFeedback({
      answerId: id,
      platform: "slack",
      userId: RAW_USER,
      helpful: false,
      comment: "  ",
    });
    store.recordHandoff({ answerId: id, platform: "web", area: "walsall", level: "advice", question: "q" });
    store.recordHandoff({
      answerId: id,
      platform: "web",
      area: "walsall",
      level: null,
      question: "q",
      note: " ",
    });
    store.recordHandoff({
      answerId: id,
      platform: "web",
      area: "walsall",
      level: null,
      question: "q",
      note: "Call me",
    });
    await store.close();

    expect(readRows("SELECT answer_id, helpful, comment FROM feedback")).toEqual([
      { answer_id: id, helpful: 0, comment: null },
    ]);
    expect(
      readRows(
        "SELECT answer_id, platform, user_hash, area, level, question, note FROM handoffs ORDER BY id",
      ),
    ).toEqual([
      {
        answer_id: id,
        platform: "web",
        user_hash: null,
        area: "walsall",
        level: "advice",
        question: "q",
        note: null,
      },
      {
        answer_id: id,
        platform: "web",
        user_hash: null,
        area: "walsall",
        level: null,
        question: "q",
        note: null,
      },
      {
        answer_id: id,
        platform: "web",
        user_hash: null,
        area: "walsall",
        level: null,
        question: "q",
        note: "Call me",
      },
    ]);
  });

  it("stamps records without a date with the current time", async () => {
    const before = Date.now();
    const store = openAuditStore({ file, userKey: KEY });
    store.recordAnswer(answer({ at: undefined }));
    await store.close();
    const [row] = readRows<{ at: string }>("SELECT at FROM answers");
    expect(Date.parse(row?.at ?? "")).toBeGreaterThanOrEqual(before);
    expect(Date.parse(row?.at ?? "")).toBeLessThanOrEqual(Date.now());
  });

  it("rejects records the schema cannot hold", async () => {
    const store = openAuditStore({ file, userKey: KEY });
    expect(() => store.recordAnswer(answer({ latencyMs: -1 }))).toThrow();
    expect(() => store.recordAnswer(answer({ at: new Date("not a date") }))).toThrow();
    expect(() => store.recordAnswer(answer({ platform: "email" as never }))).toThrow();
    await store.close();
    expect(readRows("SELECT id FROM answers")).toEqual([]);
  });

  it("refuses a key too short to keep hashes unguessable", async () => {
    expect(() => openAuditStore({ file, userKey: "short" })).toThrow(/at least 16/);
  });
});

describe("user hashes", () => {
  it("are a keyed HMAC of platform and id, stable across reopening, and differ by platform and key", async () => {
    const store = openAuditStore({ file, userKey: KEY });
    store.recordAnswer(answer({ platform: "slack" }));
    store.recordAnswer(answer({ platform: "teams" }));
    store.recordAnswer(answer({ userId: undefined }));
    await store.close();
    const reopened = openAuditStore({ file, userKey: KEY });
    reopened.recordAnswer(answer({ platform: "slack" }));
    await reopened.close();
    const otherKey = openAuditStore({ file, userKey: "another-key-of-enough-length" });
    otherKey.recordAnswer(answer({ platform: "slack" }));
    await otherKey.close();

    const hashes = readRows<{ user_hash: string | null }>("SELECT user_hash FROM answers ORDER BY rowid").map(
      (row) => row.user_hash,
    );
    expect(hashes).toEqual([
      hmac(KEY, `slack:${RAW_USER}`),
      hmac(KEY, `teams:${RAW_USER}`),
      null,
      hmac(KEY, `slack:${RAW_USER}`),
      hmac("another-key-of-enough-length", `slack:${RAW_USER}`),
    ]);
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(hashes).size).toBe(4);
  });

  it("never puts the raw user id anywhere in the store's files", async () => {
    const store = openAuditStore({ file, userKey: KEY });
    for (let i = 0; i < 20; i++) {
      const id = store.recordAnswer(answer({ question: `Marker question ${i}` }));
      store.recordFeedback({
        answerId: id,
        platform: "slack",
        userId: RAW_USER,
        helpful: true,
        comment: "ok",
      });
      store.recordHandoff({
        platform: "slack",
        userId: RAW_USER,
        area: "dudley",
        level: null,
        question: "q",
      });
    }
    // Read while still open too, so the write-ahead log is checked as well as the main file.
    const bytesOpen = storeFiles().map((f) => fs.readFileSync(f));
    await store.close();
    const bytesClosed = storeFiles().map((f) => fs.readFileSync(f));

    const all = Buffer.concat([...bytesOpen, ...bytesClosed]);
    // The positive control shows the bytes read really hold the records.
    expect(all.includes("Marker question 19")).toBe(true);
    expect(all.includes(RAW_USER)).toBe(false);
    expect(all.includes(RAW_USER.toLowerCase())).toBe(false);
  });
});

function storeFiles(): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith("audit.sqlite"))
    .map((name) => path.join(dir, name));
}

describe("resolveAuditKey", () => {
  it("prefers the configured key and then writes nothing", async () => {
    expect(resolveAuditKey(dir, "configured-key-1234567")).toBe("configured-key-1234567");
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("creates a 32-byte hex key readable by its owner only, then returns the same key every time", async () => {
    const dataDir = path.join(dir, "data");
    const key = resolveAuditKey(dataDir);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const keyFile = path.join(dataDir, "audit.key");
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(resolveAuditKey(dataDir)).toBe(key);
    expect(fs.readdirSync(dataDir)).toEqual(["audit.key"]);
  });

  it("refuses a key file it cannot use rather than replacing it", async () => {
    fs.writeFileSync(path.join(dir, "audit.key"), "\n");
    expect(() => resolveAuditKey(dir)).toThrow(/no usable audit key/);
    expect(fs.readFileSync(path.join(dir, "audit.key"), "utf8")).toBe("\n");
  });
});
