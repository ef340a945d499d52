import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from "botbuilder";
import express, { type Request, type Response } from "express";
import { asCodedError } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";
import type { Config } from "../config.ts";
import { type DeliveryClaims, inProcessClaims } from "../core/delivery-claims.ts";
import type { Assistant } from "../core/types.ts";
import { isLocalRequest, isLoopbackServiceUrl } from "../loopback.ts";
import { type ConversationTable, createConversationStore } from "./conversation-store.ts";
import { keepEntityProperties } from "./entity-serialization.ts";
import { SafeguardingTeamsBot } from "./teams-bot.ts";
import { createTurnErrorHandler } from "./turn-errors.ts";

/** The Teams endpoint as the HTTP server mounts it. */
export interface TeamsSurface {
  /** "local-development" when no MicrosoftAppId is set (Bot Framework Emulator, loopback only). */
  mode: "local-development" | "authenticated";
  /** Serves POST /api/messages. */
  handle(req: Request, res: Response): Promise<void>;
  /** Waits for background work (a reindex report) to finish. */
  stop(): Promise<void>;
}

/** Bot Framework activities are small; a chat message with a card's submit data is a few kilobytes. */
const MAX_ACTIVITY_BYTES = "256kb";

const TOKEN_REFUSED = "This request's Bot Framework token was not accepted.";
const TURN_FAILED = "Something went wrong handling that activity.";

/**
 * CloudAdapter with its activity processing opened up: its own process() writes the authentication error's
 * message into the response body (500 for most bad tokens) and prints the raw error with console.error. The
 * surface calls processActivity itself, so every refusal is a 401 with one sentence and one JSON log line.
 */
class TeamsAdapter extends CloudAdapter {
  /** Authenticates `authHeader` for `activity`, then runs `logic` as the turn. */
  run(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * The Teams surface: botbuilder's CloudAdapter with the standard configuration authentication and the
 * SafeguardingTeamsBot. With no MicrosoftAppId it runs in local development mode, as the Bot Framework
 * Emulator expects, and then only accepts activities whose serviceUrl is on this machine; with one,
 * requests without a Bot Framework token are refused with 401 before anything runs.
 */
export function createTeamsSurface(deps: {
  config: Config;
  assistant: Assistant;
  log: Logger;
  /** The store's table of conversation references, shared by every replica on PostgreSQL. */
  conversations: ConversationTable;
  claims?: DeliveryClaims;
}): TeamsSurface {
  const { config, assistant, log } = deps;
  const appId = config.MicrosoftAppId ?? "";
  const mode: TeamsSurface["mode"] = appId ? "authenticated" : "local-development";

  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? "",
    // Without an app id (the Emulator) nothing is authenticated, but botbuilder still demands an id and a
    // tenant for SingleTenant; the app type only matters once there is an app.
    MicrosoftAppType: appId ? config.MicrosoftAppType : "MultiTenant",
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? "",
  });
  const adapter = new TeamsAdapter(authentication);
  adapter.onTurnError = createTurnErrorHandler(log);

  // Anyone on this machine can claim any aadObjectId to the Emulator endpoint, so admin ids mean nothing there.
  const adminsAllowed = mode === "authenticated" || config.TEAMS_DEV_ADMIN;
  const bot = new SafeguardingTeamsBot({
    assistant,
    config: adminsAllowed ? config : { ...config, TEAMS_ADMIN_IDS: [] },
    conversations: createConversationStore(deps.conversations, log),
    claims: deps.claims ?? inProcessClaims(),
    proactive: {
      continueConversation: (reference, logic) => adapter.continueConversationAsync(appId, reference, logic),
    },
    log,
  });

  if (!keepEntityProperties()) {
    log.warn("teams.entities_stripped", {
      message:
        "Could not patch botbuilder's Entity serialization; answers will lack Teams' AI label and citations.",
    });
  }
  if (mode === "local-development") {
    log.warn("teams.local_development_mode", {
      message:
        "MicrosoftAppId is not set: /api/messages accepts unauthenticated activities from the Bot Framework Emulator on this machine only.",
    });
  }

  const parseJson = express.json({ limit: MAX_ACTIVITY_BYTES });

  return {
    mode,
    async handle(req, res) {
      if (mode === "local-development" && !isLocalRequest(req)) {
        log.warn("teams.refused_remote_client", {});
        refuse(
          res,
          403,
          "This bot runs in local development mode (no MicrosoftAppId), so it only accepts requests from this machine.",
        );
        return;
      }
      const activity = await readActivity(req, res, parseJson);
      if (!activity) return;
      if (mode === "local-development" && !isLoopbackServiceUrl(activity.serviceUrl)) {
        log.warn("teams.refused_remote_service_url", { channelId: stringOrUndefined(activity.channelId) });
        refuse(
          res,
          403,
          "This bot runs in local development mode (no MicrosoftAppId), so it only answers the Bot Framework Emulator on this machine; set MicrosoftAppId and MicrosoftAppPassword to connect it to Teams.",
        );
        return;
      }
      if (mode === "authenticated" && !/^Bearer\s+\S/i.test(req.headers.authorization ?? "")) {
        log.warn("teams.refused_unauthenticated", { channelId: stringOrUndefined(activity.channelId) });
        refuse(res, 401, "Requests to this bot must carry a Bot Framework token.");
        return;
      }
      // The adapter checks the token's signature, issuer and audience before the turn starts; any failure
      // before then is the token's. Failures inside the turn are onTurnError's and do not come back here.
      let turnStarted = false;
      try {
        // readActivity checked it is an object with a type; botbuilder reads the rest as it needs it.
        const turnActivity = activity as unknown as Activity;
        const invoke = await adapter.run(req.headers.authorization ?? "", turnActivity, (context) => {
          turnStarted = true;
          return bot.run(context);
        });
        res.status(invoke?.status ?? 200);
        if (invoke?.body !== undefined) res.json(invoke.body);
        else res.end();
      } catch (error) {
        if (!turnStarted) {
          log.warn("teams.refused_token", { channelId: stringOrUndefined(activity.channelId), error });
          refuse(res, 401, TOKEN_REFUSED);
          return;
        }
        log.error("teams.activity_failed", { code: asCodedError(error).code, error });
        if (!res.headersSent) refuse(res, 500, TURN_FAILED);
      }
    },
    async stop() {
      await bot.idle();
    },
  };
}

type JsonParser = (req: Request, res: Response, next: (error?: unknown) => void) => void;

/** The activity from the request body, parsed here because the server parses no body for this route. */
async function readActivity(
  req: Request,
  res: Response,
  parseJson: JsonParser,
): Promise<Record<string, unknown> | undefined> {
  if (!isObject(req.body)) {
    try {
      await new Promise<void>((resolve, reject) =>
        parseJson(req, res, (error) => (error ? reject(error) : resolve())),
      );
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (status === 413) refuse(res, 413, "That activity is too large.");
      else refuse(res, 400, "The request body is not valid JSON.");
      return undefined;
    }
  }
  if (!isObject(req.body) || typeof req.body.type !== "string") {
    refuse(res, 400, "Expected a Bot Framework activity as a JSON object with a type.");
    return undefined;
  }
  return req.body;
}

function refuse(res: Response, status: number, sentence: string): void {
  res.status(status).type("text/plain").send(sentence);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
