import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  LIBRARY_VOCABULARY_FILE,
  libraryVocabularyFiles,
  prepareRedactionKeep,
  redactionKeepFor,
} from "../../../../bot/core/safety/library-vocabulary.ts";
import { buildRedactionKeep } from "../../../../bot/core/safety/personal-names.ts";
import { redact } from "../../../../bot/core/safety/redact.ts";
import { switchTo, writeGeneration } from "../../../../knowledge/index-store.ts";
import { KnowledgeIndex } from "../../../../knowledge/knowledge-index.ts";
import type { ChunkRecord, IndexManifest } from "../../../../knowledge/types.ts";
import { FakeEmbeddings } from "../../../helpers/fake-embeddings.ts";

const embeddings = new FakeEmbeddings();
const CHUNKS: ChunkRecord[] = [
  {
    id: "a",
    source: "sandwell-partnership.md",
    title: "Sandwell Children's Safeguarding Partnership",
    headingPath: ["Brierley Hill Health Centre"],
    text: "Referrals go to the Sandwell MASH. The Lullaby Trust advises on safer sleep. Dr Jas Rathore chairs the panel.",
  },
  {
    id: "b",
    source: "dudley.md",
    title: "Dudley guidance",
    headingPath: [],
    text: "In Dudley the Lullaby Trust leaflets are given at birth. Sandwell and Dudley share the panel.",
  },
];
const GLOSSARY = ["LADO", "Care of Next Infant"];

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

async function indexWith(derived?: Record<string, string>): Promise<KnowledgeIndex> {
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), "library-vocabulary-test-"));
  folders.push(indexDir);
  const manifest: IndexManifest = {
    formatVersion: 1,
    embeddingModel: embeddings.modelId,
    dimensions: 16,
    builtAt: "2026-12-02T05:00:00.000Z",
    files: Object.fromEntries(
      CHUNKS.map((c) => [c.source, { hash: c.id, title: c.title, chunkIds: [c.id] }]),
    ),
  };
  const vectors = await embeddings.embedDocuments(CHUNKS.map((c) => c.text));
  const dir = await writeGeneration(indexDir, {
    manifest,
    chunks: CHUNKS,
    vectors,
    embeddings,
    ...(derived ? { derived } : {}),
  });
  switchTo(indexDir, dir);
  return KnowledgeIndex.load(indexDir, embeddings, { search: false });
}

describe("the library's redaction vocabulary", () => {
  it("is the same stored with the generation as learnt from its passages", async () => {
    const expected = buildRedactionKeep(CHUNKS, GLOSSARY);
    const stored = await indexWith(libraryVocabularyFiles(CHUNKS));
    expect(fs.existsSync(path.join(stored.generationDir, LIBRARY_VOCABULARY_FILE))).toBe(true);
    expect(redactionKeepFor(stored, GLOSSARY)).toEqual(expected);
    const learnt = await indexWith();
    await prepareRedactionKeep(learnt, GLOSSARY);
    expect(redactionKeepFor(learnt, GLOSSARY)).toEqual(expected);
    // Learnt on the first question when nothing prepared it, in one go.
    expect(redactionKeepFor(await indexWith(), GLOSSARY)).toEqual(expected);
    const question = "Dr Jas Rathore said to ask the Lullaby Trust in Sandwell about Amira Khan";
    expect(redact(question, { keep: redactionKeepFor(stored, GLOSSARY) }).text).toBe(
      redact(question, { keep: expected }).text,
    );
  });

  it("refuses a damaged stored vocabulary with index_corrupt", async () => {
    const index = await indexWith({ [LIBRARY_VOCABULARY_FILE]: '{"version":1,"phrases":"no"}' });
    expect(() => redactionKeepFor(index, GLOSSARY)).toThrow(
      expect.objectContaining({ code: "index_corrupt" }),
    );
  });
});
