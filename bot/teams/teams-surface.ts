import path from "node:path";
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import express, { type Request, type Response } from "express";
import type { Logger } from "../../foundation/log.ts";
import type { Config } from "../config.ts";
import type { Assistant } from "../core/types.ts";
import { createFileConversationStore } from "./conversation-store.ts";
import { keepEntityProperties } from "./entity-serialization.ts";
import { isLoopbackServiceUrl } from "./loopback.ts";
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

/** The file in DATA_DIR where hand-off channel conversation references are kept. */
export const TEAMS_CONVERSATIONS_FILE = "teams-conversations.json";

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
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = createTurnErrorHandler(log);

  const bot = new SafeguardingTeamsBot({
    assistant,
    config,
    conversations: createFileConversationStore(path.join(config.DATA_DIR, TEAMS_CONVERSATIONS_FILE), log),
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
      // The adapter checks the token's signature, issuer and audience, and answers 401 when they are wrong.
      await adapter.process(req, res, (context) => bot.run(context));
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
