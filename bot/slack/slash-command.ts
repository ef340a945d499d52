/**
 * The slash command (SLACK_SLASH_COMMAND, default /guidance): a question, or one of the commands (help,
 * sources, reindex, report; read and authorised by the core).
 * Every branch acknowledges at once, inside Slack's three seconds; answers and reports follow through the
 * command's response_url. Replies are private to the person who typed the command: a question typed there
 * is not shown to the channel, so neither is its answer.
 */
import type { App, RespondArguments, RespondFn } from "@slack/bolt";
import { parseMessage } from "../core/commands.ts";
import type { SlackAdapterDeps } from "./conversation-answers.ts";
import { LOOKING_UP } from "./conversation-answers.ts";
import { renderAnswerMessage, type SlackMessage } from "./render-blocks.ts";
import { areaFor } from "./slack-area.ts";
import { runCommand } from "./slack-commands.ts";
import { failureSentence } from "./slack-failure.ts";
import { questionFromSlack } from "./slack-text.ts";

/** Registers the slash command listener. */
export function registerSlashCommand(app: App, deps: SlackAdapterDeps): void {
  const { assistant, config, log } = deps;

  app.command(config.SLACK_SLASH_COMMAND, async ({ command, ack, respond }) => {
    const request = parseMessage(questionFromSlack(command.text ?? ""));
    if (request.kind === "command") {
      const { reply: first, later } = await runCommand(request.command, deps, command.user_id);
      await ack(privately(first));
      if (later) await reply(respond, await later(), deps);
      return;
    }
    await ack(privately({ text: LOOKING_UP, blocks: [] }));
    let answer: SlackMessage;
    try {
      const answered = await assistant.ask({
        question: request.question,
        platform: "slack",
        userId: command.user_id,
        area: areaFor(config.SLACK_AREA_MAP, { channelId: command.channel_id, teamId: command.team_id }),
      });
      answer = renderAnswerMessage(answered);
    } catch (error) {
      answer = { text: failureSentence(error, log, "slack.ask"), blocks: [] };
    }
    await reply(respond, answer, deps);
  });
}

/** Replaces the private "working on it" message with the result; a failure here can only be logged. */
async function reply(respond: RespondFn, message: SlackMessage, deps: SlackAdapterDeps): Promise<void> {
  try {
    await respond({ ...privately(message), replace_original: true });
  } catch (error) {
    failureSentence(error, deps.log, "slack.respond");
  }
}

function privately(message: SlackMessage): RespondArguments & { response_type: "ephemeral"; text: string } {
  return {
    response_type: "ephemeral",
    text: message.text,
    ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
  };
}
