import type { KnowledgeIndex } from "../../../knowledge/knowledge-index.ts";
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
