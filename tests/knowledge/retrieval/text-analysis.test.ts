import { describe, expect, it } from "vitest";
import { term, terms, words } from "../../../knowledge/retrieval/text-analysis.ts";

describe("words", () => {
  it("lower-cases and splits on anything that is not a letter or a digit", () => {
    expect(words("Call 999, then the MASH (front door)!")).toEqual([
      "call",
      "999",
      "then",
      "the",
      "mash",
      "front",
      "door",
    ]);
  });

  it("keeps a hyphenated word's parts and also the parts joined", () => {
    expect(words("co-sleeping")).toEqual(["co", "sleeping", "cosleeping"]);
    expect(words("multi-agency safeguarding hub")).toEqual([
      "multi",
      "agency",
      "multiagency",
      "safeguarding",
      "hub",
    ]);
  });

  it("drops possessive 's, straight or curly, and stray hyphens and apostrophes", () => {
    expect(words("the child's cot")).toEqual(["the", "child", "cot"]);
    expect(words("the child\u2019s cot")).toEqual(["the", "child", "cot"]);
    expect(words("- 'quoted' -")).toEqual(["quoted"]);
  });

  it("normalises compatibility characters", () => {
    expect(words("\uFB01rst")).toEqual(["first"]);
  });
});

describe("term", () => {
  it("stems words to a shared form", () => {
    expect(term("assessments")).toBe(term("assessment"));
    expect(term("sleeping")).toBe("sleep");
    expect(term("referrals")).toBe(term("referral"));
  });

  it("returns null for stopwords, question words included", () => {
    for (const w of ["the", "what", "should", "how", "tell", "please", "must"]) expect(term(w)).toBeNull();
  });

  it("keeps numbers as they are", () => {
    expect(term("999")).toBe("999");
    expect(term("101")).toBe("101");
  });
});

describe("terms", () => {
  it("gives the matching terms of a text in order, stopwords removed", () => {
    expect(terms("What should I do about co-sleeping?")).toEqual(["co", "sleep", "cosleep"]);
  });

  it("lets either spelling of a hyphenated word match the other", () => {
    expect(terms("co-sleeping")).toContain(terms("cosleeping")[0]);
    expect(terms("bed-sharing")).toEqual(expect.arrayContaining(terms("bed sharing")));
  });

  it("is empty for a text of stopwords only", () => {
    expect(terms("What should I do about this?")).toEqual([]);
  });
});
