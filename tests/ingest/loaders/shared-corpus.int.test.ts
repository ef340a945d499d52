import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { dateFromText } from "../../../ingest/document-date.ts";
import { loaderFor } from "../../../ingest/loaders/index.ts";
import type { LoadedDocument } from "../../../ingest/types.ts";

/** ../shared/corpus beside the project root, found from this file so the working directory does not matter. */
const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../shared/corpus");
const available = fs.existsSync(CORPUS);
if (!available) console.log(`Skipping the shared-corpus loader tests: ${CORPUS} does not exist.`);

const DUDLEY = "dudley-health-wellbeing-board-2013-09-26.pdf";
const SLI = "north-west-sli-infant-mortality-2016.pdf";
const BNSSG = "bnssg-looked-after-children-peer-review-2020.html";
const BLACK_COUNTRY = "black-country-cdop-learning-example.docx";
const BLACKBURN = "blackburn-darwen-infant-mortality-update-2017.md";

describe.skipIf(!available)("loaders over the shared corpus", () => {
  const docs = new Map<string, LoadedDocument>();
  const millis = new Map<string, number>();

  beforeAll(async () => {
    for (const name of fs.readdirSync(CORPUS).sort()) {
      const loader = loaderFor(name);
      if (!loader) continue;
      const bytes = new Uint8Array(fs.readFileSync(path.join(CORPUS, name)));
      const started = performance.now();
      docs.set(name, await loader(bytes, name));
      millis.set(name, performance.now() - started);
    }
    const summary = [...docs].map(([name, doc]) => {
      const headings = new Set(doc.blocks.map((b) => b.headingPath.join(" > ")).filter(Boolean)).size;
      return `${name}: ${doc.blocks.length} blocks, ${headings} sections${doc.pages ? `, ${doc.pages} pages` : ""}, title ${JSON.stringify(doc.title)}, date ${doc.date ?? "none"}, ${Math.round(millis.get(name) ?? 0)} ms`;
    });
    console.log(`Shared corpus loaded:\n  ${summary.join("\n  ")}`);
  }, 180_000);

  it("loads all five documents", () => {
    expect([...docs.keys()].sort()).toEqual([BLACK_COUNTRY, BLACKBURN, BNSSG, DUDLEY, SLI].sort());
    for (const doc of docs.values()) expect(doc.blocks.length).toBeGreaterThan(20);
  });

  it("lets each document's opening text give its own date, where the metadata dates only the conversion", () => {
    const opening = (name: string) =>
      (docs.get(name)?.blocks ?? [])
        .slice(0, 40)
        .map((b) => b.text)
        .join("\n");
    expect(dateFromText(opening(DUDLEY))).toBe("2013-09-26");
    expect(dateFromText(opening(SLI))).toBe("2016");
    expect(dateFromText(opening(BNSSG))).toBe("2020-07-07");
    expect(dateFromText(opening(BLACKBURN))).toBe("2017-02");
  });

  it("gives the 198-page Dudley pack a page on every block, covering nearly every page, under headings", () => {
    const doc = docs.get(DUDLEY);
    expect(doc?.pages).toBe(198);
    const pages = new Set(doc?.blocks.map((b) => b.page));
    expect(doc?.blocks.every((b) => b.page !== undefined && b.page >= 1 && b.page <= 198)).toBe(true);
    expect(pages.size).toBeGreaterThanOrEqual(190);
    expect(pages.has(1) && pages.has(198)).toBe(true);
    const lscb = doc?.blocks.find((b) =>
      b.text.includes("mechanism for agreeing how relevant organisations will co-operate"),
    );
    expect(lscb?.headingPath.at(-1)).toBe("What is Dudley Safeguarding Children Board (DSCB)?");
    const headings = new Set(doc?.blocks.flatMap((b) => b.headingPath));
    for (const heading of [
      "APPENDIX 8 JARGON BUSTER",
      "Managing Allegations",
      "Children who are looked after by the local authority",
    ]) {
      expect(headings).toContain(heading);
    }
  });

  it("finds the SLI review's sections and keeps its safe sleep advice with its page", () => {
    const doc = docs.get(SLI);
    expect(doc?.pages).toBe(32);
    expect(doc?.title).toBe("North West Sector Led Improvement: Infant Mortality");
    const roomSharing = doc?.blocks.find((b) =>
      b.text.startsWith("Room sharing (sleeping in parents’ bedroom)"),
    );
    expect(roomSharing).toMatchObject({
      kind: "list-item",
      page: 18,
      headingPath: ["Known protective factors"],
    });
    const headings = new Set(doc?.blocks.flatMap((b) => b.headingPath));
    for (const heading of [
      "Foreword",
      "Co-sleeping",
      "Congenital Abnormalities",
      "Smoking in pregnancy",
      "Deprivation",
    ]) {
      expect(headings).toContain(heading);
    }
  });

  it("keeps the BNSSG peer review's findings (flattened into bullets, with no <table> left) under their sections", () => {
    const doc = docs.get(BNSSG);
    expect(fs.readFileSync(path.join(CORPUS, BNSSG), "utf8")).not.toContain("<table");
    expect(doc?.title).toBe("Peer Review of Looked After Children - BNSSG CCG Governing Body 7 July 2020");
    const dropIn = doc?.blocks.find((b) => b.text.includes("Provide drop in sessions at LA offices"));
    expect(dropIn).toMatchObject({ kind: "list-item", headingPath: ["Findings"] });
    const scoreCard = doc?.blocks.find((b) => b.text === "Develop the CCG data template and score card");
    expect(scoreCard).toMatchObject({ kind: "list-item", headingPath: ["Recommendations"] });
  });

  it("finds headings in the Word learning example, whose styles were lost in conversion", () => {
    const doc = docs.get(BLACK_COUNTRY);
    const headings = new Set(doc?.blocks.flatMap((b) => b.headingPath));
    for (const heading of ["Introduction", "Challenges", "Successes", "Who are the statutory partners"]) {
      expect(headings).toContain(heading);
    }
    const apathy = doc?.blocks.find((b) => b.text.includes("general apathy"));
    expect(apathy).toMatchObject({
      kind: "list-item",
      headingPath: ["Challenges", "The problems we encountered"],
    });
  });

  it("reads the Blackburn paper's numbered sections as siblings and its memo lines as text", () => {
    const doc = docs.get(BLACKBURN);
    expect(doc?.title).toBe(
      "Update on the Sector Led Improvement Review for Infant Mortality and its recommendations",
    );
    const twelveMonths = doc?.blocks.find((b) => b.text.startsWith("3.Receive an update in 12 months"));
    expect(twelveMonths?.headingPath).toEqual(["2. RECOMMENDATIONS FOR THE HEALTH & WELLBEING BOARD"]);
    const legal = doc?.blocks.find((b) => b.text.startsWith("There are no legal implications"));
    expect(legal?.headingPath).toEqual(["8. LEGAL IMPLICATIONS"]);
    expect(doc?.blocks.some((b) => b.text === "DATE: | February 2017")).toBe(true);
  });
});
