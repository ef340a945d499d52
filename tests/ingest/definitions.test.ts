import { describe, expect, it } from "vitest";
import {
  type DefinitionDraft,
  definitionRecords,
  extractDefinitions,
  spellsAcronym,
} from "../../ingest/definitions.ts";
import type { Block, BlockKind } from "../../ingest/types.ts";
import type { ChunkRecord } from "../../knowledge/types.ts";

const block = (text: string, headingPath: string[] = [], kind: BlockKind = "text", page?: number): Block => ({
  kind,
  text,
  headingPath,
  ...(page === undefined ? {} : { page }),
});

/** term → expansion, and the explanation when there is one, for compact assertions. */
const summary = (drafts: DefinitionDraft[]) =>
  drafts.map((d) => [d.kind, d.term, d.expansion, ...(d.explanation ? [d.explanation] : [])]);

/** A jargon buster as PDF text arrives: every entry of the page run together in one block. */
const JARGON_BUSTER =
  "CAF Common Assessment Framework - main assessment tool used by agencies, often applied to vulnerable " +
  "children CCG Clinical Commissioning Group CIN Child(ren) in Need - Children in need of services as " +
  "defined by Section 17 of the Children Act Core Group Core Group - core group of professionals " +
  "responsible for implementation of child protection plan LADO Local Authority Designated Officer – the " +
  "role provides advice, guidance and management of allegations against people who work with children " +
  "SCR Serious Case Review – conducted when a child dies or is seriously injured Section 17 Section 17 of " +
  "the Children Act 1989 – children in need TYS Panel Targeted Youth Support Panel – inter-agency meeting " +
  "‘Working Together’ Working Together to Safeguard Children – statutory guidance YPSE Panel Young People " +
  "at Risk of Sexual Exploitation Panel – inter-agency meeting to respond to young people at risk";

describe("extractDefinitions: glossaries", () => {
  it("splits a run-together jargon buster into its entries, each with its own explanation", () => {
    const drafts = extractDefinitions([block(JARGON_BUSTER, ["APPENDIX 8 JARGON BUSTER"], "text", 109)]);
    expect(summary(drafts)).toEqual([
      [
        "glossary",
        "CAF",
        "Common Assessment Framework",
        "main assessment tool used by agencies, often applied to vulnerable children",
      ],
      ["glossary", "CCG", "Clinical Commissioning Group"],
      [
        "glossary",
        "CIN",
        "Child(ren) in Need",
        "Children in need of services as defined by Section 17 of the Children Act",
      ],
      [
        "glossary",
        "Core Group",
        "Core Group",
        "core group of professionals responsible for implementation of child protection plan",
      ],
      [
        "glossary",
        "LADO",
        "Local Authority Designated Officer",
        "the role provides advice, guidance and management of allegations against people who work with children",
      ],
      ["glossary", "SCR", "Serious Case Review", "conducted when a child dies or is seriously injured"],
      ["glossary", "Section 17", "Section 17 of the Children Act 1989", "children in need"],
      ["glossary", "TYS Panel", "Targeted Youth Support Panel", "inter-agency meeting"],
      ["glossary", "Working Together", "Working Together to Safeguard Children", "statutory guidance"],
      [
        "glossary",
        "YPSE Panel",
        "Young People at Risk of Sexual Exploitation Panel",
        "inter-agency meeting to respond to young people at risk",
      ],
    ]);
  });

  it("keeps each entry's text verbatim from the block, with its page and section", () => {
    const drafts = extractDefinitions([block(JARGON_BUSTER, ["APPENDIX 8 JARGON BUSTER"], "text", 109)]);
    for (const d of drafts) {
      expect(JARGON_BUSTER).toContain(d.text);
      expect(d.text).toContain(d.expansion);
      expect(d.page).toBe(109);
      expect(d.headingPath).toEqual(["APPENDIX 8 JARGON BUSTER"]);
    }
    expect(drafts.find((d) => d.term === "LADO")?.text).toBe(
      "LADO Local Authority Designated Officer – the role provides advice, guidance and management of " +
        "allegations against people who work with children",
    );
    expect(drafts.find((d) => d.term === "Working Together")?.text).toBe(
      "‘Working Together’ Working Together to Safeguard Children – statutory guidance",
    );
  });

  it("skips entries whose expansion does not spell the acronym, without letting them leak into a neighbour", () => {
    const text =
      "Abbreviation Meaning A&E Accident and Emergency ACS Ambulatory Care sensitive Conditions AT NHS " +
      "England local Area team CCG Clinical Commissioning Group DNA Did not attend DoH Department of Health " +
      "EMI Older People with Mental Illness (Elderly Mentally Ill) EPP Expert Patients Programme GPwSI GPs " +
      "with Special Interest NRT Nicotine Replacement Products QIPP Quality, Innovation, Productivity and Prevention";
    const drafts = extractDefinitions([block(text, ["Glossary: Abbreviations"], "text", 165)]);
    expect(summary(drafts)).toEqual([
      ["glossary", "A&E", "Accident and Emergency"],
      ["glossary", "CCG", "Clinical Commissioning Group"],
      ["glossary", "DNA", "Did not attend"],
      ["glossary", "DoH", "Department of Health"],
      ["glossary", "EPP", "Expert Patients Programme"],
      ["glossary", "GPwSI", "GPs with Special Interest"],
      ["glossary", "QIPP", "Quality, Innovation, Productivity and Prevention"],
    ]);
  });

  it("drops an explanation that may hold an entry it did not recognise, keeping term and expansion", () => {
    const text =
      "CSE Child Sexual Exploitation – sexual exploitation of young people EMI Older People with Mental " +
      "Illness – elderly mentally ill CCG Clinical Commissioning Group";
    const drafts = extractDefinitions([block(text, ["Jargon buster"])]);
    expect(summary(drafts)).toEqual([
      ["glossary", "CSE", "Child Sexual Exploitation"],
      ["glossary", "CCG", "Clinical Commissioning Group"],
    ]);
    expect(drafts[0]?.text).toBe("CSE Child Sexual Exploitation");
  });

  it("finds no entry in prose, scores or questions that only look like one", () => {
    const drafts = extractDefinitions([
      block(
        "CSE Child Sexual Exploitation – work with LAC leads across BNSSG partners IRO Independent Reviewing Officer",
        ["Jargon buster"],
      ),
      block("Social Care Y Y Y Y 6/6 100 Dudley PCT – CCG from Jan 2013", ["Jargon buster"]),
      block("Is the Board? Board regularly updated on DoLS – yes", ["Jargon buster"]),
    ]);
    expect(summary(drafts)).toEqual([
      ["glossary", "CSE", "Child Sexual Exploitation", "work with LAC leads across BNSSG partners"],
      ["glossary", "IRO", "Independent Reviewing Officer"],
    ]);
  });

  it("reads a run-together glossary under any heading when entries make up most of the block", () => {
    const text =
      "CCG Clinical Commissioning Group CDOP Child Death Overview Panel - reviews the deaths of children " +
      "IRO Independent Reviewing Officer";
    expect(summary(extractDefinitions([block(text, ["Appendix 3"])]))).toEqual([
      ["glossary", "CCG", "Clinical Commissioning Group"],
      ["glossary", "CDOP", "Child Death Overview Panel", "reviews the deaths of children"],
      ["glossary", "IRO", "Independent Reviewing Officer"],
    ]);
  });

  it("takes a lone 'TERM – expansion – explanation' line anywhere, but not prose that opens with an acronym", () => {
    const drafts = extractDefinitions([
      block("MARAC – Multi-Agency Risk Assessment Conference – a meeting about high-risk victims", [
        "Meetings",
      ]),
      block("LADO: Local Authority Designated Officer", ["Allegations"]),
      block("CCG Quality and Safety Committee is responsible for monitoring quality indicators.", ["Notes"]),
      block("CCG Clinical Commissioning Group commissions the service.", ["Notes"]),
    ]);
    expect(summary(drafts)).toEqual([
      ["glossary", "MARAC", "Multi-Agency Risk Assessment Conference", "a meeting about high-risk victims"],
      ["glossary", "LADO", "Local Authority Designated Officer"],
    ]);
  });

  it("reads a glossary table row, with or without column labels", () => {
    const drafts = extractDefinitions([
      block("Abbreviation: LADO; Meaning: Local Authority Designated Officer", ["Terms"], "table-row"),
      block("IRO; Independent Reviewing Officer; chairs reviews of a child in care", [], "table-row"),
      block("Area: CCG; Finding: Quality of care is good", [], "table-row"),
    ]);
    expect(summary(drafts)).toEqual([
      ["glossary", "LADO", "Local Authority Designated Officer"],
      ["glossary", "IRO", "Independent Reviewing Officer", "chairs reviews of a child in care"],
    ]);
    expect(drafts[0]?.text).toBe("Abbreviation: LADO; Meaning: Local Authority Designated Officer");
  });
});

describe("extractDefinitions: first uses", () => {
  const firstUse = (text: string) =>
    extractDefinitions([block(text, ["Section"], "text", 3)]).map((d) => [d.term, d.expansion, d.text]);

  it("finds the shortest run of words before the bracket that spells the acronym", () => {
    expect(
      firstUse("Allegations go to the Local Authority Designated Officer (LADO) within one working day."),
    ).toEqual([["LADO", "Local Authority Designated Officer", "Local Authority Designated Officer (LADO)"]]);
    expect(firstUse("The Born in Bradford (BiB) study followed 13,500 babies.")).toEqual([
      ["BiB", "Born in Bradford", "Born in Bradford (BiB)"],
    ]);
  });

  it("reads letters from inside words, and lets a long acronym leave out one word", () => {
    expect(firstUse("It reports to the LSCB, Health and Wellbeing Board (HWBB) and the council.")).toEqual([
      ["HWBB", "Health and Wellbeing Board", "Health and Wellbeing Board (HWBB)"],
    ]);
    expect(firstUse("the work of the Young People at Risk of Sexual Exploitation (YPSE) Panel")).toEqual([
      [
        "YPSE",
        "Young People at Risk of Sexual Exploitation",
        "Young People at Risk of Sexual Exploitation (YPSE)",
      ],
    ]);
  });

  it("never starts a long form on a connecting word or takes a letter from inside one", () => {
    expect(
      firstUse("a higher risk of attention deficit and hyperactivity disorder (ADHD) in later life"),
    ).toEqual([
      [
        "ADHD",
        "attention deficit and hyperactivity disorder",
        "attention deficit and hyperactivity disorder (ADHD)",
      ],
    ]);
  });

  it("keeps a plural acronym singular and leaves a possessive off the name", () => {
    expect(firstUse("the four Child Death Overview Panels (CDOPs) in the region")).toEqual([
      ["CDOP", "Child Death Overview Panels", "Child Death Overview Panels (CDOPs)"],
    ]);
    expect(firstUse("in line with Dudley Clinical Commissioning Group’s (CCG) plan")).toEqual([
      ["CCG", "Clinical Commissioning Group", "Clinical Commissioning Group’s (CCG)"],
    ]);
  });

  it("keeps the quotes of a quoted name in the text", () => {
    expect(firstUse("commonly referred to as a ‘team around the child’ (TAC) meeting")).toEqual([
      ["TAC", "team around the child", "‘team around the child’ (TAC)"],
    ]);
  });

  it("finds nothing where the words before the bracket do not spell it, or the bracket is no acronym", () => {
    expect(
      firstUse("The following 150 inspections of Treatment & Assessment Centres (CQC) were held."),
    ).toEqual([]);
    expect(firstUse("Andrea Pope-Smith CGG (PCT) and Suki Sidhu (Healthwatch)")).toEqual([]);
    expect(firstUse("Sessions on 7/3/13 (am) and the Child Death Overview Panel. (CDOP)")).toEqual([]);
    expect(firstUse("Rates per 10,000 of the CYP population (N7) rose.")).toEqual([]);
  });

  it("reads a heading once, as the place a document may spell an acronym out", () => {
    const heading = "Findings of Peer Review of Looked After Children (LAC) Services in BNSSG";
    const drafts = extractDefinitions([
      block("Angela Stephen - 17 June 2020", [heading]),
      block("The review met Designated and Named LAC professionals.", [heading]),
    ]);
    expect(drafts).toEqual([
      {
        term: "LAC",
        expansion: "Looked After Children",
        text: "Looked After Children (LAC)",
        kind: "first-use",
        headingPath: [heading],
        heading,
      },
    ]);
  });

  it("keeps one definition per term and expansion in a document, the glossary entry before a first use", () => {
    const drafts = extractDefinitions([
      block(
        "referred to the Local Authority Designated Officer (LADO) the same day",
        ["Allegations"],
        "text",
        4,
      ),
      block("Sector Led Improvement (SLI) and the Sector-led Improvement (SLI) review", ["Intro"], "text", 5),
      block(JARGON_BUSTER, ["Jargon Buster"], "text", 109),
    ]);
    const lado = drafts.filter((d) => d.term === "LADO");
    expect(lado.map((d) => [d.kind, d.page])).toEqual([["glossary", 109]]);
    expect(drafts.filter((d) => d.term === "SLI").map((d) => d.expansion)).toEqual([
      "Sector Led Improvement",
    ]);
  });
});

describe("spellsAcronym", () => {
  it.each([
    ["cquin", "Commissioning for Quality and Innovation"],
    ["a&e", "Accident and Emergency"],
    ["h&wbb", "Health and Wellbeing Board"],
    ["mappa", "Multi-Agency Public Protection Arrangements"],
    ["sudi", "Sudden Unexpected Death in Infancy"],
    ["coni", "Care of Next Infant"],
  ])("%s spells %s", (letters, words) => {
    expect(spellsAcronym(letters, words.toLowerCase().split(" "))).toBe(true);
  });

  it.each([
    ["cqc", "Treatment & Assessment Centres"],
    ["nrt", "Nicotine Replacement Products"],
    ["acs", "Ambulatory Care sensitive Conditions"],
    ["cse", "Child Protection Conference"],
    ["lac", "Looked After"],
    ["sid", "Sudden Infant Death Syndrome"],
  ])("%s does not spell %s", (letters, words) => {
    expect(spellsAcronym(letters, words.toLowerCase().split(" "))).toBe(false);
  });
});

describe("definitionRecords", () => {
  const chunk = (
    id: string,
    text: string,
    pages?: [number, number],
    headingPath: string[] = [],
  ): ChunkRecord => ({
    id,
    source: "pack.pdf",
    title: "Board pack",
    headingPath,
    text,
    ...(pages ? { pages } : {}),
  });
  const doc = { source: "pack.pdf", title: "Board pack", area: "dudley" };

  it("gives each definition its document, page, section and the passage that quotes it", () => {
    const drafts = extractDefinitions([block(JARGON_BUSTER, ["APPENDIX 8 JARGON BUSTER"], "text", 109)]);
    // The chunker cut the block in LADO's explanation and in the middle of Section 17's expansion.
    const cuts = [
      JARGON_BUSTER.indexOf("guidance and management"),
      JARGON_BUSTER.indexOf("the Children Act 1989"),
    ];
    const records = definitionRecords(
      drafts,
      [
        chunk("p1", JARGON_BUSTER.slice(0, cuts[0]).replace("CCG Clinical", "CCG\nClinical"), [109, 109]),
        chunk("p2", JARGON_BUSTER.slice(cuts[0], cuts[1]), [109, 109]),
        chunk("p3", JARGON_BUSTER.slice(cuts[1]), [109, 110]),
      ],
      doc,
    );
    const linked = (term: string) => records.find((r) => r.term === term)?.chunkId;
    expect(records.find((r) => r.term === "CAF")).toMatchObject({
      source: "pack.pdf",
      title: "Board pack",
      area: "dudley",
      page: 109,
      section: "APPENDIX 8 JARGON BUSTER",
      kind: "glossary",
      chunkId: "p1",
    });
    // Found though the passage breaks the line inside it.
    expect(linked("CCG")).toBe("p1");
    // Cut in its explanation: the passage that names the term and its expansion.
    expect(linked("LADO")).toBe("p1");
    expect(linked("SCR")).toBe("p2");
    // Cut in its expansion: no passage holds it.
    expect(linked("Section 17")).toBeUndefined();
    expect(linked("YPSE Panel")).toBe("p3");
  });

  it("links a definition read from a heading to the first passage under that heading", () => {
    const heading = "Findings of Peer Review of Looked After Children (LAC) Services";
    const drafts = extractDefinitions([block("Some findings about health assessments.", [heading])]);
    const records = definitionRecords(
      drafts,
      [
        chunk("intro", "Introduction text."),
        chunk("findings", "Some findings about health assessments.", undefined, [heading]),
      ],
      { source: "pack.pdf", title: "Board pack" },
    );
    expect(records).toEqual([
      {
        term: "LAC",
        expansion: "Looked After Children",
        text: "Looked After Children (LAC)",
        kind: "first-use",
        source: "pack.pdf",
        title: "Board pack",
        section: heading,
        chunkId: "findings",
      },
    ]);
  });
});
