import type { TurnContext } from "botbuilder";
import { asCodedError } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";

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
    try {
      await context.sendActivity(coded.userMessage);
    } catch (sendError) {
      log.error("teams.error_reply_failed", { code: asCodedError(sendError).code, error: sendError });
    }
  };
}
