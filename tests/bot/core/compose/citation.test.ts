import { describe, expect, it } from "vitest";
import { toCitation } from "../../../../bot/core/compose/citation.ts";
import type { ChunkRecord, SearchHit } from "../../../../knowledge/types.ts";

const hit = (text: string, fields: Partial<ChunkRecord> = {}, score = 0.5): SearchHit => ({
  chunk: { id: "c", source: "guide.md", title: "Guide", headingPath: [], text, ...fields },
  score,
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
