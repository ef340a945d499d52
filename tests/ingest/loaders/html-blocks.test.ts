import { describe, expect, it } from "vitest";
import { htmlToBlocks } from "../../../ingest/loaders/html-blocks.ts";

const rows = (html: string) =>
  htmlToBlocks(html)
    .blocks.filter((b) => b.kind === "table-row")
    .map((b) => b.text);

describe("htmlToBlocks", () => {
  it("keeps the heading path through h1-h6, popping at each level", () => {
    const { blocks } = htmlToBlocks(
      "<h1>Policy</h1><p>Intro.</p><h2>Scope</h2><h3>Who</h3><p>Staff.</p><h2>Process</h2><p>Steps.</p>",
    );
    expect(blocks.map((b) => [b.text, b.headingPath])).toEqual([
      ["Intro.", ["Policy"]],
      ["Staff.", ["Policy", "Scope", "Who"]],
      ["Steps.", ["Policy", "Process"]],
    ]);
  });

  it("labels each table body row by the header row, spans filled in", () => {
    const html = `<table>
      <thead><tr><th>Area</th><th>Finding</th><th>Action</th></tr></thead>
      <tbody>
        <tr><td rowspan="2">Health assessments</td><td>Timely.</td><td>Keep.</td></tr>
        <tr><td>Reviews late.</td><td>Chase.</td></tr>
        <tr><td>Data</td><td colspan="2">Not yet reported.</td></tr>
      </tbody></table>`;
    expect(rows(html)).toEqual([
      "Area: Health assessments; Finding: Timely; Action: Keep",
      "Area: Health assessments; Finding: Reviews late; Action: Chase",
      "Area: Data; Finding: Not yet reported",
    ]);
  });

  it("takes a bold first row, or a first row of short labels, as the header of a Word table", () => {
    const bold = `<table><tr><td><p><strong>Contact</strong></p></td><td><p><strong>Phone</strong></p></td></tr>
      <tr><td><p>Police</p></td><td><p>101</p></td></tr></table>`;
    expect(rows(bold)).toEqual(["Contact: Police; Phone: 101"]);
    const plain = `<table><tr><td>Risk</td><td>What to do</td></tr>
      <tr><td>Bed sharing</td><td>Explain that sharing a sofa or bed after drinking raises the risk sharply.</td></tr></table>`;
    expect(rows(plain)).toEqual([
      "Risk: Bed sharing; What to do: Explain that sharing a sofa or bed after drinking raises the risk sharply",
    ]);
  });

  it("reads a table without a header as plain rows, and a one-column layout table as paragraphs", () => {
    expect(rows("<table><tr><td>A</td><td>B</td></tr><tr><td>C</td><td>D</td></tr></table>")).toEqual([
      "A; B",
      "C; D",
    ]);
    const { blocks } = htmlToBlocks(
      "<table><tr><td><p>Only column, first.</p></td></tr><tr><td>Second.</td></tr></table>",
    );
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([
      ["text", "Only column, first."],
      ["text", "Second."],
    ]);
  });

  it("skips scripts, styles, navigation, templates and hidden elements, and collapses whitespace", () => {
    const { blocks } =
      htmlToBlocks(`<html><head><style>p{}</style><script>var x = "code";</script></head><body>
      <nav><p>Menu</p></nav><template><p>Template</p></template><p hidden>Hidden</p>
      <p>  Spaced
         out&nbsp;text.  </p><script>alert("no")</script></body></html>`);
    expect(blocks.map((b) => b.text)).toEqual(["Spaced out text."]);
  });

  it("turns list items (nested ones too) and inline bullets into list items", () => {
    const { blocks } = htmlToBlocks(
      "<ul><li>One<ul><li>One A</li></ul></li><li><p>Two</p></li></ul><p>Focus on: • vision • learning</p>",
    );
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([
      ["list-item", "One"],
      ["list-item", "One A"],
      ["list-item", "Two"],
      ["text", "Focus on:"],
      ["list-item", "vision"],
      ["list-item", "learning"],
    ]);
  });

  it("keeps inline markup inside a list item's text without adding spaces", () => {
    const { blocks } = htmlToBlocks(
      "<ul><li>Call <b>999</b>, or the <a href='#'>MASH</a>s team<ol><li>Then record it</li></ol></li></ul>",
    );
    expect(blocks.map((b) => b.text)).toEqual(["Call 999, or the MASHs team", "Then record it"]);
  });

  it("reads text left outside any paragraph", () => {
    const { blocks } = htmlToBlocks("<body>Agenda item 7.1<br>Key points:<p>Inside.</p>Trailing text</body>");
    expect(blocks.map((b) => b.text)).toEqual(["Agenda item 7.1 Key points:", "Inside.", "Trailing text"]);
  });

  it("uses short standalone paragraphs as headings only in a document without real headings", () => {
    const plain = htmlToBlocks("<p>Methodology</p><p>The review used interviews, which were recorded.</p>");
    expect(plain.blocks).toEqual([
      {
        kind: "text",
        text: "The review used interviews, which were recorded.",
        headingPath: ["Methodology"],
      },
    ]);
    const structured = htmlToBlocks("<h1>A</h1><h2>B</h2><p>Methodology</p><p>Text.</p>");
    expect(structured.blocks.map((b) => b.text)).toEqual(["Methodology", "Text."]);
  });

  it("uses a wholly bold short paragraph as a heading below the real ones", () => {
    const { blocks } = htmlToBlocks(
      "<h1>A</h1><h2>B</h2><p><strong>Checking the room</strong></p><p>Text.</p>",
    );
    expect(blocks).toEqual([{ kind: "text", text: "Text.", headingPath: ["A", "B", "Checking the room"] }]);
  });

  it("takes the title from <title>, else the title heading, which stays out of the heading path", () => {
    const pandoc = htmlToBlocks(
      '<header><h1 class="title">Peer Review</h1><p class="date">7 July 2020</p></header><h2>Findings</h2><p>Good.</p>',
    );
    expect(pandoc.title).toBe("Peer Review");
    expect(pandoc.date).toBe("2020-07-07");
    expect(pandoc.blocks.at(-1)?.headingPath).toEqual(["Findings"]);
    expect(htmlToBlocks("<title> Page  title </title><h1>Heading</h1>").title).toBe("Page title");
  });

  it.each([
    ['<meta property="article:published_time" content="2021-05-04T10:00:00Z">', "2021-05-04"],
    ['<meta name="date" content="2019-03-01">', "2019-03-01"],
    ['<meta name="DCTERMS.date" content="2018">', "2018"],
    [
      '<meta name="dc.date" content="nonsense"><meta name="article:modified_time" content="2020-01-02">',
      "2020-01-02",
    ],
  ])("reads the date from %s", (meta, expected) => {
    expect(htmlToBlocks(`<html><head>${meta}</head><body><p>x</p></body></html>`).date).toBe(expected);
  });

  it("has no date when no meta tag carries one", () => {
    expect(htmlToBlocks('<meta name="description" content="2019-03-01"><p>x</p>').date).toBeUndefined();
  });

  it("can leave implied headings off, for fragments", () => {
    const { blocks } = htmlToBlocks("<p><b>Note</b></p><p>Text.</p>", { impliedHeadings: false });
    expect(blocks.map((b) => b.text)).toEqual(["Note", "Text."]);
  });
});
