/**
 * Questions asked in conversation: a mention in a channel (answered in its thread) and a direct message.
 * Bolt acknowledges Events API requests before these listeners run, so Slack's three seconds are never at
 * stake; the person sees "Looking that up…" at once, and that message becomes the answer.
 */
import type { App, webApi } from "@slack/bolt";
import type { Logger } from "../../foundation/log.ts";
import type { Config } from "../config.ts";
import { parseMessage } from "../core/commands.ts";
import type { DeliveryClaims } from "../core/delivery-claims.ts";
import type { Assistant } from "../core/types.ts";
import { renderAnswerMessage, type SlackMessage } from "./render-blocks.ts";
import { areaFor } from "./slack-area.ts";
import { runCommand } from "./slack-commands.ts";
import { failureSentence } from "./slack-failure.ts";
import { questionFromSlack } from "./slack-text.ts";

export const LOOKING_UP = "Looking that up…";

export interface SlackAdapterDeps {
  config: Config;
  assistant: Assistant;
  log: Logger;
}

/** A question found in a Slack conversation and where to answer it. */
interface ConversationQuestion {
  channel: string;
  /** The thread to answer in; undefined answers at the top of the conversation (a direct message). */
  threadTs?: string;
  /** The message text as Slack sent it, mention and markup included. */
  text: string;
  userId?: string;
  teamId?: string;
  botUserId?: string;
}

/**
 * Registers the app_mention and direct-message listeners; `recent` stops retries being answered twice.
 * Messages in an assistant thread never reach these: Bolt's Assistant (assistant-thread.ts) takes them first.
 */
export function registerConversationListeners(
  app: App,
  deps: SlackAdapterDeps,
  recent: DeliveryClaims,
): void {
  app.event("app_mention", async ({ event, body, context, client }) => {
    // Another bot mentioning this one could start a loop; only people are answered.
    if (event.bot_id || !event.user) return;
    if (!(await recent.claim(body.event_id, messageKey(event.channel, event.ts)))) {
      logDuplicate(deps.log, context.retryNum, context.retryReason);
      return;
    }
    await answerInConversation(deps, client, {
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      text: event.text,
      userId: event.user,
      teamId: body.team_id,
      botUserId: context.botUserId,
    });
  });

  app.event("message", async ({ event, body, context, client }) => {
    // Edits, deletions, joins and bot posts arrive with a subtype or a bot id; only new messages from
    // people in a direct message are questions.
    if (event.channel_type !== "im" || event.subtype !== undefined || event.bot_id) return;
    if (!event.user || !event.text) return;
    if (!(await recent.claim(body.event_id, messageKey(event.channel, event.ts)))) {
      logDuplicate(deps.log, context.retryNum, context.retryReason);
      return;
    }
    await answerInConversation(deps, client, {
      channel: event.channel,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
      text: event.text,
      userId: event.user,
      teamId: body.team_id,
      botUserId: context.botUserId,
    });
  });
}

/**
 * Posts "Looking that up…", asks the assistant, and replaces the interim message with the answer (or with
 * the failure sentence). When the interim post fails the answer is posted as a new message instead.
 */
async function answerInConversation(
  deps: SlackAdapterDeps,
  client: webApi.WebClient,
  where: ConversationQuestion,
): Promise<void> {
  const { assistant, config, log } = deps;
  const thread = where.threadTs ? { thread_ts: where.threadTs } : {};
  const parsed = parseMessage(questionFromSlack(where.text, where.botUserId));
  if (parsed.kind === "command") {
    const { reply, later } = await runCommand(parsed.command, deps, where.userId);
    await deliver(deps, client, where.channel, thread, undefined, reply);
    if (later) await deliver(deps, client, where.channel, thread, undefined, await later());
    return;
  }
  const { question } = parsed;

  let interimTs: string | undefined;
  try {
    const interim = await client.chat.postMessage({ channel: where.channel, ...thread, text: LOOKING_UP });
    interimTs = interim.ts;
  } catch (error) {
    failureSentence(error, log, "slack.interim_message");
  }

  let message: SlackMessage;
  try {
    const answered = await assistant.ask({
      question,
      platform: "slack",
      userId: where.userId,
      area: areaFor(config.SLACK_AREA_MAP, { channelId: where.channel, teamId: where.teamId }),
    });
    message = renderAnswerMessage(answered);
  } catch (error) {
    message = { text: failureSentence(error, log, "slack.ask"), blocks: [] };
  }
  await deliver(deps, client, where.channel, thread, interimTs, message);
}

/** Updates the interim message in place when there is one, else posts; a failure here can only be logged. */
async function deliver(
  deps: SlackAdapterDeps,
  client: webApi.WebClient,
  channel: string,
  thread: { thread_ts?: string },
  interimTs: string | undefined,
  message: SlackMessage,
): Promise<void> {
  try {
    if (interimTs) {
      await client.chat.update({ channel, ts: interimTs, text: message.text, blocks: message.blocks });
    } else {
      await client.chat.postMessage({
        channel,
        ...thread,
        text: message.text,
        ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
      });
    }
  } catch (error) {
    failureSentence(error, deps.log, "slack.deliver_answer");
  }
}

/** The key under which one Slack message is remembered, whichever event type delivered it. */
export function messageKey(channel: string, ts: string): string {
  return `message:${channel}:${ts}`;
}

export function logDuplicate(
  log: Logger,
  retryNum: number | undefined,
  retryReason: string | undefined,
): void {
  log.info("slack.duplicate_event_ignored", {
    ...(retryNum !== undefined ? { retryNum } : {}),
    ...(retryReason ? { retryReason } : {}),
  });
}
