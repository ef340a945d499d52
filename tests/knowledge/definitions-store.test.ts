import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DefinitionRecord } from "../../knowledge/definitions.ts";
import { readDefinitions, writeGeneration } from "../../knowledge/index-store.ts";
import type { ChunkRecord, IndexManifest } from "../../knowledge/types.ts";
import { FakeEmbeddings, vectorOf } from "../helpers/fake-embeddings.ts";

const embeddings = new FakeEmbeddings();
const CHUNK: ChunkRecord = {
  id: "a",
  source: "pack.pdf",
  title: "Pack",
  headingPath: [],
  text: "LADO Local Authority Designated Officer",
};
const MANIFEST: IndexManifest = {
  formatVersion: 1,
  embeddingModel: embeddings.modelId,
  dimensions: 16,
  builtAt: "2026-11-24T10:00:00.000Z",
  files: { "pack.pdf": { hash: "h", title: "Pack", chunkIds: ["a"] } },
};
const LADO: DefinitionRecord = {
  term: "LADO",
  expansion: "Local Authority Designated Officer",
  text: "LADO Local Authority Designated Officer",
  kind: "glossary",
  source: "pack.pdf",
  title: "Pack",
  page: 109,
  section: "APPENDIX 8 JARGON BUSTER",
  chunkId: "a",
};

let indexDir: string;
beforeEach(() => {
  indexDir = fs.mkdtempSync(path.join(os.tmpdir(), "definitions-store-test-"));
});
afterEach(() => {
  fs.rmSync(indexDir, { recursive: true, force: true });
});

const write = (definitions?: DefinitionRecord[]) =>
  writeGeneration(indexDir, {
    manifest: MANIFEST,
    chunks: [CHUNK],
    vectors: [vectorOf(CHUNK.text)],
    embeddings,
    ...(definitions ? { definitions } : {}),
  });

describe("definitions in a generation", () => {
  it("reads back the definitions written with the generation", async () => {
    const dir = await write([LADO]);
    expect(readDefinitions(dir)).toEqual([LADO]);
  });

  it("writes an empty list when a build gives none", async () => {
    const dir = await write();
    expect(fs.existsSync(path.join(dir, "definitions.json"))).toBe(true);
    expect(readDefinitions(dir)).toEqual([]);
  });

  it("loads a generation written before definitions were kept as having none", async () => {
    const dir = await write([LADO]);
    fs.rmSync(path.join(dir, "definitions.json"));
    expect(readDefinitions(dir)).toEqual([]);
  });

  it("refuses a definitions file that is not a list", async () => {
    const dir = await write([LADO]);
    fs.writeFileSync(path.join(dir, "definitions.json"), '{"term":"LADO"}');
    expect(() => readDefinitions(dir)).toThrow(/not hold a list/);
    fs.writeFileSync(path.join(dir, "definitions.json"), "[{");
    expect(() => readDefinitions(dir)).toThrow(SyntaxError);
  });
});
