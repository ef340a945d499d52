import { describe, expect, it } from "vitest";
import { loadPdf } from "../../../ingest/loaders/pdf.ts";
import { LoadError } from "../../../ingest/types.ts";
import { readFixture } from "./read-fixture.ts";

async function loadError(bytes: Uint8Array): Promise<LoadError> {
  const error = await loadPdf(bytes, "fixture.pdf").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LoadError);
  return error as LoadError;
}

describe("loadPdf on the three-page fixture", () => {
  it("reads title and date from the metadata and counts the pages", async () => {
    const doc = await loadPdf(readFixture("guidance.pdf"), "guidance.pdf");
    expect(doc.title).toBe("Safer Sleep Guidance - test fixture");
    expect(doc.date).toBe("2019-03-01");
    expect(doc.pages).toBe(3);
  });

  it("puts a page on every block and finds each page's heading by font size", async () => {
    const { blocks } = await loadPdf(readFixture("guidance.pdf"), "guidance.pdf");
    expect(blocks.every((b) => b.page !== undefined)).toBe(true);
    expect(new Set(blocks.map((b) => b.page))).toEqual(new Set([1, 2, 3]));
    const at = (start: string) => blocks.find((b) => b.text.startsWith(start));
    expect(at("Practitioners visiting families")).toMatchObject({
      page: 1,
      headingPath: ["Safer Sleep Guidance", "1. Introduction"],
    });
    expect(at("Keep the room where the baby sleeps")).toMatchObject({
      page: 2,
      headingPath: ["Safer Sleep Guidance", "2. Room temperature"],
    });
    expect(at("If a baby is not breathing")).toMatchObject({
      page: 3,
      headingPath: ["Safer Sleep Guidance", "3. Who to contact"],
    });
  });

  it("nests a bold body-size heading under the larger heading above it", async () => {
    const { blocks } = await loadPdf(readFixture("guidance.pdf"), "guidance.pdf");
    const under = blocks.filter((b) => b.headingPath.at(-1) === "Key messages");
    expect(under.map((b) => b.kind)).toEqual(["text", "list-item", "list-item"]);
    expect(under[0]?.headingPath).toEqual(["Safer Sleep Guidance", "1. Introduction", "Key messages"]);
    expect(under[1]?.text).toBe("Keep the cot clear of pillows and toys.");
  });

  it("joins the lines of a paragraph, and a sentence cut by a page break onto its first page", async () => {
    const { blocks } = await loadPdf(readFixture("guidance.pdf"), "guidance.pdf");
    expect(blocks.find((b) => b.text.startsWith("Practitioners"))?.text).toBe(
      "Practitioners visiting families with a baby under one should talk about safer sleep at every contact. This fixture paragraph runs over two lines.",
    );
    const cut = blocks.find((b) => b.text.startsWith("A room thermometer"));
    expect(cut?.text).toMatch(/they can keep the baby's head uncovered so that heat can escape\.$/);
    expect(cut?.page).toBe(2);
  });

  it("drops the running header, the footer and the page numbers", async () => {
    const { blocks } = await loadPdf(readFixture("guidance.pdf"), "guidance.pdf");
    const all = blocks.map((b) => b.text).join("\n");
    expect(all).not.toMatch(/Fixture Council|not real guidance$|Page \d of 3/m);
    expect(all).toContain("It is not real guidance and must never be cited.");
  });

  it("leaves the caller's bytes usable", async () => {
    const bytes = readFixture("guidance.pdf");
    await loadPdf(bytes, "guidance.pdf");
    expect(bytes.byteLength).toBeGreaterThan(1000);
    expect((await loadPdf(bytes, "guidance.pdf")).pages).toBe(3);
  });
});

describe("loadPdf on bad input", () => {
  it("says a password-protected PDF needs an unprotected copy", async () => {
    const error = await loadError(readFixture("password.pdf"));
    expect(error.reason).toBe("is password-protected; save an unprotected copy");
  });

  it("says a truncated PDF is damaged", async () => {
    expect((await loadError(readFixture("corrupt.pdf"))).reason).toMatch(/^is damaged or not a PDF/);
  });

  it("says a file that is not a PDF at all is damaged or not a PDF", async () => {
    const html = new TextEncoder().encode("<html><body>Not a PDF</body></html>");
    expect((await loadError(html)).reason).toMatch(/^is damaged or not a PDF/);
  });

  it("says a PDF of images has no extractable text", async () => {
    expect((await loadError(readFixture("no-text.pdf"))).reason).toMatch(
      /^has no extractable text \(it may be a scanned/,
    );
  });

  it("says an empty file is empty", async () => {
    expect((await loadError(readFixture("empty.txt"))).reason).toBe("is empty");
  });
});
