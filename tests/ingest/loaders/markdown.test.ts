import { describe, expect, it } from "vitest";
import { loadMarkdown } from "../../../ingest/loaders/markdown.ts";
import { LoadError } from "../../../ingest/types.ts";
import { readFixture } from "./read-fixture.ts";

const md = (text: string) => loadMarkdown(new TextEncoder().encode(text), "x.md");

describe("loadMarkdown", () => {
  it("reads front matter into title, date and meta", async () => {
    const doc = await loadMarkdown(readFixture("guidance.md"), "guidance.md");
    expect(doc.title).toBe("Infant Mortality Update (test fixture)");
    expect(doc.date).toBe("2017-02-06");
    // String fields only; the number `version: 4` is left out.
    expect(doc.meta).toEqual({
      title: "Infant Mortality Update (test fixture)",
      date: "2017-02-06",
      area: "public-health",
      review: "2018-02-06",
      url: "https://example.org/fixture",
    });
  });

  it("reads headings, memo lines, list items and labelled table rows", async () => {
    const { blocks } = await loadMarkdown(readFixture("guidance.md"), "guidance.md");
    expect(blocks.map((b) => [b.kind, b.headingPath.join(" > "), b.text])).toEqual([
      ["text", "HEALTH AND WELLBEING BOARD", "TO: Health and Wellbeing Board"],
      [
        "text",
        "HEALTH AND WELLBEING BOARD",
        "This Markdown file is a test fixture for the document loaders; it is not real guidance.",
      ],
      ["list-item", "2. RECOMMENDATIONS", "Note the local arrangements."],
      ["list-item", "2. RECOMMENDATIONS", "Receive an update in 12 months' time."],
      [
        "text",
        "3. BACKGROUND",
        "Rates of infant mortality were higher than the regional average in this fixture.",
      ],
      [
        "table-row",
        "4. KEY ISSUES",
        "Recommendation: Safer sleep messages; Status: Complete; Next step: Repeat the campaign",
      ],
      [
        "table-row",
        "4. KEY ISSUES",
        "Recommendation: Smoking in pregnancy; Status: In progress; Next step: Report in 12 months",
      ],
      [
        "text",
        "4. KEY ISSUES > Safer sleep",
        "Room sharing for the first six months lowers the risk, says this fixture.",
      ],
    ]);
  });

  it("treats numbered headings as siblings whatever their markup level, as pandoc exports need", async () => {
    const { blocks } = await md(
      "# 5. KEY ISSUES\n\nOne.\n\n#### 6. POLICY\n\nTwo.\n\n# **7. LEGAL**\n\nThree.\n",
    );
    expect(blocks.map((b) => b.headingPath)).toEqual([["5. KEY ISSUES"], ["6. POLICY"], ["7. LEGAL"]]);
  });

  it("takes the title from a SUBJECT line, else the first heading, when there is no front matter", async () => {
    const memo = await md("# BOARD\n\n# SUBJECT: Update on safer sleep\n\n### PURPOSE\n\nText.\n");
    expect(memo.title).toBe("Update on safer sleep");
    expect(memo.blocks.map((b) => [b.text, b.headingPath])).toEqual([
      ["SUBJECT: Update on safer sleep", ["BOARD"]],
      ["Text.", ["BOARD", "PURPOSE"]],
    ]);
    expect((await md("Intro.\n\n## Safer sleep\n\nText.\n")).title).toBe("Safer sleep");
    expect((await md("Just a paragraph.\n")).title).toBeUndefined();
  });

  it("keeps nested list items, block quotes, code and raw HTML tables", async () => {
    const { blocks } = await md(
      [
        "# Guide",
        "",
        "- Outer item",
        "  - Inner item",
        "",
        "> Quoted advice.",
        "",
        "```",
        "code block",
        "```",
        "",
        "<table><tr><th>Service</th><th>Phone</th></tr><tr><td>Police</td><td>101</td></tr></table>",
      ].join("\n"),
    );
    expect(blocks.map((b) => [b.kind, b.text, b.headingPath])).toEqual([
      ["list-item", "Outer item", ["Guide"]],
      ["list-item", "Inner item", ["Guide"]],
      ["text", "Quoted advice.", ["Guide"]],
      ["text", "code block", ["Guide"]],
      ["table-row", "Service: Police; Phone: 101", ["Guide"]],
    ]);
  });

  it("unwraps emphasis and links and decodes entities", async () => {
    const { blocks } = await md("Call **999** or see [the guide](https://example.org) &amp; act.\n");
    expect(blocks[0]?.text).toBe("Call 999 or see the guide & act.");
  });

  it("says front matter that is not YAML needs fixing", async () => {
    const error = await md("---\ntitle: [unclosed\n---\nBody.\n").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).reason).toMatch(
      /^has front matter that is not valid YAML \(line \d+ of the file\); fix or remove it$/,
    );
  });

  it("says a file with only front matter, or nothing, is empty", async () => {
    await expect(md("---\ntitle: Nothing else\n---\n")).rejects.toMatchObject({ reason: "is empty" });
    await expect(loadMarkdown(new Uint8Array(0), "x.md")).rejects.toMatchObject({ reason: "is empty" });
  });
});
