import { describe, expect, it } from "vitest";
import { dateFromText, normaliseDate } from "../../ingest/document-date.ts";

const nextYear = new Date().getUTCFullYear() + 1;

describe("normaliseDate", () => {
  it.each([
    ["2019-03-01", "2019-03-01"],
    ["2019-3-1", "2019-03-01"],
    ["2013-09-26T10:15:00+01:00", "2013-09-26"],
    ["2019-03-01 10:00", "2019-03-01"],
    ["2019-03", "2019-03"],
    ["2017", "2017"],
    ["D:20130926120000+01'00'", "2013-09-26"],
    ["D:20261124001501Z'", "2026-11-24"],
    ["D:201309", "2013-09"],
    ["26/09/2013", "2013-09-26"],
    ["06 / 02 / 2017", "2017-02-06"],
    ["26.09.2013", "2013-09-26"],
    ["26/09/13", "2013-09-26"],
    ["26 September 2013", "2013-09-26"],
    ["7th July 2020", "2020-07-07"],
    ["Tuesday 7th July 2020", "2020-07-07"],
    ["Thursday, 26th September, 2013 at 3.00 pm", "2013-09-26"],
    ["July 7, 2020", "2020-07-07"],
    ["February 2017", "2017-02"],
    ["Sept. 2013", "2013-09"],
    ["  2020-07-07  ", "2020-07-07"],
  ])("reads %j as %s", (input, expected) => {
    expect(normaliseDate(input)).toBe(expected);
  });

  it("reads a Date by its UTC calendar day", () => {
    expect(normaliseDate(new Date(Date.UTC(2019, 4, 14, 23, 30)))).toBe("2019-05-14");
  });

  it.each([
    "",
    "not a date",
    "soon",
    "2013-02-30",
    "31/04/2013",
    "2013-13-01",
    "1989",
    "1066-10-14",
    String(nextYear + 1),
    "the week after 7 July 2020",
    "Autumn 2019",
  ])("rejects %j", (input) => {
    expect(normaliseDate(input)).toBeUndefined();
  });

  it("rejects an invalid Date", () => {
    expect(normaliseDate(new Date("nonsense"))).toBeUndefined();
  });

  it("accepts next year, for papers dated ahead", () => {
    expect(normaliseDate(`${nextYear}-01-15`)).toBe(`${nextYear}-01-15`);
  });
});

describe("dateFromText", () => {
  it("prefers a cued date over an earlier date in the text", () => {
    const text =
      "Minutes of the meeting held on 26th June 2013 were approved.\nDate: 26 September 2013\nAgenda";
    expect(dateFromText(text)).toBe("2013-09-26");
  });

  it.each([
    ["DATE: | February 2017", "2017-02"],
    ["Date: Tuesday 7th July 2020\nTime: 1:30pm", "2020-07-07"],
    ["Meeting date 26/09/2013", "2013-09-26"],
    ["Published 3 March 2019 by the partnership", "2019-03-03"],
    ["Issued: March 2019", "2019-03"],
    ["Last reviewed: 01/02/2021", "2021-02-01"],
    ["Date of issue: 2018-11-05", "2018-11-05"],
  ])("reads the cue in %j", (text, expected) => {
    expect(dateFromText(text)).toBe(expected);
  });

  it("never takes a review date, an expiry date or a date of birth", () => {
    expect(dateFromText("Review date: 01/03/2026\nApproved by the board on 12 May 2022.")).toBe("2022-05-12");
    expect(dateFromText("Next review date: March 2025\nVersion 3")).toBeUndefined();
    expect(
      dateFromText("Date of birth: 01/01/2000\nExpires 1 June 2024\nSafer sleep policy"),
    ).toBeUndefined();
  });

  it.each([
    ["DUDLEY HEALTH AND WELLBEING BOARD\nTHURSDAY 26TH SEPTEMBER 2013\nAT 3.00 PM", "2013-09-26"],
    ["Learning example\nA workshop was held on 10 th July 2020 with partners.", "2020-07-10"],
    ["Protocol agreed 7th July 2020", "2020-07-07"],
    ["Contact us\n26/09/2013\nReport", "2013-09-26"],
    ["Version 2 (2019-03-01)", "2019-03-01"],
    ["Signed July 7, 2020", "2020-07-07"],
  ])("finds the first full date in %j", (text, expected) => {
    expect(dateFromText(text)).toBe(expected);
  });

  it("passes over an impossible date to the next real one", () => {
    expect(dateFromText("Ref 31/02/2019\nIssued 4 April 2019")).toBe("2019-04-04");
  });

  it("takes Month YYYY only on a short line of its own", () => {
    expect(dateFromText("Health and Wellbeing Board\nFebruary 2017\nUpdate on infant mortality")).toBe(
      "2017-02",
    );
    const sentence =
      "In February 2015 a Child Death Overview Panel chair from one of the four panels attended the meeting.";
    expect(dateFromText(sentence)).toBeUndefined();
  });

  it("does not read the verb 'may' as a month", () => {
    expect(dateFromText("Staff\nmay 2013\nbe asked")).toBeUndefined();
  });

  it("falls back to a year standing alone on a line", () => {
    expect(dateFromText("2016\nNorth West Sector Led Improvement: Infant Mortality")).toBe("2016");
    expect(dateFromText("There were 2016 referrals last year.")).toBeUndefined();
  });

  it("looks only at the opening 3000 characters", () => {
    const filler = "Safeguarding is everyone's responsibility. ".repeat(80);
    expect(filler.length).toBeGreaterThan(3000);
    expect(dateFromText(`${filler}\nDate: 1 May 2019`)).toBeUndefined();
    expect(dateFromText(`Date: 1 May 2019\n${filler}`)).toBe("2019-05-01");
  });

  it("finds nothing in undated text", () => {
    expect(dateFromText("Call 999 if a child is in immediate danger.")).toBeUndefined();
    expect(dateFromText("")).toBeUndefined();
  });
});
