/**
 * Removes personal data from a question before it is stored, logged, searched or sent to a language model.
 * Deterministic pattern rules that err towards removing: a lost name costs a little retrieval, a kept one
 * is a data breach. The rest of the sentence is left as written so retrieval still works.
 */

export type RedactionKind =
  | "NHS number"
  | "postcode"
  | "phone number"
  | "email address"
  | "date of birth"
  | "name"
  | "street address";

export interface Redaction {
  /** The text with each piece of personal data replaced by a bracketed tag such as "[postcode]". */
  text: string;
  /** What was removed: unique, in the order it appeared in the text. */
  removed: RedactionKind[];
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

/** Finds spans in text whose already-claimed parts are masked out. */
type Detector = (masked: string) => Span[];

/** Claimed characters are overwritten with this so later detectors neither see nor re-match them. */
const MASK = "\uE000";

/**
 * Replaces NHS numbers, postcodes, phone numbers, email addresses, dates of birth, names and street
 * addresses with bracketed tags. National service numbers (999, 111, 101, the NSPCC helpline) are kept.
 */
export function redact(text: string): Redaction {
  const spans: Span[] = [];
  let masked = text;
  // Order matters: each detector only sees what earlier ones left, so the most specific shapes go first
  // (an email can hold digits, an NHS number looks like a phone number, "Dr" can be a title or a street).
  for (const detect of DETECTORS) {
    for (const span of detect(masked)) {
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
  const plain = digits.replace(/[\s-]/g, "");
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

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

const detectEmails: Detector = (masked) => matchesOf(EMAIL, masked, "email address");

const TEN_DIGITS = /(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g;
/** "NHS no", "NHS number:", "NHS#" just before a number: it is one even if mistyped. */
const NHS_CUE_BEFORE = /nhs\s*(?:no\.?|number|num|#)?\s*[:=-]?\s*$/i;

const detectNhsNumbers: Detector = (masked) =>
  matchesOf(
    TEN_DIGITS,
    masked,
    "NHS number",
    (m) => isValidNhsNumber(m[0]) || NHS_CUE_BEFORE.test(masked.slice(Math.max(0, m.index - 20), m.index)),
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
  /(?<![\p{L}\p{N}])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|[A-PR-UWYZ]\d[A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRV-Y])\s?(\d[ABD-HJLNP-UW-Z]{2})(?![\p{L}\p{N}])/giu;

const detectPostcodes: Detector = (masked) =>
  // "Y9 2nd" has a postcode's shape; an inward code that reads as an ordinal is not one.
  matchesOf(POSTCODE, masked, "postcode", (m) => !/^\d(?:st|nd|rd|th)$/i.test(m[1] ?? ""));

const MONTH = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const ORDINAL = `(?:st|nd|rd|th)?`;
const NUMERIC_DATE = String.raw`(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})`;
const DAY_MONTH_YEAR = String.raw`\d{1,2}${ORDINAL}(?:\s+of)?\s+${MONTH}\.?(?:,?\s+\d{4})?`;
const MONTH_DAY_YEAR = String.raw`${MONTH}\.?\s+\d{1,2}${ORDINAL}(?:,?\s+\d{4})?`;
const MONTH_YEAR = String.raw`${MONTH}\.?\s+\d{4}`;
const ANY_DATE = `(?:${NUMERIC_DATE}|${DAY_MONTH_YEAR}|${MONTH_DAY_YEAR}|${MONTH_YEAR})(?![\\p{L}\\p{N}])`;

/** A date after a birth cue; only the date is removed so the sentence still reads "born [date of birth]". */
const CUED_DATE = new RegExp(
  String.raw`(?<![\p{L}])(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+(?:on|in))?|birthday(?:\s+is)?)\s*(?:is|was)?\s*[:=-]?\s*(${ANY_DATE})`,
  "giud",
);

/** A full date (day, month and year) in a sentence about a person is treated as a date of birth. */
const FULL_DATE = new RegExp(
  String.raw`(?<![\p{N}])(?:${NUMERIC_DATE}|\d{1,2}${ORDINAL}(?:\s+of)?\s+${MONTH}\.?,?\s+\d{4}|${MONTH}\.?\s+\d{1,2}${ORDINAL},?\s+\d{4})(?![\p{L}\p{N}])`,
  "giu",
);
const PERSON_WORD =
  /\b(?:child(?:ren)?|bab(?:y|ies)|infant|toddler|newborn|boy|girl|son|daughter|pupil|student|young (?:person|people)|teen(?:ager)?|kids?|lad|mum|mother|dad|father|parent|carer|brother|sister|patient|client|he|she|his|her|him)\b/i;

const detectDatesOfBirth: Detector = (masked) => {
  const spans: Span[] = [];
  for (const m of masked.matchAll(CUED_DATE)) {
    const [start, end] = m.indices?.[1] ?? [m.index, m.index + m[0].length];
    spans.push({ start, end, kind: "date of birth" });
  }
  for (const sentence of masked.matchAll(/[^.!?\n]+/g)) {
    if (!PERSON_WORD.test(sentence[0])) continue;
    for (const m of sentence[0].matchAll(FULL_DATE)) {
      const start = sentence.index + m.index;
      spans.push({ start, end: start + m[0].length, kind: "date of birth" });
    }
  }
  return dropOverlaps(spans);
};

const STREET_SUFFIXES = [
  "Street",
  "St",
  "Road",
  "Rd",
  "Avenue",
  "Ave",
  "Lane",
  "Ln",
  "Close",
  "Drive",
  "Dr",
  "Way",
  "Crescent",
  "Cres",
  "Court",
  "Ct",
  "Place",
  "Pl",
  "Gardens",
  "Gdns",
  "Grove",
  "Terrace",
  "Hill",
  "Park",
  "Square",
  "Sq",
  "Mews",
  "View",
  "Walk",
  "Row",
  "Rise",
  "Parade",
  "Green",
  "Vale",
  "Heights",
  "Fields",
  "Meadows",
  "Croft",
  "Gate",
  "Boulevard",
  "Wharf",
];
/** "Avenue" or "avenue": suffixes may be lower case even when the street name is capitalised. */
const SUFFIX_ANY_CASE = STREET_SUFFIXES.map((s) => `[${s[0]}${s[0]?.toLowerCase()}]${s.slice(1)}`).join("|");
const FLAT_PREFIX = String.raw`(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?`;
/** "12 Acacia Avenue", "Flat 3, 45 High Street": a number, one to three capitalised words, a suffix. */
const STREET_ADDRESS = new RegExp(
  String.raw`(?<![\w])${FLAT_PREFIX}\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z'’]+\s+){1,3}(?:${SUFFIX_ANY_CASE})\b\.?`,
  "g",
);
/** "12 acacia avenue": all lower case, so only unmistakable suffixes count. */
const LOWER_CASE_STREET_ADDRESS =
  /(?<![\w])(?:flat\s+\d+[a-z]?,?\s+)?\d{1,4}[a-z]?,?\s+(?:[a-z'’]+\s+){1,2}(?:street|road|avenue|lane|crescent|terrace|gardens|grove|mews)\b/gi;
const NOT_A_STREET_WORD =
  /\b(?:years?|months?|weeks?|days?|old|children|kids|people|times|cross|crossed|crossing|near|on|in|the|a|by|off|busy|main)\s/i;
const FLAT_ALONE = /(?<![\w])(?:flat|apartment|apt)\s+\d+[a-z]?\b/gi;

const detectStreetAddresses: Detector = (masked) => {
  const spans = matchesOf(STREET_ADDRESS, masked, "street address");
  const lower = matchesOf(
    LOWER_CASE_STREET_ADDRESS,
    masked,
    "street address",
    (m) => !NOT_A_STREET_WORD.test(m[0].replace(/^\S+\s+/, "")),
  );
  const flats = matchesOf(FLAT_ALONE, masked, "street address");
  return dropOverlaps([...spans, ...lower, ...flats]);
};

/**
 * Capitalised words that follow a cue such as "mum" or "baby" but are not names: function words, guidance
 * and service terms ("Child Death Overview Panel", "Baby Friendly Initiative", "child Protection plan").
 */
const NOT_A_NAME = new Set(
  `a about after also an and are as at be because before but by can could did do does for from had has have
  he her here hers him his how i if in into is it its may might must no not of on or our over said says shall
  she should so than that the their them then there these they this those to told under us was we were what
  when where which who why with would yes you your ok okay hi hello thanks please
  protection death deaths overview panel panels friendly initiative care carer carers social service services
  safeguarding board boards plan plans partnership partnerships practice review reviews health mental act acts
  order orders court courts team teams unit units centre centres center trust trusts council councils support
  needs need sexual exploitation criminal abuse neglect harm looked arrangements arrangement conference
  conferences meeting meetings assessment assessments framework benefit benefits school schools nursery
  nurseries hospital hospitals ward wards clinic clinics police childline nspcc prevent channel early help
  development passport record records book personal guardian guardianship allowance minding minder welfare
  rights commissioner poverty tax credit credits fund bereavement mortality sudden unexpected infancy
  programme programmes program strategy policy policies procedure procedures standards standard group groups
  forum lead leads nurse nurses doctor doctors midwife midwives visitor visitors worker workers officer officers
  manager managers professional professionals designated named domestic violence sleep safe sleeping
  education healthcare immunisation immunisations vaccination vaccinations check checks law guidance together
  england wales scotland britain british english uk nhs gp borough county city local authority authorities
  rapid response joint agency committee commission inspectorate ofsted emergency department accident
  protocol protocols pathway pathways form forms referral referrals consent information sharing data
  year years month months week weeks day days monday tuesday wednesday thursday friday saturday sunday
  christmas easter reception section chapter part appendix table figure page schedule level levels step
  stage type tier key room class bay bed phase version question item recommendation priority finding outcome
  rule annex paragraph para point number aged age ages family families parent parents home house
  child children baby babies boy boys girl girls mum mums dad dads mother mothers father fathers brother
  sister son daughter infant infants toddler toddlers pupil pupils student students guides scouts brownies
  cubs benefit bank hall street road avenue lane centre online internet facebook instagram snapchat tiktok
  whatsapp youtube google loss awareness box bond steps start matters first club network hub project scheme
  campaign alliance charity foundation institute college society association register journey barnardo
  barnardos action aid lifeline line trust unicef women refuge relate samaritans mind young minds kooth`.split(
    /\s+/,
  ),
);

const NAME_CUES = [
  "called",
  "named",
  "name is",
  "name's",
  "names are",
  "known as",
  "baby",
  "child",
  "mum",
  "mummy",
  "mom",
  "mother",
  "dad",
  "daddy",
  "father",
  "brother",
  "sister",
  "son",
  "daughter",
  "step-?dad",
  "step-?father",
  "step-?mum",
  "step-?mother",
  "step-?son",
  "step-?daughter",
  "nan",
  "nana",
  "nanna",
  "gran",
  "granny",
  "grandma",
  "grandmother",
  "grand-?dad",
  "grandpa",
  "grandfather",
  "aunt",
  "auntie",
  "aunty",
  "uncle",
  "cousin",
  "partner",
  "boyfriend",
  "girlfriend",
  "husband",
  "wife",
  "carer",
  "pupil",
  "student",
  "boy",
  "girl",
  "toddler",
  "infant",
  "twin",
  "teacher",
  "nurse",
  "midwife",
  "health visitor",
  "social worker",
  "coach",
];
const TITLE_CUES = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof"];
/** A cue word, ending where the candidate name begins; names themselves are checked case-sensitively. */
const NAME_CUE = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:${NAME_CUES.join("|")})[,:]?|(?:${TITLE_CUES.join("|")})\.?)[ \t]+`,
  "giu",
);
const NAME_WORD = /\p{Lu}\p{Ll}+(?:['’-]\p{Lu}\p{Ll}+)*(?![\p{L}\p{N}])/uy;
const NEXT_NAME_WORD = /[ \t]+(\p{Lu}\p{Ll}+(?:['’-]\p{Lu}\p{Ll}+)*)(?![\p{L}\p{N}])/uy;

/** "Jayden, 4," / "Jayden (4)" / "Jayden aged 4" / "Jayden 4 years old": a capitalised word before an age. */
const NAME_BEFORE_AGE =
  /(?<![\p{L}])\p{Lu}\p{Ll}+(?:['’-]\p{Lu}\p{Ll}+)*(?=(?:,[ \t]*|[ \t]+\(|[ \t]+)(?:aged?[ \t]+)?\d{1,2}[ \t]*(?:\)|,|(?:years?|yrs?|yo|y\/o|months?|mths?|weeks?|wks?)(?![\p{L}])))/gu;
const FAMILY_WORD = `(?:mum|mummy|mom|mother|dad|daddy|father|brother|sister|son|daughter|step-?dad|step-?mum|nan|nana|gran|grandma|grandad|granddad|aunt|auntie|uncle|cousin|partner|boyfriend|girlfriend|carer|teacher|school|nursery|baby|class)`;
/** "Tom's dad": a capitalised word owning a family word. */
const NAME_POSSESSIVE = new RegExp(
  String.raw`(?<![\p{L}])\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)*(?=['’]s\s+${FAMILY_WORD}(?![\p{L}]))`,
  "gu",
);

const isName = (word: string) => !NOT_A_NAME.has(word.toLowerCase());

const detectNames: Detector = (masked) => {
  const spans: Span[] = [];
  for (const cue of masked.matchAll(NAME_CUE)) {
    const start = cue.index + cue[0].length;
    NAME_WORD.lastIndex = start;
    const first = NAME_WORD.exec(masked);
    if (!first || !isName(first[0])) continue;
    let end = start + first[0].length;
    NEXT_NAME_WORD.lastIndex = end;
    const second = NEXT_NAME_WORD.exec(masked);
    if (second?.[1] && isName(second[1])) end = NEXT_NAME_WORD.lastIndex;
    spans.push({ start, end, kind: "name" });
  }
  for (const pattern of [NAME_BEFORE_AGE, NAME_POSSESSIVE]) {
    spans.push(...matchesOf(pattern, masked, "name", (m) => isName(m[0])));
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
  detectNhsNumbers,
  detectPhones,
  detectPostcodes,
  detectDatesOfBirth,
  detectStreetAddresses,
  detectNames,
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
