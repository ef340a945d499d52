import { describe, expect, it } from "vitest";
import { layoutPages, type PdfTextItem } from "../../../ingest/loaders/pdf-layout.ts";

/** Lines set like a word processor's: 12pt text, 14pt apart, 23pt between paragraphs. */
function page(
  spec: (string | { text: string; bold?: boolean; size?: number; x?: number } | null)[],
): PdfTextItem[] {
  const items: PdfTextItem[] = [];
  let y = 760;
  for (const entry of spec) {
    if (entry === null) {
      y -= 9; // a paragraph gap on top of the line spacing
      continue;
    }
    const line = typeof entry === "string" ? { text: entry } : entry;
    const size = line.size ?? 12;
    items.push({
      text: line.text,
      x: line.x ?? 72,
      y,
      width: line.text.length * size * 0.5,
      height: size,
      bold: !!line.bold,
    });
    y -= 14 * (size / 12);
  }
  return items;
}

const WORDS = ["first", "second", "third", "fourth", "fifth", "sixth"];
const body = (n: number, where = "page") =>
  Array.from(
    { length: n },
    (_, i) => `The ${WORDS[i]} line of a paragraph, which runs on across the ${where}`,
  );

describe("layoutPages", () => {
  it("finds headings by wording when every line is one size and weight", () => {
    const { blocks, titleHeading } = layoutPages([
      page([
        "North West Review: Infant Mortality",
        null,
        "Background",
        null,
        ...body(3),
        null,
        "The aim of the review was to:",
        null,
        "• Share evidence on actions.",
        "• Reduce the number of deaths.",
        null,
        "KEY ISSUES RAISED IN DISCUSSION",
        null,
        "Leadership was identified as a key priority across the region this year.",
      ]),
    ]);
    expect(titleHeading).toBe("North West Review: Infant Mortality");
    expect(blocks.map((b) => [b.kind, b.headingPath.at(-1), b.text.slice(0, 20)])).toEqual([
      ["text", "Background", "The first line of a "],
      ["text", "Background", "The aim of the revie"],
      ["list-item", "Background", "Share evidence on ac"],
      ["list-item", "Background", "Reduce the number of"],
      ["text", "KEY ISSUES RAISED IN DISCUSSION", "Leadership was ident"],
    ]);
    // Wording alone cannot rank headings, so one replaces the other instead of nesting under it.
    expect(blocks.at(-1)?.headingPath).toEqual(["KEY ISSUES RAISED IN DISCUSSION"]);
  });

  it("ranks headings by font size and nests a bold body-size heading below them", () => {
    const { blocks } = layoutPages([
      page([
        { text: "Safer Sleep", size: 20, bold: true },
        null,
        { text: "Room temperature", size: 16, bold: true },
        null,
        { text: "Checking the room", bold: true },
        ...body(2),
        null,
        "Contact us",
        null,
        ...body(1),
      ]),
    ]);
    expect(blocks[0]?.headingPath).toEqual(["Safer Sleep", "Room temperature", "Checking the room"]);
    expect(blocks[0]?.text).toMatch(/^The first line/);
    // With typography marking the headings, a short plain line stays text.
    expect(blocks.map((b) => b.text)).toContain("Contact us");
  });

  it("keeps a bold lead-in that runs on in lower case as one paragraph", () => {
    const { blocks } = layoutPages([
      page([
        { text: "The Task Group, overseeing", bold: true },
        "responses to children who go missing.",
        null,
        ...body(1),
      ]),
    ]);
    expect(blocks[0]).toMatchObject({
      kind: "text",
      text: "The Task Group, overseeing responses to children who go missing.",
    });
  });

  it("joins a word hyphenated across lines and keeps superscripts on their line", () => {
    const items: PdfTextItem[] = [
      { text: "Parents were warned", x: 72, y: 760, width: 114, height: 12, bold: false },
      { text: "1", x: 186, y: 765, width: 4, height: 7, bold: false },
      { text: " about co-", x: 190, y: 760, width: 60, height: 12, bold: false },
      { text: "sleeping on a sofa.", x: 72, y: 746, width: 114, height: 12, bold: false },
    ];
    const { blocks } = layoutPages([items]);
    expect(blocks.map((b) => b.text)).toEqual(["Parents were warned1 about co-sleeping on a sofa."]);
  });

  it("drops running headers, footers and page numbers but keeps a year on the cover", () => {
    const pages = [1, 2, 3, 4].map((n) =>
      page([
        ...(n === 1 ? ["2016"] : []),
        "Fixture Council Annual Report",
        null,
        ...body(4, WORDS[n] ?? ""),
        null,
        `Page ${n}`,
      ]),
    );
    const { blocks } = layoutPages(pages);
    const texts = blocks.map((b) => b.text);
    expect(texts.some((t) => t.includes("Fixture Council"))).toBe(false);
    expect(texts.some((t) => /^Page \d$/.test(t))).toBe(false);
    expect(texts).toContain("2016");
    expect(blocks.filter((b) => b.text.startsWith("The first line")).map((b) => b.page)).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it("does not start a numbered item inside a sentence broken after a hyphen", () => {
    const { blocks } = layoutPages([
      page([
        "Welcome to the Board's Annual Report for 2012-",
        "13. The report aims to reflect the work of partners.",
      ]),
    ]);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.text).toBe(
      "Welcome to the Board's Annual Report for 2012-13. The report aims to reflect the work of partners.",
    );
  });

  it("returns no blocks for pages without text", () => {
    expect(layoutPages([[], []]).blocks).toEqual([]);
  });
});
