import express, { type RequestHandler, type Response, type Router } from "express";
import { z } from "zod";
import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";
import type { Assistant } from "../core/types.ts";
import { methodNotAllowed, sendError } from "./http-errors.ts";

/** The longest question the page and the API accept, in characters. */
export const MAX_QUESTION_CHARS = 2000;
/** Far above any valid request (a 2,000-character question is at most ~8 kB as JSON), far below harm. */
const BODY_LIMIT = "32kb";

const question = z
  .string({ error: 'Send your question as text in "question".' })
  .trim()
  .min(1, "Type a question before asking.")
  .max(
    MAX_QUESTION_CHARS,
    `Questions can be at most ${MAX_QUESTION_CHARS.toLocaleString("en-GB")} characters.`,
  );
const area = z
  .string({ error: '"area" must be text.' })
  .trim()
  .min(1, '"area" must not be empty.')
  .max(100, '"area" is too long.')
  .optional();
const answerId = z
  .string({ error: 'Send the "answerId" of the answer this is about.' })
  .min(1, '"answerId" must not be empty.')
  .max(200, '"answerId" is too long.');
const notAnObject = { error: "Send the request as a JSON object." };

/** Longest free text (a feedback comment, a hand-off note) the API accepts. */
const MAX_NOTE_CHARS = 1000;
const note = (field: string, what: string) =>
  z
    .string({ error: `"${field}" must be text.` })
    .max(MAX_NOTE_CHARS, `${what} can be at most ${MAX_NOTE_CHARS.toLocaleString("en-GB")} characters.`)
    .optional();

const askBody = z.object({ question, area }, notAnObject);
const feedbackBody = z.object(
  {
    answerId,
    helpful: z.boolean({ error: 'Say whether the answer helped with "helpful": true or false.' }),
    comment: note("comment", "Comments"),
  },
  notAnObject,
);
// The hand-off names the answer only: the core looks its redacted question up, so a question sent here (as
// pages from before that change do) is dropped unread.
const handoffBody = z.object({ answerId, area, note: note("note", "Notes") }, notAnObject);

/** Validates a parsed JSON body; the first problem becomes the one sentence the client sees. */
function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined) throw new CodedError(ErrorCode.BadRequest, notAnObject.error);
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const tooLong = issue?.code === "too_big" && issue.path[0] === "question";
  throw new CodedError(
    tooLong ? ErrorCode.QuestionTooLong : ErrorCode.BadRequest,
    issue?.message ?? "The request is not valid.",
  );
}

/** A body that is there but not JSON is refused before it is read; an empty body falls through to a 400. */
const requireJson: RequestHandler = (req, res, next) => {
  const length = req.headers["content-length"];
  const empty = length === "0" || (length === undefined && req.headers["transfer-encoding"] === undefined);
  if (!empty && req.is("application/json") === false) {
    sendError(res, 415, "Send the request as JSON, with Content-Type: application/json.");
    return;
  }
  next();
};

/** Answers are personal to the moment they were asked; no cache should keep them. */
const noStore: RequestHandler = (_req, res, next) => {
  res.set("Cache-Control", "no-store");
  next();
};

/**
 * Tells a web user plainly that the page reached nobody, so they do not wait for a call back; when the core
 * says the matter cannot wait, the 999 line comes first.
 */
function handoffMessage(actNow: boolean, hasContacts: boolean): string {
  const urgent = actNow ? "If a child is in immediate danger, call 999 now. " : "";
  return hasContacts
    ? `${urgent}Nobody has been contacted: this page cannot pass your request on, so please contact the safeguarding team yourself.`
    : `${urgent}Nobody has been contacted: this page cannot pass your request on, so please contact your designated safeguarding lead.`;
}

/**
 * The web page's API, mounted at /api: ask, sources, feedback and hand-off. JSON is parsed here only, never
 * globally, because the Teams and Slack endpoints read their raw bodies themselves.
 */
export function createWebApiRouter(deps: {
  /** The assistant a request speaks to: the server gives each signed-in user's requests their user id. */
  assistantFor: (res: Response) => Assistant;
  log: Logger;
}): Router {
  const { assistantFor, log } = deps;
  const router = express.Router();
  const parseJson = express.json({ limit: BODY_LIMIT });
  router.use(noStore);

  router
    .route("/ask")
    .post(requireJson, parseJson, async (req, res) => {
      const body = parseBody(askBody, req.body);
      res.json(await assistantFor(res).ask({ question: body.question, area: body.area, platform: "web" }));
    })
    .all(methodNotAllowed(["POST"]));

  router
    .route("/sources")
    .get((_req, res) => {
      res.json(assistantFor(res).sources());
    })
    .all(methodNotAllowed(["GET", "HEAD"]));

  router
    .route("/feedback")
    .post(requireJson, parseJson, (req, res) => {
      const body = parseBody(feedbackBody, req.body);
      assistantFor(res).feedback({
        answerId: body.answerId,
        platform: "web",
        helpful: body.helpful,
        comment: body.comment,
      });
      res.json({ recorded: true });
    })
    .all(methodNotAllowed(["POST"]));

  router
    .route("/handoff")
    .post(requireJson, parseJson, async (req, res) => {
      const body = parseBody(handoffBody, req.body);
      const event = await assistantFor(res).handoff({
        answerId: body.answerId,
        platform: "web",
        ...(body.area ? { area: body.area } : {}),
        ...(body.note ? { note: body.note } : {}),
      });
      // The question and the note stay out of the log: the audit store keeps their redacted copies.
      log.info("handoff_requested", {
        platform: "web",
        answerId: event.answerId,
        area: event.area,
        // Not "level": that key is the log line's own severity.
        escalation: event.level,
        contacts: event.contacts.length,
      });
      res.json({
        recorded: true,
        delivered: false,
        level: event.level,
        area: event.area,
        contacts: event.contacts,
        message: handoffMessage(event.actNow, event.contacts.length > 0),
      });
    })
    .all(methodNotAllowed(["POST"]));

  return router;
}
