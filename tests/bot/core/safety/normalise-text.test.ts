import { describe, expect, it } from "vitest";
import { normaliseText } from "../../../../bot/core/safety/normalise-text.ts";

describe("normaliseText: disguised identifiers take their plain form", () => {
  const cases: [string, string, string][] = [
    ["full-width digits", "ＮＨＳ ９４３ ４７６ ５９１９", "NHS 943 476 5919"],
    ["zero-width spaces", "NHS 943\u200B476\u200B5919", "NHS 9434765919"],
    ["a zero-width joiner in a postcode", "B15\u200D2TT", "B152TT"],
    ["a soft hyphen and a byte-order mark", "Chl\u00ADoe\uFEFF", "Chloe"],
    ["bidi controls", "\u202Ejane\u202C", "jane"],
    ["control characters, keeping line breaks", "a\u0007b\r\nc", "ab\nc"],
    ["digits typed one by one", "call 0 7 7 0 0 9 0 0 1 2 3 please", "call 07700900123 please"],
    ["digits with dashes", "4-0-1-0-2-3-2-1-3-7", "4010232137"],
    ["spoken digits", "oh seven seven double oh nine zero zero one two three", "07700900123"],
    ["spoken digits mixed with digits", "0 seven 7 0 0 nine 0 0 1 2 3", "07700900123"],
    ["an email with spoken at and dot", "email jane at example dot com", "email jane@example.com"],
    ["an email in brackets", "jane [at] example [dot] co [dot] uk", "jane@example.co.uk"],
    ["an email in parentheses", "jane.smith(at)nhs(dot)net", "jane.smith@nhs.net"],
    ["a spoken dot in the local part", "j dot smith at school dot org", "j.smith@school.org"],
    [
      "a plain at before an address's domain",
      "write to jo at school.org today",
      "write to jo@school.org today",
    ],
    ["spaces around @", "jo @ school.org", "jo@school.org"],
    [
      "a date of birth in words",
      "born on the twelfth of March twenty nineteen",
      "born on the 12th of March 2019",
    ],
    [
      "a month-first date in words",
      "born march the twenty-first two thousand and eighteen",
      "born march the 21st 2018",
    ],
    ["a year in words after a month", "since June twenty twenty", "since June 2020"],
    ["a day in words before a capitalised month", "the first May after", "the 1st May after"],
  ];

  it.each(cases)("%s", (_, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });
});

describe("normaliseText: ordinary text is left as written", () => {
  const kept = [
    "one or two contacts, aged 3 4 5",
    "Oh oh oh no",
    "the second may be fine",
    "the first march of the year",
    "we met at school.It was fine",
    "look at this dot point",
    "jo@school.org",
    "Working Together 2023 section 4.2",
    "NHS 943 476 5919",
    "07700 900123",
    "she is three and a half",
  ];

  it.each(kept)("%s", (text) => {
    expect(normaliseText(text)).toBe(text);
  });

  it("never lets the redactor's own mask character through", () => {
    expect(normaliseText("Chloe\uE000Evans")).toBe("ChloeEvans");
  });
});

describe("normaliseText: a spoken email whose local part ends in digits typed apart (2026-12h)", () => {
  it("joins a name, an initial and digits before a spoken at", () => {
    expect(normaliseText("email me at mikey b 1985 at gmail dot com")).toBe(
      "email me at mikey.b.1985@gmail.com",
    );
  });
  it("joins a name and digits without an initial", () => {
    expect(normaliseText("it's sam 22 at outlook dot com")).toBe("it's sam.22@outlook.com");
  });
});
