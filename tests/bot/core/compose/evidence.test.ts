import { describe, expect, it } from "vitest";
import { SUPPORT_THRESHOLD, supportOf, toCitation } from "../../../../bot/core/compose/evidence.ts";
import { weighTerms } from "../../../../knowledge/search/query-terms.ts";
import type { ChunkRecord, SearchHit } from "../../../../knowledge/types.ts";

const hit = (text: string, fields: Partial<ChunkRecord> = {}, score = 0.5): SearchHit => ({
  chunk: { id: "c", source: "guide.md", title: "Guide", headingPath: [], text, ...fields },
  score,
});

const SLEEP = hit("Never share a bed with a baby after drinking alcohol or taking drugs.", {
  headingPath: ["Safer sleep"],
});
const UNRELATED = hit("The board meets quarterly to review its terms of reference.");

describe("supportOf", () => {
  const question = weighTerms("Can a parent share a bed with a baby after drinking alcohol?", [], () => 1);

  it("is high for a passage that covers the question", () => {
    expect(supportOf(question, [SLEEP])).toBeGreaterThanOrEqual(0.8);
    expect(supportOf(question, [SLEEP])).toBeGreaterThan(SUPPORT_THRESHOLD);
  });

  it("is low for an unrelated passage", () => {
    expect(supportOf(question, [UNRELATED])).toBeLessThan(SUPPORT_THRESHOLD);
    expect(supportOf(question, [UNRELATED])).toBe(0);
  });

  it("takes the best of the top three passages only", () => {
    expect(supportOf(question, [UNRELATED, UNRELATED, SLEEP])).toBe(supportOf(question, [SLEEP]));
    expect(supportOf(question, [UNRELATED, UNRELATED, UNRELATED, SLEEP])).toBe(0);
  });

  it("weighs the question's rare terms above its common ones", () => {
    const weights: Record<string, number> = { alcohol: 5 };
    const weighted = weighTerms("baby alcohol", [], (t) => weights[t] ?? 1);
    expect(supportOf(weighted, [hit("Alcohol and sleep.")])).toBeCloseTo(5 / 6, 6);
    expect(supportOf(weighted, [hit("A baby sleeps.")])).toBeCloseTo(1 / 6, 6);
  });

  it("counts the section heading and the title", () => {
    const terms = weighTerms("safer sleep guide", [], () => 1);
    expect(supportOf(terms, [hit("Put babies on their back.", { headingPath: ["Safer sleep"] })])).toBe(1);
  });

  it("lets a glossary equivalent stand in for a missing word", () => {
    const withExpansion = weighTerms("co-sleeping advice", ["bed-sharing"], () => 1);
    const passage = hit("Advice on bed-sharing.");
    const withoutExpansion = weighTerms("co-sleeping advice", [], () => 1);
    expect(supportOf(withExpansion, [passage])).toBeGreaterThan(supportOf(withoutExpansion, [passage]));
  });

  it("is 0 with no hits or a question of stopwords only", () => {
    expect(supportOf(question, [])).toBe(0);
    expect(
      supportOf(
        weighTerms("what should I do", [], () => 1),
        [SLEEP],
      ),
    ).toBe(0);
  });
});

describe("toCitation", () => {
  it("maps the passage's fields, joining the section path and taking the first page", () => {
    const citation = toCitation(
      hit(
        "Bruising in a baby who is not mobile needs a referral.",
        {
          source: "area/bruising.pdf",
          title: "Bruising protocol",
          headingPath: ["3. Procedure", "Non-mobile babies"],
          pages: [4, 5],
          date: "2024-05",
        },
        0.123456789,
      ),
      2,
      "https://example.org/bruising",
    );
    expect(citation).toEqual({
      n: 2,
      source: "area/bruising.pdf",
      title: "Bruising protocol",
      section: "3. Procedure > Non-mobile babies",
      page: 4,
      date: "2024-05",
      text: "Bruising in a baby who is not mobile needs a referral.",
      score: 0.1235,
      url: "https://example.org/bruising",
    });
  });

  it("leaves out what the passage does not have", () => {
    const citation = toCitation(hit("Text."), 1);
    expect(citation).toEqual({ n: 1, source: "guide.md", title: "Guide", text: "Text.", score: 0.5 });
  });
});
