import { loadConfig } from "../bot/config.ts";
import { loadRiskExamples, RiskExampleClassifier } from "../bot/core/safety/risk-examples.ts";
import { ingestLibrary } from "../ingest/pipeline.ts";
import { createEmbeddings } from "../knowledge/embeddings/create-embeddings.ts";
import { EmbeddingCache } from "../knowledge/embeddings/embedding-cache.ts";
import {
  SAMPLE_INDEX,
  SAMPLE_LIBRARY,
  SHARED_CORPUS,
  SHARED_CORPUS_INDEX,
  SHARED_CORPUS_MISSING,
  sharedCorpusAvailable,
  TEST_EMBEDDING_CACHE,
} from "./helpers/test-paths.ts";

/**
 * Builds the sample-library index and the shared-corpus index once per test run. Embeddings are cached by
 * content hash under .data/test, so only the first run on a machine pays for embedding the corpus.
 */
export default async function setup(): Promise<void> {
  const embeddings = createEmbeddings(loadConfig({ ...process.env, EMBEDDINGS: "local" }));
  const build = async (libraryDir: string, indexDir: string) => {
    const started = performance.now();
    const report = await ingestLibrary({ libraryDir, indexDir, cacheFile: TEST_EMBEDDING_CACHE, embeddings });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `test index ${indexDir}: ${report.chunks} passages, ${report.embedded} embedded, ${seconds} s\n`,
    );
  };
  await build(SAMPLE_LIBRARY, SAMPLE_INDEX);
  // Every test assistant starts from a copy of this cache, so the risk examples are embedded once per machine.
  const config = loadConfig(process.env);
  const cache = new EmbeddingCache(TEST_EMBEDDING_CACHE);
  await RiskExampleClassifier.build(loadRiskExamples(config.RISK_EXAMPLES_FILE), embeddings, cache).finally(
    () => cache.close(),
  );
  if (sharedCorpusAvailable()) await build(SHARED_CORPUS, SHARED_CORPUS_INDEX);
  else process.stderr.write(`${SHARED_CORPUS_MISSING}\n`);
}
