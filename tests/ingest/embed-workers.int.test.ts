import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestLibrary } from "../../ingest/pipeline.ts";
import type { IngestReport } from "../../ingest/types.ts";
import { LocalEmbeddings } from "../../knowledge/embeddings/local-embeddings.ts";
import { currentGeneration, readChunks, readVectors } from "../../knowledge/index-store.ts";
import type { ChunkRecord } from "../../knowledge/types.ts";

const TOPICS = ["home visits", "school liaison", "health checks", "case notes", "supervision", "transfers"];
const ACTIONS = ["record", "review", "share", "agree", "check", "confirm", "plan"];

/**
 * A library of synthetic Markdown with one passage per section (each section's text is 300-900 characters,
 * as the chunker keeps): enough passages for several batches, so two workers each embed some.
 */
function writeLibrary(dir: string, sections: number): void {
  const body = Array.from({ length: sections }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length];
    const sentences = ACTIONS.map(
      (action, j) =>
        `Step ${j + 1} of section ${i + 1}: ${action} the ${topic} arrangements with the team and note the date.`,
    );
    return `## Section ${i + 1} on ${topic}\n\n${sentences.join(" ")}`;
  });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "practice-handbook.md"), `# Practice handbook\n\n${body.join("\n\n")}`);
}

/** The passages and, in the same order, the vectors of the index in service. */
async function indexContents(indexDir: string): Promise<{ chunks: ChunkRecord[]; vectors: number[][] }> {
  const dir = currentGeneration(indexDir);
  if (!dir) throw new Error(`no index at ${indexDir}`);
  const chunks = readChunks(dir);
  const vectors = await readVectors(dir);
  return { chunks, vectors: chunks.map((_, i) => vectors.getPoint(i)) };
}

describe("embedding in worker threads", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "embed-workers-"));
  const libraryDir = path.join(work, "library");
  const build = (name: string, embedWorkers: number) =>
    ingestLibrary({
      libraryDir,
      indexDir: path.join(work, name, "index"),
      // A cache of its own: every passage is embedded, none is taken from the other build.
      cacheFile: path.join(work, name, "embeddings-cache.sqlite"),
      embeddings: new LocalEmbeddings(),
      embedWorkers,
    });
  let inThread: IngestReport;
  let pooled: IngestReport;

  beforeAll(async () => {
    writeLibrary(libraryDir, 40);
    inThread = await build("in-thread", 1);
    pooled = await build("pooled", 2);
  }, 300_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("embeds every passage, in two workers or in the ingest's thread as asked", () => {
    expect(inThread.chunks).toBeGreaterThanOrEqual(40);
    expect(inThread.embedded).toBe(inThread.chunks);
    expect(inThread.embedWorkers).toBeUndefined();
    expect(pooled.embedded).toBe(pooled.chunks);
    expect(pooled.embedWorkers).toBe(2);
  });

  it("gives the same passages and the same vectors, in the same order, as embedding in the ingest's thread", async () => {
    const a = await indexContents(path.join(work, "in-thread", "index"));
    const b = await indexContents(path.join(work, "pooled", "index"));
    expect(b.chunks.map((c) => c.id)).toEqual(a.chunks.map((c) => c.id));
    expect(a.vectors[0]).toHaveLength(512);
    expect(b.vectors).toEqual(a.vectors);
    // Not all one vector: the comparison above would pass for an index of identical vectors too.
    expect(new Set(a.vectors.map((v) => v.join(","))).size).toBe(a.vectors.length);
  });
});
