import { describe, expect, it } from "vitest";
import { DefinitionIndex, type DefinitionRecord, nameKey } from "../../knowledge/definitions.ts";

const record = (
  fields: Partial<DefinitionRecord> & Pick<DefinitionRecord, "term" | "expansion">,
): DefinitionRecord => ({
  text: `${fields.expansion} (${fields.term})`,
  kind: "first-use",
  source: "doc.pdf",
  title: "Doc",
  ...fields,
});

const LADO_GLOSSARY = record({
  term: "LADO",
  expansion: "Local Authority Designated Officer",
  explanation: "the role provides advice, guidance and management of allegations",
  text: "LADO Local Authority Designated Officer – the role provides advice, guidance and management of allegations",
  kind: "glossary",
  source: "dudley.pdf",
  page: 109,
});
const LADO_FIRST_USE = record({
  term: "LADO",
  expansion: "Local Authority Designated Officer",
  source: "a.md",
});
const CDOP = record({ term: "CDOP", expansion: "Child Death Overview Panels", source: "sli.pdf", page: 1 });
const IT = record({
  term: "IT",
  expansion: "Information Technology",
  kind: "glossary",
  text: "IT Information Technology",
});
const LAC = record({
  term: "LAC",
  expansion: "Looked After Child(ren)",
  kind: "glossary",
  text: "LAC Looked After Child(ren)",
});

describe("DefinitionIndex", () => {
  const index = new DefinitionIndex([LADO_FIRST_USE, CDOP, IT, LAC, LADO_GLOSSARY]);

  it("finds a term in any case, and its plural", () => {
    expect(index.lookup("LADO")).toBe(LADO_GLOSSARY);
    expect(index.lookup("lado")).toBe(LADO_GLOSSARY);
    expect(index.lookup(" Lado ")).toBe(LADO_GLOSSARY);
    expect(index.lookup("LADO?")).toBe(LADO_GLOSSARY);
    expect(index.lookup("CDOPs")).toBe(CDOP);
    expect(index.lookup("cdop")).toBe(CDOP);
  });

  it("finds a term by its full name, singular or plural, whatever the case and punctuation", () => {
    expect(index.lookup("local authority designated officer")).toBe(LADO_GLOSSARY);
    expect(index.lookup("Child Death Overview Panel")).toBe(CDOP);
    expect(index.lookup("looked after children")).toBe(LAC);
    expect(index.lookup("looked-after child")).toBe(LAC);
  });

  it("prefers the glossary entry that explains the term to a bare first use", () => {
    expect(index.lookupAll("LADO")).toEqual([LADO_GLOSSARY, LADO_FIRST_USE]);
  });

  it("prefers the expansion most documents agree on when the kinds are equal", () => {
    const sarc = (expansion: string, source: string) => record({ term: "SARC", expansion, source });
    const lone = sarc("Sexual Abuse Referral Centre", "a.pdf");
    const agreed = [
      sarc("Sexual Assault Referral Centre", "b.pdf"),
      sarc("Sexual Assault Referral Centres", "c.pdf"),
    ];
    expect(new DefinitionIndex([lone, ...agreed]).lookup("SARC")).toBe(agreed[0]);
  });

  it("matches an acronym that is also a common word only as written in capitals", () => {
    expect(index.lookup("IT")).toBe(IT);
    expect(index.lookup("it")).toBeUndefined();
    expect(index.lookup("it?")).toBeUndefined();
    expect(index.lookup("“IT”?")).toBe(IT);
    expect(index.lookup("information technology")).toBe(IT);
  });

  it("keeps to the asked area, with documents of every area", () => {
    const north = record({
      term: "MASH",
      expansion: "Multi-Agency Safeguarding Hub",
      area: "north",
      source: "n.md",
    });
    const south = record({
      term: "MASH",
      expansion: "Multi Agency Safeguarding Hub",
      area: "south",
      source: "s.md",
    });
    const everywhere = record({ term: "DSL", expansion: "Designated Safeguarding Lead", source: "all.md" });
    const areas = new DefinitionIndex([north, south, everywhere]);
    expect(areas.lookup("MASH", { area: "south" })).toBe(south);
    expect(areas.lookupAll("MASH", { area: "east" })).toEqual([]);
    expect(areas.lookup("DSL", { area: "south" })).toBe(everywhere);
    expect(areas.lookupAll("MASH")).toEqual([north, south]);
  });

  it("finds nothing for a term no document defines, or for an empty one", () => {
    expect(index.lookup("MARAC")).toBeUndefined();
    expect(index.lookup("")).toBeUndefined();
    expect(index.lookup("  ")).toBeUndefined();
  });
});

describe("nameKey", () => {
  it("compares names without case, apostrophes, '(ren)' inserts, '&' or plurals", () => {
    expect(nameKey("Child(ren) in Need")).toBe(nameKey("children in need"));
    expect(nameKey("Directorate of Children’s Services")).toBe(nameKey("directorate of children services"));
    expect(nameKey("Adults, Community & Housing")).toBe("adult community and housing");
    expect(nameKey("Sector-led Improvement")).toBe(nameKey("Sector Led Improvement"));
    expect(nameKey("Safeguarding Children Board")).not.toBe(nameKey("Safeguarding Adults Board"));
  });
});
