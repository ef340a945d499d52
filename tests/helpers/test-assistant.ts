import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Config, loadConfig } from "../../bot/config.ts";
import { createAssistant, type RunningAssistant } from "../../bot/create-assistant.ts";
import { createLogger, type LogSink } from "../../foundation/log.ts";
import {
  SAMPLE_INDEX,
  SAMPLE_LIBRARY,
  SHARED_CORPUS,
  SHARED_CORPUS_INDEX,
  TEST_EMBEDDING_CACHE,
} from "./test-paths.ts";

export interface TestAssistantOptions {
  /** "sample": the shipped sample library (a private copy of library and index, so tests may re-ingest);
   *  "shared-corpus": ../shared/corpus with the index built by global-setup (read-only: never reindex it). */
  library?: "sample" | "shared-corpus";
  /** Where the audit store goes; a fresh temporary folder by default. */
  dataDir?: string;
  /** Extra environment, e.g. OPENAI_BASE_URL for a local model server. */
  env?: Record<string, string>;
  /** Receives every log line, for tests that check what is logged. */
  logSink?: LogSink;
}

/** A real assistant (real index, embeddings, safety rules and audit store) for integration tests. */
export async function createTestAssistant(
  options: TestAssistantOptions = {},
): Promise<{ assistant: RunningAssistant; config: Config }> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "assistant-data-"));
  let libraryDir = SHARED_CORPUS;
  let indexDir = SHARED_CORPUS_INDEX;
  if ((options.library ?? "sample") === "sample") {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "assistant-sample-"));
    libraryDir = path.join(work, "library");
    indexDir = path.join(work, "index");
    fs.cpSync(SAMPLE_LIBRARY, libraryDir, { recursive: true });
    fs.cpSync(SAMPLE_INDEX, indexDir, { recursive: true });
  }
  // The embedding cache is shared with global-setup so a re-ingest in a test embeds only what is new.
  fs.mkdirSync(dataDir, { recursive: true });
  fs.copyFileSync(TEST_EMBEDDING_CACHE, path.join(dataDir, "embeddings-cache.sqlite"));
  const config = loadConfig({
    ...process.env,
    EMBEDDINGS: "local",
    OPENAI_API_KEY: "",
    LIBRARY_DIR: libraryDir,
    INDEX_DIR: indexDir,
    DATA_DIR: dataDir,
    ...options.env,
  });
  const log = options.logSink ? createLogger("debug", options.logSink) : createLogger("silent");
  return { assistant: await createAssistant(config, log), config };
}
