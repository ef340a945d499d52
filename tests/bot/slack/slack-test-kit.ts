/**
 * What the Slack integration tests stand in for Slack with: a local Web API that records calls and answers
 * like Slack does, response_url endpoints on the same server, and requests signed exactly as Slack signs them.
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  /** A Web API method such as chat.postMessage, or "response_url" for a post to a response URL. */
  method: string;
  args: Record<string, unknown>;
  /** The bearer token the call carried (Web API calls only). */
  token?: string;
  /** The path of a response URL post. */
  path?: string;
  /** What the stand-in answered. */
  response: Record<string, unknown>;
}

export interface SlackApiRecorder {
  /** The Web API base URL to give as SLACK_API_URL. */
  apiUrl: string;
  /** A response URL on this server, as Slack puts in commands and button clicks. */
  responseUrl(id: string): string;
  calls: RecordedCall[];
  /** Resolves with the first call matching `predicate`, polling until `timeoutMs`. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  close(): Promise<void>;
}

/**
 * Starts the stand-in for Slack's Web API on 127.0.0.1 with a free port. Calls to the methods in `unanswered`
 * are recorded but never answered, as when Slack is slow.
 */
export async function startSlackApiRecorder(
  options: { unanswered?: string[] } = {},
): Promise<SlackApiRecorder> {
  const calls: RecordedCall[] = [];
  let nextTs = 1;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const args = parseBody(raw, req.headers["content-type"]);
      res.setHeader("Content-Type", "application/json");
      if (url.pathname.startsWith("/response/")) {
        const response = { ok: true };
        calls.push({ method: "response_url", args, path: url.pathname, response });
        res.end(JSON.stringify(response));
        return;
      }
      const method = url.pathname.replace(/^\/api\//, "");
      const token = req.headers.authorization?.replace(/^Bearer /, "");
      const response = answerLikeSlack(
        method,
        args,
        () => `1700000${String(nextTs++).padStart(3, "0")}.000200`,
      );
      calls.push({ method, args, response, ...(token ? { token } : {}) });
      if (options.unanswered?.includes(method)) return;
      res.end(JSON.stringify(response));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    calls,
    waitFor: (predicate, timeoutMs = 20_000) =>
      pollUntil(
        () => calls.find(predicate),
        timeoutMs,
        () => `a matching Slack call (seen: ${calls.map((c) => c.method).join(", ")})`,
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `probe` every 20 ms until it returns a value; fails after `timeoutMs` naming what it waited for. */
export async function pollUntil<T>(
  probe: () => T | undefined,
  timeoutMs: number,
  what: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The Web API client sends forms whose structured fields (blocks) are JSON strings; response URLs get JSON. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

function answerLikeSlack(
  method: string,
  args: Record<string, unknown>,
  ts: () => string,
): Record<string, unknown> {
  switch (method) {
    case "auth.test":
      return {
        ok: true,
        url: "https://test.slack.com/",
        team: "Test",
        user: "assistant",
        team_id: "T1",
        user_id: "UBOT",
        bot_id: "BBOT",
      };
    case "chat.postMessage":
      return { ok: true, channel: args.channel, ts: ts(), message: { text: args.text } };
    case "chat.update":
      return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
    case "chat.postEphemeral":
      return { ok: true, message_ts: ts() };
    default:
      return { ok: true };
  }
}

export interface SignOptions {
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Sign with this secret instead (a forgery). */
  secret?: string;
  retryNum?: number;
}

/** Posts `body` to the Slack endpoint signed as Slack signs: v0 HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function postSigned(
  url: string,
  secret: string,
  body: string,
  contentType: "application/json" | "application/x-www-form-urlencoded",
  options: SignOptions = {},
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = createHmac("sha256", options.secret ?? secret)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex");
  return fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": contentType,
      "X-Slack-Request-Timestamp": String(timestamp),
      "X-Slack-Signature": `v0=${signature}`,
      ...(options.retryNum !== undefined
        ? { "X-Slack-Retry-Num": String(options.retryNum), "X-Slack-Retry-Reason": "http_timeout" }
        : {}),
    },
    body,
  });
}

let eventSeq = 0;

/** An Events API envelope (event_callback) around `event`, with a fresh event id unless one is given. */
export function eventCallback(
  event: Record<string, unknown>,
  eventId = `Ev${Date.now()}${++eventSeq}`,
): string {
  return JSON.stringify({
    token: "verification-token-unused",
    team_id: "T1",
    api_app_id: "A1",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true, is_enterprise_install: false }],
  });
}

/** A fresh message timestamp in Slack's "seconds.micro" form. */
export function messageTs(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(++eventSeq).padStart(6, "0")}`;
}

/** A slash command as Slack posts it (form-encoded). */
export function slashCommandForm(fields: {
  text: string;
  userId: string;
  responseUrl: string;
  command?: string;
}): string {
  return new URLSearchParams({
    token: "verification-token-unused",
    team_id: "T1",
    team_domain: "test",
    channel_id: "C1",
    channel_name: "general",
    user_id: fields.userId,
    user_name: "practitioner",
    command: fields.command ?? "/guidance",
    text: fields.text,
    api_app_id: "A1",
    is_enterprise_install: "false",
    response_url: fields.responseUrl,
    trigger_id: `${Date.now()}.${++eventSeq}`,
  }).toString();
}

/** A button click as Slack posts it: form-encoded with the JSON in `payload`. */
export function buttonClickForm(fields: {
  actionId: string;
  value: string;
  userId: string;
  channel: string;
  messageTs: string;
  threadTs?: string;
  responseUrl: string;
}): string {
  const payload = {
    type: "block_actions",
    user: { id: fields.userId, username: "practitioner", name: "practitioner", team_id: "T1" },
    api_app_id: "A1",
    token: "verification-token-unused",
    container: {
      type: "message",
      message_ts: fields.messageTs,
      channel_id: fields.channel,
      is_ephemeral: false,
      ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    },
    trigger_id: `${Date.now()}.${++eventSeq}`,
    team: { id: "T1", domain: "test" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: fields.channel, name: "general" },
    message: { type: "message", ts: fields.messageTs, text: "answer", user: "UBOT" },
    response_url: fields.responseUrl,
    actions: [
      {
        action_id: fields.actionId,
        block_id: "guidance_answer_actions",
        text: { type: "plain_text", text: "button", emoji: true },
        value: fields.value,
        type: "button",
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A click on one of Slack's feedback_buttons, as Slack posts it: the clicked button's value in the action. */
export function feedbackClickForm(fields: {
  actionId: string;
  value: string;
  userId: string;
  channel: string;
  messageTs: string;
  threadTs?: string;
  responseUrl: string;
}): string {
  const button = JSON.parse(new URLSearchParams(buttonClickForm(fields)).get("payload") ?? "{}") as Record<
    string,
    unknown
  > & { actions: Record<string, unknown>[] };
  button.actions = [
    {
      action_id: fields.actionId,
      block_id: "guidance_answer_feedback",
      type: "feedback_buttons",
      value: fields.value,
      text: { type: "plain_text", text: "Helpful" },
      action_ts: String(Date.now() / 1000),
    },
  ];
  return new URLSearchParams({ payload: JSON.stringify(button) }).toString();
}
