/**
 * Dates a document carries about itself: in metadata and front matter (normaliseDate) and in its opening
 * text (dateFromText). Results are ISO prefixes: YYYY-MM-DD, YYYY-MM or YYYY.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const MONTH =
  "(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?";
const ORDINAL = "(?:\\s?(?:st|nd|rd|th))?";
const WEEKDAY = "(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\\s+)";

/** How far into a document its own date is looked for: the cover page and the first paragraphs. */
const OPENING_CHARS = 3000;
/** The earliest year a date may have; older years in guidance are cited events, not the document's date. */
const EARLIEST_YEAR = 1990;

/** A date found in text, with where it starts and how precise it is. */
interface FoundDate {
  iso: string;
  index: number;
  end: number;
  precision: "day" | "month";
}

interface DatePattern {
  regex: RegExp;
  read: (m: RegExpExecArray) => string | undefined;
  precision: "day" | "month";
}

const DAY_PATTERNS: DatePattern[] = [
  // 26 September 2013, 7th July 2020, 26TH SEPTEMBER 2013, 18th September, 2013, 7th of July 2020, 26-Sep-2013
  {
    regex: new RegExp(
      `(?<![\\w/.])(\\d{1,2})${ORDINAL}[\\s-]+(?:of\\s+)?${MONTH},?[\\s-]+(\\d{4})(?!\\d)`,
      "gi",
    ),
    read: (m) => fromParts(m[3], monthNumber(m[2]), m[1]),
    precision: "day",
  },
  // July 7, 2020 / July 7th 2020
  {
    regex: new RegExp(`(?<![\\w])${MONTH}\\s+(\\d{1,2})${ORDINAL},?\\s+(\\d{4})(?!\\d)`, "gi"),
    read: (m) => fromParts(m[3], monthNumber(m[1]), m[2]),
    precision: "day",
  },
  // 2019-03-01
  {
    regex: /(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/])/g,
    read: (m) => fromParts(m[1], Number(m[2]), m[3]),
    precision: "day",
  },
  // 26/09/2013, 26.09.2013, 26-09-2013, 06 / 02 / 2017 (UK order: day first)
  {
    regex: /(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/.-]?\d)/g,
    read: (m) => fromParts(m[4], Number(m[3]), m[1]),
    precision: "day",
  },
  // 26/09/13: a two-digit year only with slashes, where version numbers like 1.2.13 cannot be mistaken for it
  {
    regex: /(?<![\d/.-])(\d{1,2})\/(\d{1,2})\/(\d{2})(?![\d/])/g,
    read: (m) => fromParts(expandYear(m[3]), Number(m[2]), m[1]),
    precision: "day",
  },
];

const MONTH_YEAR_PATTERN: DatePattern = {
  // February 2017, Sept. 2013, MARCH 2019
  regex: new RegExp(`(?<![\\w])${MONTH},?\\s+(\\d{4})(?!\\d)`, "gi"),
  read: (m) => fromParts(m[2], monthNumber(m[1])),
  precision: "month",
};

/**
 * Words that introduce the document's own date. A date after "review date" or "date of birth" is some
 * other date, so those are excluded.
 */
const CUE =
  /(?<!(?:review|expiry|due|end|start|closing|target|deadline|effective)\s)\b(meeting date|date of meeting|date of issue|date issued|date published|publication date|published(?: on)?|issued(?: on)?|last reviewed(?: on)?|last updated(?: on)?|date(?! of birth))\b[\s:|\-–—]*/gi;

/** Phrases that introduce some other date than the document's own: the date after one is never taken. */
const OTHER_DATE_CUE =
  /\b(?:(?:next\s+)?(?:review|expiry|due|end|start|closing|target|deadline|effective)\s+date|date of birth|dob|review(?:ed)? (?:by|on or before)|expires?(?: on)?|valid until)\b[\s:|\-–—]*/gi;

/**
 * Normalises a date from metadata or front matter to YYYY-MM-DD, YYYY-MM or YYYY. Accepts Date objects,
 * ISO strings (with or without time), PDF dates (D:20130926...), UK day-first dates (26/09/2013), written
 * dates (26 September 2013, 7th July 2020), "Month YYYY" and a bare year. Returns undefined for anything
 * else, for impossible dates and for years before 1990 or after next year.
 */
export function normaliseDate(value: string | Date): string | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return fromParts(String(value.getUTCFullYear()), value.getUTCMonth() + 1, String(value.getUTCDate()));
  }
  const text = value.trim();
  const pdf = /^D:(\d{4})(\d{2})?(\d{2})?/.exec(text);
  if (pdf) return fromParts(pdf[1], pdf[2] ? Number(pdf[2]) : undefined, pdf[3]);
  const iso = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T\s]\d{1,2}:\d{2}.*)?$/.exec(text);
  if (iso) return fromParts(iso[1], iso[2] ? Number(iso[2]) : undefined, iso[3]);
  const found = firstDate(text, [...DAY_PATTERNS, MONTH_YEAR_PATTERN]);
  if (!found) return undefined;
  // The whole value must be the date: "Tuesday 7 July 2020, 10:00" is, "the week after 7 July 2020" is not.
  const rest = `${text.slice(0, found.index)} ${text.slice(found.end)}`
    .replace(new RegExp(WEEKDAY, "gi"), " ")
    .replace(/\b\d{1,2}[:.]\d{2}\s*(?:am|pm)?\b|\b(?:at|on)\b/gi, " ")
    .replace(/[\s,.;:()-]+/g, "");
  return rest === "" ? found.iso : undefined;
}

/**
 * Finds the document's own date in its opening text (the first 3000 characters): a date next to a cue
 * ("Date:", "Meeting date", "Published", "Issued", "Last reviewed") first; else the first full date
 * (26 September 2013, 7th July 2020, 26/09/2013 read day first, 2019-03-01); else "Month YYYY" on a short
 * line of its own ("February 2017"), as cover pages print it; else a year alone on a line.
 */
export function dateFromText(text: string): string | undefined {
  const opening = text.slice(0, OPENING_CHARS);
  const otherDates = [...opening.matchAll(OTHER_DATE_CUE)].map((m) => (m.index ?? 0) + m[0].length);
  const isOtherDate = (index: number) => otherDates.some((end) => index >= end && index - end <= 20);
  return (
    dateAfterCue(opening) ??
    firstDate(opening, DAY_PATTERNS, isOtherDate)?.iso ??
    monthYearOnShortLine(opening, isOtherDate) ??
    yearOnItsOwnLine(opening)
  );
}

function dateAfterCue(text: string): string | undefined {
  for (const cue of text.matchAll(CUE)) {
    const start = (cue.index ?? 0) + cue[0].length;
    const after = text
      .slice(start, start + 60)
      .replace(new RegExp(`^${WEEKDAY}`, "i"), (w) => " ".repeat(w.length));
    const found = firstDate(after, [...DAY_PATTERNS, MONTH_YEAR_PATTERN]);
    // The date must follow the cue closely, not be a date further along the sentence.
    if (found && found.index <= 12) return found.iso;
  }
  return undefined;
}

function monthYearOnShortLine(text: string, skip: (index: number) => boolean): string | undefined {
  let offset = 0;
  for (const line of text.split("\n")) {
    const start = offset;
    offset += line.length + 1;
    if (line.trim().split(/\s+/).length > 8) continue;
    const found = firstDate(line, [MONTH_YEAR_PATTERN], (index) => skip(start + index));
    if (found) return found.iso;
  }
  return undefined;
}

function yearOnItsOwnLine(text: string): string | undefined {
  for (const line of text.split("\n")) {
    const year = /^\s*((?:19|20)\d{2})\s*$/.exec(line)?.[1];
    const iso = year ? fromParts(year) : undefined;
    if (iso) return iso;
  }
  return undefined;
}

/**
 * The earliest valid date any of the patterns finds; invalid matches (31/02/2013) and those at positions
 * `skip` rules out are passed over.
 */
function firstDate(
  text: string,
  patterns: DatePattern[],
  skip: (index: number) => boolean = () => false,
): FoundDate | undefined {
  let best: FoundDate | undefined;
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern.regex)) {
      const index = match.index ?? 0;
      if (best && index >= best.index) break;
      if (skip(index)) continue;
      // Month names are capitalised in dates; "may 2013" in running text is the verb.
      if (pattern.precision === "month" && !/^[A-Z]/.test(match[1] ?? "")) continue;
      const iso = pattern.read(match as RegExpExecArray);
      if (iso) {
        best = { iso, index, end: index + match[0].length, precision: pattern.precision };
        break;
      }
    }
  }
  return best;
}

function monthNumber(name: string | undefined): number | undefined {
  if (!name) return undefined;
  const key = name.toLowerCase().replace(/\.$/, "");
  return MONTHS[key] ?? MONTHS[key.slice(0, 3)];
}

function expandYear(twoDigits: string | undefined): string | undefined {
  if (!twoDigits) return undefined;
  const nextYear = new Date().getUTCFullYear() + 1;
  const value = Number(twoDigits);
  return String(value <= nextYear % 100 ? 2000 + value : 1900 + value);
}

/** Builds the ISO prefix, or undefined when the parts are not a real date in the accepted years. */
function fromParts(yearText: string | undefined, month?: number, dayText?: string): string | undefined {
  const year = Number(yearText);
  if (!Number.isInteger(year) || year < EARLIEST_YEAR || year > new Date().getUTCFullYear() + 1)
    return undefined;
  if (month === undefined) return String(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  const mm = String(month).padStart(2, "0");
  if (dayText === undefined) return `${year}-${mm}`;
  const day = Number(dayText);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth) return undefined;
  return `${year}-${mm}-${String(day).padStart(2, "0")}`;
}
