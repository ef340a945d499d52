import { terms } from "./text-analysis.ts";

/**
 * Query understanding that needs no index: what of a practitioner's message is the question, in the
 * library's own spelling of periods. The risk check reads the whole message; only the search reads this.
 */

/**
 * Words of chat that say nothing about the guidance sought: greetings, apologies, hedges, thanks and
 * reassurance. A leading clause made only of these (and stopwords) is left out of the search text.
 */
const CHATTER = new Set(
  (
    "hi hello hiya hey morning afternoon evening all everyone team folks guys lovely quick one q query question " +
    "questions sorry daft silly stupid dumb obvious probably maybe just wondering wonder wondered bit confused " +
    "random thanks thank cheers ta much many advance x xx xxx fine great good nice really honestly totally " +
    "family families worries worry worried concerns concern concerned issues problem problems absolutely happy " +
    "thriving well doing lol haha hopefully hope someone anyone anybody help helping quickly check checking " +
    "need needed want wanted wants like would love apologies apologise pls plz please dear colleague colleagues " +
    "new here first time"
  ).split(" "),
);

/** Clause boundaries inside a message: sentence ends, dashes, colons, semicolons, commas and "but". */
const CLAUSE_BOUNDARY = /(?<=[.!?])\s+|\s+[–—-]+\s+|\s*[:;]\s+|,\s+|\s+but\s+|\s*\.\.\.+\s*/giu;

/** Negated reassurance ("nobody smokes", "no marks") before a "but": context, not what is asked. */
const REASSURANCE = /^(?:no|nobody|none|nothing|not|never|neither|all|everything)\b/i;

/**
 * The message without its conversational or reassuring opening clauses and closing thanks. Never empties
 * a message: when every clause is chat the message is searched as written.
 */
export function withoutPreamble(message: string): string {
  const clauses = splitClauses(message);
  if (clauses.length < 2 || clauses.every((c) => isChatter(c.text))) return message.trim();
  let start = 0;
  while (start < clauses.length - 1 && isPreamble(clauses[start] as Clause, clauses[start + 1] as Clause))
    start++;
  let end = clauses.length;
  while (end - 1 > start && isChatter((clauses[end - 1] as Clause).text)) end--;
  const kept = clauses.slice(start, end);
  return kept.length === clauses.length ? message.trim() : kept.map((c) => c.text).join(" ");
}

interface Clause {
  text: string;
  /** The boundary that follows it, lower-cased ("but", ",", "." ...). */
  after: string;
}

function splitClauses(message: string): Clause[] {
  const out: Clause[] = [];
  let at = 0;
  for (const match of message.matchAll(CLAUSE_BOUNDARY)) {
    const text = message.slice(at, match.index).trim();
    if (text) out.push({ text, after: match[0].trim().toLowerCase() });
    at = (match.index ?? 0) + match[0].length;
  }
  const rest = message.slice(at).trim();
  if (rest) out.push({ text: rest, after: "" });
  return out;
}

function isPreamble(clause: Clause, next: Clause): boolean {
  if (isChatter(clause.text)) return true;
  // "nobody smokes or drinks — but what temperature…": reassurance sets the scene; the question follows.
  return REASSURANCE.test(clause.text) && clause.after === "but" && terms(next.text).length >= 2;
}

function isChatter(text: string): boolean {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean);
  if (words.length === 0) return true;
  const content = terms(text);
  // Stopwords are not content; everything else must be chat for the clause to be left out.
  return content.length === 0 || words.filter((w) => terms(w).length > 0).every((w) => CHATTER.has(w));
}

/**
 * Periods written the library's way: "12/13", "12-13", "2012-2013" and "2012-13" become "2012/13", so the
 * search finds a table headed "2012/13" whatever the practitioner typed. Only consecutive years count,
 * so dates ("12/03") are left alone.
 */
export function normalisePeriods(text: string): string {
  return text.replace(
    /(?<!\bage[ds]?\s|\d[/.-])\b(?:(20)(\d{2})|(\d{2}))\s?[/-]\s?(?:20)?(\d{2})\b(?!\s*(?:years?|yrs?|months?|weeks?|days?|hours?|%)|[/.-]\d)/gi,
    (
      whole,
      century: string | undefined,
      long: string | undefined,
      short: string | undefined,
      end: string,
    ) => {
      const first = Number(long ?? short);
      if (Number(end) !== (first + 1) % 100) return whole;
      // A bare "12-13" could be a range of ages or pages; only treat two-digit pairs as years in 2000-2039.
      if (!century && first > 39) return whole;
      return `20${(long ?? short) as string}/${end}`;
    },
  );
}

/** "what does LADO stand for", "whats an IRO", "what is meant by CSE", "define SUDI", "MASH meaning". */
const DEFINITION_QUESTIONS = [
  /\bwh?at(?:\s+(?:actually|exactly|even))?(?:'s|s|\s+is|\s+are|\s+does|\s+do)(?:\s+(?:actually|exactly|even))?\s+(?:an?\s+|the\s+)?(?:term\s+)?["'‘“]?([\p{L}][\p{L}\p{N}&'/-]*(?:\s+[\p{L}][\p{L}\p{N}&'/-]*){0,3}?)["'’”]?\s*(?:stand\s+for|stands\s+for|short\s+for|mean|means|\?|$)/iu,
  /\bwhat\s+is\s+meant\s+by\s+(?:an?\s+|the\s+)?["'‘“]?([\p{L}][\p{L}\p{N}&'/-]*(?:\s+[\p{L}][\p{L}\p{N}&'/-]*){0,3}?)["'’”]?\s*(?:\?|$)/iu,
  /\b(?:define|definition\s+of|meaning\s+of)\s+(?:an?\s+|the\s+)?["'‘“]?([\p{L}][\p{L}\p{N}&'/-]*(?:\s+[\p{L}][\p{L}\p{N}&'/-]*){0,3}?)["'’”]?\s*(?:\?|$|\s+(?:in|please))/iu,
  /^\s*["'‘“]?([\p{L}][\p{L}\p{N}&'/-]*)["'’”]?\s+(?:meaning|stands\s+for|definition)\b/iu,
];

/**
 * The term a definition question asks about, when the question is one ("whats an IRO" → "IRO"); undefined
 * for every other question. At most four words, so "what is the process for…" is not read as a term.
 */
export function definedTerm(question: string): string | undefined {
  for (const pattern of DEFINITION_QUESTIONS) {
    const match = pattern.exec(question.trim());
    const found = match?.[1]?.trim();
    if (found && !/^(?:the|a|an|it|this|that|best|process|procedure|right|difference)\b/i.test(found))
      return found;
  }
  return undefined;
}

/**
 * Chat spellings and everyday words with the word guidance uses for them. Used only when the library lacks
 * the chat word and has the standard one, so a library that does say "mum" keeps it.
 */
export const CHAT_WORDS: Readonly<Record<string, string>> = Object.freeze({
  u: "you",
  ur: "your",
  r: "are",
  pls: "please",
  plz: "please",
  thru: "through",
  b4: "before",
  hw: "how",
  shld: "should",
  cld: "could",
  wld: "would",
  abt: "about",
  wot: "what",
  wat: "what",
  whats: "what",
  kids: "children",
  kid: "child",
  kiddies: "children",
  mum: "mother",
  mums: "mothers",
  mam: "mother",
  dad: "father",
  dads: "fathers",
  temp: "temperature",
  temps: "temperatures",
  info: "information",
  yr: "year",
  yrs: "years",
  mtg: "meeting",
  mtgs: "meetings",
  appt: "appointment",
  appts: "appointments",
  dept: "department",
  govt: "government",
  approx: "approximately",
  wk: "week",
  wks: "weeks",
  couch: "sofa",
  settee: "sofa",
  newborn: "baby",
  newborns: "babies",
  bub: "baby",
  stats: "statistics",
  docs: "doctors",
  doc: "doctor",
  convo: "conversation",
  ref: "referral",
  refs: "referrals",
});

/** "how many", "what %", "what proportion", "how much", "number of", "rate of": the answer is a figure. */
const FIGURE_QUESTION =
  /\b(?:how\s+many|how\s+much|how\s+often|how\s+long|what\s+(?:%|percent(?:age)?|proportion|share|rate|number|no\.?)|number\s+of|rate\s+of|%\s+of|percent(?:age)?\s+of|proportion\s+of)\b|%/i;

/** Whether the question asks for a figure (a count, a share, a rate, a duration). */
export function asksForFigure(question: string): boolean {
  return FIGURE_QUESTION.test(question);
}

/** Words that say a question asks what something means, wherever they stand. */
const DEFINITION_CUE =
  /\b(?:mean|means|meaning|stand\s+for|stands\s+for|short\s+for|abbreviation|acronym|define|definition|what\s+is\s+(?:that|it|this)|wh?at\s+(?:actually|exactly|even)\s+is\b|wh?at(?:'s|s|\s+is)(?:\s+(?:actually|exactly|even))?\s+(?:an?\s+|the\s+)?\S+\s*\?*\s*$)|^\s*[A-Z][A-Za-z]{0,1}[A-Z]{1,5}s?\s*\?+\s*$/;

/**
 * The terms a question may be asking the meaning of when it does not say so in a standard form ("IRO?? what
 * is that pls", "CIN - wot does it mean", "whats CAF short for"): its acronyms and the words after
 * "is a/an/the", for a definition lookup to confirm. Empty without a definition cue.
 */
export function possibleDefinedTerms(question: string): string[] {
  const standard = definedTerm(question);
  if (standard) return [standard];
  if (!DEFINITION_CUE.test(question)) return [];
  const out = new Set<string>();
  for (const m of question.matchAll(/\b[A-Z][A-Za-z]{0,1}[A-Z]{1,5}s?\b/g)) out.add(m[0]);
  for (const phrase of question.matchAll(
    /\bis\s+(?:(?:actually|exactly|even)\s+)?(?:an?|the)\s+([\p{L}][\p{L}'-]*(?:\s+[\p{L}][\p{L}'-]*){0,2})/giu,
  )) {
    const words = (phrase[1] as string).split(/\s+/);
    for (let n = words.length; n >= 1; n--) out.add(words.slice(0, n).join(" "));
  }
  return [...out];
}
