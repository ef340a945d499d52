import { describe, expect, it } from "vitest";
import { loadDocx } from "../../../ingest/loaders/docx.ts";
import { loadHtml } from "../../../ingest/loaders/html.ts";
import { loaderFor, SUPPORTED_EXTENSIONS } from "../../../ingest/loaders/index.ts";
import { loadMarkdown } from "../../../ingest/loaders/markdown.ts";
import { loadPdf } from "../../../ingest/loaders/pdf.ts";
import { loadText } from "../../../ingest/loaders/text.ts";
import type { Loader } from "../../../ingest/types.ts";
import { readFixture } from "./read-fixture.ts";

/** The fixture of each loader's format: a picked loader must read it exactly as that loader does. */
const FIXTURE_OF = new Map<Loader, string>([
  [loadPdf, "guidance.pdf"],
  [loadDocx, "guidance.docx"],
  [loadHtml, "guidance.html"],
  [loadMarkdown, "guidance.md"],
  [loadText, "guidance.txt"],
]);

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
  ])("picks the loader for %s", async (name, loader) => {
    // The loaders are imported on first use, so the one picked is a wrapper: compare what it reads.
    const fixture = FIXTURE_OF.get(loader) ?? "";
    const picked = loaderFor(name);
    expect(picked).toBeDefined();
    expect(await picked?.(readFixture(fixture), fixture)).toEqual(
      await loader(readFixture(fixture), fixture),
    );
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
