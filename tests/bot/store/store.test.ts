/**
 * The store's contract, run against both engines: what one replica writes another reads, the first claim
 * of a delivery wins, one ingest at a time, and generations announced by one are heard by the others.
 * "Two replicas" here are two stores opened on the same file or database.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openPostgresStore } from "../../../bot/store/postgres-store.ts";
import { openSqliteStore } from "../../../bot/store/sqlite-store.ts";
import type { Store } from "../../../bot/store/store.ts";
import { createConversationStore } from "../../../bot/teams/conversation-store.ts";
import { createLogger } from "../../../foundation/log.ts";
import { ENGINES, freshSchema, TEST_AUDIT_KEY } from "../../helpers/store-engines.ts";
import { startTcpProxy } from "../../helpers/tcp-proxy.ts";

const silent = createLogger("silent");
const cleanUps: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
});

/** Two stores on one database, as two replicas see it. */
async function twoReplicas(engine: "sqlite" | "postgres"): Promise<[Store, Store]> {
  if (engine === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "store-pair-"));
    const file = path.join(dir, "audit.sqlite");
    const a = openSqliteStore({ file, userKey: TEST_AUDIT_KEY }, silent);
    const b = openSqliteStore({ file, userKey: TEST_AUDIT_KEY }, silent);
    cleanUps.push(async () => {
      await a.close();
      await b.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return [a, b];
  }
  const schema = await freshSchema();
  const a = await openPostgresStore({ url: schema.url, userKey: TEST_AUDIT_KEY }, silent);
  const b = await openPostgresStore({ url: schema.url, userKey: TEST_AUDIT_KEY }, silent);
  cleanUps.push(async () => {
    await a.close();
    await b.close();
    await schema.drop();
  });
  return [a, b];
}

const reference = (id: string) => ({
  channelId: "msteams",
  serviceUrl: "https://smba.trafficmanager.net/uk/",
  conversation: { id, isGroup: true, conversationType: "channel", name: "", tenantId: "t1" },
  bot: { id: "28:bot", name: "Guidance" },
  user: { id: "29:someone", name: "Someone Private" },
});

const answer = {
  platform: "slack" as const,
  userId: "U07RAW",
  area: "dudley",
  question: "Who is the LADO for [name]?",
  citedChunks: ["a.md#1"],
  found: true,
  level: "urgent" as const,
  route: "lado" as const,
  latencyMs: 12,
};

describe.each(ENGINES)("the $name store", ({ name, available, under }) => {
  describe.skipIf(!available)("shared by two replicas", () => {
    it("finds on one replica the answer another recorded, and reports both replicas' questions", async () => {
      const [a, b] = await twoReplicas(name);
      const id = a.audit.recordAnswer(answer);
      b.audit.recordAnswer({
        ...answer,
        question: "What is safe sleep?",
        found: false,
        level: null,
        route: null,
      });
      await a.audit.report();
      expect(await b.audit.findAnswer(id)).toEqual({
        id,
        platform: "slack",
        area: "dudley",
        question: "Who is the LADO for [name]?",
        level: "urgent",
        route: "lado",
      });
      b.audit.recordHandoff({
        answerId: id,
        platform: "slack",
        area: "dudley",
        level: "urgent",
        question: answer.question,
      });
      await b.audit.report();
      const report = await a.audit.report();
      expect(report.totals).toMatchObject({ questions: 2, answered: 1, handoffs: 1, escalated: 1 });
      expect(await a.audit.findAnswer("no-such-answer")).toBeUndefined();
      expect(a.audit.writes()).toMatchObject({ pending: 0, written: 1, dropped: 0 });
    });

    it("lets exactly one of two replicas claim a delivery, on any of its keys", async () => {
      const [a, b] = await twoReplicas(name);
      const results = await Promise.all([a.claims.claim("Ev1", "C1:1.0"), b.claims.claim("Ev1", "C1:1.0")]);
      expect(results.filter(Boolean)).toHaveLength(1);
      // The same message arriving as another event type, on the other replica.
      expect(await b.claims.claim("Ev2", "C1:1.0")).toBe(false);
      expect(await a.claims.claim("Ev3", undefined, "C1:2.0")).toBe(true);
      // Twenty concurrent deliveries of one event across both: one winner.
      const many = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claims.claim("Ev4")),
      );
      expect(many.filter(Boolean)).toHaveLength(1);
    });

    it("keeps Teams conversation references for every replica, without the user they came with", async () => {
      const [a, b] = await twoReplicas(name);
      await createConversationStore(a.conversations, silent).remember("19:a", reference("19:a"));
      const onB = createConversationStore(b.conversations, silent);
      expect(await onB.get("19:a")).toMatchObject({
        serviceUrl: "https://smba.trafficmanager.net/uk/",
        conversation: { id: "19:a" },
      });
      expect(await onB.get("19:b")).toBeUndefined();
      expect(await b.conversations.read("19:a")).not.toContain("Someone Private");
      // A newer reference replaces the old one.
      await onB.remember("19:a", {
        ...reference("19:a"),
        serviceUrl: "https://smba.trafficmanager.net/emea/",
      });
      expect((await createConversationStore(a.conversations, silent).get("19:a"))?.serviceUrl).toBe(
        "https://smba.trafficmanager.net/emea/",
      );
    });

    it("ignores a reference without a serviceUrl and logs a damaged row", async () => {
      const { store, cleanUp } = await under.open();
      cleanUps.push(cleanUp);
      const lines: string[] = [];
      const conversations = createConversationStore(
        store.conversations,
        createLogger("debug", (l) => lines.push(l)),
      );
      await conversations.remember("19:a", {
        channelId: "msteams",
        conversation: reference("19:a").conversation,
      });
      expect(await store.conversations.read("19:a")).toBeUndefined();
      await store.conversations.write("19:b", JSON.stringify({ channelId: "msteams" }));
      expect(await conversations.get("19:b")).toBeUndefined();
      expect(lines.some((l) => l.includes("teams.conversation_reference_unreadable"))).toBe(true);
    });

    it("lets one ingest at a time hold the lock, across replicas", async () => {
      const [a, b] = await twoReplicas(name);
      const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), "store-lock-"));
      cleanUps.push(async () => fs.rmSync(indexDir, { recursive: true, force: true }));
      const release = await a.ingestLock(indexDir);
      await expect(b.ingestLock(indexDir)).rejects.toThrow(/Another ingest/);
      await release();
      const again = await b.ingestLock(indexDir);
      await again();
    });

    it("reports its engine and state for /healthz", async () => {
      const { store, cleanUp } = await under.open();
      cleanUps.push(cleanUp);
      expect(store.health()).toMatchObject({ engine: name, state: "ok", audit: { pending: 0, dropped: 0 } });
    });
  });
});

describe.skipIf(!ENGINES[1]?.available)("the postgres store's announcements", () => {
  it("tells every replica, within a second, that a generation went into service", async () => {
    const [a, b] = await twoReplicas("postgres");
    const heard = new Promise<string>((resolve) => b.onGeneration(resolve));
    const started = performance.now();
    await a.announceGeneration("gen-20261201T000000.000-abcdef");
    expect(await heard).toBe("gen-20261201T000000.000-abcdef");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe.skipIf(!ENGINES[1]?.available)("the postgres store when the database is away", () => {
  it("starts without it, says so, queues audit writes and loses none once it is back", async () => {
    const schema = await freshSchema();
    const target = new URL(schema.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.cut();
    const lines: string[] = [];
    const store = await openPostgresStore(
      { url: proxy.through(schema.url), userKey: TEST_AUDIT_KEY },
      createLogger("debug", (l) => lines.push(l)),
    );
    cleanUps.push(async () => {
      await store.close();
      await proxy.close();
      await schema.drop();
    });
    expect(store.health()).toMatchObject({ engine: "postgres", state: "unreachable" });
    expect(lines.some((l) => l.includes("store.unreachable"))).toBe(true);

    // Answers are recorded (and a hand-off can find them) while nothing reaches the database.
    const ids = Array.from({ length: 50 }, (_, i) =>
      store.audit.recordAnswer({ ...answer, question: `q${i}` }),
    );
    expect(await store.audit.findAnswer(ids[7] as string)).toMatchObject({ question: "q7" });
    expect(await store.claims.claim("while-down")).toBe(true);
    expect(await store.claims.claim("while-down")).toBe(false);
    expect(store.health().audit.pending).toBe(50);

    await proxy.restore();
    const report = await store.audit.report();
    expect(report.totals.questions).toBe(50);
    expect(store.health()).toMatchObject({ state: "ok", audit: { pending: 0, written: 50, dropped: 0 } });

    // Cut in the middle of a burst: every row still arrives.
    for (let i = 0; i < 30; i++) store.audit.recordAnswer({ ...answer, question: `burst ${i}` });
    await proxy.cut();
    for (let i = 30; i < 60; i++) store.audit.recordAnswer({ ...answer, question: `burst ${i}` });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await proxy.restore();
    expect((await store.audit.report()).totals.questions).toBe(110);
    expect(store.audit.writes()).toMatchObject({ pending: 0, written: 110, dropped: 0 });
  });
});
