/**
 * The commands (help, sources, reindex, report) wherever they are typed in Slack: the slash command, a
 * mention, a direct message or an assistant thread. The core reads and authorises them
 * (bot/core/commands.ts); this runs them and renders the replies.
 */
import { authorise, type CommandName } from "../core/commands.ts";
import type { SlackAdapterDeps } from "./conversation-answers.ts";
import type { SlackMessage } from "./render-blocks.ts";
import {
  renderHelpMessage,
  renderReindexReport,
  renderReportMessage,
  renderSourcesMessage,
} from "./render-commands.ts";
import { failureSentence } from "./slack-failure.ts";

export const REINDEX_STARTED = "Reindexing the library; the report follows here when it is done.";

/** A command's first reply, and for a reindex the report that follows once the work is done. */
export interface CommandReply {
  reply: SlackMessage;
  later?: () => Promise<SlackMessage>;
}

const plain = (text: string): SlackMessage => ({ text, blocks: [] });

/** Runs `command` for the Slack user `userId`, refusing admin-only commands to everyone else. */
export async function runCommand(
  command: CommandName,
  deps: SlackAdapterDeps,
  userId: string | undefined,
): Promise<CommandReply> {
  const { assistant, config, log } = deps;
  const allowed = authorise(
    command,
    { platform: "slack", ...(userId ? { userId } : {}) },
    config.SLACK_ADMIN_USER_IDS,
  );
  if (!allowed.allowed) return { reply: plain(allowed.refusal) };
  const attempt = async (
    what: string,
    render: () => SlackMessage | Promise<SlackMessage>,
  ): Promise<SlackMessage> => {
    try {
      return await render();
    } catch (error) {
      return plain(failureSentence(error, log, `slack.${what}`));
    }
  };
  switch (command) {
    case "help":
      return { reply: renderHelpMessage(config.SLACK_SLASH_COMMAND) };
    case "sources":
      return { reply: await attempt("sources", () => renderSourcesMessage(assistant.sources())) };
    case "report":
      return { reply: await attempt("report", async () => renderReportMessage(await assistant.report())) };
    case "reindex":
      return {
        reply: plain(REINDEX_STARTED),
        later: async () => {
          log.info("slack.reindex_started");
          try {
            return renderReindexReport(await assistant.reindex());
          } catch (error) {
            return plain(failureSentence(error, log, "slack.reindex"));
          }
        },
      };
  }
}
