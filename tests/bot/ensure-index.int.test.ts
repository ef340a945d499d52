/**
 * The index build at start-up (`npm start` on an empty INDEX_DIR) takes the store's ingest lock, and a
 * replica that finds another ingest holding it waits and serves what that one built instead of failing
 * to start.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/config.ts";
import { ensureIndex } from "../../bot/create-assistant.ts";
import { reindexLibrary } from "../../bot/reindex.ts";
import { openSqliteStore } from "../../bot/store/sqlite-store.ts";
import { createLogger } from "../../foundation/log.ts";
import { acquireIngestLock } from "../../ingest/ingest-lock.ts";
import { createEmbeddings } from "../../knowledge/embeddings/create-embeddings.ts";
import { builtFromLibrary, currentGeneration } from "../../knowledge/index-store.ts";
import { SAMPLE_LIBRARY, TEST_EMBEDDING_CACHE } from "../helpers/test-paths.ts";

const cleanUps: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
});

function setUp() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-index-"));
  const dataDir = path.join(work, "data");
  fs.mkdirSync(dataDir);
  fs.copyFileSync(TEST_EMBEDDING_CACHE, path.join(dataDir, "embeddings-cache.sqlite"));
  const config = loadConfig({
    EMBEDDINGS: "local",
    EMBED_WORKERS: "0",
    LIBRARY_DIR: SAMPLE_LIBRARY,
    INDEX_DIR: path.join(work, "index"),
    DATA_DIR: dataDir,
  });
  const lines: string[] = [];
  const log = createLogger("debug", (line) => lines.push(line));
  const store = openSqliteStore(
    { file: path.join(dataDir, "audit.sqlite"), userKey: "ensure-index-test-key-0123" },
    log,
  );
  cleanUps.push(async () => {
    await store.close();
    fs.rmSync(work, { recursive: true, force: true });
  });
  return { config, log, lines, store };
}

describe("ensureIndex", () => {
  it("rebuilds a generation in an older format, which this version cannot serve, from the embedding cache", async () => {
    const { config, log, lines, store } = setUp();
    await ensureIndex(config, log, store);
    const old = currentGeneration(config.INDEX_DIR) as string;
    // As a generation written before passages were read from disk: no passages.idx.
    fs.rmSync(path.join(old, "passages.idx"));
    await ensureIndex(config, log, store);
    const rebuilt = currentGeneration(config.INDEX_DIR) as string;
    expect(rebuilt).not.toBe(old);
    expect(fs.existsSync(path.join(rebuilt, "passages.idx"))).toBe(true);
    expect(lines.some((l) => l.includes("index.old_format"))).toBe(true);
  });

  it("waits while another ingest holds the lock, then builds the index itself", async () => {
    const { config, log, lines, store } = setUp();
    const release = acquireIngestLock(config.INDEX_DIR);
    const building = ensureIndex(config, log, store, { pollMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(currentGeneration(config.INDEX_DIR)).toBeUndefined();
    expect(lines.some((l) => l.includes("index.waiting_for_other_ingest"))).toBe(true);
    release();
    await building;
    expect(currentGeneration(config.INDEX_DIR)).toBeDefined();
    expect(builtFromLibrary(config.INDEX_DIR)).toBe(config.LIBRARY_DIR);
    expect(lines.some((l) => l.includes('"index.built"'))).toBe(true);
  }, 120_000);

  it("serves the index another ingest built meanwhile without building again", async () => {
    const { config, log, lines, store } = setUp();
    const release = acquireIngestLock(config.INDEX_DIR);
    const building = ensureIndex(config, log, store, { pollMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The other ingest: it already holds the lock, so it runs under a lock that lets it through.
    await reindexLibrary({
      config,
      embeddings: createEmbeddings(config),
      store: { ingestLock: async () => async () => undefined, announceGeneration: async () => undefined },
    });
    const built = currentGeneration(config.INDEX_DIR);
    release();
    await building;
    expect(currentGeneration(config.INDEX_DIR)).toBe(built);
    expect(lines.some((l) => l.includes("index.built_by_other_ingest"))).toBe(true);
    expect(lines.some((l) => l.includes('"index.built"'))).toBe(false);
  }, 120_000);
});
