import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../bot/config.ts";
import type { IngestReport } from "../../../bot/core/types.ts";
import { LOCAL_EMBEDDING_BATCH } from "../../../knowledge/embeddings/embedding-pool-settings.ts";
import { LocalEmbeddings } from "../../../knowledge/embeddings/local-embeddings.ts";
import { currentGeneration, readManifest } from "../../../knowledge/index-store.ts";
import { KnowledgeIndex } from "../../../knowledge/knowledge-index.ts";
import { SAMPLE_LIBRARY, TEST_EMBEDDING_CACHE } from "../../helpers/test-paths.ts";

const REPORT_KEYS = [
  "added",
  "updated",
  "unchanged",
  "removed",
  "failed",
  "skipped",
  "chunks",
  "embedded",
  "seconds",
  "indexBuilt",
].sort();

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-cli-test-"));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh work folder: a copy of the sample library, an index folder, and a data folder holding a copy of
 * the test embedding cache (so the sample library needs no embedding). */
function workspace(name: string): { libraryDir: string; indexDir: string; dataDir: string } {
  const dir = path.join(root, name);
  const libraryDir = path.join(dir, "library");
  const indexDir = path.join(dir, "index");
  const dataDir = path.join(dir, "data");
  fs.cpSync(SAMPLE_LIBRARY, libraryDir, { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true });
  fs.copyFileSync(TEST_EMBEDDING_CACHE, path.join(dataDir, "embeddings-cache.sqlite"));
  return { libraryDir, indexDir, dataDir };
}

/** Starts the real ingest CLI as a child process. */
function startCli(args: string[], dataDir: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "bot/cli/ingest.ts", ...args], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      EMBEDDINGS: "local",
      OPENAI_API_KEY: "",
      LOG_LEVEL: "error",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const runCli = (args: string[], dataDir: string, env: Record<string, string> = {}) =>
  finished(startCli(args, dataDir, env));

function reportOf(result: CliResult): IngestReport {
  const lines = result.stdout.trim().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  return JSON.parse(lines[0] ?? "") as IngestReport;
}

describe("ingest CLI", () => {
  it("prints a JSON report and exits 2 under --strict only when a file failed", async () => {
    const { libraryDir, indexDir, dataDir } = workspace("report");
    fs.writeFileSync(path.join(libraryDir, "empty-leaflet.txt"), "");
    fs.writeFileSync(path.join(libraryDir, "contacts.xlsx"), "not read");
    const args = ["--source", libraryDir, "--index", indexDir, "--json"];

    const first = await runCli(args, dataDir);
    expect(first.code, first.stderr).toBe(0);
    const report = reportOf(first);
    expect(Object.keys(report).sort()).toEqual(REPORT_KEYS);
    for (const key of ["added", "updated", "unchanged", "removed", "skipped"] as const) {
      expect(Array.isArray(report[key])).toBe(true);
    }
    expect(report.added.length).toBeGreaterThan(0);
    expect(report.failed).toEqual([{ file: "empty-leaflet.txt", reason: "is empty" }]);
    expect(report.skipped).toEqual([
      { file: "contacts.xlsx", reason: expect.stringMatching(/^is not in a supported format/) },
    ]);
    expect(report.indexBuilt).toBe(true);
    expect(report.embedded).toBe(0);
    expect(typeof report.seconds).toBe("number");
    expect(report.chunks).toBeGreaterThan(0);
    expect(currentGeneration(indexDir)).toBeDefined();

    const strict = await runCli([...args, "--strict"], dataDir);
    expect(strict.code).toBe(2);
    expect(reportOf(strict).failed).toHaveLength(1);

    fs.rmSync(path.join(libraryDir, "empty-leaflet.txt"));
    const clean = await runCli([...args, "--strict"], dataDir);
    expect(clean.code, clean.stderr).toBe(0);
    expect(reportOf(clean)).toMatchObject({ failed: [], added: [], embedded: 0 });
  });

  it("reports a file over INGEST_MAX_FILE_MB as failed, with the reason, and ingests the rest", async () => {
    const { libraryDir, indexDir, dataDir } = workspace("oversized");
    const sampleFiles = fs.readdirSync(libraryDir).filter((name) => name.endsWith(".md"));
    // 300 KB against a 0.1 MB limit; the sample documents are a few kilobytes each.
    fs.writeFileSync(path.join(libraryDir, "data-dump.txt"), `Dump\n\n${"figures ".repeat(38_400)}`);
    const result = await runCli(["--source", libraryDir, "--index", indexDir, "--json"], dataDir, {
      INGEST_MAX_FILE_MB: "0.1",
    });
    expect(result.code, result.stderr).toBe(0);
    const report = reportOf(result);
    expect(report.failed).toEqual([
      { file: "data-dump.txt", reason: "is 300 KB, over the 102 KB limit (INGEST_MAX_FILE_MB)" },
    ]);
    expect(report.added.sort()).toEqual(sampleFiles.sort());
    expect(report.indexBuilt).toBe(true);
  });

  it("exits 1 with one sentence when the source folder does not exist", async () => {
    const { indexDir, dataDir } = workspace("missing");
    const missing = path.join(root, "no-such-library");
    const result = await runCli(["--source", missing, "--index", indexDir], dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ingest: The library folder ${missing} does not exist.\n`);
  });

  it("exits 1 with one sentence when the library has no readable document", async () => {
    const { indexDir, dataDir } = workspace("unreadable");
    const unreadable = path.join(root, "unreadable-library");
    fs.mkdirSync(unreadable);
    fs.writeFileSync(path.join(unreadable, "empty.md"), "");
    const result = await runCli(["--source", unreadable, "--index", indexDir, "--json"], dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /ingest: None of the library's documents could be read, so no index was built\.\n$/,
    );
    expect(reportOf(result)).toMatchObject({
      failed: [{ file: "empty.md", reason: "is empty" }],
      indexBuilt: false,
    });

    const unsupported = path.join(root, "unsupported-library");
    fs.mkdirSync(unsupported);
    fs.writeFileSync(path.join(unsupported, "contacts.xlsx"), "x");
    const none = await runCli(["--source", unsupported, "--index", indexDir], dataDir);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/ingest: The library .* has no documents in a supported format\.\n$/);
  });

  it("survives being killed mid-embedding: the previous index still serves and the next run completes", async () => {
    const { libraryDir, indexDir, dataDir } = workspace("kill");
    const args = ["--source", libraryDir, "--index", indexDir, "--json"];
    const previous = await runCli(args, dataDir);
    expect(previous.code, previous.stderr).toBe(0);
    const servedBefore = fs.readFileSync(path.join(indexDir, "CURRENT"), "utf8");
    const chunksBefore = reportOf(previous).chunks;

    // Passages the embedding cache has never seen, so this ingest embeds for several seconds. Each section
    // is longer than the chunker's small-section size, so each is a passage of its own.
    const generated = 8;
    const sectionsPerFile = 16;
    const stamp = Date.now();
    for (let f = 0; f < generated; f++) {
      const sections = Array.from(
        { length: sectionsPerFile },
        (_, s) =>
          `## Practice point ${f}.${s}\n\nPractice point ${f}.${s} (${stamp}): when a practitioner sees concern number ${s} in family ${f}, ` +
          `they record what they saw, speak to the designated safeguarding lead the same day and agree who tells the family. ` +
          `They check the chronology for earlier concerns of the same kind and note what was decided and by whom.`,
      );
      fs.writeFileSync(
        path.join(libraryDir, `practice-points-${f}.md`),
        `# Practice points ${f}\n\n${sections.join("\n\n")}\n`,
      );
    }
    const newPassages = generated * sectionsPerFile;

    const child = startCli(args, dataDir);
    const exited = finished(child);
    await new Promise<void>((resolve, reject) => {
      let seen = "";
      child.stderr?.on("data", (d: Buffer) => {
        seen += d.toString();
        // Kill once at least one batch is embedded (and cached), part-way through the rest.
        if (/Embedding passages: [1-9]\d*\//.test(seen)) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("close", () => reject(new Error(`the ingest ended before it was killed:\n${seen}`)));
    });
    const killed = await exited;
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.stderr).toMatch(new RegExp(`Embedding passages: 0/${newPassages}\\n`));

    expect(fs.readFileSync(path.join(indexDir, "CURRENT"), "utf8")).toBe(servedBefore);
    const index = await KnowledgeIndex.load(indexDir, new LocalEmbeddings());
    expect(path.basename(index.generationDir)).toBe(servedBefore);
    expect(index.size).toBe(chunksBefore);
    // The killed process's lock is left behind, naming a process that no longer exists.
    expect(fs.existsSync(path.join(indexDir, ".ingest.lock"))).toBe(true);

    const next = await runCli(args, dataDir);
    expect(next.code, next.stderr).toBe(0);
    const report = reportOf(next);
    expect(report.added).toHaveLength(generated);
    expect(report.indexBuilt).toBe(true);
    expect(report.chunks).toBe(chunksBefore + newPassages);
    // The batches embedded before the kill came from the cache: at least one, of 16 passages with the
    // embedding workers the CLI starts by default (32 in one thread).
    expect(report.embedded).toBeLessThanOrEqual(newPassages - LOCAL_EMBEDDING_BATCH);
    expect(report.embedded).toBeGreaterThan(0);
    const after = currentGeneration(indexDir);
    expect(after && path.basename(after)).not.toBe(servedBefore);
    expect(Object.keys(readManifest(after ?? "").files)).toHaveLength(
      report.added.length + report.unchanged.length,
    );
    expect((await KnowledgeIndex.load(indexDir, new LocalEmbeddings())).size).toBe(
      chunksBefore + newPassages,
    );
    expect(fs.existsSync(path.join(indexDir, ".ingest.lock"))).toBe(false);
  }, 180_000);
});
