import { CodedError } from "../../foundation/errors.ts";

/** The one sentence a command prints when it fails: the user message of a coded error, else its message. */
export function cliErrorMessage(error: unknown): string {
  if (error instanceof CodedError) return error.userMessage;
  return error instanceof Error ? error.message : String(error);
}
