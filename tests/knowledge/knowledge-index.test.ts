import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import type { NamedEmbeddings } from "../../knowledge/embeddings/create-embeddings.ts";
import { switchTo, writeGeneration } from "../../knowledge/index-store.ts";
import { KnowledgeIndex } from "../../knowledge/knowledge-index.ts";
import { Glossary } from "../../knowledge/retrieval/glossary.ts";
import { Retriever } from "../../knowledge/retrieval/retriever.ts";
import type { ChunkRecord, IndexManifest } from "../../knowledge/types.ts";
import { FakeEmbeddings, vectorOf } from "../helpers/fake-embeddings.ts";

const embeddings = new FakeEmbeddings();

/** A question that shares no word with the passage its vector is given to: only dense search can find it. */
const PARAPHRASE = "Who answers the telephone overnight?";
/** Keyword evidence ties between the two "sofa" passages; the dense vector of one matches this question. */
const SOFA_QUESTION = "sofa sleeping";
const CONTACTS = "Escalation contacts for a professional disagreement about a referral.";

const chunk = (id: string, text: string, fields: Partial<ChunkRecord> = {}): ChunkRecord => ({
  id,
  source: `${id}.md`,
  title: "Guidance",
  headingPath: [],
  text,
  ...fields,
});

/** Each fixture passage with the vector it is stored with. */
const FIXTURE: { chunk: ChunkRecord; vector: number[] }[] = [
  {
    chunk: chunk("lado", "Allegations against staff go to the LADO within one working day."),
    vector: vectorOf("x1"),
  },
  {
    chunk: chunk("night", "The emergency duty team covers evenings, weekends and bank holidays."),
    vector: vectorOf(PARAPHRASE),
  },
  {
    chunk: chunk("sofa-a", "Never fall asleep on a sofa with a baby: sofa sleeping is dangerous."),
    vector: vectorOf("x2"),
  },
  {
    chunk: chunk("sofa-b", "Never fall asleep on a sofa with a baby: sofa sleeping is dangerous."),
    vector: vectorOf(SOFA_QUESTION),
  },
  { chunk: chunk("dudley", CONTACTS, { area: "dudley" }), vector: vectorOf(CONTACTS) },
  { chunk: chunk("everyone", CONTACTS), vector: vectorOf(CONTACTS) },
  { chunk: chunk("walsall", CONTACTS, { area: "walsall" }), vector: vectorOf(CONTACTS) },
  ...Array.from({ length: 8 }, (_, i) => ({
    chunk: chunk(`filler-${i}`, `Board minutes item ${i}: the terms of reference were agreed by members.`),
    vector: vectorOf(`filler ${i}`),
  })),
];

const manifest = (modelId: string, chunks: ChunkRecord[]): IndexManifest => ({
  formatVersion: 1,
  embeddingModel: modelId,
  dimensions: 16,
  builtAt: "2026-11-24T10:00:00.000Z",
  files: Object.fromEntries(chunks.map((c) => [c.source, { hash: c.id, title: c.title, chunkIds: [c.id] }])),
});

const folders: string[] = [];

/** An index folder with one generation in service built from these passages. */
async function buildIndex(entries = FIXTURE, modelId = embeddings.modelId): Promise<string> {
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), "knowledge-index-test-"));
  folders.push(indexDir);
  const chunks = entries.map((e) => e.chunk);
  const dir = await writeGeneration(indexDir, {
    manifest: manifest(modelId, chunks),
    chunks,
    vectors: entries.map((e) => e.vector),
    embeddings,
  });
  switchTo(indexDir, dir);
  return indexDir;
}

/** The CodedError KnowledgeIndex.load throws for this index folder. */
async function loadError(indexDir: string, using: NamedEmbeddings = embeddings): Promise<CodedError> {
  const error = await KnowledgeIndex.load(indexDir, using).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CodedError);
  return error as CodedError;
}

afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

describe("KnowledgeIndex.load", () => {
  it("loads the generation in service", async () => {
    const indexDir = await buildIndex();
    const index = await KnowledgeIndex.load(indexDir, embeddings);
    expect(index.allPassages().map((c) => c.id)).toEqual(FIXTURE.map((e) => e.chunk.id));
    expect(index.manifest.embeddingModel).toBe("fake/hash-16");
    expect(path.dirname(index.generationDir)).toBe(indexDir);
  });

  it("loads only the catalog without search: manifest and passages, no keyword index or vectors", async () => {
    const indexDir = await buildIndex();
    const catalog = await KnowledgeIndex.load(indexDir, embeddings, { search: false });
    expect(catalog.allPassages().map((c) => c.id)).toEqual(FIXTURE.map((e) => e.chunk.id));
    expect(catalog.manifest.embeddingModel).toBe("fake/hash-16");
    expect(catalog.hasVectors).toBe(false);
    expect(() => catalog.keywords).toThrow(expect.objectContaining({ code: ErrorCode.Internal }));
  });

  it("says how to build an index when there is none", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "knowledge-index-test-"));
    folders.push(empty);
    const error = await loadError(empty);
    expect(error.code).toBe(ErrorCode.IndexMissing);
    expect(error.code).toBe("index_missing");
    expect(error.userMessage).toContain("npm run ingest");
    expect((await loadError(path.join(empty, "never-created"))).code).toBe("index_missing");
  });

  it("refuses an index built with another embedding model and says to re-ingest", async () => {
    const indexDir = await buildIndex(FIXTURE, "openai/text-embedding-3-small");
    const error = await loadError(indexDir);
    expect(error.code).toBe("index_model_mismatch");
    expect(error.userMessage).toContain("openai/text-embedding-3-small");
    expect(error.userMessage).toContain("fake/hash-16");
    expect(error.userMessage).toMatch(/re-ingest/);
    expect(error.userMessage).toContain("npm run ingest");
  });

  it("reports an unreadable index as corrupt", async () => {
    const badManifest = await buildIndex();
    const dir = (await KnowledgeIndex.load(badManifest, embeddings)).generationDir;
    fs.writeFileSync(path.join(dir, "manifest.json"), "{ not json");
    expect((await loadError(badManifest)).code).toBe("index_corrupt");

    const noChunks = await buildIndex();
    fs.rmSync(path.join((await KnowledgeIndex.load(noChunks, embeddings)).generationDir, "chunks.jsonl"));
    const error = await loadError(noChunks);
    expect(error.code).toBe("index_corrupt");
    expect(error.cause).toBeDefined();
    expect(error.userMessage).toContain("npm run ingest");
  });

  it("reports a damaged passage index or chunk store as corrupt, at load or when a passage is read", async () => {
    const truncated = await buildIndex();
    const truncatedDir = (await KnowledgeIndex.load(truncated, embeddings)).generationDir;
    const idx = path.join(truncatedDir, "passages.idx");
    fs.writeFileSync(idx, fs.readFileSync(idx).subarray(0, 20));
    expect((await loadError(truncated)).code).toBe("index_corrupt");

    // One line break of the id list turned into another byte: the lengths still agree, the count does not.
    const joined = await buildIndex();
    const joinedIdx = path.join(
      (await KnowledgeIndex.load(joined, embeddings)).generationDir,
      "passages.idx",
    );
    const idxBytes = fs.readFileSync(joinedIdx);
    idxBytes[idxBytes.lastIndexOf(10)] = "x".charCodeAt(0);
    fs.writeFileSync(joinedIdx, idxBytes);
    expect((await loadError(joined)).userMessage).toContain("damaged id list");

    const shorter = await buildIndex();
    const shorterDir = (await KnowledgeIndex.load(shorter, embeddings)).generationDir;
    fs.appendFileSync(path.join(shorterDir, "chunks.jsonl"), "{}\n");
    const mismatch = await loadError(shorter);
    expect(mismatch.code).toBe("index_corrupt");
    expect(mismatch.userMessage).toContain("npm run ingest");

    // Same length, so the index still matches: the damage shows when a question reads the passage.
    const garbled = await buildIndex();
    const index = await KnowledgeIndex.load(garbled, embeddings);
    const file = path.join(index.generationDir, "chunks.jsonl");
    const bytes = fs.readFileSync(file);
    bytes.fill("x".charCodeAt(0), 0, 10);
    fs.writeFileSync(file, bytes);
    const error = (() => {
      try {
        index.passage(0);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).code).toBe("index_corrupt");
    expect(index.passage(1).id).toBe(FIXTURE[1]?.chunk.id);
  });
});

describe("Retriever over a loaded index", () => {
  let index: KnowledgeIndex;
  const search = (
    question: string,
    options: { limit?: number; area?: string } = {},
    glossary = new Glossary([]),
  ) => new Retriever({ index: { current: index }, glossary }).retrieve(question, options).then((e) => e.hits);

  beforeAll(async () => {
    index = await KnowledgeIndex.load(await buildIndex(), embeddings);
  });

  it("finds a passage by an exact term the dense vectors know nothing of", async () => {
    const [top] = await search("Who is the LADO?");
    expect(top?.chunk.id).toBe("lado");
    expect(top?.keywordRank).toBe(1);
  });

  it("finds a passage by meaning alone when it shares no word with the question", async () => {
    const hits = await search(PARAPHRASE);
    const night = hits.find((h) => h.chunk.id === "night");
    expect(night).toBeDefined();
    expect(night?.denseRank).toBe(1);
    expect(night?.keywordRank).toBeUndefined();
  });

  it("ranks a passage both retrievers found above its twin only one found", async () => {
    const hits = await search(SOFA_QUESTION);
    expect(hits.slice(0, 2).map((h) => h.chunk.id)).toEqual(["sofa-b", "sofa-a"]);
    expect(hits[0]?.denseRank).toBe(1);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Number.POSITIVE_INFINITY);
  });

  it("returns hits best first, within the limit", async () => {
    const hits = await search("minutes of the board", { limit: 3 });
    expect(hits).toHaveLength(3);
    for (let i = 1; i < hits.length; i++)
      expect(hits[i - 1]?.score).toBeGreaterThanOrEqual(hits[i]?.score ?? 0);
  });

  it("uses the glossary's expansions to find a passage", async () => {
    const without = await search("local authority designated officer");
    const withExpansion = await search(
      "local authority designated officer",
      {},
      new Glossary([{ terms: ["LADO", "designated officer"] }]),
    );
    expect(without.find((h) => h.chunk.id === "lado")?.keywordRank).toBeUndefined();
    expect(withExpansion[0]?.chunk.id).toBe("lado");
  });

  it("prefers the asker's area and demotes other areas' passages", async () => {
    const question = "who to contact about a professional disagreement";
    const neutral = await search(question);
    const ids = (hits: { chunk: ChunkRecord }[]) =>
      hits.map((h) => h.chunk.id).filter((id) => ["dudley", "everyone", "walsall"].includes(id));
    expect(ids(await search(question, { area: "walsall" }))).toEqual(["walsall", "everyone", "dudley"]);
    expect(ids(await search(question, { area: "dudley" }))).toEqual(["dudley", "everyone", "walsall"]);

    const preferred = await search(question, { area: "dudley" });
    const scoreOf = (hits: typeof neutral, id: string) =>
      hits.find((h) => h.chunk.id === id)?.score ?? Number.NaN;
    expect(scoreOf(preferred, "dudley") / scoreOf(neutral, "dudley")).toBeCloseTo(1.25, 6);
    expect(scoreOf(preferred, "everyone") / scoreOf(neutral, "everyone")).toBeCloseTo(1, 6);
    expect(scoreOf(preferred, "walsall") / scoreOf(neutral, "walsall")).toBeCloseTo(0.7, 6);
  });

  it("weighs rare terms above common ones", () => {
    expect(index.termWeight("lado")).toBeGreaterThan(index.termWeight("board"));
  });

  it("returns nothing from an index without passages", async () => {
    const empty = await KnowledgeIndex.load(await buildIndex([]), embeddings);
    expect(empty.allPassages()).toEqual([]);
    const evidence = await new Retriever({ index: { current: empty }, glossary: new Glossary([]) }).retrieve(
      "anything",
    );
    expect(evidence.hits).toEqual([]);
    expect(evidence.outcome).toBe("none");
  });
});
