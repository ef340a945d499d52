import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../bot/config.ts";

/** ../shared beside the project root: the corpus and the question sets every developer and CI run has. */
export const SHARED_DIR = path.resolve(PROJECT_ROOT, "../shared");
export const SHARED_CORPUS = path.join(SHARED_DIR, "corpus");
export const DEV_QUESTIONS = path.join(SHARED_DIR, "eval/dev-questions.jsonl");
/** Extra practitioner questions over the shared corpus, written for this project (tests/fixtures/eval). */
export const EXTRA_QUESTIONS = path.join(PROJECT_ROOT, "tests/fixtures/eval/extra-questions.jsonl");
/** The check split of the project's practitioner-register questions: reported and gated on, never tuned on. */
export const PRACTITIONER_CHECK = path.join(PROJECT_ROOT, "tests/fixtures/eval/practitioner-check.jsonl");
export const SAMPLE_LIBRARY = path.join(PROJECT_ROOT, "knowledge/library");

/**
 * Indexes built once per test run by tests/global-setup.ts, and the embedding cache that makes the next
 * run's build quick. Under .data so they are git-ignored and survive between local runs.
 */
export const TEST_DATA_DIR = path.join(PROJECT_ROOT, ".data/test");
export const TEST_EMBEDDING_CACHE = path.join(TEST_DATA_DIR, "embeddings-cache.sqlite");
export const SAMPLE_INDEX = path.join(TEST_DATA_DIR, "sample-index");
export const SHARED_CORPUS_INDEX = path.join(TEST_DATA_DIR, "shared-corpus-index");

export const sharedCorpusAvailable = (): boolean => fs.existsSync(SHARED_CORPUS);

/** Why tests over the shared corpus are skipped, printed once per file that skips them. */
export const SHARED_CORPUS_MISSING = `../shared/corpus not found at ${SHARED_CORPUS}; skipping tests over the shared corpus.`;
