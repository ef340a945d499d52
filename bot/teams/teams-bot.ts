import {
  ActivityTypes,
  type ConversationReference,
  type InvokeResponse,
  TeamsActivityHandler,
  TurnContext as Turn,
  type TurnContext,
} from "botbuilder";
import { z } from "zod";
import { asCodedError } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";
import type { Config } from "../config.ts";
import { authorise, type CommandName, parseMessage } from "../core/commands.ts";
import type { DeliveryClaims } from "../core/delivery-claims.ts";
import type { Assistant } from "../core/types.ts";
import type { ConversationStore } from "./conversation-store.ts";
import {
  feedbackThanksText,
  handoffSentText,
  handoffUnavailableText,
  helpText,
  reindexBusyText,
  reindexReportText,
  reindexStartedText,
  reportText,
  sourcesText,
  welcomeActivity,
} from "./messages.ts";
import { renderAnswerActivity, renderHandoffActivity } from "./render-card.ts";
import { resolveArea, teamsLocationOf } from "./teams-ids.ts";
import { OPEN_STREAM } from "./turn-errors.ts";

/** Sends into a conversation outside the turn that is being answered (a proactive message). */
export interface ProactiveMessenger {
  /** Runs `logic` in a new turn on the conversation `reference` points at. */
  continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export interface TeamsBotDependencies {
  assistant: Assistant;
  config: Pick<Config, "TEAMS_ADMIN_IDS" | "TEAMS_AREA_MAP" | "TEAMS_HANDOFF_CHANNEL_ID">;
  conversations: ConversationStore;
  /** Bot Framework redelivers an activity it saw no quick reply to; the first replica to claim its id answers. */
  claims?: DeliveryClaims;
  proactive: ProactiveMessenger;
  log: Logger;
}

/**
 * What the answer card's buttons send back (Action.Submit puts it in activity.value). A question in the data
 * (cards sent before answers were looked up by id carry one) is dropped unread: the core looks it up.
 */
const submitSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("feedback"), answerId: z.string().min(1), helpful: z.boolean() }),
  z.object({ action: z.literal("handoff"), answerId: z.string().min(1), area: z.string().optional() }),
]);

type Submit = z.infer<typeof submitSchema>;

/**
 * What Teams' own feedback buttons send (a message/submitAction invoke): the reaction, and the typed text as
 * JSON in `feedback`. Only the fields used are read.
 */
const feedbackInvokeSchema = z.object({
  actionName: z.literal("feedback"),
  actionValue: z.object({ reaction: z.enum(["like", "dislike"]), feedback: z.string().optional() }),
});

/** The progress line Teams shows while the guidance is searched (personal chat only). */
export const SEARCHING_UPDATE = "Searching the guidance…";

/**
 * How many answers' message ids are kept to tie Teams' feedback to the answer it is about. Feedback comes
 * within minutes of an answer; a thousand answers is hours of use even for a large organisation, and the
 * map is a few hundred kilobytes at most. Feedback on an older answer is still recorded, without its id.
 */
const ANSWER_MESSAGES_KEPT = 1000;

/**
 * The Teams conversation handler: questions in personal chat and channel @mentions, the welcome, the
 * help / sources / reindex commands and the answer card's buttons. It only translates: the assistant
 * redacts, assesses risk and answers. Failures propagate to the adapter's onTurnError, which alone decides
 * what the user is told.
 */
export class SafeguardingTeamsBot extends TeamsActivityHandler {
  private readonly deps: TeamsBotDependencies;
  private readonly background = new Set<Promise<void>>();
  private reindexing = false;
  /** Message id of an answer, as the connector gave it, to the answer's audit id; oldest first. */
  private readonly answerMessages = new Map<string, string>();

  constructor(deps: TeamsBotDependencies) {
    super();
    this.deps = deps;
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if (context.activity.membersAdded?.some((member) => member.id === botId)) {
        await this.rememberHandoffChannel(context);
        const people = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId).map((m) => m.id);
        await context.sendActivity(welcomeActivity(isPersonal(context) ? people : []));
      }
      await next();
    });
    // Teams also sends installationUpdate on install; the welcome comes with membersAdded, so only learn
    // where the hand-off channel is here, and never welcome twice.
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberHandoffChannel(context);
      await next();
    });
  }

  /** Resolves once work started in the background (a reindex and its report) has finished. */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activityId = context.activity.id;
    if (activityId && this.deps.claims && !(await this.deps.claims.claim(`teams:${activityId}`))) {
      this.deps.log.info("teams.duplicate_activity");
      return;
    }
    const submit = submitSchema.safeParse(context.activity.value);
    if (submit.success) return this.handleSubmit(context, submit.data);

    await this.rememberHandoffChannel(context);
    const parsed = parseMessage(questionText(context));
    if (parsed.kind === "command") return this.runCommand(context, parsed.command);

    const personal = isPersonal(context);
    const streamId = personal ? await this.informativeUpdate(context) : undefined;
    if (streamId) context.turnState.set(OPEN_STREAM, streamId);
    else await context.sendActivity({ type: ActivityTypes.Typing });
    const area = resolveArea(context.activity, this.deps.config.TEAMS_AREA_MAP);
    const userId = userIdOf(context);
    const answer = await this.deps.assistant.ask({
      question: parsed.question,
      platform: "teams",
      ...(userId ? { userId } : {}),
      ...(area ? { area } : {}),
    });
    const activity = renderAnswerActivity(answer, { ...(area ? { area } : {}), nativeFeedback: personal });
    // The answer closes the stream the progress line opened; Teams then shows the answer in its place.
    if (streamId) activity.entities?.push({ type: "streaminfo", streamId, streamType: "final" });
    const sent = await context.sendActivity(activity);
    for (const id of [sent?.id, streamId]) if (id) this.rememberAnswerMessage(id, answer.answerId);
  }

  /**
   * Teams' informative progress update (a typing activity with a streaminfo entity), sent by hand because
   * botbuilder 4.23.3 has no streaming helper. Returns the stream's id, or undefined when the channel did
   * not take it (the Emulator, or a Teams client that refuses it), and the caller sends a plain typing
   * indicator instead.
   */
  private async informativeUpdate(context: TurnContext): Promise<string | undefined> {
    try {
      const sent = await context.sendActivity({
        type: ActivityTypes.Typing,
        text: SEARCHING_UPDATE,
        entities: [{ type: "streaminfo", streamType: "informative", streamSequence: 1 }],
      });
      return sent?.id || undefined;
    } catch (error) {
      this.deps.log.warn("teams.informative_update_failed", { code: asCodedError(error).code });
      return undefined;
    }
  }

  private rememberAnswerMessage(messageId: string, answerId: string): void {
    this.answerMessages.set(messageId, answerId);
    while (this.answerMessages.size > ANSWER_MESSAGES_KEPT) {
      const oldest = this.answerMessages.keys().next().value;
      if (oldest === undefined) break;
      this.answerMessages.delete(oldest);
    }
  }

  /** Teams' feedback loop: a message/submitAction invoke, answered 200 as Teams expects once recorded. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== "message/submitAction") return super.onInvokeActivity(context);
    const invoke = feedbackInvokeSchema.safeParse(context.activity.value);
    if (!invoke.success) return { status: 400 };
    const { reaction, feedback } = invoke.data.actionValue;
    const answerId = context.activity.replyToId
      ? this.answerMessages.get(context.activity.replyToId)
      : undefined;
    const comment = feedbackTextOf(feedback);
    const userId = userIdOf(context);
    this.deps.assistant.feedback({
      ...(answerId ? { answerId } : {}),
      platform: "teams",
      ...(userId ? { userId } : {}),
      helpful: reaction === "like",
      ...(comment ? { comment } : {}),
    });
    this.deps.log.info("teams.feedback_recorded", { answerKnown: Boolean(answerId), reaction });
    return { status: 200, body: {} };
  }

  /** Runs a command the core read from the message, refusing admin-only ones to everyone else. */
  private async runCommand(context: TurnContext, command: CommandName): Promise<void> {
    const aadObjectId = context.activity.from?.aadObjectId;
    const allowed = authorise(
      command,
      { platform: "teams", ...(aadObjectId ? { userId: aadObjectId } : {}) },
      this.deps.config.TEAMS_ADMIN_IDS,
    );
    if (!allowed.allowed) {
      this.deps.log.info("teams.command_refused", { command, hasAadObjectId: Boolean(aadObjectId) });
      await context.sendActivity(allowed.refusal);
      return;
    }
    switch (command) {
      case "help":
        await context.sendActivity(helpText());
        return;
      case "sources":
        await context.sendActivity(sourcesText(this.deps.assistant.sources()));
        return;
      case "report":
        await context.sendActivity(reportText(await this.deps.assistant.report()));
        return;
      case "reindex":
        return this.startReindex(context);
    }
  }

  private async handleSubmit(context: TurnContext, submit: Submit): Promise<void> {
    const userId = userIdOf(context);
    if (submit.action === "feedback") {
      this.deps.assistant.feedback({
        answerId: submit.answerId,
        platform: "teams",
        ...(userId ? { userId } : {}),
        helpful: submit.helpful,
      });
      await context.sendActivity(feedbackThanksText(submit.helpful));
      return;
    }

    const area = submit.area ?? resolveArea(context.activity, this.deps.config.TEAMS_AREA_MAP);
    const asker = context.activity.from?.name;
    const event = await this.deps.assistant.handoff({
      answerId: submit.answerId,
      platform: "teams",
      ...(userId ? { userId } : {}),
      ...(asker ? { asker } : {}),
      ...(area ? { area } : {}),
    });
    const delivered = await this.deliverToHandoffChannel(renderHandoffActivity(event));
    await context.sendActivity(
      delivered ? handoffSentText(event.contacts) : handoffUnavailableText(event.contacts),
    );
  }

  /** Posts to the safeguarding team's channel; false when its address is unknown or the post failed. */
  private async deliverToHandoffChannel(
    activity: ReturnType<typeof renderHandoffActivity>,
  ): Promise<boolean> {
    const channel = this.deps.config.TEAMS_HANDOFF_CHANNEL_ID;
    const reference = channel ? await this.deps.conversations.get(channel) : undefined;
    if (!reference) {
      this.deps.log.warn("teams.handoff_channel_unknown", { configured: Boolean(channel) });
      return false;
    }
    let delivered = false;
    try {
      await this.deps.proactive.continueConversation(reference, async (channelContext) => {
        // Caught here, not in onTurnError: that would post an error into the team's channel, and the asker
        // must hear that the hand-off did not arrive.
        try {
          postAsNewMessage(channelContext);
          await channelContext.sendActivity(activity);
          delivered = true;
        } catch (error) {
          this.deps.log.error("teams.handoff_post_failed", { code: asCodedError(error).code, error });
        }
      });
    } catch (error) {
      this.deps.log.error("teams.handoff_post_failed", { code: asCodedError(error).code, error });
    }
    return delivered;
  }

  /** Starts a reindex for someone runCommand has authorised. */
  private async startReindex(context: TurnContext): Promise<void> {
    if (this.reindexing) {
      await context.sendActivity(reindexBusyText());
      return;
    }
    this.reindexing = true;
    await context.sendActivity(reindexStartedText());
    // A reindex outlasts the channel's wait for a reply, so it runs in its own turn and reports there;
    // a failure inside that turn reaches onTurnError like any other.
    const reference = Turn.getConversationReference(context.activity);
    const work = this.deps.proactive
      .continueConversation(reference, async (reportContext) => {
        postAsNewMessage(reportContext);
        const report = await this.deps.assistant.reindex();
        await reportContext.sendActivity(reindexReportText(report));
      })
      .catch((error: unknown) => {
        this.deps.log.error("teams.reindex_report_failed", { code: asCodedError(error).code, error });
      })
      .finally(() => {
        this.reindexing = false;
        this.background.delete(work);
      });
    this.background.add(work);
  }

  /**
   * Keeps the hand-off channel's conversation reference (without the user in it) when the bot is added to
   * that channel's team or is spoken to in it, so hand-offs can be posted there later.
   */
  private async rememberHandoffChannel(context: TurnContext): Promise<void> {
    const target = this.deps.config.TEAMS_HANDOFF_CHANNEL_ID;
    if (!target) return;
    const { channelId, teamId } = teamsLocationOf(context.activity);
    // A team's General channel has the team's id, which is all Teams sends when the bot joins a team.
    if (channelId !== target && teamId !== target) return;
    const reference = Turn.getConversationReference(context.activity);
    if (!reference.conversation) return;
    try {
      await this.deps.conversations.remember(target, {
        ...reference,
        conversation: { ...reference.conversation, id: target },
      });
    } catch (error) {
      // Not being able to note the channel must not stop the bot answering the person in it.
      this.deps.log.error("teams.handoff_channel_not_stored", { code: asCodedError(error).code, error });
    }
  }
}

/**
 * A proactive turn starts from a made-up activity whose id the connector does not know; without it the
 * message is posted to the conversation (a new post in a channel, or into the thread the reference names)
 * instead of as a reply to a message that does not exist.
 */
function postAsNewMessage(context: TurnContext): void {
  delete context.activity.id;
}

/** The message text without the bot's @mention (Teams puts it in channel messages) or other mention tags. */
function questionText(context: TurnContext): string {
  const activity = context.activity;
  if (typeof activity.text !== "string") return "";
  if (activity.recipient?.id) Turn.removeRecipientMention(activity);
  return (activity.text ?? "")
    .replace(/<\/?at>/gi, "")
    .replace(/&nbsp;/gi, " ")
    .trim();
}

/**
 * A one-to-one chat with the bot: Teams says "personal"; the Emulator says nothing and is not a group.
 * Streaming, the feedback loop and suggested actions exist only there.
 */
function isPersonal(context: TurnContext): boolean {
  const { conversationType, isGroup } = context.activity.conversation ?? {};
  return conversationType === "personal" || (conversationType === undefined && !isGroup);
}

/** The text a person typed with their feedback: Teams sends it as JSON ({"feedbackText": "..."}). */
function feedbackTextOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const parsed = z.object({ feedbackText: z.string() }).safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.feedbackText.trim() || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** The Entra (AAD) object id in Teams, the channel's user id elsewhere (the Emulator). */
function userIdOf(context: TurnContext): string | undefined {
  return context.activity.from?.aadObjectId ?? context.activity.from?.id;
}
