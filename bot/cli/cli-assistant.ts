import path from "node:path";
import { createLogger } from "../../foundation/log.ts";
import type { RetrievalTuning } from "../../knowledge/retrieval/tuning.ts";
import { type Config, loadConfig } from "../config.ts";
import { createAssistant, type RunningAssistant } from "../create-assistant.ts";

/**
 * The assistant for a command-line run: the configured one, with the index folder (and data folder) the
 * command line names. Logs only warnings, so stdout stays the answers.
 */
export async function createCliAssistant(overrides: {
  index?: string;
  dataDir?: string;
  tuning?: RetrievalTuning;
}): Promise<{ assistant: RunningAssistant; config: Config }> {
  const env = { ...process.env };
  if (overrides.index) env.INDEX_DIR = path.resolve(overrides.index);
  if (overrides.dataDir) env.DATA_DIR = path.resolve(overrides.dataDir);
  const config = loadConfig(env);
  const log = createLogger(config.LOG_LEVEL === "silent" ? "silent" : "warn");
  return {
    assistant: await createAssistant(config, log, overrides.tuning ? { tuning: overrides.tuning } : {}),
    config,
  };
}
