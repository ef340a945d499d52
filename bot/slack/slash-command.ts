/**
 * The slash command (SLACK_SLASH_COMMAND, default /guidance): a question, or one of help, sources and reindex.
 * Every branch acknowledges at once, inside Slack's three seconds; answers and reports follow through the
 * command's response_url. Replies are private to the person who typed the command: a question typed there
 * is not shown to the channel, so neither is its answer.
 */
import type { App, RespondArguments, RespondFn } from "@slack/bolt";
import type { SlackAdapterDeps } from "./conversation-answers.ts";
import { LOOKING_UP } from "./conversation-answers.ts";
import { renderAnswerMessage, type SlackMessage } from "./render-blocks.ts";
import { renderHelpMessage, renderReindexReport, renderSourcesMessage } from "./render-commands.ts";
import { areaFor } from "./slack-area.ts";
import { failureSentence } from "./slack-failure.ts";
import { questionFromSlack } from "./slack-text.ts";

/** What the command's text asks for. */
export type CommandRequest =
  | { kind: "help" }
  | { kind: "sources" }
  | { kind: "reindex" }
  | { kind: "question"; question: string };

export const NOT_AN_ADMIN =
  "Sorry, only the assistant's administrators can reindex the library. If guidance documents have changed, please let them know.";

/** Reads the command text: a lone sub-command word, nothing (help), or a question. */
export function parseCommandText(text: string): CommandRequest {
  const question = questionFromSlack(text);
  const word = question.toLowerCase();
  if (word === "" || word === "help") return { kind: "help" };
  if (word === "sources") return { kind: "sources" };
  if (word === "reindex") return { kind: "reindex" };
  return { kind: "question", question };
}

/** Registers the slash command listener. */
export function registerSlashCommand(app: App, deps: SlackAdapterDeps): void {
  const { assistant, config, log } = deps;

  app.command(config.SLACK_SLASH_COMMAND, async ({ command, ack, respond }) => {
    const request = parseCommandText(command.text ?? "");
    switch (request.kind) {
      case "help":
        await ack(privately(renderHelpMessage(config.SLACK_SLASH_COMMAND)));
        return;
      case "sources": {
        let message: SlackMessage;
        try {
          message = renderSourcesMessage(assistant.sources());
        } catch (error) {
          message = { text: failureSentence(error, log, "slack.sources"), blocks: [] };
        }
        await ack(privately(message));
        return;
      }
      case "reindex": {
        if (!config.SLACK_ADMIN_USER_IDS.includes(command.user_id)) {
          await ack(privately({ text: NOT_AN_ADMIN, blocks: [] }));
          return;
        }
        await ack(
          privately({ text: "Reindexing the library; the report follows here when it is done.", blocks: [] }),
        );
        log.info("slack.reindex_started");
        let report: SlackMessage;
        try {
          report = renderReindexReport(await assistant.reindex());
        } catch (error) {
          report = { text: failureSentence(error, log, "slack.reindex"), blocks: [] };
        }
        await reply(respond, report, deps);
        return;
      }
      case "question": {
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
        return;
      }
    }
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
