/**
 * The Slack surface: a Bolt app that turns assistant threads, mentions, direct messages, the slash command
 * and button clicks into calls on the Assistant, over Socket Mode (SLACK_APP_TOKEN set: no public URL needed) or over HTTP at
 * POST /slack/events on the shared server, where Bolt verifies Slack's request signatures.
 */
import { App, type AuthorizeResult, ExpressReceiver, LogLevel, type webApi } from "@slack/bolt";
import express, { type Router } from "express";
import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";
import type { Config } from "../config.ts";
import { type DeliveryClaims, inProcessClaims } from "../core/delivery-claims.ts";
import type { Assistant } from "../core/types.ts";
import { createAssistantThread } from "./assistant-thread.ts";
import { createBoltLogger } from "./bolt-logger.ts";
import { registerButtonActions } from "./button-actions.ts";
import { registerConversationListeners } from "./conversation-answers.ts";
import { refuseStaleRequests } from "./request-age.ts";
import { failureSentence } from "./slack-failure.ts";
import { registerSlashCommand } from "./slash-command.ts";

export interface SlackSurface {
  mode: "http" | "socket";
  /** Serves POST /slack/events in HTTP mode; mounted at the app root. */
  router?: Router;
  /** Socket Mode: connects to Slack. HTTP mode: checks the bot token (the router works without it). */
  start(): Promise<void>;
  /** Disconnects (Socket Mode) and waits, for a while, for answers still being written. */
  stop(): Promise<void>;
}

/** The path Slack posts events, commands and button clicks to in HTTP mode. */
export const SLACK_EVENTS_PATH = "/slack/events";

/** How long an event waits for the bot's identity before it is handled without it. */
const IDENTITY_WAIT_MS = 1000;

/** Events, commands and clicks are a few kilobytes; Bolt's default allows 4 MB. */
const MAX_SLACK_BODY_BYTES = 256 * 1024;

/** How long stop() waits for answers in flight before giving up on them. */
const STOP_GRACE_MS = 10_000;

/** Tokens Slack refuses for good: start-up should say so rather than retry. */
const BAD_TOKEN_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
]);

/**
 * Builds the Slack surface, or returns undefined when SLACK_BOT_TOKEN is not set. The bot's own identity
 * (auth.test) is fetched by start() or on the first event and remembered, so nothing is sent to Slack while
 * building.
 */
export function createSlackSurface(deps: {
  config: Config;
  assistant: Assistant;
  log: Logger;
  /** Shared by every replica when the store is PostgreSQL; default: this process's memory. */
  claims?: DeliveryClaims;
}): SlackSurface | undefined {
  const { config, log } = deps;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return undefined;

  const boltLogger = createBoltLogger(log);
  const clientOptions: webApi.WebClientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: withTrailingSlash(config.SLACK_API_URL) } : {}),
    // The default policy retries for half an hour; an answer that late is no use to anyone.
    retryConfig: { retries: 2 },
    timeout: 10_000,
  };
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const router = socketMode ? undefined : express.Router();
  // Registered before Bolt's receiver adds its own route, so it runs first.
  router?.use(SLACK_EVENTS_PATH, refuseStaleRequests(log));
  const receiver = router ? new ExpressReceiver(httpReceiverOptions(config, router, boltLogger)) : undefined;

  const identity = rememberIdentity(() => app.client.auth.test({ token }));
  const app = new App({
    // Bolt authorizes before it acknowledges, so waiting on a slow auth.test would risk Slack's three
    // seconds. Without the identity an event is still answered: the listeners skip bot messages themselves
    // and strip a leading mention.
    authorize: async (): Promise<AuthorizeResult> => ({
      botToken: token,
      ...(await identity.within(IDENTITY_WAIT_MS, (error) =>
        log.warn("slack.auth_test_failed", { cause: error }),
      )),
    }),
    logger: boltLogger,
    logLevel: LogLevel.WARN,
    clientOptions,
    // Bolt's conversation store keeps per-conversation state in memory; nothing here uses it.
    convoStore: false,
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.SLACK_APP_TOKEN }),
  });

  const inFlight = new Set<Promise<unknown>>();
  app.use(async ({ next }) => {
    const handling = next();
    inFlight.add(handling);
    try {
      await handling;
    } finally {
      inFlight.delete(handling);
    }
  });
  const adapterDeps = { config, assistant: deps.assistant, log };
  const recent = deps.claims ?? inProcessClaims();
  // Slack sends each slash command and click once with its own trigger_id; a second request carrying the
  // same one is a replay (a captured signed request sent again), acknowledged and otherwise ignored.
  app.use(async ({ body, ack, next }) => {
    const triggerId = (body as { trigger_id?: unknown }).trigger_id;
    if (typeof triggerId === "string" && !(await recent.claim(`trigger:${triggerId}`))) {
      log.info("slack.duplicate_request", { type: (body as { type?: unknown }).type ?? "command" });
      await ack?.();
      return;
    }
    await next();
  });
  // Before the listeners: messages in an assistant thread are the Assistant's, and go no further.
  app.assistant(createAssistantThread(adapterDeps, recent));
  registerConversationListeners(app, adapterDeps, recent);
  registerSlashCommand(app, adapterDeps);
  registerButtonActions(app, adapterDeps);
  app.error(async (error) => {
    failureSentence(error, log, "slack.bolt");
  });

  return {
    mode: socketMode ? "socket" : "http",
    ...(router ? { router } : {}),
    async start() {
      try {
        await identity.get();
      } catch (error) {
        const slackError = (error as { data?: { error?: string } }).data?.error;
        if (slackError && BAD_TOKEN_ERRORS.has(slackError)) {
          throw new CodedError(ErrorCode.ConfigInvalid, `Slack refused SLACK_BOT_TOKEN (${slackError}).`, {
            cause: error,
          });
        }
        // Slack unreachable: the first event tries again.
        log.warn("slack.auth_test_failed", { cause: error });
      }
      if (socketMode) await app.start();
      log.info("slack.started", { mode: socketMode ? "socket" : "http" });
    },
    async stop() {
      if (socketMode) await app.stop();
      const pending = Promise.allSettled([...inFlight]);
      const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
      await Promise.race([pending, grace]);
    },
  };
}

function httpReceiverOptions(
  config: Config,
  router: Router,
  logger: ReturnType<typeof createBoltLogger>,
): ConstructorParameters<typeof ExpressReceiver>[0] {
  const signingSecret = config.SLACK_SIGNING_SECRET;
  if (!signingSecret) {
    throw new CodedError(
      ErrorCode.ConfigInvalid,
      "SLACK_SIGNING_SECRET is needed unless SLACK_APP_TOKEN is set.",
    );
  }
  return {
    signingSecret,
    router,
    endpoints: SLACK_EVENTS_PATH,
    logger,
    bodyLimit: MAX_SLACK_BODY_BYTES,
    // Acknowledge first, answer after: Slack wants its 200 within three seconds, answers can take longer.
    processBeforeResponse: false,
  };
}

interface BotIdentity {
  botUserId?: string;
  botId?: string;
}

/** auth.test once, shared by every event; a failure is forgotten so the next event tries again. */
function rememberIdentity(authTest: () => Promise<{ user_id?: string; bot_id?: string }>): {
  get(): Promise<BotIdentity>;
  /** The identity if it arrives within `ms`, else none (it keeps loading for later events). */
  within(ms: number, onError: (error: unknown) => void): Promise<BotIdentity>;
} {
  let pending: Promise<BotIdentity> | undefined;
  const get = () => {
    pending ??= authTest().then(
      (result) => ({
        ...(result.user_id ? { botUserId: result.user_id } : {}),
        ...(result.bot_id ? { botId: result.bot_id } : {}),
      }),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
  return {
    get,
    within(ms, onError) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<BotIdentity>((resolve) => {
        timer = setTimeout(() => resolve({}), ms);
      });
      const known = get().catch((error: unknown) => {
        onError(error);
        return {};
      });
      return Promise.race([known, late]).finally(() => clearTimeout(timer));
    },
  };
}

/** The Web API client joins method names onto the base URL, which therefore has to end with "/". */
function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
