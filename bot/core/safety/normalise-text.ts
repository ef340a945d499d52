/**
 * Puts a question into one plain form before personal data is looked for, so disguised identifiers look like
 * ordinary ones: compatibility forms folded (full-width digits, ligatures), invisible characters removed,
 * spoken digits and spoken email addresses written out, dates in words written as numbers. The normalised
 * text is what the rest of the system sees once it is redacted.
 */

/**
 * Zero-width and other format characters (ZWSP, ZWJ, word joiner, BOM, soft hyphen, bidi marks), private-use
 * characters (the redactor's own mask is one) and control characters other than line breaks and tabs.
 */
const INVISIBLE = /[\p{Cf}\p{Co}]|[^\P{Cc}\n]/gu;

const DIGIT_WORDS: Record<string, string> = {
  zero: "0",
  nought: "0",
  oh: "0",
  o: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
};
const REPEATS: Record<string, number> = { double: 2, triple: 3 };

/**
 * A run of single digits, digit words and "double"/"triple", one unit after another: "0 7 7 0 0 ...",
 * "oh seven seven double oh ...". Only runs long enough to be a phone or NHS number are rewritten, so "one
 * or two", "three contacts" and "aged 3 4 5" stay as written.
 */
const SPOKEN_DIGIT_UNIT = String.raw`(?:\d|zero|nought|oh|o|one|two|three|four|five|six|seven|eight|nine|double|triple)`;
const SPOKEN_DIGIT_RUN = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${SPOKEN_DIGIT_UNIT}(?:[ \t]*[-,.]?[ \t]+${SPOKEN_DIGIT_UNIT}|-${SPOKEN_DIGIT_UNIT})+(?![\p{L}\p{N}])`,
  "giu",
);
/** Fewest digits a spoken run must give to be rewritten: a UK phone number without its 0 has 10, a bare mobile 10. */
const MIN_SPOKEN_DIGITS = 6;

function spokenDigits(run: string): string | undefined {
  const units = run
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let digits = "";
  let repeat = 1;
  for (const unit of units) {
    const times = REPEATS[unit];
    if (times) {
      repeat = times;
      continue;
    }
    const digit = /^\d$/.test(unit) ? unit : DIGIT_WORDS[unit];
    if (digit === undefined) return undefined;
    digits += digit.repeat(repeat);
    repeat = 1;
  }
  // "oh" and "o" are digits only among other digits: a run of nothing but them is an exclamation.
  const onlyOhs = units.every((u) => u === "oh" || u === "o");
  return digits.length < MIN_SPOKEN_DIGITS || onlyOhs ? undefined : digits;
}

/** "at" written as a word or in brackets, and the same for "dot": how addresses are disguised in messages. */
const AT = String.raw`(?:[ \t]*@[ \t]*|[ \t]*[[({<][ \t]*at[ \t]*[\])}>][ \t]*|[ \t]+at[ \t]+)`;
const DOT = String.raw`(?:[ \t]*[[({<][ \t]*dot[ \t]*[\])}>][ \t]*|[ \t]+dot[ \t]+|\.)`;
const LABEL = String.raw`[\p{L}\p{N}_%+-]+`;
/**
 * The last label is a top-level domain: letters only, and short, so "look at this dot point" is not one. The
 * local part may end in an initial typed apart ("tharushi p at gmail dot com"), written with a dot, and then
 * in up to four digits typed apart ("mikey b 1985 at gmail dot com": the 12h-A redaction set kept "mikey b").
 */
const SPOKEN_EMAIL = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])(${LABEL}(?:${DOT}${LABEL})*(?:[ \t]+\p{L})?(?:[ \t]+\p{N}{1,4})?)(${AT})(${LABEL}(?:${DOT}${LABEL})*${DOT}(\p{L}{2,4}))(?![\p{L}\p{N}])`,
  "giu",
);
const DOT_SEPARATOR = new RegExp(DOT, "giu");
/**
 * "met at school.It was" has the shape of "jo at school.org" when a full stop lacks its space, so a plain
 * "at" with ordinary dots counts only before a lower-case top-level domain that addresses use.
 */
const COMMON_TLD = /^(?:com|org|net|uk|gov|nhs|ac|edu|io|info|co|me|ie|eu)$/;

function spokenEmail(match: string, local: string, at: string, domain: string, tld: string): string {
  const plain = (part: string) => part.replace(DOT_SEPARATOR, ".").replace(/[ \t]+/g, ".");
  const disguised = at.trim() !== "at" || plain(local) !== local || plain(domain) !== domain;
  if (!disguised && !COMMON_TLD.test(tld)) return match;
  const written = `${plain(local)}@${plain(domain)}`;
  // Already an ordinary address ("jo@school.org"): nothing was disguised, so leave the text as typed.
  return written === match ? match : written;
}

const UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS = [
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const ORDINAL_UNITS = [
  "",
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
];
const ORDINAL_TEENS = TEENS.map((t) => (t === "twelve" ? "twelfth" : `${t}th`));

/** The words for 1-99 and their numbers, e.g. "twenty-one" and "twenty one" both 21. */
function cardinalWords(): Map<string, number> {
  const words = new Map<string, number>();
  UNITS.forEach((u, i) => {
    if (u) words.set(u, i);
  });
  TEENS.forEach((t, i) => {
    words.set(t, 10 + i);
  });
  for (let tens = 2; tens < 10; tens++) {
    words.set(TENS[tens] as string, tens * 10);
    for (let unit = 1; unit < 10; unit++) {
      words.set(`${TENS[tens]} ${UNITS[unit]}`, tens * 10 + unit);
    }
  }
  return words;
}

/** Day-of-month ordinals 1-31 in words: "first", "twelfth", "twenty-first", "thirty first". */
function ordinalWords(): Map<string, number> {
  const words = new Map<string, number>();
  ORDINAL_UNITS.forEach((o, i) => {
    if (o) words.set(o, i);
  });
  ORDINAL_TEENS.forEach((o, i) => {
    words.set(o, 10 + i);
  });
  words.set("twentieth", 20);
  words.set("thirtieth", 30);
  for (let unit = 1; unit < 10; unit++) words.set(`twenty ${ORDINAL_UNITS[unit]}`, 20 + unit);
  words.set("thirty first", 31);
  return words;
}

const CARDINALS = cardinalWords();
const ORDINALS = ordinalWords();
const wordAlternatives = (words: Iterable<string>) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(" ", "[ \\t-]+"))
    .join("|");
const CARDINAL = `(?:${wordAlternatives(CARDINALS.keys())})`;
const ORDINAL_WORD = `(?:${wordAlternatives(ORDINALS.keys())})`;
/** "twenty nineteen", "two thousand and nineteen", "two thousand nineteen", "nineteen ninety-nine". */
const YEAR_WORDS = String.raw`(?:(?:nineteen|twenty)[ \t-]+(?:hundred|${CARDINAL})|two[ \t-]+thousand(?:[ \t-]+and)?(?:[ \t-]+${CARDINAL})?)`;
const MONTH_NAME = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const DAY = String.raw`(?:${ORDINAL_WORD}|\d{1,2}(?:st|nd|rd|th)?)`;
const YEAR = String.raw`(?:${YEAR_WORDS}|\d{4})`;
/** A date with its day or year in words: "the twelfth of March twenty nineteen", "March the first, 2019". */
const DATE_IN_WORDS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(${DAY})((?:[ \t]+of)?[ \t]+${MONTH_NAME}\.?)(?:(,?[ \t]+)(${YEAR}))?|(${MONTH_NAME}\.?[ \t]+(?:the[ \t]+)?)(${DAY})(?:(,?[ \t]+)(${YEAR}))?|(${MONTH_NAME}\.?[ \t]+)(${YEAR_WORDS}))(?![\p{L}\p{N}])`,
  "giu",
);

const squash = (words: string) => words.toLowerCase().replace(/[ \t-]+/g, " ");

function dayNumber(day: string): string {
  const inWords = ORDINALS.get(squash(day));
  if (inWords === undefined) return day;
  const suffix =
    inWords % 10 === 1 && inWords !== 11 ? "st" : inWords % 10 === 2 && inWords !== 12 ? "nd" : "th";
  return `${inWords}${inWords % 10 === 3 && inWords !== 13 ? "rd" : suffix}`;
}

function yearNumber(year: string): string {
  if (/^\d{4}$/.test(year)) return year;
  const words = squash(year).replace(/ and /g, " ");
  const thousand = /^two thousand(?: (.+))?$/.exec(words);
  if (thousand) return String(2000 + (thousand[1] ? (CARDINALS.get(thousand[1]) ?? 0) : 0));
  const [century, ...rest] = words.split(" ");
  const base = century === "nineteen" ? 1900 : 2000;
  const tail = rest.join(" ");
  return String(tail === "hundred" ? base : base + (CARDINALS.get(tail) ?? 0));
}

function datesAsNumbers(text: string): string {
  return text.replace(DATE_IN_WORDS, (match, ...groups: (string | undefined)[]) => {
    const [day1, month1, sep1, year1, month2, day2, sep2, year2, month3, year3] = groups;
    // "the second may be", "the first march": a month that is also an ordinary word needs "of" or a year.
    const month = (month1 ?? month2 ?? "").replace(/\b(?:of|the)\b|[\s.]/gi, "");
    const plainWord = /^(?:may|mar|march)$/.test(month) && !/\bof\b/i.test(month1 ?? "") && !(year1 ?? year2);
    if (plainWord) return match;
    if (day1 !== undefined) return `${dayNumber(day1)}${month1}${year1 ? `${sep1}${yearNumber(year1)}` : ""}`;
    if (day2 !== undefined) return `${month2}${dayNumber(day2)}${year2 ? `${sep2}${yearNumber(year2)}` : ""}`;
    if (year3 !== undefined) return `${month3}${yearNumber(year3)}`;
    return match;
  });
}

/**
 * The question in the one form the redactor reads: NFKC, invisible characters dropped, tabs as spaces,
 * spoken digit runs and spoken email addresses written as typed ones, dates in words as numbers.
 */
export function normaliseText(text: string): string {
  let out = text.normalize("NFKC").replace(/\r\n?/g, "\n").replace(/\t/g, " ").replace(INVISIBLE, "");
  out = out.replace(SPOKEN_EMAIL, spokenEmail);
  out = out.replace(SPOKEN_DIGIT_RUN, (run) => spokenDigits(run) ?? run);
  return datesAsNumbers(out);
}
