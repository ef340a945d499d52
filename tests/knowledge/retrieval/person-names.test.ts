import { describe, expect, it } from "vitest";
import { asksForPersonName, namesAPerson } from "../../../knowledge/retrieval/person-names.ts";

describe("a name asked for", () => {
  it("is a question for somebody's name, not for a service or a route", () => {
    expect(asksForPersonName("who chairs the dudley YPSE panel?")).toBe(true);
    expect(asksForPersonName("what's the pan lancashire cdop chair called")).toBe(true);
    expect(asksForPersonName("whats the name of the new coordinator?")).toBe(true);
    expect(asksForPersonName("who wrote the blackburn IM update")).toBe(true);
    expect(asksForPersonName("who provides the CLA health service across bnssg?")).toBe(false);
    expect(asksForPersonName("who do I go to if I disagree with social care?")).toBe(false);
  });
});

describe("a person named in a passage", () => {
  it("finds first names with surnames, initials and titles", () => {
    expect(namesAPerson("On 30 January 2020, Liz Allen the Designated Nurse met stakeholders")).toBe(true);
    expect(namesAPerson("FROM: Linda Clegg, Director of Children's Services")).toBe(true);
    expect(namesAPerson("The group was chaired by Angela H Hardman")).toBe(true);
    expect(namesAPerson("Roger Clayton – Chair of Safeguarding Boards")).toBe(true);
    expect(namesAPerson("In November 2011, John Polychronakis, Chief Executive")).toBe(true);
    expect(namesAPerson("the review led by Professor Sir Bruce Keogh")).toBe(true);
  });

  it("does not take places, bodies and headings for people", () => {
    expect(namesAPerson("Dudley Metropolitan Borough Council and Walsall CCG")).toBe(false);
    expect(namesAPerson("the Black Country Child Death Overview Panel")).toBe(false);
    expect(namesAPerson("Public Health England and the Health and Wellbeing Board")).toBe(false);
    expect(namesAPerson("services in North Somerset and East Lancashire")).toBe(false);
    expect(namesAPerson("For Blackburn with Darwen, In January the Young Peoples panel met")).toBe(false);
    expect(namesAPerson("An independent chair will be appointed.")).toBe(false);
  });
});
