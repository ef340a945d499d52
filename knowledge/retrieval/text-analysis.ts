import { stemmer } from "stemmer";

/**
 * Words that carry no meaning for matching guidance. Question words are here too: "what", "how" and
 * "should" appear in every question and would otherwise favour passages that happen to ask questions.
 */
const STOPWORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both " +
    "but by can could did do does doing down during each few for from further had has have having he her here hers " +
    "him his how i if in into is it its itself just me more most my no nor not of off on once only or other our out " +
    "over own same she should so some such than that the their them then there these they this those through to too " +
    "under until up very was we were what when where which while who whom why will with would you your yours ok okay " +
    "tell know please ask asks asked asking wonder wondering right correct thing things get got say says said also us may might must shall " +
    // Chat spellings of question words: "whats" would otherwise stem to a word of its own.
    "whats wats hows whos wheres whens whys thats theres heres"
  ).split(" "),
);

/** Splits on anything that is not a letter or digit; keeps hyphenated words also as one joined word. */
export function words(text: string): string[] {
  const normalised = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'");
  const out: string[] = [];
  for (const raw of normalised.split(/[^\p{L}\p{N}'-]+/u)) {
    const word = raw.replace(/^['-]+|['-]+$/g, "").replace(/'s$/, "");
    if (!word) continue;
    const parts = word.split(/['-]+/).filter(Boolean);
    out.push(...parts);
    // "co-sleeping" is also written "cosleeping"; index both so either spelling finds it.
    if (parts.length > 1) out.push(parts.join(""));
  }
  return out;
}

/**
 * Stems already computed. Guidance has a vocabulary of tens of thousands of words that recur in every
 * passage; stemming each occurrence again was the largest cost of re-scoring candidates.
 */
const STEMS = new Map<string, string>();
const MAX_STEMS = 200_000;

function stem(word: string): string {
  let s = STEMS.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (STEMS.size < MAX_STEMS) STEMS.set(word, s);
  }
  return s;
}

/** The normalised form of one word for matching, or null for a stopword. */
export function term(word: string): string | null {
  const w = word.toLowerCase();
  if (STOPWORDS.has(w)) return null;
  if (/^\d+$/.test(w)) return w;
  return stem(w);
}

/** Every word of a text in its matching form, stopwords kept: for matching whole phrases. */
export function phraseTerms(text: string): string[] {
  return words(text).map((w) => (/^\d+$/.test(w) ? w : stem(w)));
}

/** The matching terms of a text, in order, stopwords removed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const t = term(w);
    if (t) out.push(t);
  }
  return out;
}

/** The words of a file name ("north-west-sli-infant-mortality-2016.pdf"): admins name files by their subject. */
export function fileNameWords(source: string): string {
  const base = source.split("/").at(-1) ?? source;
  return base.replace(/\.[a-z0-9]+$/i, "").replace(/[-_.]+/g, " ");
}
