import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ingestLibrary } from "../../ingest/pipeline.ts";
import type { Loader } from "../../ingest/types.ts";
import { currentGeneration, readChunks, readDefinitions } from "../../knowledge/index-store.ts";
import { FakeEmbeddings } from "../helpers/fake-embeddings.ts";

/** File names the loaders were asked to parse, to prove that unchanged files are not read again. */
const parsed = vi.hoisted(() => [] as string[]);

vi.mock("../../ingest/loaders/index.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../ingest/loaders/index.ts")>();
  return {
    ...original,
    loaderFor: (fileName: string): Loader | undefined => {
      const loader = original.loaderFor(fileName);
      if (!loader) return undefined;
      return (bytes, name) => {
        parsed.push(name);
        return loader(bytes, name);
      };
    },
  };
});

const GUIDE = [
  "# Allegations guide",
  "## Allegations against staff",
  "Tell the Local Authority Designated Officer (LADO) within one working day of any allegation against a " +
    "person who works with children. Do not investigate yourself, and do not tell the person concerned " +
    "before the LADO has advised you how to proceed with the allegation and who will speak to them.",
  "## Jargon buster",
  "- MASH – Multi-Agency Safeguarding Hub – the front door for referrals about a child",
  "- IRO – Independent Reviewing Officer",
].join("\n\n");

const SLEEP =
  "Safer sleep\n\nSudden Infant Death Syndrome (SIDS) is rarer when a baby sleeps on their back in a clear " +
  "cot in the parents' room for the first six months, day and night, with the feet at the foot of the cot.";

let root: string;
let libraryDir: string;
let indexDir: string;

const put = (source: string, content: string) => {
  const file = path.join(libraryDir, source);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
};
const ingest = () =>
  ingestLibrary({
    libraryDir,
    indexDir,
    cacheFile: path.join(root, "cache.sqlite"),
    embeddings: new FakeEmbeddings(),
  });
const served = () => {
  const dir = currentGeneration(indexDir);
  if (!dir) throw new Error("no generation in service");
  return { definitions: readDefinitions(dir), chunks: readChunks(dir) };
};
const terms = () =>
  served()
    .definitions.map((d) => `${d.source}: ${d.term}`)
    .sort();

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-definitions-test-"));
  libraryDir = path.join(root, "library");
  indexDir = path.join(root, "index");
  put("north/allegations.md", GUIDE);
  put("sleep.txt", SLEEP);
  parsed.length = 0;
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("ingest keeps the documents' definitions", () => {
  it("writes each document's definitions with its page, section, area and passage", async () => {
    await ingest();
    const { definitions, chunks } = served();
    expect(terms()).toEqual([
      "north/allegations.md: IRO",
      "north/allegations.md: LADO",
      "north/allegations.md: MASH",
      "sleep.txt: SIDS",
    ]);
    const mash = definitions.find((d) => d.term === "MASH");
    expect(mash).toMatchObject({
      expansion: "Multi-Agency Safeguarding Hub",
      explanation: "the front door for referrals about a child",
      text: "MASH – Multi-Agency Safeguarding Hub – the front door for referrals about a child",
      kind: "glossary",
      source: "north/allegations.md",
      title: "Allegations guide",
      area: "north",
      section: "Allegations guide > Jargon buster",
    });
    const passage = chunks.find((c) => c.id === mash?.chunkId);
    expect(passage?.text).toContain(mash?.text);
    const lado = definitions.find((d) => d.term === "LADO");
    expect(lado).toMatchObject({ kind: "first-use", text: "Local Authority Designated Officer (LADO)" });
    expect(chunks.find((c) => c.id === lado?.chunkId)?.text).toContain(
      "Local Authority Designated Officer (LADO)",
    );
  });

  it("keeps an unchanged file's definitions when another file changes, without reading it again", async () => {
    await ingest();
    const before = served().definitions.filter((d) => d.source === "north/allegations.md");
    parsed.length = 0;
    put(
      "sleep.txt",
      SLEEP.replace("Sudden Infant Death Syndrome (SIDS)", "Sudden Unexpected Death in Infancy (SUDI)"),
    );

    const report = await ingest();
    expect(report.unchanged).toEqual(["north/allegations.md"]);
    expect(parsed).toEqual(["sleep.txt"]);
    expect(served().definitions.filter((d) => d.source === "north/allegations.md")).toEqual(before);
    expect(terms()).toEqual([
      "north/allegations.md: IRO",
      "north/allegations.md: LADO",
      "north/allegations.md: MASH",
      "sleep.txt: SUDI",
    ]);
  });

  it("drops a deleted file's definitions and keeps a failing file's previous ones", async () => {
    await ingest();
    fs.rmSync(path.join(libraryDir, "sleep.txt"));
    put("north/allegations.md", "");
    const report = await ingest();
    expect(report.removed).toEqual(["sleep.txt"]);
    expect(report.failed.map((f) => f.file)).toEqual(["north/allegations.md"]);
    expect(terms()).toEqual([
      "north/allegations.md: IRO",
      "north/allegations.md: LADO",
      "north/allegations.md: MASH",
    ]);
  });

  it("gives a superseded document no definitions", async () => {
    put("catalog.yaml", "documents:\n  - file: sleep.txt\n    superseded: true\n");
    const report = await ingest();
    expect(report.added).toContain("sleep.txt");
    expect(terms()).toEqual([
      "north/allegations.md: IRO",
      "north/allegations.md: LADO",
      "north/allegations.md: MASH",
    ]);
  });
});
