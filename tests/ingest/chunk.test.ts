import { describe, expect, it } from "vitest";
import { chunkBlocks, isTableOfContents } from "../../ingest/chunk.ts";
import type { Block, BlockKind } from "../../ingest/types.ts";

const HARD_MAX = 1400;

const block = (text: string, headingPath: string[], kind: BlockKind = "text", page?: number): Block => ({
  kind,
  text,
  headingPath,
  ...(page === undefined ? {} : { page }),
});

/** A distinct sentence of about 90 characters. */
const sentence = (i: number) =>
  `Sentence ${i} says that practitioners record what they saw and whom they told about it today.`;

/** A paragraph of `count` distinct sentences. */
const paragraph = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => sentence(from + i)).join(" ");

/** A deterministic pseudo-random number source, so the property test below is repeatable. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe("chunkBlocks", () => {
  it("starts a new passage for each section of normal size, even when it would fit in the one before", () => {
    const sleep = [paragraph(0, 2), paragraph(2, 2)];
    const bruising = paragraph(10, 4);
    const whoToTell = paragraph(20, 4);
    const drafts = chunkBlocks([
      block(sleep[0] ?? "", ["Safer sleep"]),
      block(sleep[1] ?? "", ["Safer sleep"]),
      block(bruising, ["Bruising"]),
      block(whoToTell, ["Bruising", "Who to tell"]),
    ]);
    expect(drafts).toEqual([
      { headingPath: ["Safer sleep"], text: sleep.join("\n") },
      { headingPath: ["Bruising"], text: bruising },
      { headingPath: ["Bruising", "Who to tell"], text: whoToTell },
    ]);
  });

  it("joins a run of tiny sections into one passage, each heading inline, under their common path", () => {
    const long = paragraph(0, 5);
    const drafts = chunkBlocks([
      block(long, ["Contacts", "Overview"], "text", 1),
      block("Call the front door on 0000 000 0000 (placeholder).", ["Contacts", "MASH"], "text", 2),
      block("In an emergency call 999.", ["Contacts", "Police"], "text", 2),
      block("The emergency duty team takes calls after 5pm.", ["Contacts", "Out of hours"], "text", 3),
      block(paragraph(10, 5), ["Escalation"], "text", 4),
    ]);
    expect(drafts.map((d) => d.headingPath)).toEqual([
      ["Contacts", "Overview"],
      ["Contacts"],
      ["Escalation"],
    ]);
    expect(drafts[0]?.text).toBe(long);
    expect(drafts[1]).toEqual({
      headingPath: ["Contacts"],
      pages: [2, 3],
      text: [
        "MASH: Call the front door on 0000 000 0000 (placeholder).",
        "Police: In an emergency call 999.",
        "Out of hours: The emergency duty team takes calls after 5pm.",
      ].join("\n"),
    });
  });

  it("gives joined tiny sections with no heading in common the first one's path", () => {
    const drafts = chunkBlocks([
      block("This paper asks the board to note the report.", ["1. Purpose"]),
      block("There are no financial implications.", ["7. Financial implications"]),
    ]);
    expect(drafts).toEqual([
      {
        headingPath: ["1. Purpose"],
        text: "1. Purpose: This paper asks the board to note the report.\n7. Financial implications: There are no financial implications.",
      },
    ]);
  });

  it("starts a new run of tiny sections once the joined text would pass the target size", () => {
    const sections = Array.from({ length: 8 }, (_, i) =>
      block(sentence(i).repeat(2), ["Points", `Point ${i}`]),
    );
    const drafts = chunkBlocks(sections);
    expect(drafts.length).toBeGreaterThan(1);
    for (const draft of drafts) {
      expect(draft.headingPath).toEqual(["Points"]);
      expect(draft.text.length).toBeLessThanOrEqual(HARD_MAX);
    }
    for (const section of sections) {
      const line = `${section.headingPath.at(-1)}: ${section.text}`;
      expect(
        drafts.filter((d) => d.text.split("\n").includes(line)),
        line,
      ).toHaveLength(1);
    }
  });

  it("drops a contents page but keeps a passage with a single dot-leader page reference", () => {
    const contents = [
      "1. Background ........ 3",
      "2. Scope ........ 4",
      "3. Recognising neglect …… 6",
      "4. Making a referral . . . . 9",
    ];
    const scope = `${paragraph(0, 3)} The referral flowchart is in Appendix A …… 3`;
    const drafts = chunkBlocks([
      ...contents.map((line) => block(line, ["Contents"], "list-item", 2)),
      block(scope, ["2. Scope"], "text", 4),
    ]);
    expect(drafts).toEqual([{ headingPath: ["2. Scope"], pages: [4, 4], text: scope }]);
  });

  it("returns nothing for blocks without text", () => {
    expect(chunkBlocks([])).toEqual([]);
    expect(chunkBlocks([block("   ", ["A"])])).toEqual([]);
  });

  it("keeps filling a passage with short blocks until it reaches the target size", () => {
    const items = Array.from({ length: 30 }, (_, i) =>
      block(`Item ${i}: ${"x".repeat(60)}`, ["List"], "list-item"),
    );
    const drafts = chunkBlocks(items);
    expect(drafts.length).toBeGreaterThan(1);
    expect(drafts.length).toBeLessThan(items.length);
    for (const draft of drafts) expect(draft.text.length).toBeLessThanOrEqual(900);
  });

  it("never splits a table row or a list item across passages", () => {
    const rows = Array.from({ length: 25 }, (_, i) =>
      block(
        `Service: Team ${i} | Phone: 0000 000 ${String(i).padStart(3, "0")} | Hours: 9am to 5pm. Ask for the duty worker.`,
        ["Contacts"],
        "table-row",
      ),
    );
    const items = Array.from({ length: 12 }, (_, i) =>
      block(
        `Step ${i}. Record the concern. Tell the lead. Then follow it up in writing.`,
        ["Steps"],
        "list-item",
      ),
    );
    const drafts = chunkBlocks([...rows, ...items]);
    expect(drafts.length).toBeGreaterThan(3);
    for (const b of [...rows, ...items]) {
      const holders = drafts.filter((d) => d.text.split("\n").includes(b.text));
      expect(holders, b.text).toHaveLength(1);
    }
  });

  it("splits a long paragraph at sentence ends, within the size limits, losing nothing", () => {
    const text = paragraph(0, 40);
    const drafts = chunkBlocks([block(text, ["Recording"])]);
    expect(drafts.length).toBeGreaterThanOrEqual(4);
    for (const draft of drafts) {
      expect(draft.headingPath).toEqual(["Recording"]);
      expect(draft.text.length).toBeLessThanOrEqual(HARD_MAX);
      expect(draft.text.length).toBeGreaterThanOrEqual(200);
      expect(draft.text).toMatch(/^Sentence \d+ .*today\.$/s);
    }
    expect(drafts.map((d) => d.text).join(" ")).toBe(text);
  });

  it("cuts a huge sentence without full stops at spaces", () => {
    const words = Array.from({ length: 600 }, (_, i) => `word${i}`);
    const drafts = chunkBlocks([block(words.join(" "), ["Run-on"])]);
    expect(drafts.length).toBeGreaterThan(2);
    for (const draft of drafts) expect(draft.text.length).toBeLessThanOrEqual(HARD_MAX);
    expect(drafts.flatMap((d) => d.text.split(/\s+/))).toEqual(words);
  });

  it("takes dots, ellipses or spaced dots before a page number as leaders, and wants three of them", () => {
    expect(isTableOfContents("Background ........ 3\nScope ....... 4\nReferral ..... 6")).toBe(true);
    expect(isTableOfContents("Background …… 3\nScope …… 4\nReferral …… 6")).toBe(true);
    expect(isTableOfContents("Background . . . . 3\nScope . . . . 4\nReferral . . . . 6")).toBe(true);
    expect(isTableOfContents("Background ........ 3\nScope ....... 4")).toBe(false);
    expect(isTableOfContents("Record the concern. Tell the lead. Act by 5pm.")).toBe(false);
  });

  it("records the pages a passage spans as [first, last]", () => {
    const drafts = chunkBlocks([
      block(paragraph(0, 2), ["Neglect"], "text", 3),
      block(paragraph(2, 1), ["Neglect"], "text", 4),
      block(paragraph(3, 1), ["Neglect"], "text", 4),
      block(paragraph(10, 4), ["Escalation"], "text", 5),
    ]);
    expect(drafts.map((d) => [d.headingPath, d.pages])).toEqual([
      [["Neglect"], [3, 4]],
      [["Escalation"], [5, 5]],
    ]);
  });

  it("prefers to start a new passage at a page turn once the passage is half full", () => {
    const drafts = chunkBlocks([
      block(paragraph(0, 6), ["Neglect"], "text", 7),
      block(paragraph(10, 3), ["Neglect"], "text", 8),
    ]);
    expect(drafts.map((d) => d.pages)).toEqual([
      [7, 7],
      [8, 8],
    ]);
  });

  it("leaves pages out for formats without them", () => {
    const [draft] = chunkBlocks([block("Text from a Word document with no page numbers.", ["A"])]);
    expect(draft).toBeDefined();
    expect(draft?.pages).toBeUndefined();
    expect(Object.keys(draft ?? {})).not.toContain("pages");
  });

  it("merges a tiny trailer into the passage before it in the same section", () => {
    const long = paragraph(0, 8); // about 760 characters
    const trailer = "See also the escalation policy.";
    const drafts = chunkBlocks([block(long, ["Neglect"], "text", 2), block(trailer, ["Neglect"], "text", 3)]);
    expect(drafts).toEqual([{ headingPath: ["Neglect"], pages: [2, 3], text: `${long}\n${trailer}` }]);
  });

  it("does not merge a tiny passage into another section", () => {
    const long = paragraph(0, 8);
    const drafts = chunkBlocks([block(long, ["Neglect"]), block("Short.", ["Contacts"])]);
    expect(drafts.map((d) => d.text)).toEqual([long, "Short."]);
  });

  it("keeps every passage within the hard maximum for any mix of blocks", () => {
    const next = random(42);
    const sections = [["A"], ["A", "B"], ["C"]];
    const blocks: Block[] = Array.from({ length: 300 }, (_, i) => {
      const size = Math.floor(next() ** 3 * 3000) + 5;
      const text = `${i} ${"lorem ipsum dolor sit amet. ".repeat(Math.ceil(size / 28))}`.slice(0, size);
      const kinds: BlockKind[] = ["text", "list-item", "table-row"];
      return block(
        text,
        sections[Math.floor(next() * 3)] ?? ["A"],
        kinds[Math.floor(next() * 3)],
        1 + Math.floor(i / 10),
      );
    });
    const drafts = chunkBlocks(blocks);
    for (const draft of drafts) {
      expect(draft.text.length).toBeLessThanOrEqual(HARD_MAX);
      expect(draft.text.trim()).toBe(draft.text);
      expect(draft.text).not.toBe("");
      const [first, last] = draft.pages ?? [0, 0];
      expect(first).toBeLessThanOrEqual(last);
    }
  });
});
