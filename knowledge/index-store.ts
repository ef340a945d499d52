import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { HierarchicalNSW } from "hnswlib-node";
import type { DefinitionRecord } from "./definitions.ts";
import { CHUNKS_FILE, encodePassages, hasPassageIndex, PASSAGE_INDEX_FILE } from "./passage-store.ts";
import { KeywordIndex } from "./retrieval/keyword-index.ts";
import { encodePassageTerms, PASSAGE_TERMS_FILE } from "./retrieval/passage-terms.ts";
import type { ChunkRecord, IndexManifest } from "./types.ts";

/**
 * The index on disk. Each build writes a complete generation in its own folder; the one-line CURRENT file
 * names the generation in service and is replaced by an atomic rename only once the generation is whole.
 * A crash or a kill part-way therefore leaves the previous generation serving, and readers never see a
 * half-written index.
 *
 *   INDEX_DIR/CURRENT              gen-20261124T010203.456-ab12cd
 *   INDEX_DIR/gen-.../manifest.json, chunks.jsonl, passages.idx, keywords.bin, passage-terms.bin,
 *                     definitions.json, hnswlib.index, docstore.json, args.json
 */

const CURRENT = "CURRENT";
/** Beside CURRENT: which library folder the index in service was last built from. */
const LIBRARY = "library.json";
const MANIFEST = "manifest.json";
/** The keyword index in typed arrays (KeywordIndex.toBuffer); generations before it had keywords.json. */
const KEYWORDS = "keywords.bin";
const DEFINITIONS = "definitions.json";

/** How many superseded generations to keep after a switch, for a reader that loaded just before it. */
const KEEP_PREVIOUS = 1;

/** The folder of the generation in service, or undefined when no index has been built. */
export function currentGeneration(indexDir: string): string | undefined {
  let name: string;
  try {
    name = fs.readFileSync(path.join(indexDir, CURRENT), "utf8").trim();
  } catch {
    return undefined;
  }
  const dir = path.join(indexDir, name);
  return fs.existsSync(path.join(dir, MANIFEST)) ? dir : undefined;
}

/**
 * Records the library folder an ingest read, so `npm start` can tell that LIBRARY_DIR now names another one.
 * Kept beside the generations, not in a manifest, because an ingest that finds nothing changed writes none.
 */
export function recordLibrary(indexDir: string, libraryDir: string): void {
  writeFileDurably(path.join(indexDir, LIBRARY), JSON.stringify({ libraryDir: path.resolve(libraryDir) }));
}

/** The library folder the index was last built from; undefined for an index built before this was kept. */
export function builtFromLibrary(indexDir: string): string | undefined {
  try {
    const { libraryDir } = JSON.parse(fs.readFileSync(path.join(indexDir, LIBRARY), "utf8")) as {
      libraryDir?: unknown;
    };
    return typeof libraryDir === "string" ? libraryDir : undefined;
  } catch {
    return undefined;
  }
}

export function readManifest(generationDir: string): IndexManifest {
  return JSON.parse(fs.readFileSync(path.join(generationDir, MANIFEST), "utf8")) as IndexManifest;
}

export function readChunks(generationDir: string): ChunkRecord[] {
  const text = fs.readFileSync(path.join(generationDir, CHUNKS_FILE), "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ChunkRecord);
}

/**
 * The definitions the documents give of their terms. A generation written before definitions were kept
 * has none, and still loads.
 */
export function readDefinitions(generationDir: string): DefinitionRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(generationDir, DEFINITIONS), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const records: unknown = JSON.parse(text);
  if (!Array.isArray(records)) throw new Error(`${DEFINITIONS} does not hold a list of definitions`);
  return records as DefinitionRecord[];
}

export function readKeywordIndex(generationDir: string): KeywordIndex {
  return KeywordIndex.open(path.join(generationDir, KEYWORDS));
}

/**
 * Whether a generation is in the format this version reads. One written before the keyword index was kept
 * in keywords.bin, or before passages and their terms were read from disk (passages.idx,
 * passage-terms.bin), is rebuilt by the next
 * ingest (from the embedding cache) even when no document changed.
 */
export function inCurrentFormat(generationDir: string): boolean {
  return (
    fs.existsSync(path.join(generationDir, KEYWORDS)) &&
    hasPassageIndex(generationDir) &&
    fs.existsSync(path.join(generationDir, PASSAGE_TERMS_FILE))
  );
}

/** The hnswlib index of a generation as LangChain's HNSWLib store wrote it (`hnswlib.index` and `args.json`). */
const VECTORS = "hnswlib.index";
const VECTOR_ARGS = "args.json";

/**
 * The vectors of a generation, read with hnswlib itself (off the thread). LangChain's store would also
 * parse docstore.json into a Map of 100,000 documents per thread, each holding only the vector's chunk
 * position, which is the vector's label anyway.
 */
export async function readVectors(generationDir: string): Promise<HierarchicalNSW> {
  const args = JSON.parse(fs.readFileSync(path.join(generationDir, VECTOR_ARGS), "utf8")) as {
    space?: unknown;
    numDimensions?: unknown;
  };
  if (args.space !== "cosine" || typeof args.numDimensions !== "number") {
    throw new Error(`${VECTOR_ARGS} does not describe a cosine index`);
  }
  const { HierarchicalNSW } = await importHnswlib();
  const index = new HierarchicalNSW("cosine", args.numDimensions);
  await index.readIndex(path.join(generationDir, VECTORS));
  return index;
}

/** Loaded on first use, so commands that find nothing changed start quickly. */
const importHnswlib = async () => (await import("hnswlib-node")).default;

/** The writer's (LangChain's store writes the files `readVectors` reads), loaded on first use likewise. */
const importVectorStore = () => import("@langchain/community/vectorstores/hnswlib");

/**
 * Writes a complete new generation beside the current one and returns its folder. Nothing is in service
 * until `switchTo` is called.
 */
export async function writeGeneration(
  indexDir: string,
  content: {
    manifest: IndexManifest;
    chunks: ChunkRecord[];
    vectors: number[][];
    embeddings: EmbeddingsInterface;
    /** The documents' definitions of their terms; none when left out. */
    definitions?: DefinitionRecord[];
    /** Further files learnt from the passages by the layers above, by name (the redaction vocabulary). */
    derived?: Record<string, string>;
  },
): Promise<string> {
  const { manifest, chunks, vectors, embeddings, definitions = [], derived = {} } = content;
  // Milliseconds too: pruning keeps the newest by name, and two builds can finish within one second.
  const stamp = new Date().toISOString().replace(/[-:Z]/g, "");
  const dir = path.join(indexDir, `gen-${stamp}-${randomBytes(3).toString("hex")}`);
  fs.mkdirSync(dir, { recursive: true });

  const { HNSWLib } = await importVectorStore();
  const store = new HNSWLib(embeddings, { space: "cosine", numDimensions: manifest.dimensions });
  if (vectors.length > 0) {
    await store.addVectors(
      vectors,
      // Plain objects, the same JSON as LangChain's Document: importing that class costs a re-ingest that
      // finds nothing changed a noticeable part of its start-up.
      chunks.map((_, i) => ({ pageContent: "", metadata: { chunk: i } })),
    );
    await store.save(dir);
  }
  const passages = encodePassages(chunks);
  writeFileDurably(path.join(dir, CHUNKS_FILE), passages.lines);
  writeFileDurably(path.join(dir, PASSAGE_INDEX_FILE), passages.index);
  const keywords = KeywordIndex.build(chunks);
  writeFileDurably(path.join(dir, KEYWORDS), keywords.toBuffer());
  writeFileDurably(path.join(dir, PASSAGE_TERMS_FILE), encodePassageTerms(chunks, keywords));
  writeFileDurably(path.join(dir, DEFINITIONS), JSON.stringify(definitions));
  for (const [name, text] of Object.entries(derived)) {
    if (path.basename(name) !== name) throw new Error(`a derived index file must be a plain name: ${name}`);
    writeFileDurably(path.join(dir, name), text);
  }
  // The manifest goes last: a generation without one is incomplete and never read.
  writeFileDurably(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 1));
  return dir;
}

/** Puts a written generation in service with an atomic rename, then removes generations beyond the last few. */
export function switchTo(indexDir: string, generationDir: string): void {
  const tmp = path.join(indexDir, `${CURRENT}.${process.pid}.tmp`);
  writeFileDurably(tmp, path.basename(generationDir));
  fs.renameSync(tmp, path.join(indexDir, CURRENT));
  pruneGenerations(indexDir, path.basename(generationDir));
}

/**
 * Removes every generation folder except the current one and the newest complete previous ones. A folder
 * without a manifest is a build that crashed part-way; the ingest lock means none is still being written.
 */
export function pruneGenerations(indexDir: string, current: string): void {
  const others = fs
    .readdirSync(indexDir)
    .filter((name) => name.startsWith("gen-") && name !== current)
    .sort()
    .reverse();
  const keep = new Set(
    others.filter((name) => fs.existsSync(path.join(indexDir, name, MANIFEST))).slice(0, KEEP_PREVIOUS),
  );
  for (const name of others) {
    if (!keep.has(name)) fs.rmSync(path.join(indexDir, name), { recursive: true, force: true });
  }
}

function writeFileDurably(file: string, data: string | Uint8Array): void {
  const fd = fs.openSync(file, "w");
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
