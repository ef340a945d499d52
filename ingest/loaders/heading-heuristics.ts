/**
 * Telling a heading from a body line by its words alone, for documents whose typography says nothing
 * (PDFs re-rendered at one size, Word files converted without heading styles, plain text).
 */

import { headingNumbering } from "./heading-path.ts";

const MAX_WORDS = 12;
const MAX_CHARS = 90;

/** A line ending in one of these runs on into the next: it is a sentence or a lead-in, not a heading. */
const RUN_ON_WORDS = new Set([
  "a",
  "about",
  "an",
  "and",
  "are",
  "as",
  "at",
  "be",
  "by",
  "for",
  "from",
  "in",
  "including",
  "is",
  "of",
  "on",
  "or",
  "that",
  "the",
  "to",
  "was",
  "were",
  "which",
  "with",
]);

/** Lines that are labelled fields or captions, never section headings. */
const NOT_HEADING_START =
  /^(?:table|figure|fig\.|chart|graph|map|diagram|image|photo|picture|source|dear|yours|tel|telephone|phone|mobile|fax|e-?mail|email|web(?:site)?|address|contact|author|ref|version|date|time|venue|location)\b/i;

/**
 * Lines that stand alone but label rather than head: decisions in minutes ("RESOLVED") and protective
 * markings ("OFFICIAL-SENSITIVE", "DRAFT").
 */
const LABEL_LINE =
  /^(?:resolved|agreed|noted|actions?|decisions?|draft|final|confidential|official(?:[\s-]+sensitive)?|protect|restricted|not protectively marked)$/i;

/** Short words that stay lower case in a title-cased heading. */
const MINOR_WORDS = new Set([...RUN_ON_WORDS, "but", "nor", "into", "onto", "per", "via", "than"]);

/** A written or numeric date; a line carrying one is a dateline or a signature, not a heading. */
const DATE_IN_LINE =
  /\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/i;

/** True when the letters of the text are all capitals (and there are some). */
export function isAllCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, "");
  return letters.length >= 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/**
 * Whether one short line reads as a heading: short, starts with a capital or a section number, does not
 * end like a sentence or a lead-in ("...were:", "...of the"), and is not a field, caption, address,
 * dateline or bullet. ALL-CAPS lines may end with a colon ("KEY ISSUES RAISED:").
 */
export function looksLikeHeading(text: string): boolean {
  const line = text.trim();
  if (line.length < 3 || line.length > MAX_CHARS) return false;
  const words = line.split(/\s+/);
  if (words.length > MAX_WORDS) return false;
  if (!/^(?:\p{Lu}|\d)/u.test(line)) return false;
  const letters = line.replace(/[^\p{L}]/gu, "").length;
  if (letters < 3 || letters < line.replace(/\s/g, "").length / 2) return false;
  if (/[.,;]$/.test(line)) return false;
  if (line.endsWith(":") && !isAllCaps(line)) return false;
  if (/@|https?:|www\.|•/.test(line)) return false;
  if (NOT_HEADING_START.test(line) || DATE_IN_LINE.test(line) || LABEL_LINE.test(line)) return false;
  // "Telephone: 01384 815243", "Time: 1:30pm", "Members: Dudley, Sandwell": a label and its value.
  if (/:\s*\S*\d|:.*,/.test(line)) return false;
  const last =
    words
      .at(-1)
      ?.toLowerCase()
      .replace(/[^\p{L}]/gu, "") ?? "";
  if (RUN_ON_WORDS.has(last)) return false;
  return words.length <= 9 || isAllCaps(line) || mostlyCapitalised(words);
}

/** A long line is a heading only in title case; in sentence case it is a sentence without its full stop. */
function mostlyCapitalised(words: string[]): boolean {
  const significant = words.filter((w) => /^\p{L}/u.test(w) && !MINOR_WORDS.has(w.toLowerCase()));
  const capitalised = significant.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised * 2 >= significant.length;
}

/**
 * The level of a heading known only by its wording: all such headings share `base`, since nothing tells
 * their rank, except that a deeper section number nests ("3.1 Safer sleep" under "3. BACKGROUND").
 */
export function wordingLevel(text: string, base: number): number {
  return base + Math.max(0, (headingNumbering(text)?.length ?? 1) - 1);
}

/**
 * Levels for a run of headings known only by wording. They share one level, so each replaces the last;
 * but a heading that follows one directly, with no text between ("Deprivation" then "Importance of the
 * first years"), is taken as its first subsection and nests under it.
 */
export class WordingLevels {
  #parentPending = false;

  constructor(private readonly base: number) {}

  /** The level for the next wording heading. */
  next(text: string): number {
    const nested = this.#parentPending;
    const level = wordingLevel(text, nested ? this.base + 1 : this.base);
    this.#parentPending = !nested && level === this.base;
    return level;
  }

  /** Text, or a heading of another kind, came between: the next wording heading is a sibling again. */
  interrupt(): void {
    this.#parentPending = false;
  }
}

/**
 * The visual class of a heading by its words, so that headings of one kind share a level:
 * numbered at a depth, in capitals, or plain.
 */
export function headingStyle(text: string): string {
  const depth = headingNumbering(text)?.length ?? 0;
  return `${depth > 0 ? `n${depth}` : "u"}${isAllCaps(text) ? "C" : ""}`;
}

/**
 * Levels for implied headings: each look gets a level the first time it is seen, so a look first met
 * higher up the document ranks outer. Levels start at `base`, below any real heading levels.
 */
export class ImpliedLevels {
  readonly #levels = new Map<string, number>();

  constructor(private readonly base: number) {}

  levelOf(style: string): number {
    let level = this.#levels.get(style);
    if (level === undefined) {
      level = this.base + this.#levels.size;
      this.#levels.set(style, level);
    }
    return level;
  }
}
