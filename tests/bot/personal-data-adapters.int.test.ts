/**
 * Nothing personal travels: questions carrying a name (no cue word before it), an NHS number, a postcode, a
 * phone number and an email go in through every real adapter — real HTTP to the web API, signed Slack
 * requests into the real Bolt app (a recorder stands in for Slack's Web API), Bot Framework activities into
 * the real CloudAdapter (a recorder stands in for the connector) — all mounted in the real server, over the
 * real assistant and audit store. Not one of those details may come back out: not in an API response, a
 * Slack or Teams payload, a button or card, a hand-off, the audit files (WAL included) or the debug log.
 * Buttons and cards carry the answer id alone; a hand-off is built from the answer the store holds.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../bot/config.ts";
import type { AnsweredQuestion } from "../../bot/core/types.ts";
import type { RunningAssistant } from "../../bot/create-assistant.ts";
import { createHttpApp, type RunningHttpServer, startHttpServer } from "../../bot/server.ts";
import { ActionId, decodeFeedbackValue } from "../../bot/slack/button-value.ts";
import { createSlackSurface, SLACK_EVENTS_PATH, type SlackSurface } from "../../bot/slack/slack-surface.ts";
import type { AdaptiveCard } from "../../bot/teams/render-card.ts";
import { createTeamsSurface, type TeamsSurface } from "../../bot/teams/teams-surface.ts";
import { createLogger } from "../../foundation/log.ts";
import { createTestAssistant } from "../helpers/test-assistant.ts";
import {
  buttonClickForm,
  eventCallback,
  messageTs,
  pollUntil,
  postSigned,
  type RecordedCall,
  type SlackApiRecorder,
  slashCommandForm,
  startSlackApiRecorder,
} from "./slack/slack-test-kit.ts";

const SIGNING_SECRET = "5d1c9e7a2b4f6a8c0e1d3f5a7b9c2e4f";
const SLACK_HANDOFF = "CHANDOFF";
const TEAMS_HANDOFF = "19:safeguarding-team@thread.tacv2";
const FORM = "application/x-www-form-urlencoded";
const ANSWER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface PersonalQuestion {
  question: string;
  /** Every detail that must never come back out, compared without regard to case. */
  secrets: string[];
  /** Words of the question that are not personal: the redacted question still carries them. */
  kept: string;
}

/** One question per surface, so each surface's traffic is checked against details it was given. */
const QUESTIONS = {
  web: {
    question:
      "Chloe Evans (NHS 943 476 5919, B69 4RT, 07700 900123, chloe@example.com) has a bruise on her cheek and is 4 months old; what should I do?",
    secrets: ["Chloe", "Evans", "943 476 5919", "B69 4RT", "07700 900123", "chloe@example.com"],
    kept: "has a bruise on her cheek",
  },
  slack: {
    question:
      "Ruby Clarke (NHS 401 023 2137, LS6 2QT, 0161 496 0000, ruby.clarke@example.org) has a bruise on her arm and is 3 months old; what should I do?",
    secrets: ["Ruby", "Clarke", "401 023 2137", "LS6 2QT", "0161 496 0000", "ruby.clarke@example.org"],
    kept: "has a bruise on her arm",
  },
  teams: {
    question:
      "Adaeze Nwosu (NHS 943 476 5870, WV10 9QR, 07700 900456, a.nwosu@example.net) says the baby sleeps on the sofa with her; is that safe?",
    secrets: ["Adaeze", "Nwosu", "943 476 5870", "WV10 9QR", "07700 900456", "a.nwosu@example.net"],
    kept: "sleeps on the sofa",
  },
} satisfies Record<string, PersonalQuestion>;

const ALL_SECRETS = Object.values(QUESTIONS).flatMap((q) => q.secrets);

/** The secrets `text` holds, ignoring case (a name typed in lower case is still the name). */
function leaked(text: string, secrets: string[] = ALL_SECRETS): string[] {
  const lower = text.toLowerCase();
  return secrets.filter((secret) => lower.includes(secret.toLowerCase()));
}

interface ConnectorCall {
  path: string;
  body: Record<string, unknown>;
}

/** A stand-in for the Bot Framework connector: records every call and answers each send with an id. */
async function startConnector(): Promise<{ url: string; calls: ConnectorCall[]; close(): Promise<void> }> {
  const calls: ConnectorCall[] = [];
  let sent = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      calls.push({ path: req.url ?? "", body: text ? JSON.parse(text) : {} });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `sent-${++sent}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let activitySeq = 0;

/** A personal-chat message as the Emulator sends it (local development mode: no token needed). */
function personalMessage(serviceUrl: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    type: "message",
    id: `incoming-${++activitySeq}`,
    timestamp: new Date().toISOString(),
    channelId: "emulator",
    serviceUrl,
    from: { id: "user-1", name: "Sam Practitioner", role: "user" },
    recipient: { id: "bot-1", name: "Safeguarding guidance", role: "bot" },
    conversation: { id: "personal-conversation" },
    locale: "en-GB",
    ...fields,
  };
}

/** "help" @mentioned in the hand-off channel, which is how the bot learns where hand-offs go. */
function handoffChannelMessage(serviceUrl: string): Record<string, unknown> {
  return {
    type: "message",
    id: `incoming-${++activitySeq}`,
    channelId: "msteams",
    serviceUrl,
    from: { id: "29:lead", name: "Alex Lead", aadObjectId: "aad-lead" },
    recipient: { id: "28:bot-1", name: "Safeguarding guidance" },
    conversation: { id: `${TEAMS_HANDOFF};messageid=1`, isGroup: true, conversationType: "channel" },
    channelData: { channel: { id: TEAMS_HANDOFF }, team: { id: TEAMS_HANDOFF }, tenant: { id: "tenant-1" } },
    text: "<at>Safeguarding guidance</at> help",
    entities: [
      {
        type: "mention",
        mentioned: { id: "28:bot-1", name: "Safeguarding guidance" },
        text: "<at>Safeguarding guidance</at>",
      },
    ],
  };
}

function cardIn(call: ConnectorCall | undefined): AdaptiveCard {
  const card = (call?.body.attachments as { content: AdaptiveCard }[] | undefined)?.[0]?.content;
  if (!card) throw new Error(`no card in ${JSON.stringify(call?.body)}`);
  return card;
}

/** The values of the buttons under a Slack answer, by action id. */
interface BlockElement {
  type?: string;
  action_id?: string;
  value?: string;
  positive_button?: { value?: string };
  negative_button?: { value?: string };
}

/** Every value a button of the message carries, by action id (Slack's feedback buttons give two). */
function buttonValues(call: RecordedCall): Record<string, string | undefined> {
  const blocks = call.args.blocks as { type: string; elements?: BlockElement[] }[];
  const elements = blocks.flatMap((b) =>
    b.type === "actions" || b.type === "context_actions" ? (b.elements ?? []) : [],
  );
  return Object.fromEntries(
    elements.flatMap((e): [string, string | undefined][] =>
      e.type === "feedback_buttons"
        ? [
            [`${e.action_id}:positive`, e.positive_button?.value],
            [`${e.action_id}:negative`, e.negative_button?.value],
          ]
        : [[e.action_id ?? "", e.value]],
    ),
  );
}

describe("nothing personal travels, through the real adapters", () => {
  const logLines: string[] = [];
  let assistant: RunningAssistant;
  let config: Config;
  let recorder: SlackApiRecorder;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let slack: SlackSurface;
  let teams: TeamsSurface;
  let running: RunningHttpServer;
  let url: string;
  /** Every API response body the web tests received. */
  const webResponses: string[] = [];

  beforeAll(async () => {
    recorder = await startSlackApiRecorder();
    connector = await startConnector();
    ({ assistant, config } = await createTestAssistant({
      library: "sample",
      env: {
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: recorder.apiUrl,
        SLACK_HANDOFF_CHANNEL: SLACK_HANDOFF,
        TEAMS_HANDOFF_CHANNEL_ID: TEAMS_HANDOFF,
      },
      logSink: (line) => logLines.push(line),
    }));
    const log = createLogger("debug", (line) => logLines.push(line));
    const slackSurface = createSlackSurface({ config, assistant, log });
    if (!slackSurface) throw new Error("expected a Slack surface with SLACK_BOT_TOKEN set");
    slack = slackSurface;
    teams = createTeamsSurface({ config, assistant, log, conversations: assistant.store.conversations });
    running = await startHttpServer(createHttpApp({ config, assistant, log, slack, teams }), {
      port: 0,
      host: "127.0.0.1",
    });
    url = running.url;
  });

  afterAll(async () => {
    await running?.close(2000);
    await slack?.stop();
    await teams?.stop();
    await recorder?.close();
    await connector?.close();
    await assistant?.close();
  });

  const postJson = async (route: string, body: unknown) => {
    const response = await fetch(`${url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    webResponses.push(text);
    return { status: response.status, json: JSON.parse(text) as Record<string, unknown> };
  };

  describe("the web API", () => {
    const { question, secrets, kept } = QUESTIONS.web;
    let answer: AnsweredQuestion;

    it("answers without echoing a detail, and says what it removed", async () => {
      const response = await postJson("/api/ask", { question });
      expect(response.status).toBe(200);
      answer = response.json as unknown as AnsweredQuestion;
      expect(answer.answerId).toMatch(ANSWER_ID);
      expect(answer.question).toContain(kept);
      expect(answer.warnings.join(" ")).toMatch(/removed/i);
      expect(leaked(JSON.stringify(answer), secrets)).toEqual([]);
    });

    it("records feedback whose comment repeats the details, and echoes none of them", async () => {
      const response = await postJson("/api/feedback", {
        answerId: answer.answerId,
        helpful: false,
        comment: question,
      });
      expect(response).toEqual({ status: 200, json: { recorded: true } });
    });

    it("hands off by answer id, with a note that repeats the details, echoing none of them", async () => {
      const response = await postJson("/api/handoff", { answerId: answer.answerId, note: question });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ recorded: true, level: answer.escalation?.level ?? null });
      expect(leaked(JSON.stringify(response.json), secrets)).toEqual([]);
    });

    it("takes the level from the stored answer, not from a question the client sends back", async () => {
      const calm = (
        await postJson("/api/ask", { question: "What room temperature is right for a sleeping baby?" })
      ).json as unknown as AnsweredQuestion;
      expect(calm.escalation?.level ?? null).not.toBe("emergency");
      const response = await postJson("/api/handoff", {
        answerId: calm.answerId,
        question: "The baby is not breathing right now and he has taken a packet of pills",
      });
      expect(response.status).toBe(200);
      expect(response.json.level).toBe(calm.escalation?.level ?? null);
    });

    it("refuses a hand-off for an answer it has no record of with a 400 sentence", async () => {
      const response = await postJson("/api/handoff", { answerId: "00000000-0000-4000-8000-000000000000" });
      expect(response.status).toBe(400);
      expect(response.json.error).toMatch(/^I cannot find that answer.*\.$/);
    });

    it("sent no detail in any response", () => {
      expect(webResponses.length).toBeGreaterThanOrEqual(5);
      expect(leaked(webResponses.join("\n"))).toEqual([]);
    });
  });

  describe("Slack", () => {
    const { question, secrets, kept } = QUESTIONS.slack;
    const eventsUrl = () => `${url}${SLACK_EVENTS_PATH}`;
    let answered: RecordedCall;
    let answerChannel: string;

    it("answers a direct message with buttons that carry the answer id alone", async () => {
      answerChannel = "DPERSONAL";
      const ts = messageTs();
      const event = eventCallback({
        type: "message",
        channel_type: "im",
        channel: answerChannel,
        user: "U1",
        text: question,
        ts,
        event_ts: ts,
      });
      expect((await postSigned(eventsUrl(), SIGNING_SECRET, event, "application/json")).status).toBe(200);
      answered = await recorder.waitFor(
        (c) => c.method === "chat.update" && c.args.channel === answerChannel,
      );
      const values = buttonValues(answered);
      const answerId = values[ActionId.Handoff] ?? "";
      expect(answerId).toMatch(ANSWER_ID);
      expect(Object.keys(values).length).toBeGreaterThan(1);
      // The hand-off carries the answer id; Slack's own feedback buttons carry it with the reaction.
      for (const [action, value] of Object.entries(values)) {
        if (action === ActionId.Handoff) continue;
        expect(decodeFeedbackValue(value)?.answerId, action).toBe(answerId);
      }
      expect(leaked(JSON.stringify(answered.args), secrets)).toEqual([]);
    });

    it("answers the slash command privately without a detail", async () => {
      const form = slashCommandForm({
        text: question,
        userId: "U1",
        responseUrl: recorder.responseUrl("pd"),
      });
      const response = await postSigned(eventsUrl(), SIGNING_SECRET, form, FORM);
      expect(response.status).toBe(200);
      expect(leaked(await response.text(), secrets)).toEqual([]);
      const reply = await recorder.waitFor((c) => c.path === "/response/pd");
      expect(leaked(JSON.stringify(reply.args), secrets)).toEqual([]);
    });

    it("posts the hand-off to the team's channel with the question looked up by answer id", async () => {
      const answerId = buttonValues(answered)[ActionId.Handoff] ?? "";
      const click = buttonClickForm({
        actionId: ActionId.Handoff,
        value: answerId,
        userId: "U1",
        channel: answerChannel,
        messageTs: String(answered.args.ts),
        responseUrl: recorder.responseUrl("handoff"),
      });
      expect((await postSigned(eventsUrl(), SIGNING_SECRET, click, FORM)).status).toBe(200);
      const request = await recorder.waitFor(
        (c) => c.method === "chat.postMessage" && c.args.channel === SLACK_HANDOFF,
      );
      const posted = JSON.stringify(request.args);
      expect(posted).toContain(kept);
      expect(posted).toContain(`Answer reference: ${answerId}`);
      expect(leaked(posted, secrets)).toEqual([]);
      await recorder.waitFor((c) => c.method === "chat.postEphemeral" && c.args.channel === answerChannel);
    });

    it("tells the person, privately, when the button's answer is not on record", async () => {
      const before = recorder.calls.length;
      const click = buttonClickForm({
        actionId: ActionId.Handoff,
        value: "00000000-0000-4000-8000-000000000000",
        userId: "U1",
        channel: "DUNKNOWN",
        messageTs: messageTs(),
        responseUrl: recorder.responseUrl("unknown"),
      });
      expect((await postSigned(eventsUrl(), SIGNING_SECRET, click, FORM)).status).toBe(200);
      const told = await recorder.waitFor(
        (c) => c.method === "chat.postEphemeral" && c.args.channel === "DUNKNOWN",
      );
      expect(String(told.args.text)).toMatch(/^I cannot find that answer/);
      expect(recorder.calls.slice(before).some((c) => c.args.channel === SLACK_HANDOFF)).toBe(false);
    });

    it("sent no detail in any call to Slack", () => {
      expect(recorder.calls.length).toBeGreaterThan(0);
      expect(leaked(JSON.stringify(recorder.calls))).toEqual([]);
    });
  });

  describe("Teams", () => {
    const { question, secrets, kept } = QUESTIONS.teams;
    const postActivity = (activity: Record<string, unknown>) =>
      fetch(`${url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(activity),
      });
    let handoffData: Record<string, unknown>;

    it("answers with a card whose buttons carry the answer id, never the question", async () => {
      connector.calls.length = 0;
      expect((await postActivity(personalMessage(connector.url, { text: question }))).status).toBe(200);
      const reply = await pollUntil(
        () => connector.calls.find((c) => c.body.type === "message"),
        20_000,
        () => "the answer card",
      );
      const card = cardIn(reply);
      const data = (card.actions ?? []).map((a) => a.data as Record<string, unknown>);
      // In personal chat Teams' own feedback loop replaces the card's feedback buttons.
      expect(data.map((d) => d.action)).toEqual(["handoff"]);
      expect(
        (reply.body.channelData as { feedbackLoopEnabled?: boolean } | undefined)?.feedbackLoopEnabled,
      ).toBe(true);
      for (const d of data) expect(d).not.toHaveProperty("question");
      handoffData = data[0] ?? {};
      expect(handoffData.answerId).toMatch(ANSWER_ID);
      expect(leaked(JSON.stringify(reply.body), secrets)).toEqual([]);
    });

    it("delivers the hand-off to the team's channel with the question looked up by answer id", async () => {
      expect((await postActivity(handoffChannelMessage(connector.url))).status).toBe(200);
      connector.calls.length = 0;
      expect((await postActivity(personalMessage(connector.url, { value: handoffData }))).status).toBe(200);
      const toChannel = connector.calls.find(
        (c) => c.path === `/v3/conversations/${encodeURIComponent(TEAMS_HANDOFF)}/activities`,
      );
      const posted = JSON.stringify(toChannel?.body);
      expect(posted).toContain(kept);
      expect(posted).toContain(String(handoffData.answerId));
      expect(leaked(posted, secrets)).toEqual([]);
    });

    it("tells the asker when the card's answer is not on record", async () => {
      connector.calls.length = 0;
      const value = { action: "handoff", answerId: "00000000-0000-4000-8000-000000000000" };
      expect((await postActivity(personalMessage(connector.url, { value }))).status).toBe(200);
      const replies = connector.calls.filter((c) =>
        c.path.startsWith("/v3/conversations/personal-conversation/"),
      );
      expect(replies.map((c) => String(c.body.text))).toEqual([
        expect.stringMatching(/^I cannot find that answer/),
      ]);
      expect(connector.calls.some((c) => c.path.includes(encodeURIComponent(TEAMS_HANDOFF)))).toBe(false);
    });

    it("sent no detail in any call to the connector", () => {
      expect(connector.calls.length).toBeGreaterThan(0);
      expect(leaked(JSON.stringify(connector.calls))).toEqual([]);
    });
  });

  describe("what stays behind", () => {
    it("keeps no detail in the audit files, WAL included", () => {
      const files = fs.readdirSync(config.DATA_DIR).filter((f) => f.startsWith("audit.sqlite"));
      expect(files).toContain("audit.sqlite");
      const stored = files
        .map((f) => fs.readFileSync(path.join(config.DATA_DIR, f)).toString("latin1"))
        .join("\n");
      // The hand-offs and the feedback were recorded, with the redacted text.
      expect(stored).toContain(QUESTIONS.web.kept);
      expect(leaked(stored)).toEqual([]);
    });

    it("logs no detail, at debug level", () => {
      expect(logLines.join("\n")).toContain("question.answered");
      expect(leaked(logLines.join("\n"))).toEqual([]);
    });
  });
});
