import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../bot/config.ts";
import { SAMPLE_INDEX, SAMPLE_LIBRARY, TEST_EMBEDDING_CACHE } from "../helpers/test-paths.ts";
import {
  eventCallback,
  messageTs,
  postSigned,
  type SlackApiRecorder,
  startSlackApiRecorder,
} from "./slack/slack-test-kit.ts";

/**
 * The server as `npm start` runs it, with two answer workers and room for one waiting question, so a burst
 * of questions overflows the queue at once. A question containing CRASH ends the worker answering it
 * (a test-only hook, honoured only under NODE_ENV=test).
 */
const WORKERS = 2;
const CRASH = "crash-this-answer-worker-now";
const VECTOR_CRASH = "crash-the-vector-thread-now";
const SECRET = "answer-workers-test-secret";
const QUESTION = "What room temperature is right for a sleeping baby?";

let server: ChildProcess;
let base: string;
let work: string;
let stderr = "";
let slackApi: SlackApiRecorder;

const logEvents = () =>
  stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function ask(question: string): Promise<Response> {
  return fetch(`${base}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question }),
  });
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "answer-workers-"));
  const dataDir = path.join(work, "data");
  fs.mkdirSync(dataDir);
  fs.copyFileSync(TEST_EMBEDDING_CACHE, path.join(dataDir, "embeddings-cache.sqlite"));
  fs.cpSync(SAMPLE_LIBRARY, path.join(work, "library"), { recursive: true });
  fs.cpSync(SAMPLE_INDEX, path.join(work, "index"), { recursive: true });
  slackApi = await startSlackApiRecorder();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["--import", "tsx", "bot/main.ts"], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      ANSWER_WORKER_TEST_CRASH: CRASH,
      VECTOR_THREAD_TEST_CRASH: VECTOR_CRASH,
      ANSWER_WORKERS: String(WORKERS),
      ANSWER_QUEUE: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      LIBRARY_DIR: path.join(work, "library"),
      INDEX_DIR: path.join(work, "index"),
      DATA_DIR: dataDir,
      EMBEDDINGS: "local",
      OPENAI_API_KEY: "",
      MicrosoftAppId: "",
      SLACK_BOT_TOKEN: "xoxb-answer-workers-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_APP_TOKEN: "",
      SLACK_API_URL: slackApi.apiUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const deadline = Date.now() + 120_000;
  while (!logEvents().some((line) => line.event === "server.started")) {
    if (server.exitCode !== null || Date.now() > deadline)
      throw new Error(`the server did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(logEvents().filter((line) => line.event === "answer_workers.worker_ready")).toHaveLength(WORKERS);
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
  await slackApi?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("answers in worker threads (real server on loopback)", () => {
  it("refuses questions beyond the queue with 503, Retry-After and a sentence, and answers the rest", async () => {
    const responses = await Promise.all(Array.from({ length: 40 }, () => ask(QUESTION)));
    const statuses = responses.map((r) => r.status);
    const refused = responses.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(WORKERS + 1);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    const refusal = refused[0] as Response;
    expect(Number(refusal.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refusal.json()).toEqual({
      error: expect.stringMatching(/^The assistant is answering as many questions as it can.*\.$/),
    });
    // Once the burst is over the next question is answered as usual.
    expect((await ask(QUESTION)).status).toBe(200);
  });

  it("acknowledges a Slack event while every worker is busy, before its answer is worked on", async () => {
    let settled = 0;
    const burst = Array.from({ length: 30 }, () =>
      ask(QUESTION).then(async (r) => {
        await r.arrayBuffer();
        settled += 1;
      }),
    );
    // Give the burst a moment to fill both workers and the queue.
    await expect.poll(() => logEvents().filter((l) => l.event === "request_failed").length > 0).toBe(true);
    const ts = messageTs();
    const channel = `CBUSY${ts.replace(".", "")}`;
    const body = eventCallback({
      type: "app_mention",
      user: "U1",
      text: `<@UBOT> ${QUESTION}`,
      ts,
      channel,
      event_ts: ts,
    });
    const ack = await postSigned(`${base}/slack/events`, SECRET, body, "application/json");
    const settledAtAck = settled;
    expect(ack.status).toBe(200);
    // The acknowledgement came back while questions sent before it were still being answered or waiting.
    expect(settledAtAck).toBeLessThan(burst.length);
    await Promise.all(burst);
    // The event is then answered (or told the assistant is busy) in its thread.
    const reply = await slackApi.waitFor(
      (c) => c.method === "chat.update" && c.args.channel === channel,
      60_000,
    );
    expect(String(reply.args.text)).not.toBe("");
  });

  it("survives worker crashes: the question in flight gets a clear error, the next one is answered", async () => {
    // More crashes than workers: each lost worker must have been replaced for the next question to be answered.
    for (let i = 0; i < WORKERS + 1; i++) {
      const lost = await ask(`Please ${CRASH} and tell me about safe sleep`);
      expect(lost.status).toBe(503);
      expect(Number(lost.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await lost.json()) as { error: string }).error).toMatch(
        /failed part-way; please ask it again/,
      );
      const next = await ask(QUESTION);
      expect(next.status).toBe(200);
      expect(((await next.json()) as { found: boolean }).found).toBe(true);
    }
    const lostLines = logEvents().filter((l) => l.event === "answer_workers.question_lost");
    expect(lostLines).toHaveLength(WORKERS + 1);
    expect(lostLines.every((l) => l.code === "answer_worker_failed")).toBe(true);
    // The crash phrase came from the redacted question, and no log line quotes a question.
    expect(stderr).not.toContain("tell me about safe sleep");
  });

  it("survives the vector thread's crash: the question in flight gets a clear error, the next one is answered", async () => {
    const lost = await ask(`Please ${VECTOR_CRASH} and tell me about safe sleep`);
    expect(lost.status).toBe(503);
    expect(((await lost.json()) as { error: string }).error).toMatch(/failed part-way; please ask it again/);
    // Piscina starts another vector thread. Every worker hears its port close and connects to the new one; a
    // question a worker sent before it heard would be lost too, so the next is asked once all have heard.
    const deadline = Date.now() + 30_000;
    while (logEvents().filter((l) => l.event === "answer_worker.vector_thread_lost").length < WORKERS) {
      if (Date.now() > deadline) throw new Error("the workers did not all hear the vector thread end");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const next = await ask(QUESTION);
    expect(next.status).toBe(200);
    expect(((await next.json()) as { found: boolean }).found).toBe(true);
    const lostLines = logEvents().filter((l) => l.event === "answer_worker.vector_thread_lost");
    expect(lostLines).toHaveLength(WORKERS);
    expect(lostLines.every((l) => l.code === "answer_worker_failed")).toBe(true);
    expect(stderr).not.toContain("tell me about safe sleep");
  });

  it("a hot index swap reaches every worker: only the new generation answers the new question", async () => {
    const question = "How often must the quokka visiting rota be reviewed?";
    const before = (await (await ask(question)).json()) as { citations: { source: string }[] };
    expect(before.citations.some((c) => c.source.includes("quokka"))).toBe(false);

    fs.writeFileSync(
      path.join(work, "library", "quokka-visiting-rota.md"),
      "# Quokka visiting rota\n\nThe quokka visiting rota must be reviewed every fortnight by the named nurse, who records each review in the family's notes.\n",
    );
    const ingest = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "bot/cli/ingest.ts",
        "--source",
        path.join(work, "library"),
        "--index",
        path.join(work, "index"),
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATA_DIR: path.join(work, "data"), EMBEDDINGS: "local" },
        stdio: "ignore",
      },
    );
    expect(await new Promise((resolve) => ingest.once("exit", resolve))).toBe(0);
    await expect
      .poll(() => logEvents().some((l) => l.event === "index.switched"), { timeout: 30_000, interval: 200 })
      .toBe(true);

    // More questions at once than workers, so every worker answers some: each must use the new generation.
    const answers = await Promise.all(
      Array.from({ length: WORKERS * 3 }, async () => {
        const response = await ask(question);
        return {
          status: response.status,
          body: (await response.json()) as { citations?: { source: string }[] },
        };
      }),
    );
    const answered = answers.filter((a) => a.status === 200);
    expect(answered.length).toBeGreaterThanOrEqual(WORKERS);
    for (const a of answered) {
      // The whole answer in the message: a failure under load once came back with no citation at all.
      expect(a.body.citations?.[0]?.source, JSON.stringify(a.body).slice(0, 2000)).toBe(
        "quokka-visiting-rota.md",
      );
    }
  });
});
