import type { RequestHandler } from "express";
import type { Logger } from "../../foundation/log.ts";

/**
 * Slack's own rule for signed requests: a timestamp more than five minutes from now is refused, which
 * bounds how long a captured request can be replayed. Bolt checks only the past side; this checks both.
 */
export const MAX_REQUEST_AGE_SECONDS = 5 * 60;

/**
 * Refuses (401) a Slack request whose X-Slack-Request-Timestamp is more than five minutes before or after
 * now. A request without the header goes on to Bolt, which refuses it as unsigned.
 */
export function refuseStaleRequests(log: Logger, now: () => number = Date.now): RequestHandler {
  return (req, res, next) => {
    const header = req.headers["x-slack-request-timestamp"];
    if (typeof header !== "string") {
      next();
      return;
    }
    const seconds = Number(header);
    const skew = Math.abs(now() / 1000 - seconds);
    if (Number.isFinite(seconds) && skew <= MAX_REQUEST_AGE_SECONDS) {
      next();
      return;
    }
    log.warn("slack.refused_timestamp", { skewSeconds: Number.isFinite(skew) ? Math.round(skew) : null });
    res.status(401).type("text/plain").send("The request's timestamp is more than five minutes from now.");
  };
}
