import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../../bot/config.ts";
import {
  buildRedactionKeep,
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
    [
      "the nhs number on the letter (9998887776) doesn't match, hers is 999 246 8101",
      "the nhs number on the letter ([NHS number]) doesn't match, hers is [NHS number]",
      ["NHS number"],
    ],
    [
      "Referral form asks for NHS number, it's 999.876.5432, is that enough",
      "Referral form asks for NHS number, it's [NHS number], is that enough",
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

describe("redact: disguised identifiers", () => {
  const cases: [string, string, RedactionKind[]][] = [
    ["NHS number 943\u200B476\u200B5919", "NHS number [NHS number]", ["NHS number"]],
    ["NHS 943.476.5919 for the baby", "NHS [NHS number] for the baby", ["NHS number"]],
    ["ＮＨＳ ９４３ ４７６ ５９１９", "NHS [NHS number]", ["NHS number"]],
    ["NHS number 94347 65919", "NHS number [NHS number]", ["NHS number"]],
    ["seen 12/03/2019 943 476 5919", "seen 12/03/2019 [NHS number]", ["NHS number"]],
    ["lives in B15\u200B2TT", "lives in [postcode]", ["postcode"]],
    ["postcode WS10  8NZ", "postcode [postcode]", ["postcode"]],
    // An inward code that only looks like an ordinal ("1th", "5rd") is a postcode, as is one typed as one word.
    [
      "81 Victoria Terrace, Middlesbrough TS11TH.",
      "[address], Middlesbrough [postcode].",
      ["street address", "postcode"],
    ],
    ["family at B70 5RD - pregnant", "family at [postcode] - pregnant", ["postcode"]],
    ["call 0 7 7 0 0 9 0 0 1 2 3", "call [phone]", ["phone number"]],
    ["ring oh seven seven double oh nine zero zero one two three", "ring [phone]", ["phone number"]],
    ["email jane at example dot com", "email [email]", ["email address"]],
    ["jo [at] school [dot] sch [dot] uk", "[email]", ["email address"]],
    ["born on the twelfth of March twenty nineteen", "born on [date of birth]", ["date of birth"]],
    ["born 3rd March 2019", "born [date of birth]", ["date of birth"]],
    ["DOB 01 05 2005, no concerns", "DOB [date of birth], no concerns", ["date of birth"]],
    ["dob 31st December '12", "dob [date of birth]", ["date of birth"]],
    ["the DOB on the form says 19 Sep 2012", "the DOB on the form says [date of birth]", ["date of birth"]],
    [
      "12/03/2019 943 476 5919 - bruise on her arm",
      "[date of birth] [NHS number] - bruise on her arm",
      ["date of birth", "NHS number"],
    ],
    ["mum sarah jones said he fell", "mum [name] said he fell", ["name"]],
    ["MUM SARAH JONES SAID HE FELL", "MUM [name] SAID HE FELL", ["name"]],
    ["Flat 2, Oak House, Elm Terrace has no heating", "[address] has no heating", ["street address"]],
    ["lives at Room 4, 12 Mill Lane", "lives at [address]", ["street address"]],
    ["new address is 22 hazel walk", "new address is [address]", ["street address"]],
    ["moved to 5 Beech Cl last week", "moved to [address] last week", ["street address"]],
  ];

  it.each(cases)("%s", (input, expected, kinds) => {
    expect(redact(input)).toEqual({ text: expected, removed: kinds });
  });
});

describe("redact: address, date and email shapes of issue 15", () => {
  const cases: [string, string, RedactionKind[]][] = [
    // Welsh streets put the type first, with or without the article
    ["she's moved to 14 Maes yr Haf", "she's moved to [address]", ["street address"]],
    ["address 3 Ffordd Newydd", "address [address]", ["street address"]],
    ["they live at 21 Tan y Graig now", "they live at [address] now", ["street address"]],
    // ... but an English word that is also a Welsh street word needs the article
    ["bought 2 pen lids and 3 tan shoes", "bought 2 pen lids and 3 tan shoes", []],
    // a yard, a plot or a pitch on a site
    ["staying at 7 Mill Yard", "staying at [address]", ["street address"]],
    ["family are on Pitch 12 at the site", "family are on [address] at the site", ["street address"]],
    ["Plot 9, Ash Road Caravan Site", "[address]", ["street address"]],
    // a full date right beside a name, as in a record line
    [
      "Baby Jo 03.04.2021 has a bruise",
      "Baby [name] [date of birth] has a bruise",
      ["name", "date of birth"],
    ],
    ["seen 03.04.2021 at clinic", "seen 03.04.2021 at clinic", []],
    // "the" before a date with a person word goes with the date
    ["he gave the 2nd of May 2011 as his", "he gave [date of birth] as his", ["date of birth"]],
    // a spoken email with an initial typed apart
    ["write to sam k at mail dot com", "write to [email]", ["email address"]],
  ];

  it.each(cases)("%s", (input, expected, kinds) => {
    expect(redact(input)).toEqual({ text: expected, removed: kinds });
  });

  it("returns the normalised text, which is what the rest of the system sees", () => {
    expect(redact("Ｉｓ co\u200Bsleeping safe?")).toEqual({ text: "Is cosleeping safe?", removed: [] });
  });
});

describe("redact: names without a cue word", () => {
  const cases: [string, string][] = [
    ["Chloe Evans has missed three contacts", "[name] has missed three contacts"],
    ["Mateusz Zielinski is LAC placed out of area", "[name] is LAC placed out of area"],
    ["Ruby Clarke has a bruise", "[name] has a bruise"],
    ["Adaeze Nwosu says the baby sleeps in her bed", "[name] says the baby sleeps in her bed"],
    ["jayden's mum said he was hit", "[name]'s mum said he was hit"],
  ];

  it.each(cases)("%s", (input, expected) => {
    expect(redact(input)).toEqual({ text: expected, removed: ["name"] });
  });

  it("keeps the guidance's own terms when given its vocabulary", () => {
    const keep = buildRedactionKeep(
      [
        {
          title: "Safer sleep",
          headingPath: [],
          text: "Sandwell Council and the Lullaby Trust run it in Sandwell.",
        },
      ],
      ["CONI"],
    );
    const question = "Does Sandwell offer CONI with the Lullaby Trust?";
    expect(redact(question, { keep })).toEqual({ text: question, removed: [] });
  });
});

describe("redact: injury and age words stay for the risk rules", () => {
  const kept = [
    "my 3yo has a hand-shaped mark on his face",
    "12 yo with cigarette burns on her arm",
    "a 5yo and a 7yo left alone",
    "a 14 yr old says it hurts when she wees",
  ];

  it.each(kept)("%s", (text) => {
    expect(redact(text)).toEqual({ text, removed: [] });
  });

  it("removes the name and keeps the injury", () => {
    expect(redact("Mark has burns")).toEqual({ text: "[name] has burns", removed: ["name"] });
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
    "NHS England wrote back. Our case reference is 1234567890",
    "Can I refer on Monday in March?",
    "Mum Can I ask about safe sleep?",
    "What does Working Together say about Sudden Infant Death?",
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

describe("redact: street addresses as they are typed in chat", () => {
  it.each([
    ["she lives at 14 oak road", "she lives at [address]"],
    ["address is 14, Oak Road, Leeds", "address is [address], Leeds"],
    ["moved to 27 Larch Avenue, Tipton last week", "moved to [address], Tipton last week"],
    // A town whose last word is a street type reads as a second part of the address and goes with it.
    ["the flat at 5 Quarry Lane Brierley Hill is empty", "the flat at [address] is empty"],
    ["visited 8 Mill Road, Mum was out", "visited [address], Mum was out"],
    ["flat 2b, 45 high st", "[address]"],
    ["Apartment 3, 12 Elm Ave is cold", "[address] is cold"],
    ["unit 5 Mill Lane has damp", "[address] has damp"],
    ["no. 14 Cedar Cl", "[address]"],
    ["number 7 Willow Drive", "[address]"],
    ["moved to 2a station rd last week", "moved to [address] last week"],
    ["22 KINGS CRES", "[address]"],
    ["9 Maple gdns", "[address]"],
    ["41 St John's Road", "[address]"],
    ["3 Chestnut Sq, top floor", "[address], top floor"],
    ["12-14 Foundry Mews", "[address]"],
    ["lives at Rose Cottage, Mill Lane", "lives at [address]"],
    ["they live on Mill Lane now", "they live on [address] now"],
    ["her address: Elm Close", "her address: [address]"],
    ["8 The Parade, Bilston", "[address], Bilston"],
    // A street type the list lacked until redaction-heldout-2026-12d.jsonl; the town after it is kept.
    ["new address: 157 Holly Bank, Sedgley", "new address: [address], Sedgley"],
    ["parents at Flat 5a, 8 Holly Bank saying", "parents at [address] saying"],
    // A house named "The" and a capitalised plural, no street type (redaction-heldout-2026-12e.jsonl).
    ["dad lives at 12 The Willows and the kids go there", "dad lives at [address] and the kids go there"],
    ["new address 4 The Paddocks, Dudley", "new address [address], Dudley"],
  ])("%s", (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });

  it.each([
    "took 2 dogs to the park",
    "2 close friends at school",
    "she has 3 older sisters in care",
    "went to court 3 times",
    "the 2 year old fell in the park",
    "10 mins drive from school",
    "a 20 minute walk to nursery",
    "we sat on the green for an hour",
    "at 10 the park closes",
    "she has 2 bank accounts",
    "a Y9 2nd lesson",
    "Y10 4th period",
    "in Year 6 The Girls were upset",
    "see page 12 The Guidelines",
  ])("keeps %s", (input) => {
    expect(redact(input)).toEqual({ text: input, removed: [] });
  });
});

describe("redact: dates of birth and emails in other formats", () => {
  it.each([
    ["dob: 3/4/19, mum worried", "dob: [date of birth], mum worried"],
    ["d.o.b 03-04-2019 for the child", "d.o.b [date of birth] for the child"],
    ["born 03.04.19, lives with nan", "born [date of birth], lives with nan"],
    ["he was born on 3 April", "he was born on [date of birth]"],
    ["bday 3rd april 2019", "bday [date of birth]"],
    ["her b'day is 12th May", "her b'day is [date of birth]"],
    ["DOB 03042019", "DOB [date of birth]"],
    ["birth date: 2019-04-03", "birth date: [date of birth]"],
    ["she was born in 2011 in Leeds", "she was born in [date of birth] in Leeds"],
    ["DOB 3-Apr-2019, in year 1", "DOB [date of birth], in year 1"],
    ["born 3rd of the 4th 2019", "born [date of birth]"],
    ["birthday: 4/3 so she is 5 now", "birthday: [date of birth] so she is 5 now"],
  ])("%s", (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });

  it.each([
    // A dot between digits does not end the sentence that holds the person word.
    ["child 12.11.19 has had no immunisations", "child [date of birth] has had no immunisations"],
    ["our patient (2022.12.08) disclosed abuse", "our patient ([date of birth]) disclosed abuse"],
    ["d.o.b 3.4.2015, lives with nan", "d.o.b [date of birth], lives with nan"],
    ["the boy, born 2019/04/03, is in care", "the boy, born [date of birth], is in care"],
  ])("dotted and year-first dates: %s", (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });

  it.each([
    "version 2.3.1 of the policy is out",
    "the 2023.4 update of Working Together",
    "section 2.12.3 covers it",
    "mixed separators 2022.12-08 are no date",
  ])("keeps what only looks like a dotted date: %s", (text) => {
    expect(redact(text).removed).not.toContain("date of birth");
  });

  it.each([
    ["email jo.bloggs+school@mail.leeds.sch.uk please", "email [email] please"],
    ["write to zoë.o'neil@example.org", "write to [email]"],
    ["contact name (at) domain (dot) co (dot) uk", "contact [email]"],
    ["it's name at domain dot co dot uk", "it's [email]"],
    ["mail j_smith@students.ox.ac.uk", "mail [email]"],
  ])("%s", (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });

  it.each(["the policy was written in 2019", "she scored 4/5 on the pain scale", "14 out of 15 pupils"])(
    "keeps %s",
    (input) => {
      expect(redact(input).removed).toEqual([]);
    },
  );
});

describe("redact: a question typed in capitals is read as if cased as usual", () => {
  it.each([
    ["RANDOM Q BUT GRACE IS MISSING FROM HOME AGAIN", "RANDOM Q BUT [name] IS MISSING FROM HOME AGAIN"],
    ["IS BILL A CHILD IN NEED?", "IS [name] A CHILD IN NEED?"],
    ["CHIAMAKA OKONJO STARTED ON MONDAY WITHOUT A DBS", "[name] STARTED ON MONDAY WITHOUT A DBS"],
  ])("%s", (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });

  it.each([
    "WHAT IS A SECTION 47 ENQUIRY AND WHO LEADS IT IN DUDLEY?",
    "THE BABY WAS LEFT HOME ALONE OVERNIGHT, WHAT DO I DO?",
    "WHO DO I CALL WHEN A CHILD GOES MISSING FROM CARE?",
    "MUM SAID HE FELL AND WAS BROUGHT IN BY HIS BROTHERS",
  ])("keeps %s", (input) => {
    expect(redact(input)).toEqual({ text: input, removed: [] });
  });
});

describe("redact: places kept", () => {
  it.each([
    ["Child lives at 4 Oak Road, Blackburn, BB1 2AA", "Child lives at [address], Blackburn, [postcode]"],
    ["new address is 3 Elm Close, Bolton BL1 1AA", "new address is [address], Bolton [postcode]"],
  ])("keeps the town between an address and its postcode: %s", (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });

  it.each([
    "Eritrean families in Leicester - any community organisation?",
    "the Nigerian family have asked for an interpreter",
    "family have booked one way flights to Turkey for her at 16",
  ])("keeps a people's adjective or a country: %s", (input) => {
    expect(redact(input)).toEqual({ text: input, removed: [] });
  });

  it("keeps a condition named after someone, its noun capitalised or not", () => {
    for (const q of ["mum who has Rett Syndrome, is there a pathway?", "mum has Rett syndrome"])
      expect(redact(q)).toEqual({ text: q, removed: [] });
    expect(redact("Rett told me about the syndrome").text).toBe("[name] told me about the syndrome");
  });

  it("still removes a name beside a postcode, and a first name no country makes", () => {
    expect(redact("shilan barzinji B69 4RT moved").text).toBe("[name] [postcode] moved");
    expect(redact("Adrian told me his dad hits him").text).toBe("[name] told me his dad hits him");
  });
});

describe("redact: dates of birth with no birth cue, and two-digit years (2026-12f)", () => {
  it.each([
    // A cue that took the day and month must take the two-digit year too, in any case.
    ["pt Mary dob 4th Mar 35 NHS", "pt [name] dob [date of birth] NHS"],
    ["BABY AMIRA BORN 24TH APR 25. WHO?", "BABY [name] BORN [date of birth]. WHO?"],
    ["Amira's date of birth 16th Feb 25 and address", "[name]'s date of birth [date of birth] and address"],
    ["Amira, b. 13/5/23, came into care", "[name], b. [date of birth], came into care"],
    // A full date in brackets or just after a name, or opening the sentence after one about a person.
    [
      "Private fostering? Emeka (9.6.10) lives with a friend",
      "Private fostering? [name] ([date of birth]) lives with a friend",
    ],
    ["Resident Niamh Byrne (1960-02-25) has bruising", "Resident [name] ([date of birth]) has bruising"],
    [
      "visited Miss Okafor today, 23rd Sep 38, house full of rubbish",
      "visited Miss [name] today, [date of birth], house full of rubbish",
    ],
    [
      "is it self-neglect for Miss Okafor? 28th Jan 63, dementia",
      "is it self-neglect for Miss [name]? [date of birth], dementia",
    ],
  ])("%s", (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });

  it.each([
    // Near misses that must stay: a count after a day and month, event dates, a year alone, a time.
    ["baby born 3rd May 10 weeks early", "10 weeks early"],
    ["Working Together was launched on 1st September 2012", "1st September 2012"],
    ["the 2013 report on neglect", "the 2013 report"],
    ["the strategy meeting is on 5th May 10:30", "10:30"],
  ])("keeps: %s", (input, kept) => {
    expect(redact(input).text).toContain(kept);
  });
});

describe("redact: a refuge or hostel named with two words is a setting (2026-12f)", () => {
  it("keeps the setting's name", () => {
    expect(redact("Rose Cottage refuge in Walsall - can a 16 yo go there?").text).toBe(
      "Rose Cottage refuge in Walsall - can a 16 yo go there?",
    );
  });

  it("still takes a person's name before the word", () => {
    expect(redact("Chloe Evans refuge place in Walsall").text).toBe("[name] refuge place in Walsall");
  });
});

describe("redact: a possessive after St is a place (2026-12f)", () => {
  it.each(["who died at St Michael's on Tuesday?", "new arrivals at St Aidan's C of E Primary"])(
    "keeps: %s",
    (text) => {
      expect(redact(text).text).toBe(text);
    },
  );

  it("still takes the possessive of a person", () => {
    expect(redact("she died at Michael's on Tuesday").text).toBe("she died at [name]'s on Tuesday");
  });
});

describe("redact: shapes of names and kept words from the 2026-12f round", () => {
  const cases: [string, string][] = [
    // Names shown by lists, pairs, nicknames, initials, particles and repeats.
    ["R.S. and HJ - siblings placed apart", "[name] and [name] - siblings placed apart"],
    ["MS is the mum, parents are care leavers", "[name] is the mum, parents are care leavers"],
    ["Shiv (real name Shivani) is 15", "[name] (real name [name]) is 15"],
    ["saw Hope and Faith (twins) at clinic", "saw [name] and [name] (twins) at clinic"],
    ["Will, Jayden and baby Amira all at home", "[name], [name] and baby [name] all at home"],
    ["dad omar al-zubaidi wants the notes", "dad [name] wants the notes"],
    ["sorry - Mr ap Rhys has turned up drunk", "sorry - Mr [name] has turned up drunk"],
    ["her daughter hope is being groomed", "her daughter [name] is being groomed"],
    // Kept: medicines, platforms, colours, scores, places after a workplace, an imperative verb.
    ["mum is on Sertraline, is that safe?", "mum is on Sertraline, is that safe?"],
    ["Is medication like Ritalin or Concerta misused?", "Is medication like Ritalin or Concerta misused?"],
    ["ROBLOX AND FORTNITE GROOMING - ANY GUIDANCE?", "ROBLOX AND FORTNITE GROOMING - ANY GUIDANCE?"],
    ["the case was RAG rated amber", "the case was RAG rated amber"],
    ["is it green, amber or red?", "is it green, amber or red?"],
    ["Apgar 6 at 1 min, is that low?", "Apgar 6 at 1 min, is that low?"],
    ["the paeds at Southmead want to discharge", "the paeds at Southmead want to discharge"],
    ["Mark the body map before photos?", "Mark the body map before photos?"],
    ["WEIGHT DROPPED OFF THE 9TH CENTILE", "WEIGHT DROPPED OFF THE 9TH CENTILE"],
  ];
  for (const [question, expected] of cases) {
    it(question, () => {
      expect(redact(question).text).toBe(expected);
    });
  }
  it("keeps the town after an address even when it ends in a street type", () => {
    expect(redact("Mrs Tsang, 70 marsh road, Brierley Hill, what now?").text).toBe(
      "Mrs [name], [address], Brierley Hill, what now?",
    );
  });
  it("still removes a person who is taken somewhere or given something", () => {
    expect(redact("she takes Ngozi to school and gave Mirela a bottle").text).toBe(
      "she takes [name] to school and gave [name] a bottle",
    );
  });
});

describe("redact: shapes from the 2026-12h round", () => {
  const cases: [string, string][] = [
    // NHS numbers with a wrong check digit, in the NHS's grouping or as one run, with no cue.
    ["referral for 4857773456 went to Early Help", "referral for [NHS number] went to Early Help"],
    ["check the CP-IS for 485 777 3456 before", "check the CP-IS for [NHS number] before"],
    // ... but the rest of an international phone number has that grouping too.
    ["dad is on +44 (0)121 555 0198, and", "dad is on [phone], and"],
    // A spoken email whose local part ends in an initial and digits typed apart.
    ["email me at mikey b 1985 at gmail dot com about it", "email me at [email] about it"],
    // Addresses: "the" in lower case before a capitalised street type, a flat and a house number before a
    // street named without a type, a street after a building's comma, a house named with "The", and a
    // named house and a numbered street found as one.
    ["home conditions at 4 the Crescent, dog mess", "home conditions at [address], dog mess"],
    ["family moved to Flat 3, 12 Canal Side, Tipton - do i", "family moved to [address], Tipton - do i"],
    ["they live at Flat 9, Brook House, Canal Side", "they live at [address]"],
    ["Foster carers at The Willows, Back Lane want cameras", "Foster carers at [address] want cameras"],
    ["a hostel at Rosewood House, 8 Mill Street, B70 5RD and", "a hostel at [address], [postcode] and"],
    // Names: an initial before a surname, a building's word as a surname beside an age, a verb or its
    // repetition, a surname that is a word before a plural verb or a move, a first name that is a town
    // opening a list of names.
    ["J. Mensah in bay 4 at A&E", "[name] in bay 4 at A&E"],
    ["Mrs J. Roberts from the parish council", "Mrs [name] from the parish council"],
    [
      "missing person report for Tiegan Hall, 13, last seen",
      "missing person report for [name], 13, last seen",
    ],
    ["Megan Hall, Craig Hall, their lodger", "[name], [name], their lodger"],
    ["Chloe Lodge said she was scared", "[name] said she was scared"],
    ["Liam and Nathan Foster were found wandering", "[name] and [name] were found wandering"],
    ["if Jessica Ward moves to Cornwall before", "if [name] moves to Cornwall before"],
    ["Connor, Aiden n Josh from the football club", "[name], [name] n [name] from the football club"],
    // Kept: chat spellings, "just", police ranks, the paediatric service, a workplace's building, a town
    // before a name in a list.
    ["wat is the Think Family approach", "wat is the Think Family approach"],
    [
      "I didn't ask, just said thank you for telling me.",
      "I didn't ask, just said thank you for telling me.",
    ],
    ["Sergeant asking - a 17 yr old", "Sergeant asking - a 17 yr old"],
    ["seen in the Paeds ED this month", "seen in the Paeds ED this month"],
    ["I'm a carer at Birchwood Lodge and a colleague", "I'm a carer at Birchwood Lodge and a colleague"],
    ["Sabina, Romani, 15", "[name], Romani, 15"],
    [
      "moved from Smethwick to Bristol, Mirela Ciuraru's new number",
      "moved from Smethwick to Bristol, [name]'s new number",
    ],
    // A prefix typed apart keeps its word; "ex" before a name does not.
    ["theres a non mol against him", "theres a non mol against him"],
    ["her ex dave came round", "her ex [name] came round"],
    // Not addresses: a count before "the".
    ["took 2 the park", "took 2 the park"],
    ["Year 4 the Green team", "Year 4 the Green team"],
  ];
  for (const [question, expected] of cases) {
    it(question, () => {
      expect(redact(question).text).toBe(expected);
    });
  }
  it("keeps a town after a building's comma out of the address", () => {
    expect(redact("Bethany and her mum live at 3 Swan Court, Brierley Hill, mum is").text).toBe(
      "[name] and her mum live at [address], Brierley Hill, mum is",
    );
  });
});

describe("redact: address shapes and false tags of the 12i redaction set", () => {
  it.each([
    // Scottish tenement flats, caravans, a floor after the flat.
    ["Flat 1/3, 40 Byres Road - HV visit", "[address] - HV visit"],
    ["Caravan 4, Oak Tree Farm, Mill Road - family", "[address] - family"],
    ["our client at Flat 5, First Floor, 9 Elm Avenue has", "our client at [address] has"],
    // A named outbuilding and its farm; a Welsh house and a Welsh street without a number.
    [
      "Police attended The Stables, Hill Top Farm, Ludlow at night",
      "Police attended [address], Ludlow at night",
    ],
    ["Tŷ Coch, Ffordd y Llan, Tywyn - a child", "[address], Tywyn - a child"],
    // A further street after a cued house name, the town kept.
    ["lives at Orchard View, Church Lane, Ludlow SY8 1AA with", "lives at [address], Ludlow [postcode] with"],
    // A town of two words after an address: its second word, and a gazetteer place's words before a postcode.
    ["The Granary, Wood End Farm, Long Marston at night", "[address], Long Marston at night"],
    ["13 Pitt Lane, Much Wenlock TF13 6AA", "[address], Much Wenlock [postcode]"],
  ])("removes the whole address: %s", (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });

  it.each([
    "a girl aged 7 attended Walk-in Centre today",
    "is a tenant's partner a risk",
    "Is Operation Makesafe used in Dudley?",
    "is the Named Person involved",
    "Pregabalin misuse in prisons",
    "Calpol given to a 3 week old",
    "is Calpol plus Nurofen together ok for a 3 month old",
    "is Gaviscon ok to suggest",
    "he plays Minecraft till midnight",
    "mum gives Cow & Gate formula",
    "CP conference next Thurs",
    "flights to Somaliland booked",
    "the school in Carlisle says",
    "can school refer to Winston's Wish?",
    "how do i refer a 12 yr old to Brook for advice",
    "Dad says he uses Spice most weekends",
  ])("keeps %s", (input) => {
    expect(redact(input).text).toBe(input);
  });

  it.each([
    // A cue in quotes is still a cue. The rest guard what the new rules leave alone: a named baby is still
    // named, a person before a place or a relative, a clear name after a referral's "to", someone used.
    ["she has a 'boyfriend' Connor Hale who is 22.", "she has a 'boyfriend' [name] who is 22."],
    ["a baby named Grace was seen", "a baby named [name] was seen"],
    ["Chloe moved from Lagos and her dad", "[name] moved from Lagos and her dad"],
    ["spoke to Grace and her mum", "spoke to [name] and her mum"],
    ["we heard from Chloe and her mum", "we heard from [name] and her mum"],
    ["she is staying in Jayden and his mum's flat", "she is staying in [name] and his mum's flat"],
    ["we referred her to Jade the school nurse", "we referred her to [name] the school nurse"],
    ["he is using Grace to get money", "he is using [name] to get money"],
  ])("removes the name: %s", (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });
});

describe("redact: a country's people of two words", () => {
  it("keeps the adjective of a region named in two words, and removes a name that shares its first word", () => {
    expect(redact("a Sierra Leonean family, FGM risk").text).toBe("a Sierra Leonean family, FGM risk");
    expect(redact("Sierra Smith is 14").text).toBe("[name] is 14");
  });
});
