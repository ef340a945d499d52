/**
 * Errors carry a code; each adapter turns them into one short sentence for the user and logs the code
 * and cause. Nothing else decides what a user sees when something fails.
 */

export const ErrorCode = {
  BadRequest: "bad_request",
  QuestionTooLong: "question_too_long",
  IndexMissing: "index_missing",
  IndexModelMismatch: "index_model_mismatch",
  IndexCorrupt: "index_corrupt",
  ConfigInvalid: "config_invalid",
  FileUnreadable: "file_unreadable",
  Forbidden: "forbidden",
  LanguageModelFailed: "language_model_failed",
  Internal: "internal",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** One sentence the user can act on; shown as it is. */
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = "CodedError";
  }
}

/** Wraps anything thrown into a CodedError; unknown failures get a generic sentence and keep their cause. */
export function asCodedError(error: unknown): CodedError {
  if (error instanceof CodedError) return error;
  return new CodedError(ErrorCode.Internal, "Something went wrong answering that; please try again.", {
    cause: error,
  });
}

/** HTTP status for an error code, for the web API and webhook endpoints. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BadRequest:
    case ErrorCode.QuestionTooLong:
      return 400;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.IndexMissing:
    case ErrorCode.IndexModelMismatch:
    case ErrorCode.IndexCorrupt:
      return 503;
    default:
      return 500;
  }
}
