/**
 * Definitions the documents give of their own terms ("LADO Local Authority Designated Officer – the role
 * provides advice …", "Child Death Overview Panel (CDOP)"), found at ingest and kept with their page so a
 * "what does X stand for" question can be answered in the document's words and cited.
 */

import { term as matchingTerm } from "./retrieval/text-analysis.ts";

/**
 * Where a definition came from: a `glossary` entry (a jargon-buster row, a "TERM – expansion – explanation"
 * line, a glossary table row) is the document defining the term on purpose; a `first-use` is a
 * "Full Name (ABBR)" in running text, which gives the expansion only.
 */
export type DefinitionKind = "glossary" | "first-use";

export interface DefinitionRecord {
  /** The term as the document writes it, singular: "LADO", "CDOP", "Section 17", "Working Together". */
  term: string;
  /** The full name, verbatim: "Local Authority Designated Officer". */
  expansion: string;
  /** What the document says the term is, after the expansion, verbatim; glossary entries only. */
  explanation?: string;
  /** The whole definition as the document writes it: a verbatim piece of one block of the document. */
  text: string;
  kind: DefinitionKind;
  /** File path relative to the library. */
  source: string;
  title: string;
  /** Area of the document; untagged documents serve every area. */
  area?: string;
  /** 1-based page, for paged formats. */
  page?: number;
  /** Headings above the definition, joined with " > " as citations show them. */
  section?: string;
  /** The indexed passage that contains the definition whole or, failing that, its term and expansion. */
  chunkId?: string;
}

export interface LookupOptions {
  /** Only definitions from documents of this area or of every area. */
  area?: string;
}

/**
 * Finds the documents' definition of a term, by the term itself (case-insensitively: "lado", "LADO",
 * plural "CDOPs") or by its full name ("local authority designated officer").
 */
export class DefinitionIndex {
  readonly #byKey = new Map<string, DefinitionRecord[]>();
  /** How many records of a term give each expansion: the documents' consensus breaks ties. */
  readonly #agreement = new Map<string, number>();

  constructor(records: readonly DefinitionRecord[]) {
    for (const record of records) {
      for (const key of new Set([nameKey(record.term), nameKey(record.expansion)])) {
        if (!key) continue;
        const list = this.#byKey.get(key) ?? [];
        list.push(record);
        this.#byKey.set(key, list);
      }
      const agreed = agreementKey(record);
      this.#agreement.set(agreed, (this.#agreement.get(agreed) ?? 0) + 1);
    }
  }

  /** The best definition of a term or full name, or undefined when no document defines it. */
  lookup(term: string, options: LookupOptions = {}): DefinitionRecord | undefined {
    return this.lookupAll(term, options)[0];
  }

  /**
   * Every definition of a term or full name, best first: glossary entries before first uses, entries that
   * explain the term before bare expansions, the expansion most documents agree on, then document order.
   */
  lookupAll(term: string, options: LookupOptions = {}): DefinitionRecord[] {
    const query = term.trim();
    const key = nameKey(query);
    if (!key) return [];
    const found = this.#byKey.get(key) ?? [];
    return found
      .filter((r) => options.area === undefined || r.area === undefined || r.area === options.area)
      .filter((r) => acceptsCase(query, r))
      .map((record, order) => ({ record, order }))
      .sort(
        (a, b) =>
          rankOf(a.record) - rankOf(b.record) ||
          (this.#agreement.get(agreementKey(b.record)) ?? 0) -
            (this.#agreement.get(agreementKey(a.record)) ?? 0) ||
          a.order - b.order,
      )
      .map((x) => x.record);
  }
}

function rankOf(record: DefinitionRecord): number {
  return (record.kind === "glossary" ? 0 : 2) + (record.explanation ? 0 : 1);
}

function agreementKey(record: DefinitionRecord): string {
  return `${nameKey(record.term)}\n${nameKey(record.expansion)}`;
}

/**
 * An acronym that is also a common word ("IT", "AT") is matched only as written in capitals, so "what is
 * it" does not find Information Technology. Full names and other terms match in any case.
 */
function acceptsCase(query: string, record: DefinitionRecord): boolean {
  const bare = query.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  const key = nameKey(bare);
  if (key !== nameKey(record.term) || matchingTerm(key) !== null) return true;
  return bare === record.term || bare === `${record.term}s`;
}

/**
 * The form names are compared in: lower case, apostrophes and "(ren)"-style inserts dropped, "&" read as
 * "and", punctuation ignored, each word singular ("children" → "child", "panels" → "panel").
 */
export function nameKey(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/\([a-z]{1,4}\)/g, "")
    .replace(/&/g, " and ")
    .replace(/'s\b/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(singular)
    .join(" ");
}

function singular(word: string): string {
  if (word === "children") return "child";
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}
