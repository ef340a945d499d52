import { describe, expect, it } from "vitest";
import { loadHtml } from "../../../ingest/loaders/html.ts";
import { LoadError } from "../../../ingest/types.ts";
import { readFixture } from "./read-fixture.ts";

describe("loadHtml", () => {
  it("reads the fixture page: title, date, headings, list items and labelled table rows", async () => {
    const doc = await loadHtml(readFixture("guidance.html"), "guidance.html");
    expect(doc.title).toBe("Looked After Children Health Review - test fixture");
    expect(doc.date).toBe("2020-07-07");
    expect(doc.pages).toBeUndefined();
    expect(doc.blocks[0]).toEqual({
      kind: "text",
      text: "This page is a test fixture for the document loaders; it is not real guidance.",
      headingPath: ["Looked After Children Health Review"],
    });
    expect(doc.blocks.filter((b) => b.kind === "list-item").map((b) => b.text)).toEqual([
      "Review current commissioning arrangements.",
      "Identify good practice",
      "Share it with partners.",
    ]);
    const tableRows = doc.blocks.filter((b) => b.kind === "table-row");
    expect(tableRows.map((b) => b.text)).toEqual([
      "Area: Health assessments; Finding: Drop in sessions are offered at local authority offices; Action: Keep the sessions",
      "Area: Data quality; Finding: Reports are produced quarterly; Action: Develop a score card",
      "Area: Data quality; Finding: Coding is inconsistent",
    ]);
    expect(tableRows[0]?.headingPath).toEqual([
      "Looked After Children Health Review",
      "Findings",
      "What is working well",
    ]);
  });

  it("leaves out script, navigation and template text", async () => {
    const text = (await loadHtml(readFixture("guidance.html"), "guidance.html")).blocks
      .map((b) => b.text)
      .join("\n");
    expect(text).not.toMatch(/must not appear|analyticsId|Home/);
    expect(text).toContain("Care leavers are particularly vulnerable");
  });

  it("rejects an empty file and a page without text", async () => {
    await expect(loadHtml(new Uint8Array(0), "x.html")).rejects.toMatchObject({ reason: "is empty" });
    const noText = new TextEncoder().encode(
      "<html><head><title>Only a title</title></head><body> </body></html>",
    );
    const error = await loadHtml(noText, "x.html").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).reason).toBe("is empty");
  });
});
