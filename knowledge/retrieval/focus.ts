import type { ChunkRecord } from "../types.ts";
import { sentencesOf } from "./coverage.ts";
import type { TermSet } from "./passage-terms.ts";
import type { WeightedTerm } from "./query-terms.ts";
import { terms, words } from "./text-analysis.ts";

/**
 * What a question is about and what it asks for, read against the passages found. Unanswerable questions
 * on a practitioner's chat usually share the guidance's topic and ask for something the document lacks —
 * a named person's phone number, a year it does not cover, a region it never names — so coverage of all
 * the words is high while the few words that say what is asked are missing.
 */

/** The question's own terms, rarest first (glossary additions never say what is asked). */
export function focusTerms(question: WeightedTerm[]): WeightedTerm[] {
  return question.filter((t) => !t.expansion && t.weight > 0).sort((a, b) => b.weight - a.weight);
}

/** A contact detail asked for: a phone number, an email or postal address, a bleep. */
const CONTACT_QUESTION =
  /\b(?:phone|telephone|(?:contact\s+)?number\s+for|e-?mail|address|bleep|contact\s+details|extension|mobile\s+number)\b/i;

/** A contact detail written in a passage: a UK phone number, an email address, a bleep or a "Tel:". */
const CONTACT_DETAIL = /\b0\d{3,4}[\s-]?\d{3}[\s-]?\d{3,4}\b|@|\bbleep\b|\btel\b[:.]?|\btelephone\b/i;

/** Whether the question asks for a contact detail (phone, email, address, bleep). */
export function asksForContact(question: string): boolean {
  return CONTACT_QUESTION.test(question);
}

/** Whether a passage gives a contact detail: a phone number, an email address, a bleep. */
export function givesContact(text: string): boolean {
  return CONTACT_DETAIL.test(text);
}

/**
 * Weighted share of the question's rare terms that the top passage's document holds in any of the
 * candidate passages: a document that names the region or the panel asked about elsewhere still
 * speaks to the question; one that never names it does not.
 */
export function documentCoverage(
  rare: WeightedTerm[],
  top: ChunkRecord,
  candidates: { chunk: ChunkRecord; present: TermSet }[],
): number {
  const total = rare.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return 0;
  const same = candidates.filter((c) => c.chunk.source === top.source);
  let covered = 0;
  for (const t of rare) if (same.some((c) => c.present.has(t.term))) covered += t.weight;
  return covered / total;
}

/** Years and periods ("2012", "2012/13", "2012-2013") are when, not how many. */
const YEARS = /\b(?:19|20)\d{2}(?:[/-]\d{2,4})?\b/g;
/**
 * A figure as guidance writes it: digits, a number or share in words, or a frequency or duration ("every
 * fortnight", "annually", "within a working day") for "how often" and "how long".
 */
const FIGURE =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|half|quarter|third|majority|most|daily|weekly|fortnightly|monthly|quarterly|annually|yearly|annual|fortnight|days?|weeks?|months?|years?|hours?|minutes?)\b/i;

/**
 * Whether a passage gives a figure beside one of the question's rare terms: a sentence that holds both.
 * "How many looked after children are there in Bristol?" is not answered by a passage on looked after
 * children that gives no count of them.
 */
export function givesFigureFor(rare: WeightedTerm[], text: string): boolean {
  if (rare.length === 0) return FIGURE.test(text.replace(YEARS, " "));
  return sentencesOf(text).some((sentence) => {
    if (!FIGURE.test(sentence.replace(YEARS, " "))) return false;
    const present = new Set(terms(sentence));
    return rare.some((t) => present.has(t.term));
  });
}

/** Whether words name a place ("dudley", "north somerset"): a gazetteer the composition root supplies. */
export type PlaceLookup = (words: string) => boolean;

/** Place names run to three words at most ("blackburn with darwen", "newcastle upon tyne"). */
const PLACE_WORDS = 3;

/**
 * The places a question names, as lower-case words ("sandwell", "north somerset"), longest match first. An
 * everyday word that is also some town ("deal", "street", "march") is no place here: a practitioner who
 * asks about one writes its name, and "end of march" names a month.
 */
export function placesNamed(
  question: string,
  isPlace: PlaceLookup,
  isEveryday: (word: string) => boolean,
): string[] {
  const list = words(question).filter((w) => /^\p{L}+$/u.test(w));
  const found: string[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let n = Math.min(PLACE_WORDS, list.length - i); n >= 1; n--) {
      const phrase = list.slice(i, i + n);
      if (n === 1 && isEveryday(phrase[0] as string)) continue;
      if (isPlace(phrase.join(" "))) {
        found.push(phrase.join(" "));
        i += n - 1;
        break;
      }
    }
  }
  return [...new Set(found)];
}

/** Whether a passage (its title, heading and text, as one lower-case run of words) names a place. */
export function namesPlace(place: string, passage: string): boolean {
  return ` ${words(passage).join(" ")} `.includes(` ${place} `);
}

/**
 * Whether the question's two rarest own terms stand in one sentence of a passage. A passage that answers
 * says the two things asked about together ("rate of CP plans … in Sandwell"); one that shares the topic has
 * them, if at all, sentences apart. A question of fewer than two weighted terms never has them together.
 */
export function rarestTogether(question: WeightedTerm[], text: string): boolean {
  const [first, second] = focusTerms(question);
  if (!first || !second) return false;
  return sentencesOf(text).some((sentence) => {
    const present = new Set(terms(sentence));
    return present.has(first.term) && present.has(second.term);
  });
}
