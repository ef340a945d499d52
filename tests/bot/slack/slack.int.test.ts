/**
 * The Slack adapter end to end: requests signed as Slack signs them go over loopback HTTP into the real Bolt
 * app, mounted in an express app as bot/server.ts mounts it; the real assistant answers over the shared
 * corpus; a local stand-in for Slack's Web API records what the app posts.
 */
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../../bot/config.ts";
import { ADMIN_REFUSALS, EXAMPLE_QUESTIONS, SOURCES_QUESTION } from "../../../bot/core/commands.ts";
import type { AskRequest, Assistant, FeedbackEvent, IngestReport } from "../../../bot/core/types.ts";
import type { RunningAssistant } from "../../../bot/create-assistant.ts";
import { GREETING } from "../../../bot/slack/assistant-thread.ts";
import { ActionId } from "../../../bot/slack/button-value.ts";
import { createSlackSurface, type SlackSurface } from "../../../bot/slack/slack-surface.ts";
import { createLogger } from "../../../foundation/log.ts";
import { createTestAssistant } from "../../helpers/test-assistant.ts";
import { DEV_QUESTIONS, SHARED_CORPUS_MISSING, sharedCorpusAvailable } from "../../helpers/test-paths.ts";
import {
  buttonClickForm,
  eventCallback,
  feedbackClickForm,
  messageTs,
  pollUntil,
  postSigned,
  type RecordedCall,
  type SlackApiRecorder,
  slashCommandForm,
  startSlackApiRecorder,
} from "./slack-test-kit.ts";

const SECRET = "8f2b5c1e9d7a4b3c6e0f1a2b3c4d5e6f";
const BOT_TOKEN = "xoxb-test-token";
const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

interface DevQuestion {
  id: string;
  question: string;
  secrets?: string[];
}

const devQuestions = sharedCorpusAvailable()
  ? new Map(
      fs
        .readFileSync(DEV_QUESTIONS, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as DevQuestion)
        .map((q) => [q.id, q]),
    )
  : new Map<string, DevQuestion>();
const dev = (id: string): DevQuestion => {
  const question = devQuestions.get(id);
  if (!question) throw new Error(`dev question ${id} not found`);
  return question;
};

/** The shared index is read-only in tests, so an admin's reindex is answered with a fixed report. */
const REINDEX_REPORT: IngestReport = {
  added: [],
  updated: ["north-west-sli-infant-mortality-2016.pdf"],
  unchanged: ["a.md", "b.md", "c.html", "d.docx"],
  removed: [],
  failed: [],
  skipped: [],
  chunks: 948,
  embedded: 31,
  seconds: 4.2,
  indexBuilt: true,
};

/** The real assistant, with the calls the tests check recorded on the way through. */
function spyOn(real: Assistant) {
  const asked: AskRequest[] = [];
  const feedbacks: FeedbackEvent[] = [];
  let reindexCalls = 0;
  const assistant: Assistant = {
    ask: (request) => {
      asked.push(request);
      return real.ask(request);
    },
    sources: () => real.sources(),
    feedback: (event) => {
      feedbacks.push(event);
      real.feedback(event);
    },
    handoff: (request) => real.handoff(request),
    reindex: async () => {
      reindexCalls += 1;
      return REINDEX_REPORT;
    },
    report: (days) => real.report(days),
    health: () => real.health(),
  };
  return { assistant, asked, feedbacks, reindexCount: () => reindexCalls };
}

/** Listens on 127.0.0.1 with a free port, mounting the surface at the root as bot/server.ts does. */
async function serve(surface: SlackSurface): Promise<{ server: Server; eventsUrl: string }> {
  const app = express();
  if (!surface.router) throw new Error("expected the HTTP surface");
  app.use(surface.router);
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return { server, eventsUrl: `http://127.0.0.1:${port}/slack/events` };
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const blocksOf = (call: RecordedCall) => JSON.stringify(call.args.blocks ?? []);
/** What the audit store gives every answer: a random UUID. */
const ANSWER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

if (!sharedCorpusAvailable()) console.warn(SHARED_CORPUS_MISSING);

describe.skipIf(!sharedCorpusAvailable())("Slack surface over HTTP with the real assistant", () => {
  let recorder: SlackApiRecorder;
  let running: RunningAssistant;
  let config: Config;
  let spy: ReturnType<typeof spyOn>;
  let surface: SlackSurface;
  let server: Server;
  let eventsUrl: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    recorder = await startSlackApiRecorder();
    ({ assistant: running, config } = await createTestAssistant({
      library: "shared-corpus",
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: recorder.apiUrl,
        SLACK_HANDOFF_CHANNEL: "CHANDOFF",
        SLACK_ADMIN_USER_IDS: "UADMIN",
      },
      logSink: (line) => logLines.push(line),
    }));
    spy = spyOn(running);
    const created = createSlackSurface({
      config,
      assistant: spy.assistant,
      log: createLogger("debug", (l) => logLines.push(l)),
    });
    if (!created) throw new Error("expected a Slack surface with SLACK_BOT_TOKEN set");
    surface = created;
    ({ server, eventsUrl } = await serve(surface));
  });

  afterAll(async () => {
    await surface?.stop();
    if (server) await closeServer(server);
    await recorder?.close();
    await running?.close();
  });

  /** Sends a direct message and waits for its answer: proof that everything sent before it was handled. */
  async function roundTrip(): Promise<void> {
    const channel = `DSENTINEL${messageTs().replace(".", "")}`;
    const ts = messageTs();
    const body = eventCallback({
      type: "message",
      channel_type: "im",
      channel,
      user: "U1",
      text: "help",
      ts,
      event_ts: ts,
    });
    expect((await postSigned(eventsUrl, SECRET, body, JSON_TYPE)).status).toBe(200);
    await recorder.waitFor((c) => c.method === "chat.postMessage" && c.args.channel === channel);
  }

  let mention: { ts: string; interim: RecordedCall; update: RecordedCall };

  it("answers a signed app_mention in its thread, with blocks citing the source (d01)", async () => {
    const ts = messageTs();
    const response = await postSigned(
      eventsUrl,
      SECRET,
      eventCallback({
        type: "app_mention",
        user: "U1",
        text: `<@UBOT> ${dev("d01").question}`,
        ts,
        channel: "CMENTION",
        event_ts: ts,
      }),
      JSON_TYPE,
    );
    expect(response.status).toBe(200);

    const interim = await recorder.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "CMENTION",
    );
    expect(interim.args).toMatchObject({ thread_ts: ts, text: "Looking that up…" });
    expect(interim.token).toBe(BOT_TOKEN);
    const update = await recorder.waitFor((c) => c.method === "chat.update" && c.args.channel === "CMENTION");
    expect(update.args.ts).toBe(interim.response.ts);
    expect(blocksOf(update)).toContain("north-west-sli-infant-mortality-2016.pdf");
    expect(String(update.args.text)).toContain("Sources: [1]");
    expect(spy.asked.at(-1)).toEqual({
      question: dev("d01").question,
      platform: "slack",
      userId: "U1",
      area: undefined,
    });
    mention = { ts, interim, update };
  });

  it("answers Slack's URL check when the request URL is saved", async () => {
    const body = JSON.stringify({
      token: "unused",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    const response = await postSigned(eventsUrl, SECRET, body, JSON_TYPE);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
  });

  it("posts nothing for a forged signature", async () => {
    const before = recorder.calls.length;
    const askedBefore = spy.asked.length;
    const ts = messageTs();
    const body = eventCallback({
      type: "app_mention",
      user: "U1",
      text: `<@UBOT> ${dev("d01").question}`,
      ts,
      channel: "CFORGED",
      event_ts: ts,
    });
    const response = await postSigned(eventsUrl, SECRET, body, JSON_TYPE, {
      secret: "not-the-signing-secret",
    });
    expect(response.status).toBe(401);
    expect(recorder.calls.length).toBe(before);
    await roundTrip();
    expect(recorder.calls.some((c) => c.args.channel === "CFORGED")).toBe(false);
    expect(spy.asked.length).toBe(askedBefore);
  });

  it("rejects a correctly signed request whose timestamp is more than five minutes old", async () => {
    const before = recorder.calls.length;
    const body = slashCommandForm({
      text: dev("d01").question,
      userId: "U1",
      responseUrl: recorder.responseUrl("stale"),
    });
    const response = await postSigned(eventsUrl, SECRET, body, FORM, {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(response.status).toBe(401);
    await roundTrip();
    expect(recorder.calls.slice(before).some((c) => c.path === "/response/stale")).toBe(false);
  });

  it("does not answer a retry of an event it has already taken up", async () => {
    const ts = messageTs();
    const eventId = `EvRetry${ts}`;
    const body = eventCallback(
      {
        type: "app_mention",
        user: "U1",
        text: "<@UBOT> What is a CDOP?",
        ts,
        channel: "CRETRY",
        event_ts: ts,
      },
      eventId,
    );
    expect((await postSigned(eventsUrl, SECRET, body, JSON_TYPE)).status).toBe(200);
    await recorder.waitFor((c) => c.method === "chat.update" && c.args.channel === "CRETRY");
    const duplicatesBefore = logLines.filter((l) => l.includes("slack.duplicate_event_ignored")).length;

    const retry = await postSigned(eventsUrl, SECRET, body, JSON_TYPE, { retryNum: 1 });
    expect(retry.status).toBe(200);
    await pollUntil(
      () =>
        logLines.filter((l) => l.includes("slack.duplicate_event_ignored")).length > duplicatesBefore
          ? true
          : undefined,
      10_000,
      () => "the retry to be recognised",
    );
    expect(logLines.at(-1)).toContain('"retryNum":1');
    await roundTrip();
    expect(recorder.calls.filter((c) => c.args.channel === "CRETRY").map((c) => c.method)).toEqual([
      "chat.postMessage",
      "chat.update",
    ]);
  });

  it("answers a direct message in place and keeps personal data out of Slack and the logs (d20)", async () => {
    const { question, secrets = [] } = dev("d20");
    const ts = messageTs();
    const body = eventCallback({
      type: "message",
      channel_type: "im",
      channel: "DPII",
      user: "U2",
      text: question,
      ts,
      event_ts: ts,
    });
    expect((await postSigned(eventsUrl, SECRET, body, JSON_TYPE)).status).toBe(200);
    const interim = await recorder.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "DPII",
    );
    expect(interim.args.thread_ts).toBeUndefined();
    const update = await recorder.waitFor((c) => c.method === "chat.update" && c.args.channel === "DPII");
    expect(update.args.blocks).toBeInstanceOf(Array);
    // Every button carries the answer id alone.
    expect(actionValue(update, ActionId.Handoff)).toMatch(ANSWER_ID);
    const posted = JSON.stringify(recorder.calls);
    for (const secret of secrets) {
      expect(posted).not.toContain(secret);
      expect(logLines.join("\n")).not.toContain(secret);
    }
  });

  it("ignores bot messages and edits in direct messages", async () => {
    const ts = messageTs();
    const fromBot = eventCallback({
      type: "message",
      channel_type: "im",
      channel: "DIGNORE",
      user: "U3",
      bot_id: "B2",
      text: "Is bed-sharing safe?",
      ts,
      event_ts: ts,
    });
    const edit = eventCallback({
      type: "message",
      subtype: "message_changed",
      channel_type: "im",
      channel: "DIGNORE",
      message: { type: "message", user: "U3", text: "Is bed-sharing safe?", ts },
      previous_message: { type: "message", user: "U3", text: "Is bed sharing safe", ts },
      ts: messageTs(),
      event_ts: messageTs(),
    });
    for (const body of [fromBot, edit])
      expect((await postSigned(eventsUrl, SECRET, body, JSON_TYPE)).status).toBe(200);
    await roundTrip();
    expect(recorder.calls.some((c) => c.args.channel === "DIGNORE")).toBe(false);
  });

  it("acknowledges the slash command at once and responds with the hand-off first for a risk question (d17)", async () => {
    const body = slashCommandForm({
      text: dev("d17").question,
      userId: "U4",
      responseUrl: recorder.responseUrl("d17"),
    });
    const response = await postSigned(eventsUrl, SECRET, body, FORM);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ response_type: "ephemeral", text: "Looking that up…" });

    const answer = await recorder.waitFor((c) => c.path === "/response/d17");
    expect(answer.args).toMatchObject({ response_type: "ephemeral", replace_original: true });
    const blocks = answer.args.blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]?.type).toBe("header");
    expect(blocks[0]?.text?.text).toContain("Emergency");
    expect(String(answer.args.text)).toMatch(/^EMERGENCY: /);
    const answerAt = blocks.findIndex((b) => b.type === "divider");
    expect(answerAt).toBeGreaterThan(1);
  });

  it("posts a hand-off to the team's channel and confirms privately to the asker", async () => {
    const value = actionValue(mention.update, ActionId.Handoff);
    expect(value).toMatch(ANSWER_ID);
    const body = buttonClickForm({
      actionId: ActionId.Handoff,
      value,
      userId: "U1",
      channel: "CMENTION",
      messageTs: String(mention.interim.response.ts),
      threadTs: mention.ts,
      responseUrl: recorder.responseUrl("handoff"),
    });
    expect((await postSigned(eventsUrl, SECRET, body, FORM)).status).toBe(200);
    const request = await recorder.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "CHANDOFF",
    );
    expect(blocksOf(request)).toContain("*From:* <@U1>");
    // Looked up by the answer id: the button never carried it.
    expect(blocksOf(request)).toContain(dev("d01").question);
    expect(blocksOf(request)).toContain(`Answer reference: ${value}`);
    const confirmation = await recorder.waitFor(
      (c) => c.method === "chat.postEphemeral" && c.args.channel === "CMENTION",
    );
    expect(confirmation.args).toMatchObject({
      user: "U1",
      thread_ts: mention.ts,
      text: "I have asked the safeguarding team in <#CHANDOFF> to contact you.",
    });
  });

  it("records a click on Slack's feedback buttons against the answer and thanks the person privately", async () => {
    const before = recorder.calls.length;
    const { positive, negative } = feedbackValues(mention.update);
    const answerId = actionValue(mention.update, ActionId.Handoff);
    expect(negative).toBe(`not-helpful:${answerId}`);
    expect(positive).toBe(`helpful:${answerId}`);
    const body = feedbackClickForm({
      actionId: ActionId.Feedback,
      value: negative,
      userId: "U1",
      channel: "CMENTION",
      messageTs: String(mention.interim.response.ts),
      responseUrl: recorder.responseUrl("feedback"),
    });
    expect((await postSigned(eventsUrl, SECRET, body, FORM)).status).toBe(200);
    const thanks = await pollUntil(
      () => recorder.calls.slice(before).find((c) => c.method === "chat.postEphemeral"),
      10_000,
      () => "the thanks",
    );
    expect(String(thanks.args.text)).toMatch(/^Thanks for telling us/);
    expect(spy.feedbacks.at(-1)).toEqual({ answerId, platform: "slack", userId: "U1", helpful: false });
  });

  it("still records a click on the Helpful button of an answer posted before the feedback buttons", async () => {
    const answerId = actionValue(mention.update, ActionId.Handoff);
    const body = buttonClickForm({
      actionId: ActionId.Helpful,
      value: answerId,
      userId: "U1",
      channel: "CMENTION",
      messageTs: String(mention.interim.response.ts),
      responseUrl: recorder.responseUrl("old-feedback"),
    });
    expect((await postSigned(eventsUrl, SECRET, body, FORM)).status).toBe(200);
    await pollUntil(
      () => (spy.feedbacks.at(-1)?.helpful === true ? true : undefined),
      10_000,
      () => "the feedback",
    );
    expect(spy.feedbacks.at(-1)).toEqual({ answerId, platform: "slack", userId: "U1", helpful: true });
  });

  it("greets a new assistant thread with the suggested prompts", async () => {
    const threadTs = messageTs();
    const body = eventCallback({
      type: "assistant_thread_started",
      assistant_thread: {
        user_id: "U7",
        context: { channel_id: "CVIEWING", team_id: "T1", enterprise_id: null },
        channel_id: "DASSIST",
        thread_ts: threadTs,
      },
      event_ts: messageTs(),
    });
    expect((await postSigned(eventsUrl, SECRET, body, JSON_TYPE)).status).toBe(200);
    const prompts = await recorder.waitFor((c) => c.method === "assistant.threads.setSuggestedPrompts");
    expect(prompts.args).toMatchObject({ channel_id: "DASSIST", thread_ts: threadTs, title: "Try asking" });
    const offered = prompts.args.prompts as { title: string; message: string }[];
    expect(offered.map((p) => p.message)).toEqual([
      ...EXAMPLE_QUESTIONS.map((e) => e.question),
      SOURCES_QUESTION,
    ]);
    const greeting = recorder.calls.find(
      (c) => c.method === "chat.postMessage" && c.args.channel === "DASSIST",
    );
    expect(greeting?.args).toMatchObject({ thread_ts: threadTs, text: GREETING });
  });

  it("answers a question in the assistant thread: status first, then the answer with Slack's feedback buttons and a title", async () => {
    const threadTs = messageTs();
    const ts = messageTs();
    const body = eventCallback({
      type: "message",
      channel_type: "im",
      channel: "DTHREAD",
      user: "U8",
      text: dev("d01").question,
      ts,
      thread_ts: threadTs,
      event_ts: ts,
    });
    expect((await postSigned(eventsUrl, SECRET, body, JSON_TYPE)).status).toBe(200);
    const answer = await recorder.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "DTHREAD",
    );
    const inThread = recorder.calls.filter(
      (c) => c.args.channel_id === "DTHREAD" || c.args.channel === "DTHREAD",
    );
    const status = inThread.findIndex((c) => c.method === "assistant.threads.setStatus");
    expect(status).toBeGreaterThanOrEqual(0);
    expect(inThread[status]?.args).toMatchObject({ thread_ts: threadTs, status: "Searching the guidance…" });
    expect(status).toBeLessThan(inThread.indexOf(answer));
    expect(answer.args.thread_ts).toBe(threadTs);
    expect(blocksOf(answer)).toContain("north-west-sli-infant-mortality-2016.pdf");
    const { positive } = feedbackValues(answer);
    expect(positive).toMatch(/^helpful:[0-9a-f-]{36}$/);
    const title = inThread.find((c) => c.method === "assistant.threads.setTitle");
    expect(title?.args).toMatchObject({ thread_ts: threadTs, title: dev("d01").question.slice(0, 80) });
    expect(spy.asked.at(-1)).toMatchObject({
      question: dev("d01").question,
      platform: "slack",
      userId: "U8",
    });
    // The direct-message listener left it to the assistant thread: one answer, no "Looking that up…".
    expect(inThread.filter((c) => c.method === "chat.postMessage")).toHaveLength(1);
  });

  it("lists the sources for the suggested prompt 'What documents do you use?' in the thread", async () => {
    const threadTs = messageTs();
    const ts = messageTs();
    const body = eventCallback({
      type: "message",
      channel_type: "im",
      channel: "DPROMPT",
      user: "U8",
      text: SOURCES_QUESTION,
      ts,
      thread_ts: threadTs,
      event_ts: ts,
    });
    expect((await postSigned(eventsUrl, SECRET, body, JSON_TYPE)).status).toBe(200);
    const reply = await recorder.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "DPROMPT",
    );
    expect(String(reply.args.text)).toMatch(/indexed documents/);
  });

  it("lists the sources, refuses a reindex to non-admins and reports it to admins", async () => {
    const sources = await postSigned(
      eventsUrl,
      SECRET,
      slashCommandForm({ text: "sources", userId: "U1", responseUrl: recorder.responseUrl("sources") }),
      FORM,
    );
    expect(sources.status).toBe(200);
    const listed = JSON.stringify(await sources.json());
    expect(listed).toContain("north-west-sli-infant-mortality-2016.pdf");
    expect(listed).toMatch(/may be out of date/);

    const refused = await postSigned(
      eventsUrl,
      SECRET,
      slashCommandForm({ text: "reindex", userId: "U1", responseUrl: recorder.responseUrl("refused") }),
      FORM,
    );
    expect(await refused.json()).toEqual({ response_type: "ephemeral", text: ADMIN_REFUSALS.reindex });
    expect(spy.reindexCount()).toBe(0);

    const admin = await postSigned(
      eventsUrl,
      SECRET,
      slashCommandForm({ text: "reindex", userId: "UADMIN", responseUrl: recorder.responseUrl("reindex") }),
      FORM,
    );
    expect(((await admin.json()) as { text: string }).text).toMatch(/^Reindexing the library/);
    const report = await recorder.waitFor((c) => c.path === "/response/reindex");
    expect(String(report.args.text)).toBe(
      "Reindex finished in 4.2 s: 0 added, 1 updated, 4 unchanged, 0 removed, 0 failed; 948 passages in the index (31 embedded now).",
    );
    expect(spy.reindexCount()).toBe(1);

    const help = await postSigned(
      eventsUrl,
      SECRET,
      slashCommandForm({ text: "", userId: "U1", responseUrl: recorder.responseUrl("help") }),
      FORM,
    );
    expect(JSON.stringify(await help.json())).toContain("/guidance sources");
  });

  it("tells the asker whom to contact when no hand-off channel is configured", async () => {
    const withoutChannel = createSlackSurface({
      config: { ...config, SLACK_HANDOFF_CHANNEL: undefined },
      assistant: spy.assistant,
      log: createLogger("silent"),
    });
    if (!withoutChannel) throw new Error("expected a Slack surface");
    const second = await serve(withoutChannel);
    try {
      const before = recorder.calls.length;
      const body = buttonClickForm({
        actionId: ActionId.Handoff,
        value: actionValue(mention.update, ActionId.Handoff),
        userId: "U5",
        channel: "CNOCHANNEL",
        messageTs: String(mention.interim.response.ts),
        responseUrl: recorder.responseUrl("nochannel"),
      });
      expect((await postSigned(second.eventsUrl, SECRET, body, FORM)).status).toBe(200);
      const told = await recorder.waitFor(
        (c) => c.method === "chat.postEphemeral" && c.args.channel === "CNOCHANNEL",
      );
      expect(String(told.args.text)).toMatch(/^Please contact the safeguarding team directly: \S/);
      expect(recorder.calls.slice(before).some((c) => c.args.channel === "CHANDOFF")).toBe(false);
    } finally {
      await withoutChannel.stop();
      await closeServer(second.server);
    }
  });

  it("never logs a question as it was typed", () => {
    const logged = logLines.join("\n");
    expect(logged).toContain("question.answered");
    for (const id of ["d01", "d17", "d20"]) expect(logged).not.toContain(dev(id).question);
  });
});

/** The values of the answer's feedback_buttons, as Slack would send one back on a click. */
function feedbackValues(call: RecordedCall): { positive: string; negative: string } {
  const blocks = call.args.blocks as {
    type: string;
    elements?: { type: string; positive_button?: { value: string }; negative_button?: { value: string } }[];
  }[];
  const element = blocks
    .flatMap((b) => (b.type === "context_actions" ? (b.elements ?? []) : []))
    .find((e) => e.type === "feedback_buttons");
  if (!element?.positive_button || !element.negative_button) throw new Error("no feedback_buttons");
  return { positive: element.positive_button.value, negative: element.negative_button.value };
}

/** The value of one of the answer's buttons, as Slack would send it back on a click. */
function actionValue(call: RecordedCall, actionId: string): string {
  const blocks = call.args.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[];
  const value = blocks
    .flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []))
    .find((e) => e.action_id === actionId)?.value;
  if (!value) throw new Error(`no ${actionId} button`);
  return value;
}
