import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CodedError, ErrorCode } from "../../../foundation/errors.ts";
import type { KnowledgeIndex } from "../../../knowledge/knowledge-index.ts";
import type { ChunkRecord } from "../../../knowledge/types.ts";
import { type LibraryVocabulary, redactionKeepOf, startLibraryVocabulary } from "./personal-names.ts";
import type { RedactionKeep } from "./redact.ts";

/**
 * The guidance's own vocabulary for the redactor: the library's titles, headings and capitalised phrases,
 * and the glossary's terms, so "Sandwell" or "Lullaby Trust" in a question is kept while a person's name is
 * removed. The library's part is learnt once, when a generation is written (`libraryVocabularyFiles`, which
 * every ingest passes to the pipeline), and kept with it: learning it took 20–50 s of the server thread at
 * 100,000 passages on every start and every swap. A generation written without it (by tests, or before it
 * was kept) is learnt from its passages as before.
 */
export const LIBRARY_VOCABULARY_FILE = "redaction-vocabulary.json";
const FORMAT_VERSION = 1;

/** As LIBRARY_VOCABULARY_FILE holds it; map and sets as arrays, in their order. */
const storedSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  phrases: z.array(z.tuple([z.string(), z.array(z.array(z.string()))])),
  lowerWords: z.array(z.string()),
  properWords: z.array(z.string()),
});
type StoredVocabulary = z.infer<typeof storedSchema>;

/** Built once per index generation (and garbage-collected with it). */
const built = new WeakMap<KnowledgeIndex, RedactionKeep>();

/**
 * Passages read and learnt at a time when a generation has no stored vocabulary: one read from disk each
 * (the index does not hold the passages) and, in `prepareRedactionKeep`, a few milliseconds of work per
 * turn of the event loop, so the server thread goes on answering meanwhile.
 */
const PASSAGES_PER_TURN = 200;

/** The files an ingest writes with a generation: the library's vocabulary, learnt from its passages. */
export function libraryVocabularyFiles(chunks: readonly ChunkRecord[]): Record<string, string> {
  const learner = startLibraryVocabulary();
  for (const chunk of chunks) learner.learn(chunk);
  const { phrases, lowerWords, properWords } = learner.finish();
  const stored: StoredVocabulary = {
    version: FORMAT_VERSION,
    phrases: [...phrases],
    lowerWords: [...lowerWords],
    properWords: [...properWords],
  };
  return { [LIBRARY_VOCABULARY_FILE]: JSON.stringify(stored) };
}

/** The redaction vocabulary of this generation of the index. */
export function redactionKeepFor(index: KnowledgeIndex, glossaryTerms: readonly string[]): RedactionKeep {
  let keep = built.get(index);
  if (!keep) {
    let library = storedVocabulary(index);
    if (!library) {
      const learning = learnFromPassages(index);
      let step = learning.next();
      while (!step.done) step = learning.next();
      library = step.value;
    }
    keep = redactionKeepOf(library, glossaryTerms);
    built.set(index, keep);
  }
  return keep;
}

/**
 * Reads, or learns a slice at a time, a generation's redaction vocabulary before it is switched in: built
 * on its first question instead, it held the server thread for seconds at 100,000 passages.
 */
export async function prepareRedactionKeep(
  index: KnowledgeIndex,
  glossaryTerms: readonly string[],
): Promise<void> {
  if (built.has(index)) return;
  let library = storedVocabulary(index);
  if (!library) {
    const learning = learnFromPassages(index);
    let step = learning.next();
    while (!step.done) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      step = learning.next();
    }
    library = step.value;
  }
  built.set(index, redactionKeepOf(library, glossaryTerms));
}

/** Learns the library's vocabulary from a generation's passages, pausing (yielding) after each slice. */
function* learnFromPassages(index: KnowledgeIndex): Generator<void, LibraryVocabulary> {
  const learner = startLibraryVocabulary();
  for (let from = 0; from < index.size; from += PASSAGES_PER_TURN) {
    for (const passage of index.passageSlice(from, from + PASSAGES_PER_TURN)) learner.learn(passage);
    yield;
  }
  return learner.finish();
}

/** The vocabulary stored with a generation; undefined when it has none. */
function storedVocabulary(index: KnowledgeIndex): LibraryVocabulary | undefined {
  const file = path.join(index.generationDir, LIBRARY_VOCABULARY_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const damaged = (cause?: unknown) =>
    new CodedError(ErrorCode.IndexCorrupt, `${file} is damaged; run \`npm run ingest\`.`, { cause });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw damaged(cause);
  }
  const parsed = storedSchema.safeParse(json);
  if (!parsed.success) throw damaged(parsed.error);
  const stored = parsed.data;
  return {
    phrases: new Map(stored.phrases),
    lowerWords: new Set(stored.lowerWords),
    properWords: new Set(stored.properWords),
  };
}
