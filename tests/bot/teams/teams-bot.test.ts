import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Activity, ActivityTypes, TestAdapter, type TurnContext } from "botbuilder";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/config.ts";
import { ADMIN_REFUSALS, EXAMPLE_QUESTIONS, SOURCES_QUESTION } from "../../../bot/core/commands.ts";
import { openSqliteStore } from "../../../bot/store/sqlite-store.ts";
import { createConversationStore } from "../../../bot/teams/conversation-store.ts";
import type { AdaptiveCard } from "../../../bot/teams/render-card.ts";
import {
  type ProactiveMessenger,
  SafeguardingTeamsBot,
  SEARCHING_UPDATE,
} from "../../../bot/teams/teams-bot.ts";
import { createTurnErrorHandler } from "../../../bot/teams/turn-errors.ts";
import { CodedError, ErrorCode } from "../../../foundation/errors.ts";
import { createLogger } from "../../../foundation/log.ts";
import { FakeAssistant } from "../../helpers/fake-assistant.ts";
import { SAMPLE_CONTACTS, SAMPLE_SOURCES, sampleAnswer } from "./fake-assistant.ts";

const HANDOFF_CHANNEL = "19:handoff@thread.tacv2";
const tempDirs: string[] = [];

afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface ProactiveTurn {
  reference: Parameters<ProactiveMessenger["continueConversation"]>[0];
  sent: Partial<Activity>[];
}

function setup(env: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "teams-bot-"));
  tempDirs.push(dataDir);
  const config = loadConfig({
    DATA_DIR: dataDir,
    TEAMS_ADMIN_IDS: "admin-aad-id",
    TEAMS_AREA_MAP: "19:walsall@thread.tacv2=walsall,team-dudley=dudley,tenant-1=sandwell",
    TEAMS_HANDOFF_CHANNEL_ID: HANDOFF_CHANNEL,
    ...env,
  });
  const logLines: string[] = [];
  const log = createLogger("debug", (line) => logLines.push(line));
  const onTurnError = createTurnErrorHandler(log);
  const assistant = new FakeAssistant({
    answerWith: () => sampleAnswer(),
    sourceList: SAMPLE_SOURCES,
    handoffContacts: SAMPLE_CONTACTS,
  });
  const store = openSqliteStore(
    { file: path.join(dataDir, "audit.sqlite"), userKey: "teams-bot-test-key-0123" },
    log,
  );
  const proactiveTurns: ProactiveTurn[] = [];
  let proactiveFails = false;
  // Stands in for CloudAdapter.continueConversationAsync: a new turn whose failures go to onTurnError.
  const proactive: ProactiveMessenger = {
    async continueConversation(reference, logic) {
      const turn: ProactiveTurn = { reference, sent: [] };
      proactiveTurns.push(turn);
      const context = {
        activity: { type: ActivityTypes.Event, name: "ContinueConversation" },
        async sendActivity(activity: string | Partial<Activity>) {
          if (proactiveFails) throw new Error("connector unreachable");
          turn.sent.push(typeof activity === "string" ? { type: "message", text: activity } : activity);
          return { id: "sent" };
        },
      } as unknown as TurnContext;
      try {
        await logic(context);
      } catch (error) {
        await onTurnError(context, error as Error);
      }
    },
  };
  const bot = new SafeguardingTeamsBot({
    assistant,
    config,
    conversations: createConversationStore(store.conversations, log),
    claims: store.claims,
    proactive,
    log,
  });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  adapter.onTurnError = onTurnError;

  /** Sends one activity through the bot and returns what it replied in that turn. */
  async function send(activity: Partial<Activity> | string): Promise<Partial<Activity>[]> {
    await adapter.processActivity(
      typeof activity === "string" ? { type: "message", text: activity } : activity,
    );
    return adapter.activeQueue.splice(0);
  }
  return {
    assistant,
    bot,
    send,
    logLines,
    proactiveTurns,
    /** The stored reference as JSON, straight from the store's table. */
    storedReference: (key: string) => store.conversations.read(key),
    failProactive: () => {
      proactiveFails = true;
    },
  };
}

const fromPractitioner = { id: "29:practitioner", name: "Sam Practitioner", aadObjectId: "user-aad-id" };

function channelMessage(text: string, channel: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: "message",
    channelId: "msteams",
    text,
    from: fromPractitioner,
    conversation: {
      id: `${channel};messageid=1700000000000`,
      isGroup: true,
      conversationType: "channel",
      name: "",
    },
    channelData: { channel: { id: channel }, team: { id: "team-dudley" }, tenant: { id: "tenant-1" } },
    entities: [{ type: "mention", mentioned: { id: "bot", name: "Guidance" }, text: "<at>Guidance</at>" }],
    ...extra,
  };
}

function cardOf(activity: Partial<Activity> | undefined): AdaptiveCard {
  return activity?.attachments?.[0]?.content as AdaptiveCard;
}

describe("SafeguardingTeamsBot questions", () => {
  it("answers an activity redelivered with the same id once", async () => {
    const { send, assistant } = setup();
    const activity = {
      type: "message",
      id: "act-redelivered-1",
      text: "What about co-sleeping?",
      from: fromPractitioner,
    };
    expect((await send(activity)).map((r) => r.type)).toEqual(["typing", "message"]);
    expect(await send(activity)).toEqual([]);
    expect(assistant.asked).toHaveLength(1);
    expect((await send({ ...activity, id: "act-redelivered-2" })).map((r) => r.type)).toEqual([
      "typing",
      "message",
    ]);
  });

  it("sends a typing indicator first, then the answer card, asking the core as the Teams user", async () => {
    const { send, assistant } = setup();
    const replies = await send({ type: "message", text: "What about co-sleeping?", from: fromPractitioner });
    expect(replies.map((r) => r.type)).toEqual(["typing", "message"]);
    expect(cardOf(replies[1]).version).toBe("1.5");
    expect(replies[1]?.text).toContain("[1]");
    expect(assistant.asked).toEqual([
      { question: "What about co-sleeping?", platform: "teams", userId: "user-aad-id" },
    ]);
  });

  it("strips the @mention from a channel message and routes by the channel's area", async () => {
    const { send, assistant } = setup();
    await send(channelMessage("<at>Guidance</at> What about co-sleeping?", "19:walsall@thread.tacv2"));
    expect(assistant.asked[0]).toMatchObject({ question: "What about co-sleeping?", area: "walsall" });
  });

  it("falls back from channel to team to tenant in the area map", async () => {
    const { send, assistant } = setup();
    await send(channelMessage("<at>Guidance</at> first", "19:other@thread.tacv2"));
    await send(
      channelMessage("<at>Guidance</at> second", "19:other@thread.tacv2", {
        channelData: {
          channel: { id: "19:other@thread.tacv2" },
          team: { id: "team-x" },
          tenant: { id: "tenant-1" },
        },
      }),
    );
    await send(
      channelMessage("<at>Guidance</at> third", "19:other@thread.tacv2", {
        channelData: { tenant: { id: "tenant-2" } },
      }),
    );
    expect(assistant.asked.map((a) => a.area)).toEqual(["dudley", "sandwell", undefined]);
  });

  it("answers with help when only the mention was sent, as the core reads an empty message", async () => {
    const { send, assistant } = setup();
    const replies = await send(channelMessage("<at>Guidance</at>", "19:other@thread.tacv2"));
    expect(replies.map((r) => r.text)).toEqual([expect.stringContaining("Commands:")]);
    expect(assistant.asked).toEqual([]);
  });

  it("puts the area on the hand-off button so the hand-off is routed like the answer", async () => {
    const { send } = setup();
    const replies = await send(channelMessage("<at>Guidance</at> a question", "19:walsall@thread.tacv2"));
    expect(JSON.stringify(cardOf(replies[1]).actions)).toContain('"area":"walsall"');
  });
});

describe("SafeguardingTeamsBot welcome", () => {
  it("welcomes with example questions when the bot is added", async () => {
    const { send } = setup();
    const replies = await send({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [
        { id: "user1", name: "User1" },
        { id: "bot", name: "Bot" },
      ],
    });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain("You could ask, for example:");
    expect(replies[0]?.text).toContain("999");
  });

  it("stays quiet when someone else joins", async () => {
    const { send } = setup();
    const replies = await send({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: "user2", name: "U2" }],
    });
    expect(replies).toEqual([]);
  });
});

describe("SafeguardingTeamsBot commands", () => {
  it("answers help with the commands", async () => {
    const { send, assistant } = setup();
    const [reply] = await send("help");
    expect(reply?.text).toContain("**sources**");
    expect(reply?.text).toContain("**reindex**");
    expect(assistant.asked).toEqual([]);
  });

  it("lists sources with dates and staleness, also when @mentioned in a channel", async () => {
    const { send } = setup();
    const [reply] = await send(channelMessage("<at>Guidance</at> sources", "19:other@thread.tacv2"));
    expect(reply?.text).toContain("2 indexed documents, 1 flagged as possibly out of date");
    expect(reply?.text).toContain(
      "**North West SLI review** (north-west-sli-infant-mortality-2016.pdf): 2016, 80 passages ⚠️ is 9 years old",
    );
  });

  it("refuses reindex politely to anyone not in TEAMS_ADMIN_IDS", async () => {
    const { send, assistant, bot } = setup();
    const [reply] = await send({ type: "message", text: "reindex", from: fromPractitioner });
    await bot.idle();
    expect(reply?.text).toBe(ADMIN_REFUSALS.reindex);
    expect(assistant.reindexes).toBe(0);
  });

  it("refuses reindex when Teams gives no AAD object id (as in the Emulator)", async () => {
    const { send, assistant } = setup();
    const [reply] = await send("reindex");
    expect(reply?.text).toBe(ADMIN_REFUSALS.reindex);
    expect(assistant.reindexes).toBe(0);
  });

  it("reindexes for an admin and posts the report into the same conversation", async () => {
    const { send, assistant, bot, proactiveTurns } = setup();
    const admin = { id: "29:admin", name: "Admin", aadObjectId: "admin-aad-id" };
    const [started] = await send({ type: "message", text: "reindex", from: admin });
    expect(started?.text).toContain("Reindexing");
    await bot.idle();
    expect(assistant.reindexes).toBe(1);
    expect(proactiveTurns).toHaveLength(1);
    expect(proactiveTurns[0]?.reference.conversation?.id).toBe("Convo1");
    expect(proactiveTurns[0]?.sent[0]?.text).toContain(
      "1 added, 0 updated, 2 unchanged, 0 removed, 1 failed",
    );
    expect(proactiveTurns[0]?.sent[0]?.text).toContain("broken.docx: not a Word file");
  });

  it("reports a failed reindex as the short error sentence and logs its code", async () => {
    const { send, assistant, bot, proactiveTurns, logLines } = setup();
    assistant.reindexWith = () => {
      throw new Error("disk full");
    };
    await send({
      type: "message",
      text: "reindex",
      from: { id: "29:a", name: "A", aadObjectId: "admin-aad-id" },
    });
    await bot.idle();
    expect(proactiveTurns[0]?.sent[0]?.text).toBe("Something went wrong answering that; please try again.");
    const logged = logLines.map((l) => JSON.parse(l)).find((l) => l.event === "teams.turn_failed");
    expect(logged).toMatchObject({ code: "internal", error: { message: "disk full" } });
  });
});

describe("SafeguardingTeamsBot card buttons", () => {
  it("records feedback from the Helpful / Not helpful buttons and thanks the user", async () => {
    const { send, assistant } = setup();
    const [reply] = await send({
      type: "message",
      from: fromPractitioner,
      value: { action: "feedback", answerId: "ans-1", helpful: false },
    });
    expect(assistant.feedbacks).toEqual([
      { answerId: "ans-1", platform: "teams", userId: "user-aad-id", helpful: false },
    ]);
    expect(reply?.text).toMatch(/^Thanks/);
  });

  it("posts a hand-off to the channel it learnt about, with the question the core looked up, and confirms to the asker", async () => {
    const { send, assistant, proactiveTurns, storedReference } = setup();
    // Someone speaks to the bot in the hand-off channel: that is where hand-offs go from now on.
    await send(channelMessage("<at>Guidance</at> help", HANDOFF_CHANNEL));
    const stored = await storedReference(HANDOFF_CHANNEL);
    expect(JSON.parse(stored ?? "{}").conversation.id).toBe(HANDOFF_CHANNEL);
    expect(stored).not.toContain("Sam Practitioner");

    assistant.handoffQuestion = "A baby has a bruise [name]";
    const [reply] = await send({
      type: "message",
      from: fromPractitioner,
      // A card from before answers were looked up by id still carries a question: it is dropped unread.
      value: { action: "handoff", answerId: "ans-1", question: "Chloe Evans has a bruise", area: "walsall" },
    });
    expect(assistant.handoffs).toEqual([
      {
        answerId: "ans-1",
        platform: "teams",
        userId: "user-aad-id",
        asker: "Sam Practitioner",
        area: "walsall",
      },
    ]);
    expect(proactiveTurns).toHaveLength(1);
    expect(proactiveTurns[0]?.reference.conversation?.id).toBe(HANDOFF_CHANNEL);
    const posted = proactiveTurns[0]?.sent[0];
    expect(posted?.summary).toBe("Safeguarding hand-off (urgent) from Sam Practitioner");
    expect(JSON.stringify(posted)).toContain("A baby has a bruise [name]");
    expect(JSON.stringify(posted)).not.toContain("Chloe");
    expect(reply?.text).toContain("I have passed your question to the safeguarding team");
  });

  it("learns the hand-off channel when the bot is installed in its team", async () => {
    const { send, proactiveTurns } = setup({ TEAMS_HANDOFF_CHANNEL_ID: "team-dudley" });
    const installed = await send({
      type: ActivityTypes.InstallationUpdate,
      action: "add",
      channelId: "msteams",
      conversation: { id: "team-dudley", isGroup: true, conversationType: "channel", name: "" },
      channelData: { team: { id: "team-dudley" }, tenant: { id: "tenant-1" } },
    });
    expect(installed).toEqual([]);
    await send({
      type: "message",
      from: fromPractitioner,
      value: { action: "handoff", answerId: "a" },
    });
    expect(proactiveTurns[0]?.reference.conversation?.id).toBe("team-dudley");
  });

  it("tells the asker whom to contact when the hand-off channel is not known", async () => {
    const { send, proactiveTurns } = setup();
    const [reply] = await send({
      type: "message",
      from: fromPractitioner,
      value: { action: "handoff", answerId: "ans-1" },
    });
    expect(proactiveTurns).toEqual([]);
    expect(reply?.text).toContain("contact them directly");
    expect(reply?.text).toContain("Children's front door (placeholder)");
  });

  it("tells the asker whom to contact when posting to the channel fails", async () => {
    const { send, failProactive, logLines } = setup();
    await send(channelMessage("<at>Guidance</at> help", HANDOFF_CHANNEL));
    failProactive();
    const [reply] = await send({
      type: "message",
      from: fromPractitioner,
      value: { action: "handoff", answerId: "ans-1" },
    });
    expect(reply?.text).toContain("contact them directly");
    expect(logLines.some((l) => l.includes("teams.handoff_post_failed"))).toBe(true);
  });

  it("tells the asker the core's sentence, posting nothing, when the answer is not on record", async () => {
    const { send, assistant, proactiveTurns } = setup();
    await send(channelMessage("<at>Guidance</at> help", HANDOFF_CHANNEL));
    const notOnRecord = "I cannot find that answer any more, so please ask your question again.";
    assistant.handoff = async () => {
      throw new CodedError(ErrorCode.BadRequest, notOnRecord);
    };
    const replies = await send({
      type: "message",
      from: fromPractitioner,
      value: { action: "handoff", answerId: "gone" },
    });
    expect(replies.map((r) => r.text)).toEqual([notOnRecord]);
    expect(proactiveTurns).toEqual([]);
  });
});

describe("SafeguardingTeamsBot errors", () => {
  it("shows a coded error's sentence and logs its code", async () => {
    const { send, assistant, logLines } = setup();
    assistant.answerWith = () => {
      throw new CodedError(ErrorCode.QuestionTooLong, "Please keep questions under 2000 characters.");
    };
    const replies = await send("x");
    expect(replies.map((r) => r.text ?? r.type)).toEqual([
      SEARCHING_UPDATE,
      "Please keep questions under 2000 characters.",
    ]);
    // The sentence closes the progress update the question opened.
    expect(replies[1]?.entities).toEqual([
      { type: "streaminfo", streamId: expect.any(String), streamType: "final" },
    ]);
    expect(logLines.some((l) => l.includes('"code":"question_too_long"'))).toBe(true);
  });

  it("shows a generic sentence for an unexpected failure and logs the cause, not the question", async () => {
    const { send, assistant, logLines } = setup();
    assistant.answerWith = () => {
      throw new Error("index exploded");
    };
    const replies = await send("Is Jane Doe at 12 Acacia Road safe?");
    expect(replies.at(-1)?.text).toBe("Something went wrong answering that; please try again.");
    const log = logLines.join("\n");
    expect(log).toContain("index exploded");
    expect(log).not.toContain("Acacia");
  });

  it("renders a found: false answer with the contacts", async () => {
    const { send, assistant } = setup();
    assistant.answerWith = () =>
      sampleAnswer({
        found: false,
        outcome: "none",
        answer: "The indexed guidance does not answer this question.",
        citations: [],
        escalation: {
          level: "advice",
          reason: "Not covered.",
          contacts: [{ name: "Designated safeguarding lead" }],
        },
      });
    const replies = await send("Something not covered");
    expect(JSON.stringify(cardOf(replies[1]).body)).toContain("Designated safeguarding lead");
  });
});

describe("SafeguardingTeamsBot native AI features", () => {
  const personalChat = {
    id: "a:personal",
    conversationType: "personal",
    isGroup: false,
    name: "",
  } as Activity["conversation"];

  it("in personal chat, shows the progress update, enables Teams' feedback loop and drops the card's own feedback buttons", async () => {
    const { send } = setup();
    const replies = await send({
      type: "message",
      text: "What about co-sleeping?",
      from: fromPractitioner,
      conversation: personalChat,
    });
    expect(replies[0]).toMatchObject({
      type: "typing",
      text: SEARCHING_UPDATE,
      entities: [{ type: "streaminfo", streamType: "informative", streamSequence: 1 }],
    });
    const answer = replies[1];
    expect(answer?.channelData).toEqual({ feedbackLoopEnabled: true });
    expect(answer?.entities).toContainEqual(
      expect.objectContaining({ type: "streaminfo", streamType: "final", streamId: expect.any(String) }),
    );
    // The AI label and citations stay.
    expect(answer?.entities?.[0]).toMatchObject({ additionalType: ["AIGeneratedContent"] });
    expect(cardOf(answer).actions?.map((a) => a.title)).toEqual(["Talk to the safeguarding team"]);
  });

  it("in a channel, keeps a plain typing indicator and the card's feedback buttons", async () => {
    const { send } = setup();
    const replies = await send(channelMessage("<at>Guidance</at> a question", "19:other@thread.tacv2"));
    expect(replies[0]).toEqual(expect.objectContaining({ type: "typing" }));
    expect(replies[0]?.text).toBeUndefined();
    expect(replies[1]?.channelData).toBeUndefined();
    expect(cardOf(replies[1]).actions?.map((a) => a.title)).toEqual([
      "Helpful",
      "Not helpful",
      "Talk to the safeguarding team",
    ]);
  });

  it("records a message/submitAction invoke against the answer it is about and answers 200", async () => {
    const { send, assistant } = setup();
    const replies = await send({
      type: "message",
      text: "What about co-sleeping?",
      from: fromPractitioner,
      conversation: personalChat,
    });
    const answerMessageId = replies[1]?.id;
    expect(answerMessageId).toBeTruthy();
    const [invokeReply] = await send({
      type: "invoke",
      name: "message/submitAction",
      from: fromPractitioner,
      conversation: personalChat,
      replyToId: answerMessageId,
      value: {
        actionName: "feedback",
        actionValue: { reaction: "dislike", feedback: JSON.stringify({ feedbackText: "Too long" }) },
      },
    });
    expect(invokeReply).toMatchObject({ type: "invokeResponse", value: { status: 200 } });
    expect(assistant.feedbacks).toEqual([
      { answerId: "ans-1", platform: "teams", userId: "user-aad-id", helpful: false, comment: "Too long" },
    ]);
  });

  it("still records feedback on an answer it no longer remembers, and refuses a malformed invoke with 400", async () => {
    const { send, assistant } = setup();
    const [known] = await send({
      type: "invoke",
      name: "message/submitAction",
      from: fromPractitioner,
      replyToId: "some-old-message",
      value: { actionName: "feedback", actionValue: { reaction: "like" } },
    });
    expect(known).toMatchObject({ value: { status: 200 } });
    expect(assistant.feedbacks).toEqual([{ platform: "teams", userId: "user-aad-id", helpful: true }]);
    const [bad] = await send({
      type: "invoke",
      name: "message/submitAction",
      value: { actionName: "other" },
    });
    expect(bad).toMatchObject({ value: { status: 400 } });
    expect(assistant.feedbacks).toHaveLength(1);
  });

  it("welcomes a personal chat with the example questions and the sources as suggested actions", async () => {
    const { send } = setup();
    const [welcome] = await send({
      type: ActivityTypes.ConversationUpdate,
      conversation: personalChat,
      membersAdded: [
        { id: "user1", name: "User1" },
        { id: "bot", name: "Bot" },
      ],
    });
    expect(welcome?.suggestedActions?.to).toEqual(["user1"]);
    expect(welcome?.suggestedActions?.actions.map((a) => a.value)).toEqual([
      ...EXAMPLE_QUESTIONS.map((e) => e.question),
      SOURCES_QUESTION,
    ]);
  });

  it("summarises the usage report for an admin and refuses it to others", async () => {
    const { send, assistant } = setup();
    const admin = { id: "29:admin", name: "Admin", aadObjectId: "admin-aad-id" };
    const [report] = await send({ type: "message", text: "report", from: admin });
    expect(report?.text).toMatch(/^Usage from 2026-11-24 to 2026-11-30: 42 questions/);
    const [refused] = await send({ type: "message", text: "report", from: fromPractitioner });
    expect(refused?.text).toBe(ADMIN_REFUSALS.report);
    expect(assistant.reports).toEqual([undefined]);
  });
});
