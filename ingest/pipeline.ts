import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { DefinitionRecord } from "../knowledge/definitions.ts";
import type { NamedEmbeddings } from "../knowledge/embeddings/create-embeddings.ts";
import { DEFAULT_EMBED_WORKERS } from "../knowledge/embeddings/embedding-pool-settings.ts";
import {
  currentGeneration,
  inCurrentFormat,
  readChunks,
  readDefinitions,
  readManifest,
  recordLibrary,
  switchTo,
  writeGeneration,
} from "../knowledge/index-store.ts";
import type { ChunkRecord, FileEntry, IndexManifest } from "../knowledge/types.ts";
import { type CatalogEntry, readCatalog } from "./catalog.ts";
import { chunkBlocks } from "./chunk.ts";
import { definitionRecords, extractDefinitions } from "./definitions.ts";
import { resolveMetadata } from "./document-metadata.ts";
import { fileIngestLock, type IngestLock } from "./ingest-lock.ts";
import { type LibraryFile, scanLibrary } from "./library-scan.ts";
import { loaderFor } from "./loaders/index.ts";
import type { PassageVectors } from "./passage-vectors.ts";
import type { IngestReport } from "./types.ts";
import { LoadError, type LoadedDocument } from "./types.ts";

export type IngestPhase = "read" | "embed" | "write";

export interface IngestProgress {
  phase: IngestPhase;
  done: number;
  total: number;
  /** The file being read, in the read phase. */
  file?: string;
}

export interface IngestOptions {
  libraryDir: string;
  indexDir: string;
  /** Where the embedding cache lives; it outlives index generations. */
  cacheFile: string;
  embeddings: NamedEmbeddings;
  onProgress?: (progress: IngestProgress) => void;
  /** Files larger than this are not read; default DEFAULT_MAX_FILE_BYTES. */
  maxFileBytes?: number;
  /** Files that would make more passages than this are not indexed; default DEFAULT_MAX_PASSAGES_PER_FILE. */
  maxPassagesPerFile?: number;
  /** One ingest at a time; default the lock file in INDEX_DIR. */
  lock?: IngestLock;
  /** Worker threads embedding with the local model (EMBED_WORKERS); default DEFAULT_EMBED_WORKERS. */
  embedWorkers?: number;
  /**
   * Files learnt from the passages by the layers above (the redaction vocabulary), written with each new
   * generation, by name: what they learn once here no server has to learn at every start and swap.
   */
  deriveFiles?: (chunks: readonly ChunkRecord[]) => Promise<Record<string, string>>;
}

/**
 * The largest library file read (INGEST_MAX_FILE_MB). The biggest guidance PDF in the shared corpus is a few
 * megabytes; a 50 MB text file made 75,000 passages and 90 minutes of embedding, which blocked every reindex.
 */
export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024;

/**
 * The most passages one file may add (INGEST_MAX_PASSAGES): the whole 842-passage shared corpus is well
 * under it, while one file far beyond it is almost always a data dump, not guidance, and at about 13
 * passages a second (one thread) would take over six minutes to embed.
 */
export const DEFAULT_MAX_PASSAGES_PER_FILE = 5000;

const MB = 1024 * 1024;

/** Thrown when no index could be built at all (no readable documents, or the library is missing). */
export class NothingIngestedError extends Error {
  constructor(
    message: string,
    readonly report: IngestReport,
  ) {
    super(message);
    this.name = "NothingIngestedError";
  }
}

/**
 * Brings the index in line with the library: unchanged files are neither read nor embedded again, changed
 * files are replaced, deleted files disappear. The new index is written beside the old one and switched in
 * only when complete. A file that cannot be read is reported and, if an earlier version of it was indexed,
 * that version keeps serving.
 */
export async function ingestLibrary(options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const { libraryDir, indexDir, embeddings, onProgress } = options;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxPassages = options.maxPassagesPerFile ?? DEFAULT_MAX_PASSAGES_PER_FILE;
  const report: IngestReport = {
    added: [],
    updated: [],
    unchanged: [],
    removed: [],
    failed: [],
    skipped: [],
    chunks: 0,
    embedded: 0,
    seconds: 0,
    indexBuilt: false,
  };
  const finish = () => {
    report.seconds = Math.round((performance.now() - started) / 10) / 100;
    return report;
  };

  if (!fs.existsSync(libraryDir) || !fs.statSync(libraryDir).isDirectory()) {
    throw new NothingIngestedError(`The library folder ${libraryDir} does not exist.`, finish());
  }

  const release = await (options.lock ?? fileIngestLock)(indexDir);
  // Opened at the first file that is read: a re-ingest that finds nothing changed never loads it.
  let passageVectors: PassageVectors | undefined;
  const openPassageVectors = async () => {
    const { PassageVectors } = await import("./passage-vectors.ts");
    passageVectors ??= new PassageVectors(embeddings, {
      cacheFile: options.cacheFile,
      workers: options.embedWorkers ?? DEFAULT_EMBED_WORKERS,
      onProgress,
    });
    return passageVectors;
  };
  try {
    const previous = readPrevious(indexDir, embeddings.modelId);
    const catalog = readCatalog(libraryDir);
    const { files, skipped } = scanLibrary(libraryDir);
    report.skipped = skipped;

    const nextFiles: Record<string, FileEntry> = {};
    const chunksBySource = new Map<string, ChunkRecord[]>();
    // Kept per file like the chunks, so an unchanged file keeps its definitions without being read again.
    const definitionsBySource = new Map<string, DefinitionRecord[]>();
    let done = 0;
    for (const file of files) {
      onProgress?.({ phase: "read", done: done++, total: files.length, file: file.source });
      const old = previous?.manifest.files[file.source];
      /** Reports the file as failed; an earlier version of it, if indexed, keeps serving. */
      const fail = (reason: string) => {
        report.failed.push({
          file: file.source,
          reason: old ? `${reason}; the previous version is still served` : reason,
        });
        if (old && previous) {
          nextFiles[file.source] = old;
          chunksBySource.set(file.source, previous.chunksOf(old));
          definitionsBySource.set(file.source, previous.definitionsOf(file.source));
        }
      };
      // Checked before the fingerprint, which reads the whole file.
      if (file.bytes > maxFileBytes) {
        fail(`is ${formatSize(file.bytes)}, over the ${formatSize(maxFileBytes)} limit (INGEST_MAX_FILE_MB)`);
        continue;
      }
      const entry = catalog.get(file.source);
      const fingerprint = fingerprintOf(file, entry);
      if (old && old.hash === fingerprint && previous) {
        nextFiles[file.source] = old;
        chunksBySource.set(file.source, previous.chunksOf(old));
        definitionsBySource.set(file.source, previous.definitionsOf(file.source));
        report.unchanged.push(file.source);
        continue;
      }
      try {
        const loaded = await readDocument(file);
        const { entry: fileEntry, chunks, definitions } = describe(file, loaded, entry, fingerprint);
        if (chunks.length === 0 && !fileEntry.superseded) throw new LoadError("has no text to index");
        if (chunks.length > maxPassages) {
          throw new LoadError(
            `would make ${chunks.length} passages, over the limit of ${maxPassages} per file (INGEST_MAX_PASSAGES)`,
          );
        }
        nextFiles[file.source] = fileEntry;
        chunksBySource.set(file.source, chunks);
        // Embedded while the next files are read.
        (await openPassageVectors()).add(chunks);
        definitionsBySource.set(file.source, definitions);
        (old ? report.updated : report.added).push(file.source);
      } catch (error) {
        fail(error instanceof LoadError ? error.reason : `could not be read (${(error as Error).message})`);
      }
    }
    onProgress?.({ phase: "read", done: files.length, total: files.length });

    report.removed = Object.keys(previous?.manifest.files ?? {}).filter((source) => !nextFiles[source]);
    const chunks = [...chunksBySource.values()].flat();
    report.chunks = chunks.length;

    const changed = report.added.length + report.updated.length + report.removed.length > 0;
    if (previous && !changed && previous.inCurrentFormat) {
      recordLibrary(indexDir, libraryDir);
      report.indexBuilt = true;
      return finish();
    }
    if (chunks.length === 0) {
      throw new NothingIngestedError(
        files.length === 0
          ? `The library ${libraryDir} has no documents in a supported format.`
          : "None of the library's documents could be read, so no index was built.",
        finish(),
      );
    }

    const { vectors, workers } = await (await openPassageVectors()).finish(chunks);
    report.embedded = passageVectors?.embedded ?? 0;
    if (workers > 0) report.embedWorkers = workers;
    onProgress?.({ phase: "write", done: 0, total: 1 });
    const manifest: IndexManifest = {
      formatVersion: 1,
      embeddingModel: embeddings.modelId,
      dimensions: vectors[0]?.length ?? 0,
      builtAt: new Date().toISOString(),
      files: nextFiles,
    };
    const definitions = [...definitionsBySource.values()].flat();
    const generation = await writeGeneration(indexDir, {
      manifest,
      chunks,
      vectors,
      embeddings,
      definitions,
      ...(options.deriveFiles ? { derived: await options.deriveFiles(chunks) } : {}),
    });
    switchTo(indexDir, generation);
    recordLibrary(indexDir, libraryDir);
    onProgress?.({ phase: "write", done: 1, total: 1 });
    report.indexBuilt = true;
    return finish();
  } finally {
    await passageVectors?.close();
    await release();
  }
}

/** A size as a person reads it: megabytes from one up, kilobytes below (limits in tests are small). */
function formatSize(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The index in service, if it was built with the same model; otherwise everything is embedded anew. */
function readPrevious(indexDir: string, modelId: string) {
  const dir = currentGeneration(indexDir);
  if (!dir) return undefined;
  try {
    const manifest = readManifest(dir);
    if (manifest.embeddingModel !== modelId) return undefined;
    const byId = new Map(readChunks(dir).map((c) => [c.id, c]));
    const definitions = new Map<string, DefinitionRecord[]>();
    for (const d of readDefinitions(dir)) {
      const list = definitions.get(d.source);
      if (list) list.push(d);
      else definitions.set(d.source, [d]);
    }
    return {
      manifest,
      inCurrentFormat: inCurrentFormat(dir),
      chunksOf: (entry: FileEntry) => entry.chunkIds.map((id) => byId.get(id)).filter((c) => c !== undefined),
      definitionsOf: (source: string) => definitions.get(source) ?? [],
    };
  } catch {
    // An unreadable previous index is rebuilt from the library.
    return undefined;
  }
}

/**
 * Bump when loaders, chunking, metadata or definition rules change, so the next ingest reads every file again (the
 * embedding cache still spares passages whose text is unchanged).
 */
const INGEST_VERSION = "8";

/** The file's bytes, its catalog entry and the ingest version: a change to any makes the file count as changed. */
function fingerprintOf(file: LibraryFile, entry: CatalogEntry | undefined): string {
  return createHash("sha256")
    .update(INGEST_VERSION)
    .update(fs.readFileSync(file.absolute))
    .update(JSON.stringify(entry ?? null))
    .digest("hex");
}

async function readDocument(file: LibraryFile): Promise<LoadedDocument> {
  const loader = loaderFor(file.source);
  if (!loader) throw new LoadError("is not a supported format");
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file.absolute));
  } catch (cause) {
    throw new LoadError(`could not be opened (${(cause as NodeJS.ErrnoException).code ?? "read error"})`, {
      cause,
    });
  }
  if (bytes.length === 0) throw new LoadError("is empty");
  return loader(bytes, path.basename(file.source));
}

/** Turns a loaded document into its manifest entry, chunk records and definitions. */
function describe(
  file: LibraryFile,
  loaded: LoadedDocument,
  entry: CatalogEntry | undefined,
  fingerprint: string,
): { entry: FileEntry; chunks: ChunkRecord[]; definitions: DefinitionRecord[] } {
  const meta = resolveMetadata(file.source, loaded, entry, file.area);
  const chunks: ChunkRecord[] = [];
  const seen = new Set<string>();
  // A superseded document stays listed in the manifest, so trainers see it, but has nothing to cite.
  const drafts = entry?.superseded ? [] : chunkBlocks(loaded.blocks);
  for (const draft of drafts) {
    const id = createHash("sha256")
      .update(`${file.source}\n${draft.headingPath.join(" > ")}\n${draft.text}`)
      .digest("hex")
      .slice(0, 32);
    // A passage repeated word for word in one document (a running footer) is indexed once.
    if (seen.has(id)) continue;
    seen.add(id);
    chunks.push({
      id,
      source: file.source,
      title: meta.title,
      headingPath: draft.headingPath,
      ...(draft.pages ? { pages: draft.pages } : {}),
      ...(meta.date ? { date: meta.date } : {}),
      ...(meta.area ? { area: meta.area } : {}),
      text: draft.text,
    });
  }
  return {
    entry: {
      hash: fingerprint,
      ...meta,
      ...(entry?.superseded ? { superseded: true } : {}),
      ...(loaded.pages ? { pages: loaded.pages } : {}),
      chunkIds: chunks.map((c) => c.id),
    },
    chunks,
    // A superseded document has nothing to cite, so it defines nothing either.
    definitions: entry?.superseded
      ? []
      : definitionRecords(extractDefinitions(loaded.blocks), chunks, {
          source: file.source,
          title: meta.title,
          ...(meta.area ? { area: meta.area } : {}),
        }),
  };
}
