import { describe, expect, it } from "vitest";
import { loadDocx } from "../../../ingest/loaders/docx.ts";
import { loadHtml } from "../../../ingest/loaders/html.ts";
import { loaderFor, SUPPORTED_EXTENSIONS } from "../../../ingest/loaders/index.ts";
import { loadMarkdown } from "../../../ingest/loaders/markdown.ts";
import { loadPdf } from "../../../ingest/loaders/pdf.ts";
import { loadText } from "../../../ingest/loaders/text.ts";

describe("loaderFor", () => {
  it.each([
    ["policy.pdf", loadPdf],
    ["Policy.PDF", loadPdf],
    ["notes.docx", loadDocx],
    ["page.html", loadHtml],
    ["page.HTM", loadHtml],
    ["readme.md", loadMarkdown],
    ["readme.markdown", loadMarkdown],
    ["memo.txt", loadText],
    ["area/sub folder/memo.v2.TXT", loadText],
  ])("picks the loader for %s", (name, loader) => {
    expect(loaderFor(name)).toBe(loader);
  });

  it.each(["old.doc", "sheet.xlsx", "README", "image.png", "archive.pdf.zip", ".pdf"])(
    "has none for %s",
    (name) => {
      expect(loaderFor(name)).toBeUndefined();
    },
  );

  it("lists the supported extensions", () => {
    expect([...SUPPORTED_EXTENSIONS].sort()).toEqual([
      ".docx",
      ".htm",
      ".html",
      ".markdown",
      ".md",
      ".pdf",
      ".txt",
    ]);
  });
});
