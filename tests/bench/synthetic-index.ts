/**
 * Synthetic index generations for the benchmarks (`npm run bench`, `npm run bench:large`): passages are
 * recombined sentences of the shared corpus, with vectors near the corpus passages' own (the corpus vector
 * plus noise), so both retrievers face realistic vocabularies and vector clusters.
 */
import fs from "node:fs";
import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { libraryVocabularyFiles } from "../../bot/core/safety/library-vocabulary.ts";
import { embeddingText } from "../../ingest/passage-vectors.ts";
import { ingestLibrary } from "../../ingest/pipeline.ts";
import type { NamedEmbeddings } from "../../knowledge/embeddings/create-embeddings.ts";
import { EmbeddingCache } from "../../knowledge/embeddings/embedding-cache.ts";
import { switchTo, writeGeneration } from "../../knowledge/index-store.ts";
import { KnowledgeIndex } from "../../knowledge/knowledge-index.ts";
import type { ChunkRecord, IndexManifest } from "../../knowledge/types.ts";

/** The corpus passages and their cached vectors, the material every synthetic passage is made from. */
export interface SyntheticSource {
  corpus: ChunkRecord[];
  vectors: number[][];
}

/** Indexes the shared corpus into `indexDir` (reusing the embedding cache) and returns its passages and vectors. */
export async function corpusSource(options: {
  libraryDir: string;
  indexDir: string;
  cacheFile: string;
  embeddings: NamedEmbeddings;
}): Promise<SyntheticSource> {
  const { libraryDir, indexDir, cacheFile, embeddings } = options;
  await ingestLibrary({ libraryDir, indexDir, cacheFile, embeddings });
  const corpus = (await KnowledgeIndex.load(indexDir, embeddings)).allPassages();
  const cache = new EmbeddingCache(cacheFile);
  const vectors = corpus.map((c) => cache.get(embeddings.modelId, embeddingText(c)) ?? []);
  cache.close();
  return { corpus, vectors };
}

/**
 * Builds a synthetic generation of `size` passages in `indexDir` and puts it in service; with `reuse`, an
 * index already there is kept as it is. The same seed gives the same passages every run.
 */
export async function buildSyntheticIndex(options: {
  indexDir: string;
  size: number;
  source: SyntheticSource;
  embeddings: EmbeddingsInterface & { modelId: string };
  reuse: boolean;
}): Promise<string> {
  const { indexDir, size, source, embeddings, reuse } = options;
  const { corpus, vectors } = source;
  if (reuse && fs.existsSync(path.join(indexDir, "CURRENT"))) return indexDir;
  const sentences = corpus.flatMap((c) => c.text.split(/(?<=[.!?])\s+/)).filter((s) => s.length > 30);
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const chunks: ChunkRecord[] = [];
  const synthetic: number[][] = [];
  for (let i = 0; i < size; i++) {
    const j = i % corpus.length;
    const base = corpus[j] as ChunkRecord;
    const mixed = Array.from({ length: 3 }, () => sentences[Math.floor(random() * sentences.length)]).join(
      " ",
    );
    chunks.push({
      ...base,
      id: `synthetic-${i}`,
      source: `synthetic/document-${Math.floor(i / 40)}.pdf`,
      title: `${base.title} (synthetic copy ${Math.floor(i / corpus.length)})`,
      text: `${base.text}\n${mixed}`,
    });
    const v = (vectors[j] as number[]).map((x) => x + (random() - 0.5) * 0.04);
    const norm = Math.hypot(...v);
    synthetic.push(v.map((x) => x / norm));
  }
  const files: IndexManifest["files"] = {};
  for (const c of chunks) {
    files[c.source] ??= { hash: c.source, title: c.title, date: "2020", chunkIds: [] };
    files[c.source]?.chunkIds.push(c.id);
  }
  const manifest: IndexManifest = {
    formatVersion: 1,
    embeddingModel: embeddings.modelId,
    dimensions: 512,
    builtAt: new Date().toISOString(),
    files,
  };
  const started = performance.now();
  const generation = await writeGeneration(indexDir, {
    manifest,
    chunks,
    vectors: synthetic,
    embeddings,
    // As every ingest writes it, so the server does not learn it at start and swap.
    derived: libraryVocabularyFiles(chunks),
  });
  switchTo(indexDir, generation);
  console.log(
    `  (built ${size} synthetic passages in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  return indexDir;
}
