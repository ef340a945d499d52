/**
 * The controls under every answer: Slack's feedback buttons (recorded as feedback against the answer id) and
 * "Talk to the safeguarding team" (the core records a hand-off; this posts it to SLACK_HANDOFF_CHANNEL, or
 * tells the asker whom to contact when there is no such channel). Each click is acknowledged before anything
 * else happens.
 */
import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  BlockElementAction,
  ButtonAction,
  FeedbackButtonsAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import type { HandoffEvent } from "../core/types.ts";
import { ActionId, decodeAnswerValue, decodeFeedbackValue } from "./button-value.ts";
import type { SlackAdapterDeps } from "./conversation-answers.ts";
import type { SlackMessage } from "./render-blocks.ts";
import { renderContactsInstead, renderHandoffConfirmation, renderHandoffRequest } from "./render-handoff.ts";
import { areaFor } from "./slack-area.ts";
import { failureSentence } from "./slack-failure.ts";

type ActionArgs<A extends BlockElementAction> = SlackActionMiddlewareArgs<BlockAction<A>> & AllMiddlewareArgs;
type ButtonArgs = ActionArgs<ButtonAction>;

const THANKS_HELPFUL = "Thanks for the feedback.";
const THANKS_NOT_HELPFUL =
  "Thanks for telling us; it helps improve the guidance. If you still need help, use “Talk to the safeguarding team”.";
const NOT_OURS = "Sorry, that button is out of date; please ask the question again.";

/** Registers the feedback and hand-off listeners. */
export function registerButtonActions(app: App, deps: SlackAdapterDeps): void {
  app.action<BlockAction<FeedbackButtonsAction>>(ActionId.Feedback, (args) =>
    feedback(args, deps, decodeFeedbackValue(args.action.value)),
  );
  // Answers posted before the feedback buttons carry these; they still work.
  app.action<BlockAction<ButtonAction>>(ActionId.Helpful, (args) =>
    feedback(args, deps, withAnswerId(decodeAnswerValue(args.action.value), true)),
  );
  app.action<BlockAction<ButtonAction>>(ActionId.NotHelpful, (args) =>
    feedback(args, deps, withAnswerId(decodeAnswerValue(args.action.value), false)),
  );
  app.action<BlockAction<ButtonAction>>(ActionId.Handoff, (args) => handoff(args, deps));
}

const withAnswerId = (answerId: string | undefined, helpful: boolean) =>
  answerId ? { answerId, helpful } : undefined;

async function feedback(
  args: ActionArgs<ButtonAction | FeedbackButtonsAction>,
  deps: SlackAdapterDeps,
  clicked: { answerId: string; helpful: boolean } | undefined,
): Promise<void> {
  await args.ack();
  let reply: string;
  if (!clicked) {
    reply = NOT_OURS;
  } else {
    const { answerId, helpful } = clicked;
    try {
      deps.assistant.feedback({ answerId, platform: "slack", userId: args.body.user.id, helpful });
      reply = helpful ? THANKS_HELPFUL : THANKS_NOT_HELPFUL;
    } catch (error) {
      reply = failureSentence(error, deps.log, "slack.feedback");
    }
  }
  await tellPrivately(args, deps, { text: reply, blocks: [] });
}

async function handoff(args: ButtonArgs, deps: SlackAdapterDeps): Promise<void> {
  await args.ack();
  const { body, client } = args;
  const { assistant, config, log } = deps;
  // The button carries the answer id only; the core looks up the redacted question the answer was given for.
  const answerId = decodeAnswerValue(args.action.value);
  if (!answerId) {
    await tellPrivately(args, deps, { text: NOT_OURS, blocks: [] });
    return;
  }
  let event: HandoffEvent;
  try {
    event = await assistant.handoff({
      answerId,
      platform: "slack",
      userId: body.user.id,
      asker: `<@${body.user.id}>`,
      area: areaFor(config.SLACK_AREA_MAP, { channelId: body.channel?.id, teamId: body.team?.id }),
    });
  } catch (error) {
    await tellPrivately(args, deps, { text: failureSentence(error, log, "slack.handoff"), blocks: [] });
    return;
  }
  const channel = config.SLACK_HANDOFF_CHANNEL;
  if (!channel) {
    await tellPrivately(args, deps, renderContactsInstead(event.contacts));
    return;
  }
  let reply: SlackMessage;
  try {
    const request = renderHandoffRequest(event);
    await client.chat.postMessage({ channel, text: request.text, blocks: request.blocks });
    log.info("slack.handoff_posted", { answerId, escalation: event.level });
    reply = renderHandoffConfirmation(channel, event);
  } catch (error) {
    // The team was not told, so the person must not wait for them: give the contacts instead.
    failureSentence(error, log, "slack.handoff_post");
    reply = renderContactsInstead(
      event.contacts,
      "I could not reach the safeguarding team's channel just now.",
    );
  }
  await tellPrivately(args, deps, reply);
}

/**
 * An ephemeral message to the person who clicked, beside the message they clicked on. chat.postEphemeral
 * needs the app in the channel; where it is not (an answer to the slash command in a channel the app has not
 * joined), the click's response_url reaches the person instead.
 */
async function tellPrivately(
  args: ActionArgs<ButtonAction | FeedbackButtonsAction>,
  deps: SlackAdapterDeps,
  message: SlackMessage,
): Promise<void> {
  const { body, client, respond } = args;
  const blocks = message.blocks.length > 0 ? { blocks: message.blocks } : {};
  const channel = body.channel?.id;
  const threadTs = typeof body.container.thread_ts === "string" ? body.container.thread_ts : undefined;
  if (channel) {
    try {
      await client.chat.postEphemeral({
        channel,
        user: body.user.id,
        text: message.text,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...blocks,
      });
      return;
    } catch (error) {
      deps.log.warn("slack.ephemeral_failed", { code: errorCode(error) });
    }
  }
  try {
    await respond({ response_type: "ephemeral", replace_original: false, text: message.text, ...blocks });
  } catch (error) {
    failureSentence(error, deps.log, "slack.tell_privately");
  }
}

function errorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === "string" ? data.error : error instanceof Error ? error.name : undefined;
}
