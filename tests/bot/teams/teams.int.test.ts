/**
 * The Teams surface through the real CloudAdapter over HTTP on loopback: activities are posted to
 * /api/messages as the Bot Framework Emulator and Teams post them, and a local HTTP server stands in for the
 * Bot Framework connector, recording every call the bot makes to it.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../../bot/config.ts";
import type { Assistant, FeedbackEvent } from "../../../bot/core/types.ts";
import type { RunningAssistant } from "../../../bot/create-assistant.ts";
import type { AdaptiveCard, CardElement, HandoffSubmit } from "../../../bot/teams/render-card.ts";
import {
  buildTeamsManifest,
  PLACEHOLDER_BOT_ID,
  validateTeamsManifest,
} from "../../../bot/teams/teams-manifest.ts";
import { createTeamsSurface, type TeamsSurface } from "../../../bot/teams/teams-surface.ts";
import { createLogger } from "../../../foundation/log.ts";
import { createTestAssistant } from "../../helpers/test-assistant.ts";
import { DEV_QUESTIONS, SHARED_CORPUS_MISSING, sharedCorpusAvailable } from "../../helpers/test-paths.ts";

const HANDOFF_CHANNEL = "19:handoff-team@thread.tacv2";

interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

interface Listening {
  url: string;
  close(): Promise<void>;
}

function listen(server: http.Server): Promise<Listening> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A stand-in for the Bot Framework connector that records calls and answers each send with an id. */
async function startConnector(): Promise<Listening & { calls: ConnectorCall[] }> {
  const calls: ConnectorCall[] = [];
  let sent = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      calls.push({ method: req.method ?? "", path: req.url ?? "", body: text ? JSON.parse(text) : {} });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `sent-${++sent}` }));
    });
  });
  return { ...(await listen(server)), calls };
}

async function startBot(surface: TeamsSurface): Promise<Listening> {
  const app = express();
  // Like bot/server.ts: no global body parser, the surface reads the body itself.
  app.post("/api/messages", (req, res) => surface.handle(req, res));
  return listen(http.createServer(app));
}

function devQuestion(id: string): string {
  for (const line of fs.readFileSync(DEV_QUESTIONS, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { id: string; question: string };
    if (entry.id === id) return entry.question;
  }
  throw new Error(`dev question ${id} not found`);
}

function cardIn(call: ConnectorCall | undefined): AdaptiveCard {
  const attachments = call?.body.attachments as { content: AdaptiveCard }[] | undefined;
  const card = attachments?.[0]?.content;
  if (!card) throw new Error(`no card in ${JSON.stringify(call?.body)}`);
  return card;
}

function textsOf(elements: CardElement[]): string[] {
  return elements.flatMap((element) => {
    if (element.type === "TextBlock") return [String(element.text)];
    if (Array.isArray(element.items)) return textsOf(element.items as CardElement[]);
    return [];
  });
}

let sequence = 0;

/** A message activity as the Emulator sends it to a bot in a personal conversation. */
function emulatorMessage(serviceUrl: string, fields: Record<string, unknown>): Record<string, unknown> {
  sequence++;
  return {
    type: "message",
    id: `incoming-${sequence}`,
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

/** A channel message as Teams sends it when the bot is @mentioned. */
function teamsChannelMessage(serviceUrl: string, channel: string, text: string): Record<string, unknown> {
  sequence++;
  return {
    type: "message",
    id: `incoming-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl,
    from: { id: "29:user-2", name: "Alex Lead", aadObjectId: "aad-user-2" },
    recipient: { id: "28:bot-1", name: "Safeguarding guidance" },
    conversation: { id: `${channel};messageid=${sequence}`, isGroup: true, conversationType: "channel" },
    channelData: {
      channel: { id: channel },
      team: { id: "19:team@thread.tacv2" },
      tenant: { id: "tenant-1" },
    },
    text: `<at>Safeguarding guidance</at> ${text}`,
    entities: [
      {
        type: "mention",
        mentioned: { id: "28:bot-1", name: "Safeguarding guidance" },
        text: "<at>Safeguarding guidance</at>",
      },
    ],
  };
}

async function post(botUrl: string, activity: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(activity),
  });
  return { status: response.status, text: await response.text() };
}

// One real assistant over the shared corpus for both modes; each mode gets its own surface and connector.
let assistant: RunningAssistant;
let config: Config;

beforeAll(async () => {
  if (sharedCorpusAvailable())
    ({ assistant, config } = await createTestAssistant({ library: "shared-corpus" }));
});

afterAll(async () => {
  await assistant?.close();
});

describe.skipIf(!sharedCorpusAvailable())("Teams surface over HTTP (local development mode)", () => {
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let surface: TeamsSurface;
  let bot: Listening;

  beforeAll(async () => {
    connector = await startConnector();
    surface = createTeamsSurface({
      config: { ...config, MicrosoftAppId: undefined, TEAMS_HANDOFF_CHANNEL_ID: HANDOFF_CHANNEL },
      assistant,
      log: createLogger("silent"),
      conversations: assistant.store.conversations,
    });
    bot = await startBot(surface);
  });

  afterAll(async () => {
    await bot?.close();
    await surface?.stop();
    await connector?.close();
  });

  it("runs in local development mode without an app id", () => {
    expect(surface.mode).toBe("local-development");
  });

  it("answers an Emulator message with a typing indicator, then a card citing the right document", async () => {
    connector.calls.length = 0;
    const activity = emulatorMessage(connector.url, { text: devQuestion("d01") });
    const response = await post(bot.url, activity);
    expect(response.status).toBe(200);

    const replyPath = `/v3/conversations/personal-conversation/activities/${activity.id}`;
    expect(connector.calls.map((c) => [c.method, c.path, c.body.type])).toEqual([
      ["POST", replyPath, "typing"],
      ["POST", replyPath, "message"],
    ]);
    const answer = connector.calls[1];
    const card = cardIn(answer);
    expect(card.version).toBe("1.5");
    const sources = textsOf(card.body.filter((e) => e.type === "Container"));
    expect(sources.some((t) => t.includes("north-west-sli-infant-mortality-2016.pdf"))).toBe(true);
    expect(String(answer?.body.text)).toMatch(/\[1\]/);
    const entities = answer?.body.entities as
      | { additionalType?: string[]; citation?: unknown[] }[]
      | undefined;
    const entity = entities?.[0];
    expect(entity?.additionalType).toEqual(["AIGeneratedContent"]);
    expect(entity?.citation?.length).toBeGreaterThan(0);
  });

  it("leads with the hand-off for a risk question @mentioned in a Teams channel", async () => {
    connector.calls.length = 0;
    const activity = teamsChannelMessage(connector.url, "19:general@thread.tacv2", devQuestion("d17"));
    expect((await post(bot.url, activity)).status).toBe(200);
    const messages = connector.calls.filter((c) => c.body.type === "message");
    expect(messages).toHaveLength(1);
    const card = cardIn(messages[0]);
    expect(card.body[0]).toMatchObject({ type: "Container", style: "attention" });
    expect(textsOf([card.body[0] as CardElement])[0]).toBe("Emergency: what to do now");
    expect(String(messages[0]?.body.text).startsWith("**Emergency")).toBe(true);
    // The reply goes into the channel thread the question was asked in.
    expect(messages[0]?.path).toBe(
      `/v3/conversations/${encodeURIComponent(String((activity.conversation as { id: string }).id))}/activities/${activity.id}`,
    );
  });

  it("delivers 'Talk to the safeguarding team' to the hand-off channel as a proactive message", async () => {
    // The bot learns the hand-off channel when it is first spoken to there.
    connector.calls.length = 0;
    expect((await post(bot.url, teamsChannelMessage(connector.url, HANDOFF_CHANNEL, "help"))).status).toBe(
      200,
    );
    const stored = await assistant.store.conversations.read(HANDOFF_CHANNEL);
    expect(JSON.parse(stored ?? "{}").serviceUrl).toBe(connector.url);

    // A practitioner asks in personal chat and presses the hand-off button on the answer.
    connector.calls.length = 0;
    await post(bot.url, emulatorMessage(connector.url, { text: devQuestion("d18") }));
    const answerCard = cardIn(connector.calls.find((c) => c.body.type === "message"));
    const handoffButton = answerCard.actions?.find(
      (a) => (a.data as HandoffSubmit | undefined)?.action === "handoff",
    );
    const data = handoffButton?.data as HandoffSubmit;
    expect(data.answerId).toBeTruthy();

    connector.calls.length = 0;
    const submit = emulatorMessage(connector.url, { value: data });
    expect((await post(bot.url, submit)).status).toBe(200);
    const toChannel = connector.calls.find(
      (c) => c.path === `/v3/conversations/${encodeURIComponent(HANDOFF_CHANNEL)}/activities`,
    );
    expect(toChannel?.body.summary).toMatch(
      /^Safeguarding hand-off( \((emergency|urgent)\))? from Sam Practitioner$/,
    );
    expect(JSON.stringify(toChannel?.body)).toContain(data.answerId);
    const toAsker = connector.calls.find((c) =>
      c.path.startsWith("/v3/conversations/personal-conversation/"),
    );
    expect(String(toAsker?.body.text)).toContain("I have passed your question to the safeguarding team");
  });

  it("refuses with 403, sending nothing, an activity whose serviceUrl is not on this machine", async () => {
    connector.calls.length = 0;
    const response = await post(
      bot.url,
      emulatorMessage("https://smba.trafficmanager.net/uk/", { text: devQuestion("d01") }),
    );
    expect(response.status).toBe(403);
    expect(response.text).toContain("local development mode");
    expect(connector.calls).toEqual([]);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const response = await fetch(`${bot.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ not json",
    });
    expect(response.status).toBe(400);
  });
});

describe.skipIf(!sharedCorpusAvailable())("Teams surface over HTTP (with an app id)", () => {
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let surface: TeamsSurface;
  let bot: Listening;

  beforeAll(async () => {
    connector = await startConnector();
    surface = createTeamsSurface({
      config: {
        ...config,
        MicrosoftAppId: "5a0c7f7e-3b1d-4a8e-9e61-2f4b8c1d9a70",
        MicrosoftAppPassword: "not-a-real-secret",
        MicrosoftAppTenantId: "0d5e1c7a-8f3b-4e2a-9c61-7b4d2e8f1a30",
      },
      assistant,
      log: createLogger("silent"),
      conversations: assistant.store.conversations,
    });
    bot = await startBot(surface);
  });

  afterAll(async () => {
    await bot?.close();
    await surface?.stop();
    await connector?.close();
  });

  it("rejects an unsigned request with 401 and sends nothing", async () => {
    expect(surface.mode).toBe("authenticated");
    const activity = {
      ...emulatorMessage(connector.url, { text: devQuestion("d01") }),
      channelId: "msteams",
    };
    const response = await post(bot.url, activity);
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it("lets the adapter reject a bearer token that is not a Bot Framework token, sending nothing", async () => {
    const activity = {
      ...emulatorMessage(connector.url, { text: devQuestion("d01") }),
      channelId: "msteams",
    };
    const response = await post(bot.url, activity, { authorization: "Bearer not-a-jwt" });
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
  });
});

describe.skipIf(!sharedCorpusAvailable())("Teams' own AI features in personal chat", () => {
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let surface: TeamsSurface;
  let bot: Listening;
  const feedbacks: FeedbackEvent[] = [];

  /** A personal-chat message as Teams sends it (the connector stand-in is on this machine). */
  const personalMessage = (fields: Record<string, unknown>) =>
    emulatorMessage(connector.url, {
      channelId: "msteams",
      from: { id: "29:user-3", name: "Robin Nurse", aadObjectId: "aad-user-3" },
      recipient: { id: "28:bot-1", name: "Safeguarding guidance" },
      conversation: { id: "a:personal-chat", conversationType: "personal", tenantId: "tenant-1" },
      ...fields,
    });

  beforeAll(async () => {
    connector = await startConnector();
    const recording: Assistant = {
      ...assistant,
      feedback: (event) => {
        feedbacks.push(event);
        assistant.feedback(event);
      },
    };
    surface = createTeamsSurface({
      config: { ...config, MicrosoftAppId: undefined },
      assistant: recording,
      log: createLogger("silent"),
      conversations: assistant.store.conversations,
    });
    bot = await startBot(surface);
  });

  afterAll(async () => {
    await bot?.close();
    await surface?.stop();
    await connector?.close();
  });

  let answerMessageId: string;

  it("shows the informative progress update, then an answer with the feedback loop enabled and the AI label", async () => {
    connector.calls.length = 0;
    expect((await post(bot.url, personalMessage({ text: devQuestion("d01") }))).status).toBe(200);
    const [progress, answer] = connector.calls;
    expect(progress?.body).toMatchObject({
      type: "typing",
      text: "Searching the guidance…",
      entities: [{ type: "streaminfo", streamType: "informative", streamSequence: 1 }],
    });
    expect(answer?.body.type).toBe("message");
    expect(answer?.body.channelData).toMatchObject({ feedbackLoopEnabled: true });
    const entities = answer?.body.entities as Record<string, unknown>[];
    expect(entities[0]).toMatchObject({ additionalType: ["AIGeneratedContent"] });
    // The connector named the progress update "sent-1"; the answer closes that stream.
    expect(entities).toContainEqual({ type: "streaminfo", streamId: "sent-1", streamType: "final" });
    // Teams' thumbs replace the card's own feedback buttons; the hand-off stays.
    expect(cardIn(answer).actions?.map((a) => a.title)).toEqual(["Talk to the safeguarding team"]);
    answerMessageId = "sent-2";
  });

  it("answers Teams' message/submitAction feedback invoke with 200 and records it against the answer", async () => {
    connector.calls.length = 0;
    const invoke = personalMessage({
      type: "invoke",
      name: "message/submitAction",
      replyToId: answerMessageId,
      value: {
        actionName: "feedback",
        actionValue: { reaction: "like", feedback: JSON.stringify({ feedbackText: "Clear and quick" }) },
      },
    });
    const response = await post(bot.url, invoke);
    expect(response.status).toBe(200);
    expect(feedbacks).toHaveLength(1);
    expect(feedbacks[0]).toMatchObject({
      platform: "teams",
      userId: "aad-user-3",
      helpful: true,
      comment: "Clear and quick",
    });
    expect(feedbacks[0]?.answerId).toMatch(/^[0-9a-f-]{36}$/);
    // Nothing is posted into the chat for it: Teams shows its own thanks.
    expect(connector.calls).toEqual([]);
  });

  it("ships a manifest with prompt starters in commandLists that validates against its schema", async () => {
    const manifest = buildTeamsManifest({
      botId: PLACEHOLDER_BOT_ID,
      version: "1.0.0",
      developerName: "Test",
      websiteUrl: "https://example.org",
      privacyUrl: "https://example.org/privacy",
      termsOfUseUrl: "https://example.org/terms",
      validDomains: [],
    });
    expect(await validateTeamsManifest(manifest)).toEqual([]);
    const lists = (
      manifest.bots as { commandLists: { scopes: string[]; commands: { prompt?: string }[] }[] }[]
    )[0]?.commandLists;
    expect(lists?.[0]?.commands.filter((c) => c.prompt).length).toBe(4);
  });
});

if (!sharedCorpusAvailable()) process.stderr.write(`${SHARED_CORPUS_MISSING}\n`);
