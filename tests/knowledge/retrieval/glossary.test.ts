import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../../../bot/config.ts";
import { Glossary } from "../../../knowledge/retrieval/glossary.ts";
import { terms } from "../../../knowledge/retrieval/text-analysis.ts";

const SHIPPED = path.join(PROJECT_ROOT, "knowledge/glossary.yaml");

const glossary = new Glossary([
  { terms: ["co-sleeping", "bed-sharing", "sharing a bed"] },
  { terms: ["LAC", "CLA", "looked after children"] },
  { terms: ["LADO", "local authority designated officer"] },
  { terms: ["GP", "general practitioner"] },
]);

describe("Glossary.expand", () => {
  it("adds the other phrases of an entry whose phrase is in the question", () => {
    expect(glossary.expand("Is co-sleeping safe?")).toEqual({
      original: "Is co-sleeping safe?",
      expansions: ["bed-sharing", "sharing a bed"],
    });
  });

  it("matches phrases on word stems, so word forms may differ", () => {
    expect(glossary.expand("she shares a bed with her baby").expansions).toEqual([
      "co-sleeping",
      "bed-sharing",
    ]);
    expect(glossary.expand("who are the Local Authority Designated Officers?").expansions).toEqual(["LADO"]);
  });

  it("expands the joined spelling of a hyphenated phrase too", () => {
    expect(glossary.expand("Is cosleeping safe?").expansions).toContain("bed-sharing");
  });

  it("expands a short acronym only when it is written in capitals", () => {
    expect(glossary.expand("health assessments for LAC").expansions).toEqual([
      "CLA",
      "looked after children",
    ]);
    expect(glossary.expand("two LACs placed out of area").expansions).toContain("looked after children");
    expect(glossary.expand("a lac of support").expansions).toEqual([]);
    expect(glossary.expand("ask your gp").expansions).toEqual([]);
  });

  it("does nothing for capitals that are not in the glossary", () => {
    expect(glossary.expand("The IT team says NO").expansions).toEqual([]);
    expect(glossary.expand("Call the EDT now").expansions).toEqual([]);
  });

  it("does not repeat phrases the question already has", () => {
    expect(glossary.expand("co-sleeping or bed-sharing?").expansions).toEqual(["sharing a bed"]);
  });

  it("expands every entry the question touches", () => {
    const { expansions } = glossary.expand("LADO and LAC");
    expect(expansions).toEqual(expect.arrayContaining(["local authority designated officer", "CLA"]));
  });
});

describe("the shipped glossary", () => {
  it("loads", () => {
    expect(() => Glossary.load(SHIPPED)).not.toThrow();
  });

  it("has entries whose every phrase can match a question", () => {
    const { entries } = parse(fs.readFileSync(SHIPPED, "utf8")) as { entries: { terms: string[] }[] };
    expect(entries.length).toBeGreaterThan(20);
    const seen = new Map<string, number>();
    entries.forEach((entry, i) => {
      expect(new Set(entry.terms).size, entry.terms.join(", ")).toBe(entry.terms.length);
      for (const phrase of entry.terms) {
        // A phrase of stopwords only would never match anything.
        expect(terms(phrase).length, phrase).toBeGreaterThan(0);
        const key = phrase.toLowerCase();
        expect(seen.get(key), `"${phrase}" is in two entries`).toBeUndefined();
        seen.set(key, i);
      }
    });
  });

  it("expands the project's core synonyms", () => {
    const shipped = Glossary.load(SHIPPED);
    expect(shipped.expand("co-sleeping with a newborn").expansions).toContain("bed-sharing");
    expect(shipped.expand("health checks for LAC").expansions).toContain("children in care");
    expect(shipped.expand("when do I contact the LADO?").expansions).toContain(
      "local authority designated officer",
    );
    expect(shipped.expand("a lac of sleep").expansions).toEqual([]);
    expect(shipped.expand("Our IT system is down").expansions).toEqual([]);
  });

  it("matches a phrase's small words too, so scattered words do not fire it", () => {
    const shipped = Glossary.load(SHIPPED);
    expect(shipped.expand("is this a child in need?").expansions).toContain("section 17");
    expect(shipped.expand("the child may need a referral").expansions).not.toContain("section 17");
  });

  it("names the entry and field of an invalid glossary", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "glossary-test-"));
    const file = path.join(dir, "glossary.yaml");
    fs.writeFileSync(file, "entries:\n  - terms: [only-one]\n");
    expect(() => Glossary.load(file)).toThrow(/glossary\.yaml: entries\.0\.terms: /);
    fs.rmSync(dir, { recursive: true });
  });
});
