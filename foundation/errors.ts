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
  /** Another ingest holds the index's lock (on this machine, or on another replica with PostgreSQL). */
  IngestBusy: "ingest_busy",
  ConfigInvalid: "config_invalid",
  FileUnreadable: "file_unreadable",
  Forbidden: "forbidden",
  LanguageModelFailed: "language_model_failed",
  /** Every answer worker is busy and the queue of waiting questions is full: ask again shortly. */
  Busy: "busy",
  /** The worker answering the question stopped part-way (the pool replaces it): ask again. */
  WorkerFailed: "answer_worker_failed",
  Internal: "internal",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** One sentence the user can act on; shown as it is. */
    readonly userMessage: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(userMessage, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CodedError";
    if (options?.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** For a failure that passes: how soon asking again may succeed, sent as HTTP Retry-After. */
  readonly retryAfterSeconds?: number;
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
    case ErrorCode.IngestBusy:
      return 409;
    case ErrorCode.IndexMissing:
    case ErrorCode.IndexModelMismatch:
    case ErrorCode.IndexCorrupt:
    case ErrorCode.Busy:
    case ErrorCode.WorkerFailed:
      return 503;
    default:
      return 500;
  }
}
