/**
 * The composition root behind `npm start`: configuration, index, assistant, the Teams and Slack surfaces, and
 * the one HTTP server that serves them and the web page. Everything else is built from what is made here.
 */

import { CodedError } from "../foundation/errors.ts";
import { createLogger, type Logger } from "../foundation/log.ts";
import { builtFromLibrary } from "../knowledge/index-store.ts";
import { type Config, ConfigError, llmEnabled, loadConfig } from "./config.ts";
import type { HealthInfo } from "./core/types.ts";
import { createAssistant, ensureIndex } from "./create-assistant.ts";
import { createHttpApp, startHttpServer } from "./server.ts";
import { createSlackSurface } from "./slack/slack-surface.ts";
import { openStore, type StoreHealth } from "./store/store.ts";
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

/** Wildcard and loopback addresses are opened as localhost; a browser cannot open 0.0.0.0 on every system. */
function openUrl(config: Config, port: number): string {
  if (config.WEB_AUTH === "oidc" && config.PUBLIC_URL) return config.PUBLIC_URL;
  const host = config.HOST.replace(/^\[|\]$/g, "");
  const local = ["0.0.0.0", "::", "::1", "localhost"].includes(host) || /^127\./.test(host);
  return `http://${local ? "localhost" : host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** The store as the start-up summary names it; an unreachable database is said plainly, with what happens. */
function describeStore(health: StoreHealth): string {
  if (health.engine === "sqlite") return "SQLite in DATA_DIR";
  if (health.state === "ok") return "PostgreSQL (DATABASE_URL), connected";
  return `PostgreSQL (DATABASE_URL) NOT REACHABLE (${health.lastError ?? "no answer"}); retrying, audit rows are kept until it is back`;
}

const WEB_PAGE_MODES: Record<Config["WEB_AUTH"], string> = {
  off: "web page on, for this computer only (sign-in off)",
  oidc: "web page on, with sign-in",
  open: "web page on, open to everyone without sign-in",
};

/** The few lines an admin needs after `npm start`, on stdout; the JSON log on stderr has the same facts. */
function printStartup(lines: {
  url: string;
  surfaces: string;
  health: HealthInfo;
  library: string;
  store: string;
  notConfigured: string[];
  warnings: string[];
}): void {
  const { health } = lines;
  const built = health.builtAt ? `, built ${health.builtAt.slice(0, 16).replace("T", " ")} UTC` : "";
  const out = [
    `Safeguarding guidance assistant is running: open ${lines.url}`,
    `  Surfaces: ${lines.surfaces}`,
    `  Index: ${health.documents} documents, ${health.chunks} passages${built}, from ${lines.library}`,
    `  Store: ${lines.store}`,
    lines.notConfigured.length > 0 ? `  Not configured: ${lines.notConfigured.join("; ")}` : "",
    ...lines.warnings.map((w) => `  Warning: ${w}`),
  ];
  process.stdout.write(`${out.filter(Boolean).join("\n")}\n`);
}

/**
 * Tests only: a question containing the first text ends the worker answering it, one containing the second
 * ends the vector thread as it embeds the question, to test that the pool survives each. Read only under
 * NODE_ENV=test (set by the test runner), so no production configuration reaches them.
 */
function workerCrashPhrase(): { crashOn?: string; vectorCrashOn?: string } {
  if (process.env.NODE_ENV !== "test") return {};
  const { ANSWER_WORKER_TEST_CRASH: worker, VECTOR_THREAD_TEST_CRASH: vector } = process.env;
  return { ...(worker ? { crashOn: worker } : {}), ...(vector ? { vectorCrashOn: vector } : {}) };
}

async function main(config: Config, log: Logger): Promise<void> {
  // Opened first, so a missing index is built under the store's ingest lock (one replica at a time).
  const store = await openStore(config, log);
  try {
    await ensureIndex(config, log, store);
  } catch (error) {
    await store.close();
    throw error;
  }
  // The server answers in worker threads so its own thread stays free to acknowledge Slack and Teams,
  // serve /healthz and write answers while questions are being worked on.
  const assistant = await createAssistant(
    config,
    log,
    config.ANSWER_WORKERS > 0
      ? {
          store,
          answerWorkers: {
            workers: config.ANSWER_WORKERS,
            queue: config.ANSWER_QUEUE,
            ...workerCrashPhrase(),
          },
        }
      : { store },
  );

  const teams = createTeamsSurface({
    config,
    assistant,
    log,
    conversations: store.conversations,
    claims: store.claims,
  });
  const slack = createSlackSurface({ config, assistant, log, claims: store.claims });
  const app = createHttpApp({
    config,
    assistant,
    log,
    teams,
    ...(slack ? { slack } : {}),
    storeHealth: () => store.health(),
  });
  const running = await startHttpServer(app, { port: config.PORT, host: config.HOST });
  // Socket Mode connects here; in HTTP mode start() checks the bot token so a bad one stops start-up.
  if (slack) await slack.start();

  const health = assistant.health();
  const { port } = running.server.address() as { port: number };
  const url = openUrl(config, port);
  const notConfigured = [
    ...(llmEnabled(config) ? [] : ["language model (OPENAI_API_KEY; answers quote the guidance)"]),
    ...(slack ? [] : ["Slack (SLACK_BOT_TOKEN)"]),
    ...(teams.mode === "authenticated" ? [] : ["Teams (MicrosoftAppId; Emulator on this computer only)"]),
    ...(config.WEB_AUTH === "off" ? ["sign-in (WEB_AUTH=oidc)"] : []),
    ...assistant.startupWarnings,
  ];
  const warnings =
    config.WEB_AUTH === "open"
      ? ["WEB_AUTH=open: anyone who reaches this server can use the web page and its API without signing in."]
      : [];
  for (const warning of warnings) log.warn("startup.warning", { warning });
  const surfaces = [
    WEB_PAGE_MODES[config.WEB_AUTH],
    `Teams ${teams.mode === "authenticated" ? "on" : "local development (Emulator)"}`,
    `Slack ${slack ? `on (${slack.mode === "socket" ? "Socket Mode" : "HTTP, /slack/events"})` : "off"}`,
    `language model ${llmEnabled(config) ? "on" : "off"}`,
  ].join(", ");
  log.info("server.started", {
    url: running.url,
    open: url,
    web: "on",
    webAuth: config.WEB_AUTH,
    teams: teams.mode,
    slack: slack ? slack.mode : "off",
    languageModel: llmEnabled(config) ? "on" : "off",
    documents: health.documents,
    chunks: health.chunks,
    builtAt: health.builtAt,
    library: builtFromLibrary(config.INDEX_DIR) ?? config.LIBRARY_DIR,
    store: store.health(),
    notConfigured,
  });
  printStartup({
    url,
    surfaces,
    health,
    library: builtFromLibrary(config.INDEX_DIR) ?? config.LIBRARY_DIR,
    store: describeStore(store.health()),
    notConfigured,
    warnings,
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
