import { describe, expect, it } from "vitest";
import { HeadingPath, headingNumbering } from "../../../ingest/loaders/heading-path.ts";

describe("headingNumbering", () => {
  it.each([
    ["3. BACKGROUND", [3]],
    ["2.4 Safer sleep", [2, 4]],
    ["10) Contacts", [10]],
    ["Section 5 Finance", [5]],
    ["1.Note the arrangements", [1]],
  ])("reads %j", (text, expected) => {
    expect(headingNumbering(text)).toEqual(expected);
  });

  it.each(["Background", "2016 annual report", "12months"])("finds none in %j", (text) => {
    expect(headingNumbering(text)).toBeUndefined();
  });
});

describe("HeadingPath", () => {
  it("pops headings at the same or a deeper level", () => {
    const path = new HeadingPath();
    path.enter(1, "Policy");
    path.enter(2, "Scope");
    path.enter(3, "Staff");
    expect(path.current()).toEqual(["Policy", "Scope", "Staff"]);
    path.enter(2, "Process");
    expect(path.current()).toEqual(["Policy", "Process"]);
    path.enter(1, "Annex");
    expect(path.current()).toEqual(["Annex"]);
  });

  it("makes a later number a sibling of an earlier one at the same depth, whatever the level", () => {
    const path = new HeadingPath();
    path.enter(1, "BOARD");
    path.enter(1, "5. KEY ISSUES");
    path.enter(4, "6. POLICY IMPLICATIONS");
    expect(path.current()).toEqual(["6. POLICY IMPLICATIONS"]);
    path.enter(2, "6.1 Local policy");
    path.enter(2, "6.2 National policy");
    expect(path.current()).toEqual(["6. POLICY IMPLICATIONS", "6.2 National policy"]);
  });

  it("nests a numbering that restarts under a heading deeper in the markup", () => {
    const path = new HeadingPath();
    path.enter(2, "1. Aims");
    path.enter(3, "1. Detail");
    expect(path.current()).toEqual(["1. Aims", "1. Detail"]);
  });

  it("hands out copies", () => {
    const path = new HeadingPath();
    path.enter(1, "A");
    const before = path.current();
    path.enter(1, "B");
    expect(before).toEqual(["A"]);
  });
});
