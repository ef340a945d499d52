import { describe, expect, it } from "vitest";
import { coversYearsAsked, yearsNamed } from "../../../knowledge/retrieval/periods.ts";

describe("yearsNamed", () => {
  it("reads single years and both years of a period in any of its spellings", () => {
    expect([...yearsNamed("figures for 12/13 and for 2015")].sort()).toEqual([2012, 2013, 2015]);
    expect([...yearsNamed("during 2014-15")].sort()).toEqual([2014, 2015]);
  });

  it("does not read ages, counts or page numbers as years", () => {
    expect(yearsNamed("a 12-13 year old, 250 referrals, page 1890").size).toBe(0);
  });
});

describe("coversYearsAsked", () => {
  it("holds when the question names no year", () => {
    expect(coversYearsAsked(new Set(), "Figures for 2012/13.")).toBe(true);
  });

  it("holds when the passage names one of the years asked about, in any spelling", () => {
    expect(coversYearsAsked(yearsNamed("how many in 12/13?"), "At 31st March 2013 there were 730.")).toBe(
      true,
    );
    expect(coversYearsAsked(yearsNamed("budget for 2014-15"), "Budget 2014/15: income and costs")).toBe(true);
  });

  it("fails when the passage is about other years only", () => {
    expect(coversYearsAsked(yearsNamed("what was the budget for 2014-15?"), "Budget 2012-13")).toBe(false);
    expect(coversYearsAsked(yearsNamed("rate in 2015"), "The rate in 2012 was 4.2 per 1,000.")).toBe(false);
  });
});
