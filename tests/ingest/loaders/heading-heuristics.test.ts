import { describe, expect, it } from "vitest";
import { isAllCaps, looksLikeHeading, wordingLevel } from "../../../ingest/loaders/heading-heuristics.ts";

describe("looksLikeHeading", () => {
  it.each([
    "Background",
    "Scope and Objectives of the Review",
    "KEY ISSUES RAISED IN DISCUSSION:",
    "3. BACKGROUND",
    "Child Death Overview Panel (CDOP)",
    "What is Dudley Safeguarding Children Board (DSCB)?",
    "North West Sector Led Improvement: Infant Mortality",
    "Findings of Peer Review of Looked After Children (LAC) Services in BNSSG",
    "Priority 1 - The Structure and Remit of the Board",
  ])("accepts %j", (line) => {
    expect(looksLikeHeading(line)).toBe(true);
  });

  it.each([
    "The aim of the review was to:",
    "Safeguarding and promoting the welfare of children is about",
    "Thank you for your co-operation.",
    "Telephone: 01384 815243",
    "Time: 1:30pm",
    "Early Adopter: Dudley, Sandwell, Walsall, Wolverhampton",
    "E-mail – josef.jablonski@dudley.gov.uk",
    "www.dudley.gov.uk",
    "Table 1",
    "Dear Member",
    "Angela Stephen & Andrea O'Connell - 17 June 2020",
    "RESOLVED",
    "OFFICIAL-SENSITIVE",
    "A formal Risk Register will be introduced by the Board during 2013-14",
    "lower case start of a line",
    "• A bullet",
    "2016",
    "",
    "A heading that goes on and on for far too many words to be any kind of heading at all",
  ])("rejects %j", (line) => {
    expect(looksLikeHeading(line)).toBe(false);
  });
});

describe("isAllCaps", () => {
  it("needs letters, all capitals", () => {
    expect(isAllCaps("3. BACKGROUND")).toBe(true);
    expect(isAllCaps("Background")).toBe(false);
    expect(isAllCaps("2013")).toBe(false);
  });
});

describe("wordingLevel", () => {
  it("shares one level except for deeper section numbers", () => {
    expect(wordingLevel("Background", 100)).toBe(100);
    expect(wordingLevel("3. BACKGROUND", 100)).toBe(100);
    expect(wordingLevel("3.1 Safer sleep", 100)).toBe(101);
  });
});
