import { describe, expect, it } from "vitest";
import { loadText } from "../../../ingest/loaders/text.ts";
import { LoadError } from "../../../ingest/types.ts";
import { readFixture } from "./read-fixture.ts";

describe("loadText", () => {
  it("takes a short first line as the title and reads headings and list items", async () => {
    const doc = await loadText(readFixture("guidance.txt"), "guidance.txt");
    expect(doc.title).toBe("Safeguarding Contacts (test fixture)");
    expect(doc.blocks.map((b) => [b.kind, b.headingPath.join(" > "), b.text])).toEqual([
      [
        "text",
        "",
        "This plain text file is a test fixture for the document loaders. It is not real guidance, and its lines wrap like a typed memo.",
      ],
      ["text", "1. PURPOSE", "To list who to contact when a practitioner is worried about a child."],
      ["list-item", "2. CONTACTS", "In an emergency call 999."],
      ["list-item", "2. CONTACTS", "For police advice call 101."],
      ["list-item", "2. CONTACTS", "Local numbers in this fixture are placeholders: 0000 000 0000."],
      [
        "text",
        "2. CONTACTS > 2.1 Out of hours",
        "The out of hours team answers calls in the evening and at weekends.",
      ],
      ["text", "REVIEW", "This fixture is reviewed never."],
    ]);
  });

  it("does not take a long first paragraph as a title, nor a sentence as a heading", async () => {
    const text =
      "Staff must report concerns the same day,\nand record what they saw.\n\nA short line\n\nMore text.";
    const doc = await loadText(new TextEncoder().encode(text), "x.txt");
    expect(doc.title).toBeUndefined();
    expect(doc.blocks.every((b) => b.headingPath.length === 0)).toBe(true);
  });

  it("reads a one-line file as text, not as a title with nothing under it", async () => {
    const doc = await loadText(new TextEncoder().encode("Call 999 if a child is in danger\n"), "x.txt");
    expect(doc.title).toBeUndefined();
    expect(doc.blocks.map((b) => b.text)).toEqual(["Call 999 if a child is in danger"]);
  });

  it("reads Windows-1252 text and Windows line ends", async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode("Title\r\n\r\nCaf"),
      0xe9,
      0x20,
      0x96,
      0x20,
      0x6f,
      0x6b,
      0x2e,
    ]);
    const doc = await loadText(bytes, "x.txt");
    expect(doc.blocks[0]?.text).toBe("Café – ok.");
  });

  it("rejects binary data, an empty file and blank lines only", async () => {
    const binary = await loadText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41]), "x.txt").catch(
      (e: unknown) => e,
    );
    expect(binary).toBeInstanceOf(LoadError);
    expect((binary as LoadError).reason).toMatch(/^is not a text file/);
    await expect(loadText(readFixture("empty.txt"), "empty.txt")).rejects.toMatchObject({
      reason: "is empty",
    });
    await expect(loadText(new TextEncoder().encode(" \n\n \t\n"), "x.txt")).rejects.toMatchObject({
      reason: "is empty",
    });
  });
});
