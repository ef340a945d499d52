import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../bot/config.ts";
import { resolveAuditKey } from "../../bot/core/audit/audit-store.ts";
import type { AnsweredQuestion } from "../../bot/core/types.ts";
import type { RunningAssistant } from "../../bot/create-assistant.ts";
import { createHttpApp, type RunningHttpServer, startHttpServer } from "../../bot/server.ts";
import { openAuditStore } from "../../bot/store/sqlite-store.ts";
import { createTestAssistant } from "../helpers/test-assistant.ts";
import { DEV_QUESTIONS, SHARED_CORPUS_MISSING, sharedCorpusAvailable } from "../helpers/test-paths.ts";
import { recordingLogger } from "./web/fakes.ts";

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function ask(url: string, question: string): Promise<AnsweredQuestion> {
  const response = await postJson(`${url}/api/ask`, { question });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as AnsweredQuestion;
}

describe("the server over the real assistant (sample library)", () => {
  let assistant: RunningAssistant;
  let config: Config;
  let running: RunningHttpServer;
  let url: string;
  const serverLog = recordingLogger();

  beforeAll(async () => {
    ({ assistant, config } = await createTestAssistant({ library: "sample" }));
    const app = createHttpApp({ config, assistant, log: serverLog.log });
    running = await startHttpServer(app, { port: 0, host: "127.0.0.1" });
    url = running.url;
  });

  afterAll(async () => {
    await running?.close(2000);
    await assistant?.close();
  });

  it("answers a safer-sleep question with citations from the sample guidance", async () => {
    const answer = await ask(url, "Is it safe for a baby to sleep on a sofa with a parent?");
    expect(answer.found).toBe(true);
    expect(answer.answerId).toEqual(expect.any(String));
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations[0]?.source).toBe("safer-sleep-sample.md");
    expect(answer.answer).toMatch(/\[1\]/);
  });

  it("lists the sample documents with their dates, and is healthy", async () => {
    const sources = (await (await fetch(`${url}/api/sources`)).json()) as { source: string; date?: string }[];
    expect(sources.map((source) => source.source).sort()).toEqual([
      "bruising-in-babies-sample.md",
      "escalation-and-referral-sample.md",
      "levels-of-need-sample.md",
      "safer-sleep-sample.md",
    ]);
    expect(sources.every((source) => source.date === "2026-11-01")).toBe(true);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ indexLoaded: true, documents: 4 });
  });

  it("records feedback and a hand-off in the audit store, and tells the web user whom to contact", async () => {
    const answer = await ask(url, "What should I do about bruising on a baby who is not yet mobile?");
    const feedback = await postJson(`${url}/api/feedback`, { answerId: answer.answerId, helpful: true });
    expect(feedback.status).toBe(200);
    const handoff = await postJson(`${url}/api/handoff`, { answerId: answer.answerId });
    expect(handoff.status).toBe(200);
    const reply = (await handoff.json()) as {
      contacts: { name: string }[];
      message: string;
      delivered: boolean;
    };
    expect(reply.delivered).toBe(false);
    expect(reply.contacts.length).toBeGreaterThan(0);
    expect(reply.message).toMatch(/contact/);

    const audit = openAuditStore({
      file: path.join(config.DATA_DIR, "audit.sqlite"),
      userKey: resolveAuditKey(config.DATA_DIR, config.AUDIT_KEY),
    });
    try {
      const totals = (await audit.report()).totals;
      expect(totals.feedback).toBeGreaterThanOrEqual(1);
      expect(totals.handoffs).toBeGreaterThanOrEqual(1);
    } finally {
      await audit.close();
    }
    const logged = serverLog.events().find((event) => event.event === "handoff_requested");
    expect(logged).toMatchObject({ level: "info", platform: "web", answerId: answer.answerId });
    expect(serverLog.lines.join("\n")).not.toContain("bruising");
  });

  it("refuses every kind of bad request with a 4xx sentence and keeps answering", async () => {
    const form = { "content-type": "text/plain" };
    const attempts: [string, () => Promise<Response>, number][] = [
      [
        "malformed JSON",
        () =>
          fetch(`${url}/api/ask`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: "{",
          }),
        400,
      ],
      ["missing question", () => postJson(`${url}/api/ask`, { area: "default" }), 400],
      ["over-long question", () => postJson(`${url}/api/ask`, { question: "sleep ".repeat(400) }), 400],
      ["wrong method", () => fetch(`${url}/api/ask`, { method: "PUT" }), 405],
      [
        "wrong content type",
        () => fetch(`${url}/api/ask`, { method: "POST", headers: form, body: "sleep" }),
        415,
      ],
      ["oversized body", () => postJson(`${url}/api/ask`, { question: "x".repeat(50_000) }), 413],
      ["unknown route", () => fetch(`${url}/api/unknown`), 404],
    ];
    for (const [kind, attempt, status] of attempts) {
      const response = await attempt();
      expect(response.status, kind).toBe(status);
      const body = (await response.json()) as { error: string };
      expect(body.error, kind).toMatch(/^[A-Z"][^\n]*\.$/);
      if (status === 405) expect(response.headers.get("allow")).toBe("POST");
    }
    expect((await ask(url, "What room temperature is right for a sleeping baby?")).found).toBe(true);
  });

  it("switches to a re-ingested index while a burst of questions is in flight, failing none", async () => {
    const marker = "Lullaby lanterns";
    fs.writeFileSync(
      path.join(config.LIBRARY_DIR, "night-lights-sample.md"),
      `# SAMPLE: ${marker} in nurseries\n\n## Lullaby lanterns\n\n${marker} are battery night lights for nurseries. ` +
        "They must be placed out of reach of the cot and never inside it, and checked for loose batteries.\n",
    );
    const questions = [
      "Is it safe for a baby to sleep on a sofa with a parent?",
      "What room temperature is right for a sleeping baby?",
      "When should bruising in a baby be referred?",
      "What are the levels of need?",
    ];
    const failures: string[] = [];
    let asked = 0;
    let reindexDone = false;
    let answeredAfterReindex = 0;
    // Questions that were asked on the old index and answered after the new one was switched in.
    let straddled = 0;
    const worker = async () => {
      // At least 40 questions, and keep going until several have been answered by the switched-in index.
      while ((asked < 40 || answeredAfterReindex < 8) && asked < 400) {
        const question = questions[asked++ % questions.length] ?? "";
        const askedBeforeSwitch = !reindexDone;
        try {
          await ask(url, question);
          if (reindexDone) answeredAfterReindex++;
          if (askedBeforeSwitch && reindexDone) straddled++;
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const reindex = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const report = await assistant.reindex();
      reindexDone = true;
      return report;
    })();
    const [report] = await Promise.all([reindex, worker(), worker(), worker(), worker()]);
    expect(failures).toEqual([]);
    expect(asked).toBeGreaterThanOrEqual(40);
    expect(straddled).toBeGreaterThan(0);
    expect(report.added).toEqual(["night-lights-sample.md"]);

    // The assistant polls CURRENT; give it a few polls to pick the new generation up.
    let answer: AnsweredQuestion | undefined;
    for (let attempt = 0; attempt < 40; attempt++) {
      answer = await ask(url, "Where should lullaby lanterns be placed in a nursery?");
      if (answer.citations.some((citation) => citation.source === "night-lights-sample.md")) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(answer?.citations.map((citation) => citation.source)).toContain("night-lights-sample.md");
    const sources = (await (await fetch(`${url}/api/sources`)).json()) as { source: string }[];
    expect(sources.map((source) => source.source)).toContain("night-lights-sample.md");
  });
});

describe.skipIf(!sharedCorpusAvailable())("POST /api/ask answers the dev questions as the CLI does", () => {
  if (!sharedCorpusAvailable()) process.stderr.write(`${SHARED_CORPUS_MISSING}\n`);
  let assistant: RunningAssistant;
  let running: RunningHttpServer;
  const serverLog = recordingLogger();
  const assistantLines: string[] = [];

  beforeAll(async () => {
    const created = await createTestAssistant({
      library: "shared-corpus",
      logSink: (line) => assistantLines.push(line),
    });
    assistant = created.assistant;
    running = await startHttpServer(
      createHttpApp({ config: created.config, assistant, log: serverLog.log }),
      {
        port: 0,
        host: "127.0.0.1",
      },
    );
  });

  afterAll(async () => {
    await running?.close(2000);
    await assistant?.close();
  });

  it("gives the same citations in the same order, the same hand-off, and logs no personal data", async () => {
    const devQuestions = fs
      .readFileSync(DEV_QUESTIONS, "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { id: string; question: string; secrets?: string[] });
    const shape = (answer: AnsweredQuestion) => ({
      question: answer.question,
      found: answer.found,
      level: answer.escalation?.level ?? null,
      citations: answer.citations.map(({ source, section, page, text }) => ({ source, section, page, text })),
    });
    for (const { id, question } of devQuestions) {
      const overHttp = await ask(running.url, question);
      const direct = await assistant.ask({ question, platform: "cli" });
      expect(shape(overHttp), id).toEqual(shape(direct));
    }
    const secrets = devQuestions.flatMap((question) => question.secrets ?? []);
    expect(secrets.length).toBeGreaterThan(0);
    const logged = [...serverLog.lines, ...assistantLines].join("\n");
    for (const secret of secrets) expect(logged).not.toContain(secret);
  });
});
