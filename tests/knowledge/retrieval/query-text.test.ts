import { describe, expect, it } from "vitest";
import {
  asksForFigure,
  definedTerm,
  normalisePeriods,
  possibleDefinedTerms,
  withoutPreamble,
} from "../../../knowledge/retrieval/query-text.ts";

describe("withoutPreamble", () => {
  it("leaves out chatty and reassuring openers and closing thanks", () => {
    expect(
      withoutPreamble(
        "Lovely family, no concerns at all, just a quick one – what temp should baby's room be?",
      ),
    ).toBe("what temp should baby's room be?");
    expect(
      withoutPreamble("Hi all! Sorry if this is a daft question but how many CP plans were there?"),
    ).toBe("how many CP plans were there?");
    expect(withoutPreamble("nobody smokes or drinks in the house but is co-sleeping ok?")).toBe(
      "is co-sleeping ok?",
    );
    expect(withoutPreamble("who chairs the panel? thanks!!")).toBe("who chairs the panel?");
  });

  it("keeps a condition that is part of the question, and never empties a message", () => {
    expect(withoutPreamble("is co-sleeping ok if nobody smokes?")).toBe(
      "is co-sleeping ok if nobody smokes?",
    );
    expect(withoutPreamble("Hi all, thanks!")).toBe("Hi all, thanks!");
  });
});

describe("normalisePeriods", () => {
  it("writes years the library's way and leaves dates and ages alone", () => {
    expect(normalisePeriods("CP plans in 12/13")).toBe("CP plans in 2012/13");
    expect(normalisePeriods("2012-2013 and 2012-13")).toBe("2012/13 and 2012/13");
    expect(normalisePeriods("children aged 12-13")).toBe("children aged 12-13");
    expect(normalisePeriods("12/13 years old")).toBe("12/13 years old");
    expect(normalisePeriods("seen on 05/06/2019")).toBe("seen on 05/06/2019");
    expect(normalisePeriods("on 12/03")).toBe("on 12/03");
  });
});

describe("definedTerm", () => {
  it("finds the term a definition question asks about", () => {
    expect(definedTerm("whats an IRO")).toBe("IRO");
    expect(definedTerm("what does LADO stand for?")).toBe("LADO");
    expect(definedTerm("MASH meaning")).toBe("MASH");
    expect(definedTerm("define neglect please")).toBe("neglect");
  });

  it("is undefined for other questions", () => {
    expect(definedTerm("what is the process for a LADO referral")).toBeUndefined();
    expect(definedTerm("what is the room temp for a baby")).toBeUndefined();
  });
});

describe("possibleDefinedTerms", () => {
  it("offers the acronyms of a definition question in any wording, and nothing without a cue", () => {
    expect(possibleDefinedTerms("IRO?? what is that pls")).toContain("IRO");
    expect(possibleDefinedTerms("CIN - wot does it mean")).toContain("CIN");
    expect(possibleDefinedTerms("whats CAF short for?")).toContain("CAF");
    expect(possibleDefinedTerms("how many CP plans were there in 2012/13?")).toEqual([]);
    expect(possibleDefinedTerms("MASH??")).toEqual(["MASH"]);
    expect(
      possibleDefinedTerms(
        "Sorry if this is a daft question but what actually is a core group in child protection?",
      ),
    ).toContain("core group");
    expect(possibleDefinedTerms("what exactly is a LADO?")).toEqual(["LADO"]);
  });
});

describe("asksForFigure", () => {
  it("recognises questions whose answer is a count, a share or a rate", () => {
    expect(asksForFigure("how many referrals were made in 12/13")).toBe(true);
    expect(asksForFigure("what % of mums smoked at delivery")).toBe(true);
    expect(asksForFigure("what proportion of CP plans were for neglect")).toBe(true);
    expect(asksForFigure("who chairs the panel?")).toBe(false);
    expect(asksForFigure("is co-sleeping safe?")).toBe(false);
  });
});
