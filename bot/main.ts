/**
 * The composition root behind `npm start`: configuration, index, assistant, the Teams and Slack surfaces, and
 * the one HTTP server that serves them and the web page. Everything else is built from what is made here.
 */

import { CodedError } from "../foundation/errors.ts";
import { createLogger, type Logger } from "../foundation/log.ts";
import { type Config, ConfigError, llmEnabled, loadConfig } from "./config.ts";
import { createAssistant, ensureIndex } from "./create-assistant.ts";
import { createHttpApp, startHttpServer } from "./server.ts";
import { createSlackSurface } from "./slack/slack-surface.ts";
import { createTeamsSurface } from "./teams/teams-surface.ts";

/** How long answers in flight may take to finish once a shutdown signal arrives. */
const SHUTDOWN_GRACE_MS = 10_000;
/** After this the process exits whatever is still hanging. */
const SHUTDOWN_DEADLINE_MS = 30_000;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(config: Config, log: Logger): Promise<void> {
  await ensureIndex(config, log);
  const assistant = await createAssistant(config, log);
  for (const warning of assistant.startupWarnings) log.warn("startup.warning", { warning });

  const teams = createTeamsSurface({ config, assistant, log });
  const slack = createSlackSurface({ config, assistant, log });
  const app = createHttpApp({ config, assistant, log, teams, ...(slack ? { slack } : {}) });
  const running = await startHttpServer(app, { port: config.PORT, host: config.HOST });
  // Socket Mode connects here; in HTTP mode start() checks the bot token so a bad one stops start-up.
  if (slack) await slack.start();

  const health = assistant.health();
  log.info("server.started", {
    url: running.url,
    web: "on",
    teams: teams.mode,
    slack: slack ? slack.mode : "off",
    languageModel: llmEnabled(config) ? "on" : "off",
    documents: health.documents,
    chunks: health.chunks,
  });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info("server.stopping", { signal });
    setTimeout(() => {
      log.error("server.stop_timed_out", { afterMs: SHUTDOWN_DEADLINE_MS });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    let clean = true;
    const step = async (name: string, action: () => Promise<void>) => {
      try {
        await action();
      } catch (error) {
        clean = false;
        log.error("server.stop_step_failed", { step: name, error });
      }
    };
    await step("http", () => running.close(SHUTDOWN_GRACE_MS));
    if (slack) await step("slack", () => slack.stop());
    await step("teams", () => teams.stop());
    await step("assistant", () => assistant.close());
    log.info("server.stopped", { clean });
    process.exit(clean ? 0 : 1);
  };
  process.on("SIGTERM", (signal) => void stop(signal));
  process.on("SIGINT", (signal) => void stop(signal));
}

const config = readConfig();
const log = createLogger(config.LOG_LEVEL);
// A stray rejection in an adapter must not take down the server every practitioner depends on.
process.on("unhandledRejection", (reason) => log.error("process.unhandled_rejection", { error: reason }));
main(config, log).catch((error: unknown) => {
  // Start-up failures are for the admin, so the real reason is printed, not the generic user sentence.
  const reason =
    error instanceof CodedError ? error.userMessage : error instanceof Error ? error.message : String(error);
  log.error("server.start_failed", { error });
  process.stderr.write(`Could not start: ${reason}\n`);
  process.exit(1);
});
