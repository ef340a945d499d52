/**
 * Two real server processes (bot/main.ts) on one PostgreSQL database, one library and one INDEX_DIR, as
 * two replicas behind a load balancer: a Slack event delivered to both is answered once, a hand-off
 * pressed on one finds the answer the other gave, an ingest on one is served by the other within seconds,
 * the report counts both, and the database going away during 200 questions loses no audit row. The
 * replicas reach PostgreSQL through a loopback proxy the test can cut, so other test files keep theirs.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../bot/config.ts";
import type { AuditReport } from "../../bot/core/audit/audit-report.ts";
import { ActionId } from "../../bot/slack/button-value.ts";
import {
  ask,
  health,
  type Replica,
  type SharedFolders,
  sharedFolders,
  startReplica,
} from "../helpers/replicas.ts";
import { freshSchema, postgresAvailable } from "../helpers/store-engines.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";
import {
  buttonClickForm,
  eventCallback,
  messageTs,
  postSigned,
  type RecordedCall,
  type SlackApiRecorder,
  startSlackApiRecorder,
} from "./slack/slack-test-kit.ts";

const SECRET = "replica-signing-secret";
const AUDIT_KEY = "replicas-share-this-audit-key";
const JSON_TYPE = "application/json";
const FORM = "application/x-www-form-urlencoded";
const run = promisify(execFile);

describe.skipIf(!postgresAvailable)("two replicas on one PostgreSQL database", () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let proxy: TcpProxy;
  let folders: SharedFolders;
  let recorder: SlackApiRecorder;
  let a: Replica;
  let b: Replica;
  /** Every question asked in this file, on either replica, for the report's count. */
  let asked = 0;

  beforeAll(async () => {
    schema = await freshSchema();
    const target = new URL(schema.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    folders = sharedFolders();
    recorder = await startSlackApiRecorder();
    const env = {
      DATABASE_URL: proxy.through(schema.url),
      AUDIT_KEY,
      SLACK_BOT_TOKEN: "xoxb-replica-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: recorder.apiUrl,
      SLACK_HANDOFF_CHANNEL: "CHANDOFF",
      SLACK_ADMIN_USER_IDS: "UADMIN",
    };
    [a, b] = await Promise.all([startReplica("a", folders, env), startReplica("b", folders, env)]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await recorder?.close();
    await proxy?.close();
    await schema?.drop();
    folders?.remove();
  });

  const slackEvents = (replica: Replica) => `${replica.url}/slack/events`;
  const postsTo = (channel: string) =>
    recorder.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === channel);

  it("reports the PostgreSQL store on /healthz", async () => {
    expect(await health(a)).toMatchObject({ store: { engine: "postgres", state: "ok" } });
    expect(await health(b)).toMatchObject({ store: { engine: "postgres", state: "ok" } });
  });

  it("answers a signed Slack event delivered to both replicas once", async () => {
    const channel = "DTWICE";
    const ts = messageTs();
    const body = eventCallback({
      type: "message",
      channel_type: "im",
      channel,
      user: "U1",
      text: "What room temperature is right for a sleeping baby?",
      ts,
      event_ts: ts,
    });
    const [first, second] = await Promise.all([
      postSigned(slackEvents(a), SECRET, body, JSON_TYPE),
      postSigned(slackEvents(b), SECRET, body, JSON_TYPE, { retryNum: 1 }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    asked += 1;
    await recorder.waitFor((c) => c.method === "chat.postMessage" && c.args.channel === channel);
    // Long enough for the other replica's answer to arrive, had it answered too.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(postsTo(channel)).toHaveLength(1);
  });

  it("hands off on replica A an answer replica B gave", async () => {
    const channel = "DHANDOFF";
    const ts = messageTs();
    const question = "A baby of four months has a bruise on the cheek. What should I do?";
    const body = eventCallback({
      type: "message",
      channel_type: "im",
      channel,
      user: "U2",
      text: question,
      ts,
      event_ts: ts,
    });
    expect((await postSigned(slackEvents(b), SECRET, body, JSON_TYPE)).status).toBe(200);
    asked += 1;
    const answer = await recorder.waitFor(
      (c) => c.args.channel === channel && handoffValue(c) !== undefined,
      60_000,
    );
    const value = handoffValue(answer) as string;
    const click = buttonClickForm({
      actionId: ActionId.Handoff,
      value,
      userId: "U2",
      channel,
      messageTs: String(answer.args.ts ?? answer.response.ts),
      responseUrl: recorder.responseUrl("replica-handoff"),
    });
    expect((await postSigned(slackEvents(a), SECRET, click, FORM)).status).toBe(200);
    const request = await recorder.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "CHANDOFF",
    );
    const text = JSON.stringify(request.args.blocks);
    expect(text).toContain("bruise on the cheek");
    expect(text).toContain(`Answer reference: ${value}`);
  });

  it("serves on replica B, within 5 s, an ingest run on replica A, and a deleted document from neither", async () => {
    const before = Number((await health(b)).documents);
    fs.writeFileSync(
      path.join(folders.libraryDir, "replica-notice.md"),
      "# Replica notice\n\nThe duty desk for the replica test is open on Tuesdays from nine until five, for advice on referrals.\n",
    );
    fs.rmSync(path.join(folders.libraryDir, "levels-of-need-sample.md"));
    const channel = "DREINDEX";
    const ts = messageTs();
    const body = eventCallback({
      type: "message",
      channel_type: "im",
      channel,
      user: "UADMIN",
      text: "reindex",
      ts,
      event_ts: ts,
    });
    expect((await postSigned(slackEvents(a), SECRET, body, JSON_TYPE)).status).toBe(200);
    // The reindex report is the second message: the first says it started.
    const finished = await waitUntil(
      () => (postsTo(channel).length >= 2 ? performance.now() : undefined),
      120_000,
    );
    expect(JSON.stringify(postsTo(channel)[1]?.args)).toMatch(/1 added/);
    const served = await waitUntil(async () => {
      const [onA, onB] = await Promise.all([health(a), health(b)]);
      return onA.documents === before && onB.documents === before && onB.builtAt === onA.builtAt
        ? performance.now()
        : undefined;
    }, 10_000);
    const seconds = (served - finished) / 1000;
    process.stderr.write(`replicas: ingest on A served by both ${seconds.toFixed(2)} s after it finished\n`);
    expect(seconds).toBeLessThan(5);
    for (const replica of [a, b]) {
      const sources = (await (await fetch(`${replica.url}/api/sources`)).json()) as { source: string }[];
      const names = sources.map((s) => s.source);
      expect(names).toContain("replica-notice.md");
      expect(names).not.toContain("levels-of-need-sample.md");
      const answer = await ask(replica, "When is the duty desk for the replica test open?");
      asked += 1;
      const cited = JSON.stringify(answer.citations);
      expect(cited).toContain("replica-notice.md");
      expect(cited).not.toContain("levels-of-need-sample.md");
    }
  });

  it("loses no audit row when PostgreSQL goes away and comes back during 200 questions", async () => {
    const questions = Array.from({ length: 200 }, (_, i) =>
      i % 2
        ? "What room temperature is right for a sleeping baby?"
        : "What should I do about a bruise on a baby?",
    );
    let sent = 0;
    const worker = async () => {
      while (sent < questions.length) {
        const i = sent++;
        await ask(i % 2 ? a : b, questions[i] as string);
        asked += 1;
      }
    };
    const burst = Promise.all(Array.from({ length: 4 }, worker));
    await waitUntil(() => (sent >= 50 ? true : undefined), 120_000);
    await proxy.cut();
    await waitUntil(() => (sent >= 120 ? true : undefined), 120_000);
    const during = [await health(a), await health(b)];
    await proxy.restore();
    await burst;
    // Both replicas noticed, and both catch up once it is back.
    expect(during.some((h) => (h.store as { audit: { pending: number } }).audit.pending > 0)).toBe(true);
    await waitUntil(async () => {
      const all = await Promise.all([health(a), health(b)]);
      return all.every((h) => (h.store as { state: string; audit: { pending: number } }).audit.pending === 0)
        ? true
        : undefined;
    }, 30_000);
    const counts = await Promise.all([health(a), health(b)]);
    for (const h of counts) expect((h.store as { audit: { dropped: number } }).audit.dropped).toBe(0);
    // Every question asked so far has its row, the 200 of the burst included.
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    const { rows } = await client.query<{ count: string }>("SELECT count(*) AS count FROM answers");
    await client.end();
    expect(Number(rows[0]?.count)).toBe(asked);
    process.stderr.write(
      `replicas: audit writes retried ${counts.map((h) => (h.store as { audit: { retried: number } }).audit.retried).join(" + ")} times while the database was away\n`,
    );
  });

  it("npm run report with DATABASE_URL counts both replicas' questions", async () => {
    const { stdout } = await run(
      path.join(PROJECT_ROOT, "node_modules/.bin/tsx"),
      ["bot/cli/report.ts", "--json", "--days", "1"],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          DATABASE_URL: schema.url,
          AUDIT_KEY,
          DATA_DIR: path.join(folders.work, "report"),
        },
      },
    );
    const report = JSON.parse(stdout) as AuditReport;
    expect(report.totals.questions).toBe(asked);
    expect(report.totals.handoffs).toBe(1);
  });
});

describe.skipIf(!postgresAvailable)("a replica that starts while PostgreSQL is down", () => {
  it("says so, answers anyway, reports it on /healthz, and writes its audit rows once the database is back", async () => {
    const schema = await freshSchema();
    const target = new URL(schema.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const folders = sharedFolders();
    let replica: Replica | undefined;
    try {
      await proxy.cut();
      replica = await startReplica("down", folders, { DATABASE_URL: proxy.through(schema.url), AUDIT_KEY });
      expect(replica.logLines().some((line) => line.event === "store.unreachable")).toBe(true);
      expect(await health(replica)).toMatchObject({ store: { engine: "postgres", state: "unreachable" } });
      await ask(replica, "What room temperature is right for a sleeping baby?");
      expect(await health(replica)).toMatchObject({ store: { audit: { pending: 1 } } });

      await proxy.restore();
      const live = replica;
      await waitUntil(async () => {
        const store = (await health(live)).store as {
          state: string;
          audit: { pending: number; written: number };
        };
        return store.state === "ok" && store.audit.pending === 0 && store.audit.written === 1
          ? true
          : undefined;
      }, 30_000);
    } finally {
      await replica?.stop();
      await proxy.close();
      await schema.drop();
      folders.remove();
    }
  });
});

function handoffValue(call: RecordedCall): string | undefined {
  const blocks = (call.args.blocks ?? []) as {
    type: string;
    elements?: { action_id?: string; value?: string }[];
  }[];
  if (!Array.isArray(blocks)) return undefined;
  return blocks
    .flatMap((block) => (block.type === "actions" ? (block.elements ?? []) : []))
    .find((element) => element.action_id === ActionId.Handoff)?.value;
}

async function waitUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
