import fs from "node:fs";
import { createRequire } from "node:module";
import { isEnglishWord, isEverydayWord } from "./english-words.ts";
import { SortedWords } from "./sorted-words.ts";

/**
 * Whether a question asks for a person by name, and whether a passage names anyone. "Who chairs the
 * panel?" is answered by a passage that names the chair; a passage that only says "an independent chair
 * will be appointed" is about the topic and cannot answer it — the commonest shape of an unanswerable
 * question on guidance that shares its topic.
 */

/** A name asked for: "name of", "what's X called", "who chairs / wrote / leads", "who is the chair". */
const NAME_QUESTION =
  /\bname\b|\bcalled\b|\bwho(?:'s|s|\s+is|\s+was|\s+are|\s+were)?\s+(?:the\s+)?(?:(?:current|new|independent)\s+)?(?:chairs?|chaired|chairing|wrote|written|authored|leads?|led|coordinator|co-ordinator|director|manager|author|lead\b)/i;

/** Whether the question asks for somebody's name. */
export function asksForPersonName(question: string): boolean {
  return NAME_QUESTION.test(question);
}

/** A title before a surname: "Dr Khan", "Professor Sir Bruce Keogh", "Cllr Evans". */
const TITLED = /\b(?:Dr|Mr|Mrs|Ms|Miss|Prof|Professor|Sir|Dame|Cllr|Councillor)\.?\s+[A-Z][\p{L}'’-]+/u;
/**
 * A run of capitalised words. A person is a run of exactly two, or three with an initial between them
 * ("Liz Allen", "Angela H Hardman"); longer runs are organisations and titles ("Dudley Metropolitan Borough
 * Council", "Sandwell and West Birmingham CCG" breaks into runs that are not names).
 */
const CAPITALISED_RUN = /[A-Z][\p{L}'’-]*\.?(?:[ \t]+[A-Z][\p{L}'’-]*\.?)*/gu;
/**
 * How common in spoken English a name list's word may be and still start a person's name. The list holds
 * many words as rare names ("For", "Young", "Black"), so a word among the most common starts a name only
 * before a surname that is no English word ("John Polychronakis"); two words both fairly common are words
 * before they are a name ("Public Health", "Senior Manager"), one of them may be ("Roger Clayton").
 */
const NAME_RANK = Object.freeze({ never: 300, commonFirst: 500, bothCommon: 2000 });

/**
 * Words that end the name of a place or a body, not of a person, though the name list holds them as
 * surnames ("Cheshire East", "Dudley Group", "Walsall Council").
 */
const NOT_SURNAMES = new Set(
  "north south east west central group council trust board team partnership service services centre hospital wing unit ward street road lane borough county city town park house school college academy".split(
    " ",
  ),
);
/** A surname is written "Allen", not "CCG" or "LSCB". */
const NAME_CASE = /^[A-Z][\p{Ll}'’-]+$/u;

let names: SortedWords | undefined;

/**
 * The humannames list (~197,000 first names and surnames of many origins), lower case, loaded on first use
 * and shared by everything in the thread that asks whether a word is a name (the redactor too). Retrieval
 * needs it only for a question that asks for a name.
 */
export function humanNames(): SortedWords {
  if (!names) {
    // The package's one-name-a-line list: its JSON object of 197,000 keys parses ten times slower.
    const file = createRequire(import.meta.url).resolve("humannames/list.txt");
    names = SortedWords.of(fs.readFileSync(file, "utf8").toLowerCase().split(/\r?\n/).filter(Boolean));
  }
  return names;
}

function isName(word: string): boolean {
  return humanNames().has(word);
}

/**
 * Whether a passage names a person: a titled surname, or a first name followed by a surname ("Dudley
 * Metropolitan" is a name list's word followed by an English one, so not a person).
 */
export function namesAPerson(text: string): boolean {
  if (TITLED.test(text)) return true;
  for (const m of text.matchAll(CAPITALISED_RUN)) {
    const words = m[0].split(/[ \t]+/).map((w) => w.replace(/\.$/, ""));
    const initial = words.length === 3 && (words[1] as string).length === 1;
    if (words.length !== 2 && !initial) continue;
    const first = (words[0] as string).toLowerCase();
    const written = words.at(-1) as string;
    const last = written.toLowerCase();
    if (!NAME_CASE.test(written) || NOT_SURNAMES.has(last)) continue;
    if (first.length < 2 || !isName(first) || NOT_SURNAMES.has(first)) continue;
    if (isEverydayWord(first, NAME_RANK.never)) continue;
    // A surname the list lacks is still a name when it is no English word ("Palk", "Hardman").
    if (!isEnglishWord(last)) return true;
    if (!isName(last) || isEverydayWord(first, NAME_RANK.commonFirst)) continue;
    if (!(isEverydayWord(first, NAME_RANK.bothCommon) && isEverydayWord(last, NAME_RANK.bothCommon)))
      return true;
  }
  return false;
}
