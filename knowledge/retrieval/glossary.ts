import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { phraseTerms } from "./text-analysis.ts";

const entrySchema = z.object({
  /** Every way practitioners write the same thing; any one found in a question brings in the others. */
  terms: z.array(z.string().min(1)).min(2),
  /** What it means, for the record; definitions are never shown as guidance. */
  note: z.string().optional(),
});

const fileSchema = z.object({ entries: z.array(entrySchema) });

export type GlossaryEntry = z.infer<typeof entrySchema>;

/** A question with the synonyms and expansions the glossary adds to it. */
export interface ExpandedQuery {
  original: string;
  /** Phrases added by the glossary, not already in the question. */
  expansions: string[];
}

/** Synonym and acronym expansion at query time, from an admin-editable YAML file. */
export class Glossary {
  /**
   * Each entry's phrases, and for each phrase the word-stem sequences of its spellings (stopwords kept, so
   * "child in need" is not just "child").
   */
  private readonly groups: { phrases: string[]; spellingSeqs: string[][][] }[];

  constructor(entries: GlossaryEntry[]) {
    this.groups = entries.map((e) => ({
      phrases: e.terms,
      spellingSeqs: e.terms.map((t) => spellings(t).map((s) => phraseTerms(s))),
    }));
  }

  /** Every phrase of every entry, as written: the redactor keeps these words. */
  phrases(): string[] {
    return this.groups.flatMap((g) => g.phrases);
  }

  /** Loads and validates the glossary file; errors name the entry and field. */
  static load(file: string): Glossary {
    const parsed = fileSchema.safeParse(parse(fs.readFileSync(file, "utf8")));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}: ${issue?.path.join(".")}: ${issue?.message}`);
    }
    return new Glossary(parsed.data.entries);
  }

  /** Returns the phrases of every entry one of whose phrases occurs in the question (as whole terms). */
  expand(question: string): ExpandedQuery {
    const questionTerms = phraseTerms(question);
    const caseSensitiveWords = new Set(question.split(/[^\p{L}\p{N}]+/u));
    const expansions = new Set<string>();
    for (const group of this.groups) {
      const hit = group.spellingSeqs.some((seqs, i) => {
        const phrase = group.phrases[i] ?? "";
        // Short all-capital acronyms ("CAF", "LAC") must be written in capitals: "lac" or "caf" as words are rare,
        // but "IT", "CIN" and the like would otherwise fire on ordinary words.
        if (/^[A-Z]{2,4}$/.test(phrase))
          return caseSensitiveWords.has(phrase) || caseSensitiveWords.has(`${phrase}s`);
        return seqs.some((seq) => containsSequence(questionTerms, seq));
      });
      if (!hit) continue;
      for (const phrase of group.phrases) {
        if (!containsSequence(questionTerms, phraseTerms(phrase))) expansions.add(phrase);
      }
    }
    return { original: question, expansions: [...expansions] };
  }
}

/**
 * The ways a phrase is written: each hyphenated word as separate words ("co sleeping") or as one
 * ("cosleeping"). A question with the hyphen has both forms among its terms, so it matches either.
 */
function spellings(phrase: string): string[] {
  let variants = [""];
  for (const word of phrase.split(/\s+/).filter(Boolean)) {
    const forms = word.includes("-") ? [word.replaceAll("-", " "), word.replaceAll("-", "")] : [word];
    variants = variants.flatMap((start) => forms.map((form) => `${start} ${form}`));
  }
  return variants;
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
