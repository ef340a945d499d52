import type { Activity, TurnContext } from "botbuilder";
import { asCodedError } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";

/** Where a turn keeps the id of the stream its progress update opened, so a failure can close it. */
export const OPEN_STREAM = Symbol("openStream");

/**
 * The adapter's onTurnError: the one place a failed turn becomes a short sentence for the user. The log
 * gets the code and the cause; the user gets the coded error's userMessage and nothing else.
 */
export function createTurnErrorHandler(log: Logger): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const coded = asCodedError(error);
    log.error("teams.turn_failed", {
      code: coded.code,
      activityType: context.activity.type,
      error,
    });
    // A progress update left open would hang over the chat until Teams times it out; the sentence ends it.
    const streamId: unknown = context.turnState?.get(OPEN_STREAM);
    const reply: Partial<Activity> = {
      type: "message",
      text: coded.userMessage,
      ...(typeof streamId === "string"
        ? { entities: [{ type: "streaminfo", streamId, streamType: "final" }] }
        : {}),
    };
    try {
      await context.sendActivity(reply);
    } catch (sendError) {
      log.error("teams.error_reply_failed", { code: asCodedError(sendError).code, error: sendError });
    }
  };
}
