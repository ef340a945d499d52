import type { KnowledgeIndex } from "../../../knowledge/knowledge-index.ts";
import { startRedactionKeep } from "./personal-names.ts";
import { buildRedactionKeep, type RedactionKeep } from "./redact.ts";

/**
 * The guidance's own vocabulary for the redactor, built once per index generation (and garbage-collected
 * with it): the library's titles, headings and capitalised phrases, and the glossary's terms, so "Sandwell"
 * or "Lullaby Trust" in a question is kept while a person's name is removed.
 */
const built = new WeakMap<KnowledgeIndex, RedactionKeep>();

/** The redaction vocabulary of this generation of the index. */
export function redactionKeepFor(index: KnowledgeIndex, glossaryTerms: readonly string[]): RedactionKeep {
  let keep = built.get(index);
  if (!keep) {
    keep = buildRedactionKeep(index.chunks, glossaryTerms);
    built.set(index, keep);
  }
  return keep;
}

/**
 * Passages learnt per turn of the event loop by `prepareRedactionKeep`: a few milliseconds of work, so the
 * server thread goes on acknowledging and answering while it learns a new generation of 100,000 passages.
 */
const PASSAGES_PER_TURN = 200;

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
  for (let i = 0; i < index.chunks.length; i++) {
    builder.learn(index.chunks[i] as KnowledgeIndex["chunks"][number]);
    if ((i + 1) % PASSAGES_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  built.set(index, builder.finish());
}
