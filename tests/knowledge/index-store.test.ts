import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  currentGeneration,
  pruneGenerations,
  readChunks,
  readKeywordIndex,
  readManifest,
  readVectors,
  switchTo,
  writeGeneration,
} from "../../knowledge/index-store.ts";
import type { ChunkRecord, IndexManifest } from "../../knowledge/types.ts";
import { FakeEmbeddings, vectorOf } from "../helpers/fake-embeddings.ts";

const embeddings = new FakeEmbeddings();

const CHUNKS: ChunkRecord[] = [
  {
    id: "a",
    source: "sleep.md",
    title: "Safer sleep",
    headingPath: ["Cots"],
    text: "Keep the cot clear.",
    date: "2024",
  },
  {
    id: "b",
    source: "sleep.md",
    title: "Safer sleep",
    headingPath: ["Sofas"],
    text: "Never sleep on a sofa with a baby.",
  },
  {
    id: "c",
    source: "report.pdf",
    title: "Report",
    headingPath: [],
    pages: [3, 4],
    text: "Neglect is persistent.",
  },
];

const manifestFor = (chunks: ChunkRecord[]): IndexManifest => ({
  formatVersion: 1,
  embeddingModel: embeddings.modelId,
  dimensions: 16,
  builtAt: "2026-11-24T10:00:00.000Z",
  files: {
    "sleep.md": {
      hash: "h1",
      title: "Safer sleep",
      chunkIds: chunks.filter((c) => c.source === "sleep.md").map((c) => c.id),
    },
    "report.pdf": {
      hash: "h2",
      title: "Report",
      pages: 4,
      chunkIds: chunks.filter((c) => c.source === "report.pdf").map((c) => c.id),
    },
  },
});

const write = (chunks: ChunkRecord[] = CHUNKS) =>
  writeGeneration(indexDir, {
    manifest: manifestFor(chunks),
    chunks,
    vectors: chunks.map((c) => vectorOf(c.text)),
    embeddings,
  });

const generations = () =>
  fs
    .readdirSync(indexDir)
    .filter((name) => name.startsWith("gen-"))
    .sort();

let indexDir: string;

beforeEach(() => {
  indexDir = fs.mkdtempSync(path.join(os.tmpdir(), "index-store-test-"));
});

afterEach(() => {
  fs.rmSync(indexDir, { recursive: true, force: true });
});

describe("index store", () => {
  it("has no current generation before anything is built", () => {
    expect(currentGeneration(indexDir)).toBeUndefined();
    expect(currentGeneration(path.join(indexDir, "missing"))).toBeUndefined();
  });

  it("writes a complete generation that is not in service until switched to", async () => {
    const dir = await write();
    expect(path.dirname(dir)).toBe(indexDir);
    expect(path.basename(dir)).toMatch(/^gen-\d{8}T\d{6}\.\d{3}-[0-9a-f]{6}$/);
    for (const file of [
      "manifest.json",
      "chunks.jsonl",
      "keywords.bin",
      "hnswlib.index",
      "docstore.json",
      "args.json",
    ]) {
      expect(fs.existsSync(path.join(dir, file)), file).toBe(true);
    }
    expect(currentGeneration(indexDir)).toBeUndefined();

    switchTo(indexDir, dir);
    expect(currentGeneration(indexDir)).toBe(dir);
    expect(fs.readFileSync(path.join(indexDir, "CURRENT"), "utf8")).toBe(path.basename(dir));
    expect(fs.readdirSync(indexDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("reads back what it wrote", async () => {
    const dir = await write();
    expect(readChunks(dir)).toEqual(CHUNKS);
    expect(readManifest(dir)).toEqual(manifestFor(CHUNKS));
    expect(
      readKeywordIndex(dir)
        .query(["sofa"], [], 5, 0.6)
        .map((h) => h.id),
    ).toEqual([1]);
    const vectors = await readVectors(dir);
    const { neighbors, distances } = vectors.searchKnn(vectorOf("Neglect is persistent."), 1);
    expect(neighbors).toEqual([2]);
    expect(distances[0]).toBeCloseTo(0, 5);
  });

  it("writes a generation with no passages", async () => {
    const dir = await write([]);
    expect(readChunks(dir)).toEqual([]);
    expect(readKeywordIndex(dir).documents).toBe(0);
  });

  it("keeps the current generation and the newest previous one when switching", async () => {
    const first = await write();
    switchTo(indexDir, first);
    const second = await write();
    switchTo(indexDir, second);
    expect(generations()).toEqual([first, second].map((d) => path.basename(d)).sort());

    const third = await write();
    switchTo(indexDir, third);
    expect(generations()).toHaveLength(2);
    expect(generations()).toContain(path.basename(third));
    expect(currentGeneration(indexDir)).toBe(third);
  });

  it("keeps the newest previous generation, by build time", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const built: string[] = [];
      for (const second of ["01", "02", "03"]) {
        vi.setSystemTime(new Date(`2026-11-24T10:00:${second}Z`));
        const dir = await write();
        switchTo(indexDir, dir);
        built.push(path.basename(dir));
      }
      expect(generations()).toEqual(built.slice(1));
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps the newest previous generation when builds fall within one second", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const built: string[] = [];
      for (const millis of ["001", "250", "500", "750", "999"]) {
        vi.setSystemTime(new Date(`2026-11-24T10:00:01.${millis}Z`));
        const dir = await write();
        switchTo(indexDir, dir);
        built.push(path.basename(dir));
      }
      expect(generations()).toEqual(built.slice(-2));
    } finally {
      vi.useRealTimers();
    }
  });

  it("never serves an incomplete generation and prunes it", async () => {
    const done = await write();
    switchTo(indexDir, done);
    // A build killed before its manifest was written, named as if it were newer.
    const crashed = path.join(indexDir, "gen-99991231T235959-ffffff");
    fs.mkdirSync(crashed);
    fs.writeFileSync(path.join(crashed, "chunks.jsonl"), "");
    expect(currentGeneration(indexDir)).toBe(done);

    fs.writeFileSync(path.join(indexDir, "CURRENT"), path.basename(crashed));
    expect(currentGeneration(indexDir)).toBeUndefined();

    const next = await write();
    switchTo(indexDir, next);
    expect(fs.existsSync(crashed)).toBe(false);
    expect(generations()).toEqual([done, next].map((d) => path.basename(d)).sort());
  });

  it("prunes only generation folders", async () => {
    fs.mkdirSync(path.join(indexDir, "notes"));
    fs.writeFileSync(path.join(indexDir, ".ingest.lock"), "1");
    const dir = await write();
    pruneGenerations(indexDir, path.basename(dir));
    expect(fs.existsSync(path.join(indexDir, "notes"))).toBe(true);
    expect(fs.existsSync(path.join(indexDir, ".ingest.lock"))).toBe(true);
    expect(fs.existsSync(dir)).toBe(true);
  });

  it("has no current generation when CURRENT is missing or names a missing folder", async () => {
    const dir = await write();
    switchTo(indexDir, dir);
    fs.writeFileSync(path.join(indexDir, "CURRENT"), "gen-20000101T000000-000000\n");
    expect(currentGeneration(indexDir)).toBeUndefined();
    fs.writeFileSync(path.join(indexDir, "CURRENT"), `${path.basename(dir)}\n`);
    expect(currentGeneration(indexDir)).toBe(dir);
    fs.rmSync(path.join(indexDir, "CURRENT"));
    expect(currentGeneration(indexDir)).toBeUndefined();
  });
});
