import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { loadDocx } from "../../../ingest/loaders/docx.ts";
import { LoadError } from "../../../ingest/types.ts";
import { readFixture } from "./read-fixture.ts";

async function reason(bytes: Uint8Array): Promise<string> {
  const error = await loadDocx(bytes, "x.docx").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LoadError);
  return (error as LoadError).reason;
}

describe("loadDocx", () => {
  it("reads title and created date from the core properties", async () => {
    const doc = await loadDocx(readFixture("guidance.docx"), "guidance.docx");
    expect(doc.title).toBe("Child Death Review Arrangements (test fixture)");
    expect(doc.date).toBe("2019-05-14");
  });

  it("turns Word heading styles into the heading path, keeping the Title style out of it", async () => {
    const { blocks } = await loadDocx(readFixture("guidance.docx"), "guidance.docx");
    expect(blocks.map((b) => [b.kind, b.headingPath, b.text])).toEqual([
      ["text", [], "This Word document is a test fixture for the document loaders; it is not real guidance."],
      ["text", ["Background"], "Four partner areas agreed to review child deaths together in this fixture."],
      [
        "text",
        ["Background", "Statutory partners"],
        "The partners named here are placeholders for the test.",
      ],
      [
        "table-row",
        ["Findings"],
        "Area: Governance; Finding: Roles of the panel chairs were unclear; Action: Agree terms of reference",
      ],
      [
        "table-row",
        ["Findings"],
        "Area: Data; Finding: Each area recorded deaths differently; Action: Use one shared database",
      ],
      ["text", ["Findings"], "The table above is part of the test fixture."],
    ]);
  });

  it("falls back to the Title style when the core properties have no title", async () => {
    const zip = await JSZip.loadAsync(readFixture("guidance.docx"));
    zip.remove("docProps/core.xml");
    const doc = await loadDocx(await zip.generateAsync({ type: "uint8array" }), "x.docx");
    expect(doc.title).toBe("Child Death Review Arrangements");
    expect(doc.date).toBeUndefined();
  });

  it("says a damaged file is not a valid .docx", async () => {
    expect(await reason(readFixture("corrupt.docx"))).toMatch(/^is not a valid Word \.docx file/);
  });

  it("says an encrypted or old-format Word file needs saving as an unprotected .docx", async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(await reason(ole)).toBe(
      "is password-protected or an old-style .doc; save an unprotected copy as .docx",
    );
  });

  it("says a zip that is not a Word document is not one", async () => {
    const zip = new JSZip();
    zip.file("readme.txt", "not a document");
    expect(await reason(await zip.generateAsync({ type: "uint8array" }))).toMatch(
      /^is a zip file but not a Word document/,
    );
  });

  it("says an empty file is empty", async () => {
    expect(await reason(readFixture("empty.txt"))).toBe("is empty");
  });
});
