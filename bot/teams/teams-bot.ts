import {
  ActivityTypes,
  type ConversationReference,
  TeamsActivityHandler,
  TurnContext as Turn,
  type TurnContext,
} from "botbuilder";
import { z } from "zod";
import { asCodedError } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";
import type { Config } from "../config.ts";
import type { Assistant } from "../core/types.ts";
import type { ConversationStore } from "./conversation-store.ts";
import {
  emptyQuestionText,
  feedbackThanksText,
  handoffSentText,
  handoffUnavailableText,
  helpText,
  reindexBusyText,
  reindexRefusedText,
  reindexReportText,
  reindexStartedText,
  sourcesText,
  welcomeText,
} from "./messages.ts";
import { renderAnswerActivity, renderHandoffActivity } from "./render-card.ts";
import { resolveArea, teamsLocationOf } from "./teams-ids.ts";

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

const COMMANDS = ["help", "sources", "reindex"] as const;
type Command = (typeof COMMANDS)[number];

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
        await context.sendActivity(welcomeText());
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
    const submit = submitSchema.safeParse(context.activity.value);
    if (submit.success) return this.handleSubmit(context, submit.data);

    await this.rememberHandoffChannel(context);
    const text = questionText(context);
    const command = commandIn(text);
    if (command === "help") {
      await context.sendActivity(helpText());
      return;
    }
    if (command === "sources") {
      await context.sendActivity(sourcesText(this.deps.assistant.sources()));
      return;
    }
    if (command === "reindex") return this.startReindex(context);
    if (!text) {
      await context.sendActivity(emptyQuestionText());
      return;
    }

    await context.sendActivity({ type: ActivityTypes.Typing });
    const area = resolveArea(context.activity, this.deps.config.TEAMS_AREA_MAP);
    const userId = userIdOf(context);
    const answer = await this.deps.assistant.ask({
      question: text,
      platform: "teams",
      ...(userId ? { userId } : {}),
      ...(area ? { area } : {}),
    });
    await context.sendActivity(renderAnswerActivity(answer, area ? { area } : {}));
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

  private async startReindex(context: TurnContext): Promise<void> {
    const aadObjectId = context.activity.from?.aadObjectId;
    if (!aadObjectId || !this.deps.config.TEAMS_ADMIN_IDS.includes(aadObjectId)) {
      this.deps.log.info("teams.reindex_refused", { hasAadObjectId: Boolean(aadObjectId) });
      await context.sendActivity(reindexRefusedText());
      return;
    }
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

function commandIn(text: string): Command | undefined {
  const word = text
    .toLowerCase()
    .replace(/^\//, "")
    .replace(/[.!?]+$/, "")
    .trim();
  return COMMANDS.find((command) => command === word);
}

/** The Entra (AAD) object id in Teams, the channel's user id elsewhere (the Emulator). */
function userIdOf(context: TurnContext): string | undefined {
  return context.activity.from?.aadObjectId ?? context.activity.from?.id;
}
