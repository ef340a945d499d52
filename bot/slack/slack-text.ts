/**
 * Slack's text formats in both directions: the markup Slack puts in incoming messages (mentions, links,
 * escaped characters) turned back into what the person typed, and text made safe for mrkdwn.
 */

/** Escapes the three characters Slack treats as control characters in mrkdwn and plain message text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A mrkdwn link when the URL is web or mail, else the escaped label alone: a catalog URL is configuration,
 * and a malformed one must not break the message or smuggle markup into it.
 */
export function mrkdwnLink(url: string | undefined, label: string): string {
  const safeLabel = escapeMrkdwn(label);
  if (!url) return safeLabel;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return safeLabel;
  }
  if (!["http:", "https:", "mailto:"].includes(parsed.protocol)) return safeLabel;
  const href = parsed.href
    .replace(/\|/g, "%7C")
    .replace(/</g, "%3C")
    .replace(/>/g, "%3E")
    .replace(/&/g, "&amp;");
  return `<${href}|${safeLabel}>`;
}

const ELLIPSIS = "…";

/**
 * Shortens already-escaped mrkdwn to at most `max` characters, cutting at a space where one is near and
 * never inside an entity such as `&amp;`, and marks the cut with an ellipsis.
 */
export function clipMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - ELLIPSIS.length);
  const space = cut.lastIndexOf(" ");
  if (space > cut.length * 0.8) cut = cut.slice(0, space);
  // An entity is at most six characters (&amp;); drop a partial one left at the end.
  cut = cut.replace(/&[a-z]{0,4}$/, "");
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/** Plain text cut to `max` characters with an ellipsis, for header and button labels. */
export function clipPlain(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - ELLIPSIS.length).trimEnd()}${ELLIPSIS}`;
}

/**
 * What the person typed, from the text of a Slack message: the bot's own mention removed, other mentions,
 * channels and links shown as people see them, and Slack's escaping undone. When the bot's user id is not
 * known, leading mentions are taken to address the bot.
 */
export function questionFromSlack(text: string, botUserId?: string): string {
  let rest = text;
  if (botUserId) {
    rest = rest.replace(new RegExp(`<@${escapeRegExp(botUserId)}(\\|[^>]*)?>`, "g"), " ");
  } else {
    rest = rest.replace(/^(\s*<@[A-Z0-9]+(\|[^>]*)?>)+/, " ");
  }
  rest = rest.replace(/<([^<>]*)>/g, (_whole, inner: string) => readableToken(inner));
  return unescapeSlack(rest).replace(/\s+/g, " ").trim();
}

/** The visible form of one `<...>` token of Slack's message markup. */
function readableToken(inner: string): string {
  const bar = inner.indexOf("|");
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  if (target.startsWith("@")) return label ? `@${label.replace(/^@/, "")}` : target;
  if (target.startsWith("#")) return label ? `#${label}` : target;
  if (target.startsWith("!")) {
    // Special mentions (<!here>), user groups (<!subteam^ID|@team>) and dates (<!date^...|fallback>).
    if (label) return label;
    return `@${target.slice(1).split("^")[0] ?? ""}`;
  }
  if (label) return label;
  return target.replace(/^mailto:/, "");
}

function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
