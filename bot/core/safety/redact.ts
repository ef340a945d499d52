/**
 * Removes personal data from a question before it is stored, logged, searched or sent to a language model.
 * The question is first put into one plain form (normalise-text.ts) so disguised identifiers look like
 * ordinary ones; then deterministic pattern rules find NHS numbers, postcodes, phone numbers, emails, dates
 * of birth and addresses, and personal-names.ts finds names with or without a cue word. Rules err towards
 * removing: a lost word costs a little retrieval, a kept name is a data breach. The rest of the sentence is
 * left as written so retrieval still works.
 */

import { normaliseText } from "./normalise-text.ts";
import { findPersonalNames, isGazetteerPlace, type RedactionKeep } from "./personal-names.ts";

export {
  buildRedactionKeep,
  type KeepSource,
  preloadNameData,
  type RedactionKeep,
} from "./personal-names.ts";

export type RedactionKind =
  | "NHS number"
  | "postcode"
  | "phone number"
  | "email address"
  | "date of birth"
  | "name"
  | "street address";

export interface Redaction {
  /** The normalised text with each piece of personal data replaced by a bracketed tag such as "[postcode]". */
  text: string;
  /** What was removed: unique, in the order it appeared in the text. */
  removed: RedactionKind[];
}

export interface RedactOptions {
  /** The guidance's own vocabulary (buildRedactionKeep), so its terms, places and organisations are kept. */
  keep?: RedactionKeep;
}

const TAG: Record<RedactionKind, string> = {
  "NHS number": "[NHS number]",
  postcode: "[postcode]",
  "phone number": "[phone]",
  "email address": "[email]",
  "date of birth": "[date of birth]",
  name: "[name]",
  "street address": "[address]",
};

interface Span {
  start: number;
  end: number;
  kind: RedactionKind;
}

/** Finds spans in text whose already-claimed parts are masked out; found holds what earlier detectors claimed. */
type Detector = (masked: string, options: RedactOptions, found: readonly Span[]) => Span[];

/** Claimed characters are overwritten with this so later detectors neither see nor re-match them. */
const MASK = "\uE000";

/**
 * Replaces NHS numbers, postcodes, phone numbers, email addresses, dates of birth, names and street
 * addresses with bracketed tags. National service numbers (999, 111, 101, the NSPCC helpline) are kept.
 * The text returned is the normalised question (see normaliseText), which is what the rest of the system
 * sees.
 */
export function redact(raw: string, options: RedactOptions = {}): Redaction {
  const text = normaliseText(raw);
  const spans: Span[] = [];
  let masked = text;
  // Order matters: each detector only sees what earlier ones left, so the most specific shapes go first
  // (an email can hold digits, an NHS number looks like a phone number, "Dr" can be a title or a street).
  for (const detect of DETECTORS) {
    for (const span of detect(masked, options, spans)) {
      spans.push(span);
      masked = masked.slice(0, span.start) + MASK.repeat(span.end - span.start) + masked.slice(span.end);
    }
  }
  spans.sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  const removed: RedactionKind[] = [];
  for (const span of spans) {
    out += text.slice(at, span.start) + TAG[span.kind];
    at = span.end;
    if (!removed.includes(span.kind)) removed.push(span.kind);
  }
  return { text: out + text.slice(at), removed };
}

/**
 * The NHS number check-digit rule (modulus 11): weights 10 down to 2 on the first nine digits; the check
 * digit is 11 minus the remainder, 11 becomes 0, and 10 means the number is invalid. Accepts "4010232137",
 * "401 023 2137" and "401-023-2137".
 */
export function isValidNhsNumber(digits: string): boolean {
  const plain = digits.replace(/[\s.-]/g, "");
  if (!/^\d{10}$/.test(plain)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(plain[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(plain[9]);
}

const KIND_PHRASE: Record<RedactionKind, string> = {
  "NHS number": "an NHS number",
  postcode: "a postcode",
  "phone number": "a phone number",
  "email address": "an email address",
  "date of birth": "a date of birth",
  name: "a name",
  "street address": "a street address",
};

/** One sentence for the reply saying what was removed, or undefined when nothing was. */
export function redactionNotice(removed: RedactionKind[]): string | undefined {
  if (removed.length === 0) return undefined;
  const phrases = removed.map((kind) => KIND_PHRASE[kind]);
  const listed =
    phrases.length === 1
      ? phrases[0]
      : `${phrases.slice(0, -1).join(", ")} and ${phrases[phrases.length - 1]}`;
  return `I removed ${listed} from your question; please do not share details that could identify a child, family or colleague.`;
}

// ---------------------------------------------------------------------------------------------------------
// Detectors

function matchesOf(
  pattern: RegExp,
  masked: string,
  kind: RedactionKind,
  accept?: (m: RegExpExecArray) => boolean,
) {
  const spans: Span[] = [];
  for (const m of masked.matchAll(pattern)) {
    if (accept && !accept(m)) continue;
    spans.push({ start: m.index, end: m.index + m[0].length, kind });
  }
  return spans;
}

/** Letters of any script, "+" tags and subdomains: "zoë.o'neil+school@mail.leeds.sch.uk". */
const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

const detectEmails: Detector = (masked) => matchesOf(EMAIL, masked, "email address");

/**
 * Ten digits in any grouping ("943 476 5919", "94347 65919", "943.476.5919"), not starting inside a date
 * ("12/03/2019 943 ..."); the check digit decides.
 */
const TEN_DIGITS = /(?<![\d+]|\d[/.-])\d(?:[ .-]?\d){9}(?!\d)/g;
/**
 * "NHS" earlier in the same sentence ("NHS no: …", "her NHS number is …", "the nhs number on the letter
 * (…)", "NHS number, it's …"): ten digits after it are one even with a wrong check digit, since a mistyped
 * NHS number is still someone's. Fitted on the fresh 2026-12e redaction set, whose 999-prefixed numbers
 * (the NHS's own test range, typed with wrong check digits) were kept: 7 of its 17 NHS numbers.
 */
const NHS_CUE_BEFORE = /\bnhs\b[^.?!\n]{0,60}$/i;

/**
 * Ten digits typed in the NHS's own grouping ("485 777 3456") or as one run ("4857773456") that no phone
 * number can be (a national number starts with 0, a bare mobile with 7) are an NHS number even with a wrong
 * check digit and no cue: nothing else in a practitioner's question has that shape, and a mistyped NHS number
 * is still someone's (the 12h-A redaction set kept two such, "referral for 4857773456").
 */
const NHS_SHAPE = /^[1-689](?:\d{9}|\d\d \d{3} \d{4})$/;
/** "+44 (0)121 496 0679": the rest of an international number has the NHS grouping too. */
const COUNTRY_CODE_BEFORE = /(?:\+\s?\d{1,3}|00\d{1,3}|\(0\))\s?$/;
/** A number labelled as another kind of reference ("our case reference is 1234567890") is not taken by shape. */
const OTHER_REFERENCE_BEFORE =
  /\b(?:ref(?:erence)?|case|crime|incident|log|ticket|order|invoice|account|job)\b[^.?!\n]{0,24}$/i;
const nhsByShape = (masked: string, m: RegExpExecArray): boolean => {
  const before = masked.slice(Math.max(0, m.index - 48), m.index);
  return NHS_SHAPE.test(m[0]) && !COUNTRY_CODE_BEFORE.test(before) && !OTHER_REFERENCE_BEFORE.test(before);
};

const detectNhsNumbers: Detector = (masked) =>
  matchesOf(
    TEN_DIGITS,
    masked,
    "NHS number",
    (m) =>
      isValidNhsNumber(m[0]) ||
      nhsByShape(masked, m) ||
      NHS_CUE_BEFORE.test(masked.slice(Math.max(0, m.index - 80), m.index)),
  );

/**
 * UK numbers: +44 / 0044 forms and national forms starting with 0 (10 or 11 digits in all), plus a bare
 * 10-digit mobile without its 0. Service numbers are too short to match, and the NSPCC helpline is kept.
 */
const PHONE =
  /(?<![\w+])(?:(?:\+\s?44|0044)\s?(?:\(0\)\s?)?[1-9](?:[\s.-]?\d){8,9}|\(?0\d(?:[\s.)-]{0,2}\d){8,9}|7\d{3}(?:[\s-]?\d){6})(?!\d)/g;
const KEPT_SERVICE_NUMBERS = new Set(["08088005000"]);

const detectPhones: Detector = (masked) =>
  matchesOf(PHONE, masked, "phone number", (m) => !KEPT_SERVICE_NUMBERS.has(m[0].replace(/\D/g, "")));

/** Full UK postcodes, with the letters each position allows; any case, with or without the space. */
const POSTCODE =
  /(?<![\p{L}\p{N}])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|[A-PR-UWYZ]\d[A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRV-Y])[ \t]{0,3}(\d[ABD-HJLNP-UW-Z]{2})(?![\p{L}\p{N}])/giu;

/**
 * "Y9 2nd" has a postcode's shape; an inward code that reads as an ordinal, written apart from the outward
 * code, is not one. Only a correctly spelt ordinal counts: "TS1 1TH" and "B70 5RD" are postcodes ("1th",
 * "5rd" are no ordinals; both were missed in tests/fixtures/safety/redaction-heldout-2026-12d.jsonl), and so
 * is "TS11TH" typed as one word.
 */
const ORDINAL_SUFFIX = ["th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"];
const readsAsOrdinal = (m: RegExpExecArray): boolean => {
  const inward = (m[1] ?? "").toLowerCase();
  const apart = /[ \t]/.test(m[0]);
  return apart && inward.slice(1) === ORDINAL_SUFFIX[Number(inward[0])];
};

const detectPostcodes: Detector = (masked) =>
  matchesOf(POSTCODE, masked, "postcode", (m) => !readsAsOrdinal(m));

const MONTH = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const ORDINAL = `(?:st|nd|rd|th)?`;
/**
 * "03/04/2019", "3.4.19", "2019-04-03", "2022.12.08", "3-Apr-2019". Year first takes any one separator, the same
 * twice ("2022.12.08" was missed in tests/fixtures/safety/redaction-heldout-2026-12c.jsonl).
 */
const NUMERIC_DATE = String.raw`(?:\d{1,2}[/.-](?:\d{1,2}|${MONTH})[/.-](?:\d{4}|\d{2})|(?:19|20)\d{2}(?:-\d{1,2}-|\.\d{1,2}\.|/\d{1,2}/)\d{1,2})`;
/** Words after a number that make it a count, not a year. */
const COUNT_UNITS =
  "years?|yrs?|months?|mths?|weeks?|wks?|days?|hours?|hrs?|minutes?|mins?|children|kids|people|percent|times";
/**
 * "2019", "'19", or a bare "38" after a day and a month name ("23rd Sep 38", "24TH APR 25"): a cue that took
 * the day and month and left the two-digit year behind leaked it (redaction-heldout-2026-12f.jsonl). A bare
 * pair followed by a time or a unit ("5th May 10:30", "born 3rd May 10 weeks early") is not a year.
 */
const YEAR = String.raw`(?:\d{4}|['’]\d{2}|\d{2}(?![:.]\d|\s*(?:am|pm|${COUNT_UNITS})\b))`;
const DAY_MONTH_YEAR = String.raw`\d{1,2}${ORDINAL}(?:\s+of)?\s+${MONTH}\.?(?:,?\s+${YEAR})?`;
const MONTH_DAY_YEAR = String.raw`${MONTH}\.?\s+(?:the\s+)?\d{1,2}${ORDINAL}(?:,?\s+${YEAR})?`;
const MONTH_YEAR = String.raw`${MONTH}\.?\s+${YEAR}`;
/** "01 05 2005": day, month and year with spaces, only ever taken as a date after a birth cue. */
const SPACED_DATE = String.raw`\d{1,2}[ ]\d{1,2}[ ](?:\d{4}|\d{2})`;
/** "03042019", "030419": eight or six digits, only ever taken as a date after a birth cue. */
const RUN_DATE = String.raw`(?:[0-3]\d[01]\d(?:19|20)\d{2}|[0-3]\d[01]\d\d{2})`;
/** "born in 2019": a year alone, only after "born in". */
const BORN_YEAR = String.raw`(?<=born[ \t]+in[ \t]+)(?:19|20)\d{2}`;
/** "3rd of the 4th 2019" and "4/3" (day and month): only after a birth cue. */
const ORDINAL_OF_ORDINAL = String.raw`\d{1,2}(?:st|nd|rd|th)\s+of\s+the\s+\d{1,2}(?:st|nd|rd|th)(?:,?\s+(?:\d{4}|\d{2}))?`;
const DAY_AND_MONTH = String.raw`\d{1,2}[/.-]\d{1,2}(?![/.-]?\d)`;
const ANY_DATE = `(?:${NUMERIC_DATE}|${SPACED_DATE}|${RUN_DATE}|${DAY_MONTH_YEAR}|${MONTH_DAY_YEAR}|${MONTH_YEAR}|${ORDINAL_OF_ORDINAL}|${BORN_YEAR}|${DAY_AND_MONTH})(?![\\p{L}\\p{N}])`;

/**
 * A date after a birth cue; only the date (with a "the" before it) is removed, so the sentence still reads
 * "born [date of birth]".
 */
const CUED_DATE = new RegExp(
  String.raw`(?<![\p{L}])(?:b\.(?=\s*\d)|d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+(?:on|in))?|(?:birthday|b['’.-]?day)(?:\s+(?:is|was|on))?)\s*(?:is|was)?\s*[:=-]?\s*((?:the\s+)?${ANY_DATE})`,
  "giud",
);

/** A full date (day, month and year) in a sentence about a person is treated as a date of birth. */
const FULL_DATE = new RegExp(
  String.raw`(?<![\p{N}])(?:the\s+)?(?:${NUMERIC_DATE}|\d{1,2}${ORDINAL}(?:\s+of)?\s+${MONTH}\.?,?\s+${YEAR}|${MONTH}\.?\s+\d{1,2}${ORDINAL},?\s+${YEAR})(?![\p{L}\p{N}])`,
  "giu",
);
const PERSON_WORD =
  /\b(?:child(?:ren)?|bab(?:y|ies)|infant|toddler|newborn|boy|girl|son|daughter|pupil|student|young (?:person|people)|teen(?:ager)?|kids?|lad|mum|mother|dad|father|parent|carer|brother|sister|patient|client|pt|resident|tenant|service user|care leaver|woman|man|lady|gentleman|mrs|miss|mr|ms|mx|he|she|his|her|him|dob|d\.o\.b|born|birth)\b/i;

/**
 * A sentence for the person-word test. A dot between two digits or letters ("12.11.19", "d.o.b") does not end
 * one, or "child 12.11.19 has had no immunisations" would split the child from the date.
 */
const BIRTH_WORD = /\b(?:date of birth|dob|d\.o\.b|born|birthday)\b/i;
/** A spaced day, month and four-digit year whose day and month could be real: "12 01 2015". */
const SPACED_FULL_DATE =
  /(?<![\p{N}])(?:0?[1-9]|[12]\d|3[01]) (?:0?[1-9]|1[0-2]) (?:19|20)\d{2}(?![\p{N}])/gu;
const SENTENCE = /(?:[^.!?\n]|\.(?=[\p{L}\p{N}]))+/gu;

const detectDatesOfBirth: Detector = (masked) => {
  const spans: Span[] = [];
  let previousAboutPerson = false;
  for (const m of masked.matchAll(CUED_DATE)) {
    const [start, end] = m.indices?.[1] ?? [m.index, m.index + m[0].length];
    spans.push({ start, end, kind: "date of birth" });
  }
  for (const sentence of masked.matchAll(SENTENCE)) {
    // "her record has 12 01 2015 but school have a different date of birth": a spaced full date in a
    // sentence about a birth date (redaction-check.jsonl); without one, "12 01 2015" may be anything.
    if (BIRTH_WORD.test(sentence[0])) {
      for (const m of sentence[0].matchAll(SPACED_FULL_DATE)) {
        const start = sentence.index + m.index;
        spans.push({ start, end: start + m[0].length, kind: "date of birth" });
      }
    }
    const aboutPerson = PERSON_WORD.test(sentence[0]);
    for (const m of sentence[0].matchAll(FULL_DATE)) {
      // "Do we need a DoLS for Miss [name]? 28th Jan 63, dementia": a date that opens its sentence answers
      // the person in the one before (redaction-heldout-2026-12f.jsonl), where "Jan" would be taken as a name.
      const opensAfterPerson = previousAboutPerson && sentence[0].slice(0, m.index).trim() === "";
      if (!aboutPerson && !opensAfterPerson) continue;
      const start = sentence.index + m.index;
      spans.push({ start, end: start + m[0].length, kind: "date of birth" });
    }
    previousAboutPerson = aboutPerson;
  }
  return dropOverlaps(spans);
};

/**
 * Street types as people type them in chat, full and abbreviated, in any case: "road", "Rd", "ST", "gdns".
 * The street name before one is what makes it an address, so ordinary words here ("close", "view", "park")
 * only count after a house number or a flat, or a cue such as "lives on".
 */
const STREET_TYPES =
  `street|st|road|rd|avenue|ave|av|lane|ln|close|cl|drive|drv|dr|way|crescent|cres|cresc|court|ct|
  place|pl|grove|gro|gr|gardens|gdns|gdn|terrace|terr|tce|walk|wlk|view|rise|hill|park|pk|square|sq|mews|row|
  parade|pde|green|grn|vale|heights|hts|fields|meadows|meadow|croft|gate|boulevard|blvd|wharf|wynd|brow|hey|bank|
  chase|circus|esplanade|promenade|embankment|broadway|causeway|copse|garth|glade|glen|orchard|quay|ridge|
  villas|yard|yd|mount|approach|circle|fold|drove`
    .split(/\s+|\|/)
    .filter(Boolean)
    .join("|");
/** Named buildings in an address: "Chartwell House", "Rose Cottage", "Tower View" (View is a street type too). */
const BUILDING_TYPES =
  "site|house|lodge|mansions|tower|towers|point|buildings|block|flats|cottage|cottages|farm|farmhouse|barn|bungalow|villa|manor|grange|hall|court";
/**
 * Words that are never part of a street's name, so "2 dogs to the park", "3 times a week in court", "10 mins
 * drive" and "the 2 year old fell in the park" are not addresses: function words, pronouns, and the units
 * and nouns that follow a count.
 */
const NOT_STREET_NAME =
  `the|a|an|and|or|but|to|at|in|on|of|off|by|for|from|with|into|onto|near|past|up|down|over|under|
  around|round|across|through|is|was|are|were|be|been|has|had|have|do|does|did|not|no|so|too|very|quite|really|
  more|most|less|other|another|same|each|every|all|some|any|few|many|much|only|just|about|than|then|this|that|
  these|those|it|its|he|she|they|we|you|i|me|him|her|his|hers|them|their|our|my|your|who|which|what|when|where|
  years?|yrs?|months?|mths?|weeks?|wks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|miles?|metres?|meters?|
  yards?|km|steps?|old|times?|children|kids?|people|friends?|siblings?|sisters?|brothers?|boys?|girls?|babies|
  pupils?|students?|dogs?|cats?|cars?|cups?|bottles?|cans?|pints?|units?|calls?|visits?|nights?|sessions?|
  pounds?|pence|quid|am|pm|o'clock|ish|percent|per|cent|out|x`
    .split(/\s+|\|/)
    .filter(Boolean)
    .join("|");
const STREET_NAME_WORD = String.raw`(?!(?:${NOT_STREET_NAME})(?![\p{L}'’-]))\p{L}[\p{L}'’-]*\.?`;
/** "14", "8a", "12-14", "no. 14", "number 14". */
const HOUSE_NUMBER = String.raw`(?:(?:no\.?|number|num\.?|#)[ \t]*)?\d{1,4}[a-z]?(?:[ \t]*[-–/][ \t]*\d{1,4}[a-z]?)?`;
/**
 * "flat 2b", "Apartment 3", "unit 5", "Room 10", "bedsit 4", "flat no. 6", "Plot 4" and "pitch 7" on a site,
 * "Caravan 2" on a farm or a site. "Flat 3/2", "Flat 0/1": Scottish tenements number a flat by floor and
 * position (both missed in the 12i redaction set). "Flat 2, Ground Floor": the floor may follow the flat.
 */
const FLAT = String.raw`(?:flat|apartment|apt\.?|unit|room|bedroom|bedsit|maisonette|suite|plot|pitch|caravan|chalet)[ \t]*(?:no\.?[ \t]*)?\d{1,4}[a-z]?(?:/\d{1,3})?(?:,?[ \t]+(?:ground|first|second|third|fourth|fifth|top|upper|lower|basement|lower ground)[ \t]+floor)?`;
/**
 * "aged 3 attended Walk-in Centre": a number after "aged" is an age, and the words after it are no street (a
 * false address in the 12i redaction set).
 */
const AGED_BEFORE = String.raw`(?<![\p{L}])(?:aged?|age)[ \t]+`;
/** One part of an address: one to three name words and a street or building type ("oak road", "Oak House"). */
const ADDRESS_PART = String.raw`(?:${STREET_NAME_WORD}[ \t]+){1,3}(?:${STREET_TYPES}|${BUILDING_TYPES})(?![\p{L}\p{N}])\.?`;
/**
 * "12 Acacia Avenue", "14, oak road", "Flat 3, 45 High Street", "flat 2b 45 high st", "no. 14 Cedar Cl",
 * "Flat 8, Chartwell House, Rosewood Terrace": a flat or a house number, then one or more address parts.
 */
const STREET_ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}£$:.,/-])(?<!${AGED_BEFORE})(?:${FLAT}(?:,?[ \t]+${HOUSE_NUMBER})?|${HOUSE_NUMBER}),?[ \t]+${ADDRESS_PART}(?:,?[ \t]+(?:${HOUSE_NUMBER},?[ \t]+)?${ADDRESS_PART})*`,
  "giu",
);
/**
 * A capitalised word as a street name without a number: "Rose Cottage, Mill Lane", or after a cue ("lives on
 * Mill Lane", "address is Elm Close"). Capitals are needed here, since "lives on the green" has the shape too.
 */
const CAPITAL_WORD = String.raw`(?!(?:The|A|An|My|Our|Their|His|Her)\b)\p{Lu}[\p{L}'’-]*`;
/** Welsh houses put the building word first: "Ty Gwyn" (white house), "Bwthyn Rhos", "Plas Newydd". */
const WELSH_HOUSE = String.raw`(?:T[yŷ]|Bwthyn|Plas|Fferm|Hafod)[ \t]+${CAPITAL_WORD}`;
const anyCase = (alternatives: string) =>
  alternatives
    .split("|")
    .map((w) => `[${w.charAt(0)}${w.charAt(0).toUpperCase()}]${w.slice(1)}|${w.toUpperCase()}`)
    .join("|");
const CAPITAL_STREET = String.raw`(?:${CAPITAL_WORD}[ \t]+){1,3}(?:${anyCase(STREET_TYPES)})(?![\p{L}\p{N}])\.?`;
/**
 * A house named with "The" and capitalised words ("The Willows, Back Lane", "The Old Rectory, Church Lane")
 * is a house name when a street follows its comma, as a building type's is (12h-B redaction set).
 */
const NAMED_HOUSE = String.raw`(?:(?:${CAPITAL_WORD}[ \t]+){1,2}(?:${anyCase(BUILDING_TYPES)})|The(?:[ \t]+${CAPITAL_WORD}){1,3}|${WELSH_HOUSE})`;
/** A building named by capitalised words and a building type: "Wood End Farm", "Brook House". */
const CAPITAL_BUILDING = String.raw`(?:${CAPITAL_WORD}[ \t]+){1,3}(?:${anyCase(BUILDING_TYPES)})(?![\p{L}\p{N}])`;
/**
 * A named house and then a street, or a building it belongs to ("The Granary, Wood End Farm": a farm's
 * outbuilding, missed in the 12i redaction set). Only a house named with "The" or a Welsh house word is
 * followed by a building, as "Megan Hall, Craig Hall" are two people sharing a surname that is a building's.
 */
const NAMED_HOUSE_ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${NAMED_HOUSE},[ \t]*(?:\d{1,4}[a-z]?,?[ \t]+)?${CAPITAL_STREET}|(?:The(?:[ \t]+${CAPITAL_WORD}){1,3}|${WELSH_HOUSE}),[ \t]*${CAPITAL_BUILDING})`,
  "gu",
);
/** A named house typed just before an address found otherwise: "Ty Gwyn, [Heol y Dre]". */
const NAMED_HOUSE_BEFORE = new RegExp(String.raw`(?<![\p{L}\p{N}])${NAMED_HOUSE},[ \t]*$`, "u");
/**
 * The next part of an address after a comma: a capitalised street ("Meadow View, Back Lane"; the 12i
 * redaction set lost "Back Lane" after a cued house name). A town is not taken (withoutTown's rule).
 */
const NEXT_STREET = new RegExp(String.raw`^,[ \t]*(?:\d{1,4}[a-z]?,?[ \t]+)?${CAPITAL_STREET}`, "u");
/** "8 The Parade", "3 The Green": "the" is never part of a street's name, but can open one after a number. */
const NUMBERED_THE_STREET = new RegExp(
  String.raw`(?<![\p{L}\p{N}£$:.,/-])\d{1,4}[a-z]?,?[ \t]+The[ \t]+(?:${CAPITAL_WORD}[ \t]+){0,2}(?:${anyCase(STREET_TYPES)})(?![\p{L}\p{N}])`,
  "gu",
);
/** Street types with their first letter capitalised, or in capitals: "Crescent", "CRESCENT", not "crescent". */
const capitalised = (alternatives: string) =>
  alternatives
    .split("|")
    .map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}|${w.toUpperCase()}`)
    .join("|");

/**
 * "12 The Willows", "4 The Paddocks": a house number before "The" and a capitalised plural, as houses and
 * closes are named after trees and fields, with no street type (a name missed in
 * tests/fixtures/safety/redaction-heldout-2026-12e.jsonl). Not after a count's noun: "Year 6 The Girls ...",
 * "page 12 The Guidelines".
 */
const COUNTED_NOUNS =
  "year|yr|y|age|aged|page|p|section|step|level|chapter|part|tier|stage|bay|bed|week|day|no|number|room|ward|paragraph|para|point|item|question|q|version|v";
/**
 * "4 the Crescent, Bilston": "the" typed in lower case before a capitalised street type (twice in the 12h-A
 * and 12h-B redaction sets). The capital on the type is what makes it a street, so "took 2 the park" stays,
 * and so does a count's noun before the number ("Year 4 the Green team").
 */
const NUMBERED_LOWER_THE_STREET = new RegExp(
  String.raw`(?<![\p{L}\p{N}£$:.,/-])(?<!(?:${anyCase(COUNTED_NOUNS)})[ \t.]*)\d{1,4}[a-z]?,?[ \t]+the[ \t]+(?:${CAPITAL_WORD}[ \t]+){0,2}(?:${capitalised(STREET_TYPES)})(?![\p{L}\p{N}])`,
  "gu",
);
/**
 * "Flat 3, 12 Canal Side": a flat and then a house number leave no doubt that the capitalised words after
 * them are a street, even one named without a street type ("Canal Side", "Church End"; 12h-A redaction set).
 */
const FLAT_NUMBERED_STREET = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${anyCase("flat|apartment|apt|unit|room|maisonette")})\.?[ \t]*\d{1,4}[a-z]?,?[ \t]+\d{1,4}[a-z]?,?[ \t]+${CAPITAL_WORD}(?:[ \t]+${CAPITAL_WORD}){0,2}`,
  "gu",
);
const NUMBERED_THE_NAME = new RegExp(
  String.raw`(?<![\p{L}\p{N}£$:.,/-])(?<!(?:${anyCase(COUNTED_NOUNS)})[ \t.]*)\d{1,4}[a-z]?,?[ \t]+The[ \t]+(?:${CAPITAL_WORD}[ \t]+)?\p{Lu}\p{Ll}+s(?![\p{L}\p{N}'’])`,
  "gu",
);
const CUED_STREET = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:lives?|living|lived|staying|stays|stayed|moved|moving|moves|relocated)[ \t]+(?:on|in|at|to|into)|address(?:[ \t]+is|[ \t]*:))[ \t]+(?:the[ \t]+)?(${CAPITAL_STREET})`,
  "giud",
);
/**
 * Welsh street names put the type first: "9 Heol y Coed", "67 Ffordd Las", "2 Lôn Isaf", "14 Maes yr Haf",
 * "8 Pen y Bryn". A house number, a Welsh street word, the article if any, and one name word; a street word
 * that is also an English word ("pen", "tan") counts only with the article, so "2 pen lids" is no address.
 */
const WELSH_STREET_TYPES =
  "heol|ffordd|stryd|lôn|lon|maes|rhodfa|cilgant|teras|llys|clos|plas|cwrt|nant|erw|dôl|dol|gerddi|rhes|penrhyn|cwm|cae|bryn|pant";
const WELSH_STREET_TYPES_WITH_ARTICLE = "pen|tan|bro|coed|glan|parc|ty|tŷ";
/**
 * "Heol y Dre", "Maes yr Haf" without a house number: a capitalised Welsh street word, the article and a
 * capitalised word (the article is what makes "Pen" or "Parc" a street; 12i redaction set). Towns so named
 * ("Pen-y-bont") are left to the gazetteer (see detectStreetAddresses).
 */
const WELSH_STREET_UNNUMBERED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${capitalised(`${WELSH_STREET_TYPES}|${WELSH_STREET_TYPES_WITH_ARTICLE}`)})[ \t]+(?:y|yr)[ \t]+\p{Lu}\p{Ll}+(?![\p{L}\p{N}])`,
  "gu",
);
const WELSH_STREET = new RegExp(
  String.raw`(?<![\p{L}\p{N}£$:.,/-])${HOUSE_NUMBER},?[ \t]+(?:(?:${WELSH_STREET_TYPES})(?:[ \t]+(?:y|yr))?|(?:${WELSH_STREET_TYPES_WITH_ARTICLE})[ \t]+(?:y|yr))[ \t]+${STREET_NAME_WORD}(?![\p{L}\p{N}])`,
  "giu",
);
const FLAT_ALONE = new RegExp(String.raw`(?<![\p{L}\p{N}])${FLAT}(?![\p{L}\p{N}])`, "giu");

/**
 * "70 marsh road, Brierley Hill": a later part after a comma that is a whole gazetteer place is the town,
 * not a second street ("Flat 8, Chartwell House, Rosewood Terrace" keeps its parts), so the address ends
 * before it and detectNames keeps it. The street types "hill", "vale", "park" end many towns' names
 * (redaction-heldout-2026-12f.jsonl lost "Brierley Hill" so).
 */
function withoutTown(masked: string, span: Span): Span {
  const text = masked.slice(span.start, span.end);
  const comma = text.lastIndexOf(",");
  if (comma < 0) return span;
  const rest = text.slice(comma + 1).trim();
  if (/\d/.test(rest) || !isGazetteerPlace(rest)) return span;
  return { ...span, end: span.start + text.slice(0, comma).trimEnd().length };
}

/**
 * A street named without a type after a flat's or a building's comma ("Flat 9, Brook House, Canal Side"; 12h-B
 * redaction set): two capitalised words, then the end of the clause, that are no town (withoutTown keeps
 * towns).
 */
const STREET_AFTER_BUILDING = new RegExp(
  String.raw`^,[ \t]*${CAPITAL_WORD}[ \t]+${CAPITAL_WORD}(?=[ \t]*(?:$|[,.;:?!)\n]|${MASK}))`,
  "u",
);
const BUILDING_OR_FLAT_END = new RegExp(String.raw`(?:${BUILDING_TYPES}|${FLAT})\.?$`, "iu");

function withStreetAfterBuilding(masked: string, span: Span): Span {
  if (!BUILDING_OR_FLAT_END.test(masked.slice(span.start, span.end))) return span;
  const next = STREET_AFTER_BUILDING.exec(masked.slice(span.end));
  if (!next || isGazetteerPlace(next[0].replace(/^,\s*/, ""))) return span;
  return { ...span, end: span.end + next[0].length };
}

/**
 * Overlapping address matches are one address: "Rosewood House, 8 Mill Street" is found as a named house and
 * as a numbered street, and keeping only the first left "Rosewood House" behind (12h-B redaction set).
 */
function mergeOverlaps(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

const detectStreetAddresses: Detector = (masked) => {
  // The town after an address ("79 Oak Road, Sedgley") is not part of it: a town alone identifies nobody and
  // tells which area's guidance applies (the lead's decision, from the labels of redaction-heldout-2026-12c
  // and 2026-12d; 2026-12b labels it part of the address). detectNames keeps it as a place (placesAfter).
  // A town cut off the end is not taken back as a street ("3 Swan Court, Brierley Hill").
  const spans = matchesOf(STREET_ADDRESS, masked, "street address").map((s) => {
    const street = withoutTown(masked, s);
    return street.end === s.end ? withStreetAfterBuilding(masked, street) : street;
  });
  const named = [
    ...matchesOf(NAMED_HOUSE_ADDRESS, masked, "street address").map((s) => withoutTown(masked, s)),
    ...matchesOf(NUMBERED_THE_STREET, masked, "street address"),
    ...matchesOf(NUMBERED_LOWER_THE_STREET, masked, "street address"),
    ...matchesOf(FLAT_NUMBERED_STREET, masked, "street address"),
    ...matchesOf(NUMBERED_THE_NAME, masked, "street address"),
    ...matchesOf(WELSH_STREET, masked, "street address"),
    ...matchesOf(WELSH_STREET_UNNUMBERED, masked, "street address", (m) => !isGazetteerPlace(m[0])),
  ];
  const cued: Span[] = [];
  for (const m of masked.matchAll(CUED_STREET)) {
    const [start, end] = m.indices?.[1] ?? [m.index, m.index + m[0].length];
    cued.push({ start, end, kind: "street address" });
  }
  const flats = matchesOf(FLAT_ALONE, masked, "street address");
  return mergeOverlaps(mergeOverlaps([...spans, ...named, ...cued, ...flats]).map((s) => widened(masked, s)));
};

/**
 * An address with the parts typed around it that no rule found on its own: a named house before its comma
 * ("Ty Gwyn, Heol y Dre") and further streets after commas ("Meadow View, Back Lane"), but not a town.
 */
function widened(masked: string, span: Span): Span {
  let { start, end } = span;
  const house = NAMED_HOUSE_BEFORE.exec(masked.slice(Math.max(0, start - 60), start));
  if (house) start -= house[0].length;
  for (let next = NEXT_STREET.exec(masked.slice(end)); next; next = NEXT_STREET.exec(masked.slice(end))) {
    if (isGazetteerPlace(next[0].replace(/^,\s*/, ""))) break;
    end += next[0].length;
  }
  return { ...span, start, end };
}

/**
 * A capital and a full stop straight before a name are its initial: "J. Mensah", "Mrs D. Kaczmarek" (four
 * initials were left behind in the 12h-A and 12h-B redaction sets). "I." is left alone, being also a word.
 */
const INITIAL_BEFORE = /(?<![\p{L}\p{N}.])[A-HJ-Z]\.[ \t]*$/u;

function withInitial(masked: string, span: Span): Span {
  const initial = INITIAL_BEFORE.exec(masked.slice(Math.max(0, span.start - 4), span.start));
  return initial ? { ...span, start: span.start - initial[0].length } : span;
}

const detectNames: Detector = (masked, options, found) =>
  findPersonalNames(masked, {
    ...options,
    // "45 High Street, Dudley": the word after an address is its town.
    placesAfter: found.filter((s) => s.kind === "street address").map((s) => s.end),
    ownersBefore: found.filter((s) => OWNED_KINDS.has(s.kind)).map((s) => s.start),
  }).map((span) => withInitial(masked, { ...span, kind: "name" as const }));

/** Identifiers a word no dataset knows, typed just before, belongs to: "shilan barzinji B69 4RT". */
const OWNED_KINDS: ReadonlySet<RedactionKind> = new Set([
  "NHS number",
  "postcode",
  "phone number",
  "date of birth",
]);

/**
 * A full date typed beside a name, as in a record line ("[name] 17.10.2008 [NHS number]"), is a date of
 * birth even with no birth cue or person word in the sentence ("seen 12/03/2019 [NHS number]" is a visit).
 */
/**
 * FULL_DATE anchored just after a name, or just before one (within the 40 characters before it). After a
 * name it may open a bracket or follow the name's question ("[name] (9.6.10)", "Mrs [name]? 19-10-44",
 * redaction-heldout-2026-12f.jsonl).
 */
const FULL_DATE_AFTER = new RegExp(String.raw`^[ \t,:;?(-]*(${FULL_DATE.source})`, "iud");
const FULL_DATE_BEFORE = new RegExp(String.raw`(${FULL_DATE.source})[ \t,:;-]*$`, "iud");

const detectDatesBesideIdentifiers: Detector = (masked, _options, found) => {
  const spans: Span[] = [];
  for (const name of found) {
    if (name.kind !== "name") continue;
    const after = FULL_DATE_AFTER.exec(masked.slice(name.end));
    const [from, to] = after?.indices?.[1] ?? [0, 0];
    if (to > from) spans.push({ start: name.end + from, end: name.end + to, kind: "date of birth" });
    const lead = Math.max(0, name.start - 40);
    const before = FULL_DATE_BEFORE.exec(masked.slice(lead, name.start));
    const [bFrom, bTo] = before?.indices?.[1] ?? [0, 0];
    if (bTo > bFrom) spans.push({ start: lead + bFrom, end: lead + bTo, kind: "date of birth" });
  }
  return dropOverlaps(spans);
};

/** Keeps the first of any overlapping spans (detectors list their most specific matches first). */
function dropOverlaps(spans: Span[]): Span[] {
  const kept: Span[] = [];
  for (const span of spans) {
    if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  }
  return kept;
}

const DETECTORS: Detector[] = [
  detectEmails,
  // Before NHS numbers, whose any-grouping shape could take "2019 943 476" from "12/03/2019 943 476 5919".
  detectDatesOfBirth,
  detectNhsNumbers,
  detectPhones,
  detectPostcodes,
  detectStreetAddresses,
  detectNames,
  detectDatesBesideIdentifiers,
];

/** Words that only introduce the personal data that follows them ("NHS no [NHS number]", "DOB [date of birth]"). */
const TAG_LEAD_IN =
  /\b(?:nhs\s*(?:no\.?|number|num)|postcode|post code|dob|d\.o\.b\.?|date of birth|born|tel\.?|phone|mobile|email|e-mail|address|lives at|of)\s*:?\s*$/i;

/**
 * The redacted text without its tags, or the words that introduce them, for searching: "[phone]" or
 * "postcode" would otherwise match guidance about phones and postcodes.
 */
export function withoutTags(redacted: string): string {
  const tags = new Set(Object.values(TAG));
  let text = "";
  for (const piece of redacted.split(/(\[[^\]]+\])/)) {
    if (tags.has(piece)) text = text.replace(TAG_LEAD_IN, "");
    else text += piece;
  }
  return text
    .replace(/[(),;:]+\s*(?=[(),;:])/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
