import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../../bot/config.ts";
import {
  isValidNhsNumber,
  type RedactionKind,
  redact,
  redactionNotice,
} from "../../../../bot/core/safety/redact.ts";

const DEV_QUESTIONS = path.resolve(PROJECT_ROOT, "../shared/eval/dev-questions.jsonl");

interface PiiItem {
  id: string;
  question: string;
  secrets: string[];
}

function devPiiItems(): PiiItem[] {
  return readFileSync(DEV_QUESTIONS, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as PiiItem & { kind: string })
    .filter((item) => item.kind === "pii");
}

describe("redact: the dev set's personal data", () => {
  const items = devPiiItems();

  it("has pii items to check", () => {
    expect(items.length).toBeGreaterThan(0);
  });

  it.each(items.map((item) => [item.id, item] as const))("%s: no secret survives", (_, item) => {
    const { text, removed } = redact(item.question);
    for (const secret of item.secrets) expect(text).not.toContain(secret);
    expect(removed.length).toBeGreaterThan(0);
  });

  it("keeps the dev question readable", () => {
    const question = items.find((i) => i.question.startsWith("Baby Tom Jones"))?.question;
    expect(question).toBeDefined();
    expect(redact(question as string)).toEqual({
      text: "Baby [name], NHS no [NHS number], postcode [postcode], is sleeping on the sofa with dad - is that OK?",
      removed: ["name", "NHS number", "postcode"],
    });
  });
});

describe("redact: removes what must go", () => {
  const cases: [string, string, RedactionKind[]][] = [
    ["Her NHS number is 401-023-2137.", "Her NHS number is [NHS number].", ["NHS number"]],
    ["nhs 943 476 5919 for the baby", "nhs [NHS number] for the baby", ["NHS number"]],
    [
      "NHS no: 4010232136 (I may have mistyped it)",
      "NHS no: [NHS number] (I may have mistyped it)",
      ["NHS number"],
    ],
    ["Lives in b15 2tt", "Lives in [postcode]", ["postcode"]],
    ["postcode SW1A1AA, near the school", "postcode [postcode], near the school", ["postcode"]],
    ["family moved to DN55 1PT last week", "family moved to [postcode] last week", ["postcode"]],
    ["mum's mobile is 07700 900123", "mum's mobile is [phone]", ["phone number"]],
    ["call dad on +44 7700 900123 after 5", "call dad on [phone] after 5", ["phone number"]],
    ["the school is on +44 (0)121 496 0000", "the school is on [phone]", ["phone number"]],
    ["ring (0121) 496 0000 or 020 7946 0000", "ring [phone] or [phone]", ["phone number"]],
    ["his number is 7700900123", "his number is [phone]", ["phone number"]],
    ["email jo.bloggs@school.sch.uk about it", "email [email] about it", ["email address"]],
    ["DOB 03/04/2019, bruise on arm", "DOB [date of birth], bruise on arm", ["date of birth"]],
    ["d.o.b. 3.4.19", "d.o.b. [date of birth]", ["date of birth"]],
    ["she was born on 12th March 2020", "she was born on [date of birth]", ["date of birth"]],
    ["date of birth: 2019-03-04", "date of birth: [date of birth]", ["date of birth"]],
    [
      "The boy was seen on 14/02/2024 with bruising.",
      "The boy was seen on [date of birth] with bruising.",
      ["date of birth"],
    ],
    ["mum Sarah said he fell", "mum [name] said he fell", ["name"]],
    ["her stepdad Dave Smith is outside", "her stepdad [name] is outside", ["name"]],
    ["Mrs Khan and Dr. Patel were there", "Mrs [name] and Dr. [name] were there", ["name"]],
    ["a girl called Amelia told me", "a girl called [name] told me", ["name"]],
    ["my name is Jane Smith, HV", "my name is [name], HV", ["name"]],
    ["Jayden, 4, has a bruise", "[name], 4, has a bruise", ["name"]],
    ["Tom's dad smells of cannabis", "[name]'s dad smells of cannabis", ["name"]],
    ["they live at 12 Acacia Avenue", "they live at [address]", ["street address"]],
    ["Flat 3, 45 High Street, Dudley", "[address], Dudley", ["street address"]],
    ["lives at 7 oak road with nan", "lives at [address] with nan", ["street address"]],
  ];

  it.each(cases)("%s", (input, expected, kinds) => {
    expect(redact(input)).toEqual({ text: expected, removed: kinds });
  });

  it("lists each kind once, in the order it appears", () => {
    const { removed } = redact("Baby Amy, DOB 01/02/2023, 07700 900123, B15 2TT, and Baby Jo, 07700 900124");
    expect(removed).toEqual(["name", "date of birth", "phone number", "postcode"]);
  });
});

describe("redact: keeps what is not personal", () => {
  const kept = [
    "What is a section 47?",
    "Is co-sleeping safe?",
    "If a child is in danger, call 999",
    "ring 111, or the police on 101",
    "NSPCC 0808 800 5000",
    "Childline is 0800 1111",
    "Working Together 2023",
    "What does the Child Death Overview Panel do?",
    "Is the hospital part of the Baby Friendly Initiative?",
    "mum's GP is worried",
    "the child Protection plan was reviewed",
    "the dad Is not engaging",
    "What is the Born in Bradford study?",
    "a 6 week old in year 9's family",
    "guidance from March 2019",
    "S47 strategy discussion on day 2",
    "the Children Act 1989 section 17",
    "Child A was seen by the GP",
    "What does Baby Loss Awareness Week cover?",
    "LSCB annual report 2012/13",
    "a reference number 1234567890",
  ];

  it.each(kept)("%s", (text) => {
    expect(redact(text)).toEqual({ text, removed: [] });
  });
});

describe("isValidNhsNumber", () => {
  it.each(["4010232137", "401 023 2137", "401-023-2137", "9434765919"])("accepts %s", (n) => {
    expect(isValidNhsNumber(n)).toBe(true);
  });

  it.each([
    ["a wrong check digit", "4010232136"],
    ["a check digit that would be 10", "0000000060"],
    ["nine digits", "401023213"],
    ["letters", "40102321a7"],
  ])("rejects %s", (_, n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });
});

describe("redactionNotice", () => {
  it("says nothing when nothing was removed", () => {
    expect(redactionNotice([])).toBeUndefined();
  });

  it("names what was removed in one sentence", () => {
    const notice = redactionNotice(["name", "NHS number", "postcode"]);
    expect(notice).toBe(
      "I removed a name, an NHS number and a postcode from your question; please do not share details that could identify a child, family or colleague.",
    );
  });

  it("reads naturally for a single kind", () => {
    expect(redactionNotice(["phone number"])).toMatch(/^I removed a phone number from your question;/);
  });
});
