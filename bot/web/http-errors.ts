import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { asCodedError, httpStatusFor } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";

/** Every error this server sends is one sentence in `{ error }`, whatever went wrong. */
export function sendError(res: Response, status: number, sentence: string): void {
  res.status(status).json({ error: sentence });
}

/** Answers 405 with the Allow header for a route that exists but not for this method. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = allowed.join(", ");
  return (_req, res) => {
    res.set("Allow", allow);
    sendError(res, 405, `This address only accepts ${allow} requests.`);
  };
}

/** The last route: anything not matched above. */
export const notFound: RequestHandler = (_req, res) => {
  sendError(res, 404, "There is nothing at this address.");
};

/**
 * What express's body parsers throw: a client error with a status and, mostly, a machine-readable type; a
 * damaged gzip or deflate body comes through as zlib's error with a status added and a Z_ code instead, and
 * a damaged Brotli body likewise with an ERR__ERROR_ code (found by `npm run bench:fuzz`: it was a 500).
 */
interface BodyParserError {
  type?: string;
  code?: string;
  status: number;
}

const BODY_PARSER_SENTENCES: Record<string, string> = {
  "entity.parse.failed": "The request body is not valid JSON.",
  "entity.too.large": "The request is too large; questions can be at most 2,000 characters.",
  "encoding.unsupported": "The request body uses a content encoding this server does not accept.",
  "charset.unsupported": "The request body must be JSON in UTF-8.",
  "request.aborted": "The request was cut off before it was complete.",
  "request.size.invalid": "The request body was not the size it said it was.",
};

const DAMAGED_COMPRESSION =
  "The request body's gzip, deflate or Brotli compression is damaged, so it could not be read.";

/** zlib's error codes for damaged input: Z_DATA_ERROR and the like, and Brotli's ERR__ERROR_FORMAT_... */
const DAMAGED_COMPRESSION_CODE = /^(Z_|ERR__ERROR_)/;

function isBodyParserError(error: unknown): error is BodyParserError {
  if (typeof error !== "object" || error === null) return false;
  const { type, code, status } = error as Partial<BodyParserError>;
  const known = typeof type === "string" || (typeof code === "string" && DAMAGED_COMPRESSION_CODE.test(code));
  return known && typeof status === "number" && status >= 400 && status < 500;
}

/**
 * The one place a failed request becomes a response: body-parser client errors keep their 4xx status,
 * everything else goes through CodedError so the user sees its sentence and the log gets the code and cause.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    // Once a response has started, express's default handler is the only safe way out (it ends the socket).
    if (res.headersSent) {
      next(error);
      return;
    }
    if (isBodyParserError(error)) {
      log.info("request_rejected", {
        method: req.method,
        path: req.path,
        status: error.status,
        type: error.type ?? error.code,
      });
      const sentence = error.type ? BODY_PARSER_SENTENCES[error.type] : DAMAGED_COMPRESSION;
      sendError(res, error.status, sentence ?? "The request body could not be read.");
      return;
    }
    const coded = asCodedError(error);
    const status = httpStatusFor(coded.code);
    const fields = { method: req.method, path: req.path, status, code: coded.code, error: coded };
    if (status >= 500) log.error("request_failed", fields);
    else log.info("request_rejected", fields);
    if (coded.retryAfterSeconds !== undefined) res.set("Retry-After", String(coded.retryAfterSeconds));
    sendError(res, status, coded.userMessage);
  };
}
