/**
 * Slack's AI-app experience through Bolt's Assistant: a new assistant thread greets with suggested prompts
 * (the example questions and the sources), a question sets a status while the guidance is searched, the
 * thread is titled with the question as the core redacted it, and follow-ups in the thread are answered
 * there. Needs the "Agents & AI Apps" feature, the assistant:write scope and a paid Slack plan (SETUP.md).
 */
import { Assistant as BoltAssistant } from "@slack/bolt";
import { EXAMPLE_QUESTIONS, parseMessage, SOURCES_QUESTION } from "../core/commands.ts";
import type { DeliveryClaims } from "../core/delivery-claims.ts";
import { logDuplicate, messageKey, type SlackAdapterDeps } from "./conversation-answers.ts";
import { renderAnswerMessage, type SlackMessage } from "./render-blocks.ts";
import { areaFor } from "./slack-area.ts";
import { runCommand } from "./slack-commands.ts";
import { failureSentence } from "./slack-failure.ts";
import { clipPlain, questionFromSlack } from "./slack-text.ts";

export const GREETING =
  "Hello. I answer safeguarding questions from your organisation's own guidance, quoting and citing the passages I use. Please leave out names and other details that identify a child or family. If a child is in immediate danger, call 999.";
export const PROMPTS_TITLE = "Try asking";
export const SEARCHING_STATUS = "Searching the guidance…";

/** Slack's thread list shows about this much of a title; a longer one is only cut off by Slack. */
const THREAD_TITLE_CHARS = 80;

/** The suggested prompts: the example questions, then the sources. */
export const SUGGESTED_PROMPTS = [
  ...EXAMPLE_QUESTIONS.map((example) => ({ title: example.title, message: example.question })),
  { title: SOURCES_QUESTION, message: SOURCES_QUESTION },
];

/** Builds the Assistant that app.assistant() registers; `recent` stops retries being answered twice. */
export function createAssistantThread(deps: SlackAdapterDeps, recent: DeliveryClaims): BoltAssistant {
  const { assistant, config, log } = deps;
  return new BoltAssistant({
    // Bolt's default store reads the thread back (conversations.replies) before every reply, and rewrites
    // the greeting whenever the user moves channel, to remember which channel they are viewing. Answers do
    // not depend on it (the area comes from SLACK_AREA_MAP), so nothing is read or kept.
    threadContextStore: { get: async () => ({}), save: async () => undefined },
    threadStarted: async ({ say, setSuggestedPrompts }) => {
      try {
        await say(GREETING);
        await setSuggestedPrompts({ title: PROMPTS_TITLE, prompts: SUGGESTED_PROMPTS });
      } catch (error) {
        failureSentence(error, log, "slack.assistant_thread_started");
      }
    },
    userMessage: async ({ message, body, context, say, setStatus, setTitle }) => {
      // Edits, deletions and bot posts arrive with a subtype or a bot id; only people's new messages count.
      if (message.subtype !== undefined || "bot_id" in message) return;
      if (!message.user || !message.text) return;
      if (!(await recent.claim(body.event_id, messageKey(message.channel, message.ts)))) {
        logDuplicate(log, context.retryNum, context.retryReason);
        return;
      }
      const post = async (reply: SlackMessage) => {
        try {
          await say({ text: reply.text, ...(reply.blocks.length > 0 ? { blocks: reply.blocks } : {}) });
        } catch (error) {
          failureSentence(error, log, "slack.assistant_reply");
        }
      };
      const parsed = parseMessage(questionFromSlack(message.text, context.botUserId));
      if (parsed.kind === "command") {
        const { reply, later } = await runCommand(parsed.command, deps, message.user);
        await post(reply);
        if (later) await post(await later());
        return;
      }
      let reply: SlackMessage;
      try {
        // Without the AI-app feature (a free plan, or a reply in an ordinary direct-message thread, which
        // Bolt also hands to the Assistant) Slack refuses the status; the answer must still come.
        await setStatus(SEARCHING_STATUS).catch((error: unknown) =>
          failureSentence(error, log, "slack.assistant_status"),
        );
        const answered = await assistant.ask({
          question: parsed.question,
          platform: "slack",
          userId: message.user,
          area: areaFor(config.SLACK_AREA_MAP, { channelId: message.channel, teamId: body.team_id }),
        });
        // The title is the question as the core redacted it, never as it was typed.
        await setTitle(clipPlain(answered.question, THREAD_TITLE_CHARS)).catch((error: unknown) =>
          failureSentence(error, log, "slack.assistant_title"),
        );
        reply = renderAnswerMessage(answered);
      } catch (error) {
        reply = { text: failureSentence(error, log, "slack.ask"), blocks: [] };
      }
      // Posting the reply clears the status.
      await post(reply);
    },
  });
}
