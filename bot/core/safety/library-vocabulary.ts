import type { KnowledgeIndex } from "../../../knowledge/knowledge-index.ts";
import { startRedactionKeep } from "./personal-names.ts";
import type { RedactionKeep } from "./redact.ts";

/**
 * The guidance's own vocabulary for the redactor, built once per index generation (and garbage-collected
 * with it): the library's titles, headings and capitalised phrases, and the glossary's terms, so "Sandwell"
 * or "Lullaby Trust" in a question is kept while a person's name is removed.
 */
const built = new WeakMap<KnowledgeIndex, RedactionKeep>();

/**
 * Passages read and learnt at a time: one read from disk each (the index does not hold the passages) and,
 * in `prepareRedactionKeep`, a few milliseconds of work per turn of the event loop, so the server thread
 * goes on acknowledging and answering while it learns a new generation of 100,000 passages.
 */
const PASSAGES_PER_TURN = 200;

/** The redaction vocabulary of this generation of the index. */
export function redactionKeepFor(index: KnowledgeIndex, glossaryTerms: readonly string[]): RedactionKeep {
  let keep = built.get(index);
  if (!keep) {
    const builder = startRedactionKeep(glossaryTerms);
    for (let from = 0; from < index.size; from += PASSAGES_PER_TURN) {
      for (const passage of index.passageSlice(from, from + PASSAGES_PER_TURN)) builder.learn(passage);
    }
    keep = builder.finish();
    built.set(index, keep);
  }
  return keep;
}

/**
 * Learns a generation's redaction vocabulary a slice at a time, before it is switched in: built on its first
 * question instead, it held the server thread for seconds at 100,000 passages.
 */
export async function prepareRedactionKeep(
  index: KnowledgeIndex,
  glossaryTerms: readonly string[],
): Promise<void> {
  if (built.has(index)) return;
  const builder = startRedactionKeep(glossaryTerms);
  for (let from = 0; from < index.size; from += PASSAGES_PER_TURN) {
    for (const passage of index.passageSlice(from, from + PASSAGES_PER_TURN)) builder.learn(passage);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  built.set(index, builder.finish());
}
