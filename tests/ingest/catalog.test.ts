import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readCatalog } from "../../ingest/catalog.ts";
import { SAMPLE_LIBRARY } from "../helpers/test-paths.ts";

const folders: string[] = [];

/** A library folder holding only this catalog.yaml. */
function libraryWithCatalog(yaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-test-"));
  folders.push(dir);
  fs.writeFileSync(path.join(dir, "catalog.yaml"), yaml);
  return dir;
}

/** The message readCatalog throws for this catalog; fails the test when the catalog is accepted. */
function errorOf(yaml: string): string {
  try {
    readCatalog(libraryWithCatalog(yaml));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("catalog was accepted");
}

afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("readCatalog", () => {
  it("returns an empty map when the library has no catalog", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-test-"));
    folders.push(dir);
    expect(readCatalog(dir).size).toBe(0);
  });

  it("reads a valid catalog keyed by file path", () => {
    const catalog = readCatalog(
      libraryWithCatalog(
        [
          "documents:",
          "  - file: safer-sleep.md",
          "    title: Safer sleep for babies",
          "    date: 2024-05-01",
          "    review: '2025-05'",
          "    area: dudley",
          "    url: https://example.org/safer-sleep",
          "  - file: old/levels-of-need.pdf",
          "    date: 2019-03",
          "    superseded: true",
          "  - file: windows\\path.docx",
        ].join("\n"),
      ),
    );
    expect([...catalog.keys()]).toEqual(["safer-sleep.md", "old/levels-of-need.pdf", "windows/path.docx"]);
    expect(catalog.get("safer-sleep.md")).toEqual({
      file: "safer-sleep.md",
      title: "Safer sleep for babies",
      date: "2024-05-01",
      review: "2025-05",
      area: "dudley",
      url: "https://example.org/safer-sleep",
      superseded: false,
    });
    expect(catalog.get("old/levels-of-need.pdf")).toMatchObject({ date: "2019-03", superseded: true });
  });

  it("reads the shipped sample catalog", () => {
    const catalog = readCatalog(SAMPLE_LIBRARY);
    expect(catalog.size).toBeGreaterThan(0);
    for (const [file, entry] of catalog) {
      expect(fs.existsSync(path.join(SAMPLE_LIBRARY, file)), file).toBe(true);
      if (entry.date) expect(entry.date).toMatch(/^\d{4}(-\d{2}){0,2}$/);
    }
  });

  it("reads an admin's note on a document", () => {
    const catalog = readCatalog(
      libraryWithCatalog(
        "documents:\n  - file: a.md\n    note: National advice on room temperature has since changed.\n",
      ),
    );
    expect(catalog.get("a.md")?.note).toBe("National advice on room temperature has since changed.");
  });

  it("accepts a bare year, which YAML reads as a number", () => {
    // The error message itself offers "2024" as a valid date, so an admin will write it unquoted.
    const catalog = readCatalog(libraryWithCatalog("documents:\n  - file: a.md\n    date: 2019\n"));
    expect(catalog.get("a.md")?.date).toBe("2019");
  });

  it("accepts a catalog with no documents listed", () => {
    expect(readCatalog(libraryWithCatalog("documents: []\n")).size).toBe(0);
  });

  it("treats a catalog of comments only as empty", () => {
    // An admin who comments out every entry has no catalog; this must not stop the ingest.
    expect(readCatalog(libraryWithCatalog("# documents:\n#   - file: a.md\n")).size).toBe(0);
  });

  it("names the line and the field of a bad date and a bad url, all at once", () => {
    const message = errorOf(
      [
        "documents:",
        "  - file: a.md",
        "    date: 2024-05-01",
        "  - file: b.md",
        "    date: 1 May 2024",
        "    url: not a url",
      ].join("\n"),
    );
    expect(message).toContain("catalog.yaml line 5, documents.1.date: must be a date like 2024-05-01");
    expect(message).toContain("catalog.yaml line 6, documents.1.url:");
  });

  it("rejects an impossible date", () => {
    expect(errorOf("documents:\n  - file: a.md\n    review: 2024-13-45\n")).toContain(
      "line 3, documents.0.review",
    );
  });

  it("names the entry's line when a required field is missing", () => {
    const message = errorOf("documents:\n  - file: a.md\n  - title: No file given\n");
    expect(message).toMatch(/^catalog\.yaml line 3, documents\.1\.file: /);
  });

  it("rejects a superseded flag that is not true or false", () => {
    expect(errorOf("documents:\n  - file: a.md\n    superseded: yes\n")).toContain(
      "line 3, documents.0.superseded",
    );
  });

  it("names the line of a YAML syntax error", () => {
    expect(errorOf("documents:\n  - file: a.md\n  bad: [\n")).toMatch(/^catalog\.yaml line 3: /);
  });
});
