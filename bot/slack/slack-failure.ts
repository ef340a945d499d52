import { asCodedError } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";

/**
 * The one place the Slack adapter turns a failure into what the user reads: the coded error's sentence.
 * The log gets the code and the cause, never the question.
 */
export function failureSentence(error: unknown, log: Logger, where: string): string {
  const coded = asCodedError(error);
  log.error("slack.failed", { where, code: coded.code, cause: coded.cause ?? coded });
  return coded.userMessage;
}
