import { describe, expect, it } from "vitest";
import {
  closestQuotes,
  composeExtractive,
  EXTRACTIVE_LIMITS,
  type ExtractiveAnswer,
} from "../../../../bot/core/compose/extractive.ts";
import type { Citation } from "../../../../bot/core/types.ts";
import { weighTerms } from "../../../../knowledge/retrieval/query-terms.ts";
import { terms } from "../../../../knowledge/retrieval/text-analysis.ts";

const { chars: MAX_CHARS, unitChars } = EXTRACTIVE_LIMITS;

const citation = (n: number, text: string, section?: string): Citation => ({
  n,
  source: `doc-${n}.md`,
  title: `Document ${n}`,
  ...(section ? { section } : {}),
  text,
  score: 1 / n,
});

const CITATIONS: Citation[] = [
  citation(
    1,
    "Always place a baby on their back to sleep. Keep the cot clear of pillows, bumpers and toys. " +
      "Never share a bed with a baby after drinking alcohol or taking drugs. The room should be kept at 16 to 20 degrees. " +
      "Offer a dummy at sleep time once feeding is established.",
    "Safer sleep",
  ),
  citation(
    2,
    "Sofa sleeping with a baby is the most dangerous place to share sleep. Babies who sleep on a sofa with an adult are at much higher risk. " +
      "Talk to parents about safer sleep at every contact.",
    "Safer sleep > Sofas",
  ),
  citation(
    3,
    "Bruising in a baby who is not independently mobile should be referred to children's social care. " +
      "Record the size, shape and position of any bruise.",
    "Bruising",
  ),
];

/** Each quoted sentence of an answer with the citation number that follows it. */
function quotes(answer: string): { text: string; n: number }[] {
  const out: { text: string; n: number }[] = [];
  for (const match of answer.matchAll(/(.+?) \[(\d+)\](?: |$)/g)) {
    out.push({ text: match[1] ?? "", n: Number(match[2]) });
  }
  expect(out.map((q) => `${q.text} [${q.n}]`).join(" ")).toBe(answer);
  return out;
}

/**
 * Where a quote sits in its passage: found as written, without the full stop the composer adds, or as a
 * clipped prefix. A list quoted with its introduction ("... include: a; b") must have each part in the passage.
 */
function positionIn(passage: string, quote: string): number {
  const variants = [quote];
  if (quote.endsWith(" …")) variants.push(quote.slice(0, -2));
  if (quote.endsWith(".")) variants.push(quote.slice(0, -1));
  for (const v of variants) {
    const at = passage.indexOf(v);
    if (at >= 0) return at;
  }
  const intro = quote.indexOf(": ");
  if (intro < 0) return -1;
  const parts = [
    quote.slice(0, intro + 1),
    ...quote
      .slice(intro + 2)
      .replace(/[.…]$/, "")
      .trim()
      .split("; "),
  ];
  return parts.every((part) => passage.includes(part.trim())) ? passage.indexOf(parts[0] ?? "") : -1;
}

/** Asserts the answer's invariants: every sentence a quotation of the passage its valid [n] names. */
function expectQuotedFrom(result: ExtractiveAnswer): { text: string; n: number; at: number }[] {
  const { text: answer, citations } = result;
  return quotes(answer).map((q) => {
    const cited = citations.find((c) => c.n === q.n);
    expect(cited, `[${q.n}] is not a citation`).toBeDefined();
    const at = positionIn(cited?.text ?? "", q.text);
    expect(at, `"${q.text}" is not in passage ${q.n}`).toBeGreaterThanOrEqual(0);
    return { ...q, at };
  });
}

const weighted = (question: string) => weighTerms(terms(question), [], () => 1, 0.5);
const compose = (question: string, citations = CITATIONS) => composeExtractive(weighted(question), citations);
const ask = (question: string, citations = CITATIONS) => compose(question, citations).text;

describe("composeExtractive", () => {
  it("quotes the sentences that answer the question, each marked with its citation", () => {
    const answer = compose("Is it safe to share a bed with a baby after drinking alcohol?");
    const quoted = expectQuotedFrom(answer);
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted[0]).toMatchObject({
      text: "Never share a bed with a baby after drinking alcohol or taking drugs.",
      n: 1,
    });
  });

  it("never writes anything that is not in a cited passage, for many questions", () => {
    for (const question of [
      "what temperature should the room be for a sleeping baby",
      "sofa sleeping risk",
      "bruise on a baby who cannot crawl",
      "safer sleep advice for parents",
      "dummy at sleep time",
      "what to record about a bruise",
    ]) {
      const answer = compose(question);
      expect(answer, question).not.toBe("");
      expectQuotedFrom(answer);
    }
  });

  it("keeps each passage's quotes together and in the passage's own order", () => {
    const answer = compose("baby sleep sofa bed bruise record");
    const quoted = expectQuotedFrom(answer);
    expect(quoted.length).toBeGreaterThan(1);
    const seen = new Set<number>();
    for (let i = 0; i < quoted.length; i++) {
      const [a, b] = [quoted[i - 1], quoted[i]];
      if (!b) continue;
      if (a && a.n === b.n) expect(a.at < b.at, `${a.n}@${a.at} before ${b.n}@${b.at}`).toBe(true);
      else expect(seen.has(b.n), `passage ${b.n} quoted in two places`).toBe(false);
      seen.add(b.n);
    }
  });

  it("quotes at most four sentences, and one more only to continue a short one", () => {
    const many = Array.from({ length: 6 }, (_, i) =>
      citation(
        i + 1,
        Array.from(
          { length: 5 },
          (_, j) =>
            `Neglect example ${i}.${j}: neglect of a child's basic needs is persistent and must be recorded.`,
        ).join(" "),
      ),
    );
    const quoted = expectQuotedFrom(compose("neglect of basic needs", many));
    expect(quoted.length).toBeLessThanOrEqual(EXTRACTIVE_LIMITS.sentences + 1);
    expect(quoted.length).toBeGreaterThan(1);
  });

  it("keeps the quotes within the length limit", () => {
    const long = Array.from({ length: 4 }, (_, i) =>
      citation(
        i + 1,
        `Neglect ${i} is ${Array.from({ length: 30 }, (_, j) => `need ${"abcdefghijklmnopqrstuvwxyzABCD"[j]}`).join(" and ")} that a parent persistently fails to meet.`,
      ),
    );
    const quoted = expectQuotedFrom(compose("neglect need parent", long));
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.length).toBeLessThan(4);
    expect(quoted.reduce((sum, q) => sum + q.text.length, 0)).toBeLessThanOrEqual(MAX_CHARS);
  });

  it("quotes a list with the line that introduces it", () => {
    const list = citation(
      1,
      "Risk factors for sudden infant death include:\nSmoking in pregnancy or around the baby\nSharing a bed after alcohol or drugs\nSleeping on a sofa with a baby.",
    );
    const quoted = expectQuotedFrom(compose("risk factors for sudden infant death", [list]));
    expect(quoted).toHaveLength(1);
    expect(quoted[0]?.text).toContain("include: Smoking in pregnancy");
    expect(quoted[0]?.text).toContain("Sleeping on a sofa with a baby");
  });

  it("does not quote the document's own questions", () => {
    const faq = citation(
      1,
      "What are the risks of sharing a bed with a baby? Sharing a bed with a baby raises the risk of death.",
    );
    expect(ask("risks of sharing a bed with a baby", [faq])).toBe(
      "Sharing a bed with a baby raises the risk of death. [1]",
    );
  });

  it("never cuts a sentence: one too long to quote whole is left out", () => {
    const long = `Neglect is ${Array.from({ length: 80 }, (_, i) => `failure ${i}`).join(" and ")}.`;
    expect(long.length).toBeGreaterThan(unitChars);
    expect(ask("neglect failure", [citation(1, long)])).toBe("");
  });

  it("quotes no table fragment made of figures, and no markup", () => {
    const table = citation(
      1,
      "Referrals 2012/13 1,204 1,310 9% 12 14\n**Referrals** to the front door rose in 2012/13.",
    );
    expect(ask("referrals 2012/13", [table])).toBe("Referrals to the front door rose in 2012/13. [1]");
  });

  it("keeps a list's items whole, each part with its introduction", () => {
    const items = Array.from(
      { length: 12 },
      (_, i) => `Risk factor number ${i} for sudden infant death in the home`,
    );
    const list = citation(1, `Risk factors for sudden infant death include:\n${items.join("\n")}`);
    const answer = ask("risk factors for sudden infant death", [list]);
    expect(answer).toContain("include: Risk factor number 0");
    const parts = answer
      .split(/ \[1\] ?/)
      .filter(Boolean)
      .flatMap((unit) =>
        unit
          .replace(/^Risk factors for sudden infant death include: /, "")
          .replace(/\.$/, "")
          .split("; "),
      )
      .filter((p) => p !== "…");
    for (const part of parts) expect(items).toContain(part);
  });

  it("leads with the best-ranked passage that answers and lists the quoted citations first", () => {
    const off = citation(1, "The board meets every quarter to review its terms of reference.");
    const sofa = citation(2, "Sofa sleeping with a baby is the most dangerous place to share sleep.");
    const result = composeExtractive(weighted("is sofa sleeping with a baby dangerous"), [off, sofa]);
    expect(result.text).toBe("Sofa sleeping with a baby is the most dangerous place to share sleep. [1]");
    expect(result.citations.map((c) => [c.n, c.source, c.quoted])).toEqual([
      [1, "doc-2.md", true],
      [2, "doc-1.md", false],
    ]);
  });

  it("adds another document's sentence only when it answers too", () => {
    const main = citation(1, "Keep the baby's room between 16 and 20 degrees for safer sleep at night.");
    const weak = {
      ...citation(2, "Parents should talk to their health visitor about sleep."),
      source: "other.md",
    };
    const strong = {
      ...citation(3, "The room for a sleeping baby should be kept between 16 and 20 degrees."),
      source: "third.md",
    };
    const question = weighted("what degrees should the baby's room be kept for sleep");
    expect(composeExtractive(question, [main, weak]).text).toBe(
      "Keep the baby's room between 16 and 20 degrees for safer sleep at night. [1]",
    );
    expect(composeExtractive(question, [main, strong]).text).toContain("[2]");
  });

  it("brings the sentence that carries on from a short quoted one", () => {
    const passage = citation(
      1,
      "Factors which increase risk include a previous unexpected infant death in the family. " +
        "Referral to the next-infant support programme should be offered. " +
        "Unrelated sentence about premises and parking arrangements for visitors.",
    );
    const quoted = expectQuotedFrom(compose("previous unexpected infant death in the family", [passage]));
    expect(quoted.map((q) => q.text)).toEqual([
      "Factors which increase risk include a previous unexpected infant death in the family.",
      "Referral to the next-infant support programme should be offered.",
    ]);
  });

  it("places a definition among its passage's sentences and adds no unrelated sentence after it", () => {
    const passage = citation(
      1,
      "• LADO – Local Authority Designated Officer, who manages allegations against staff.\n" +
        "The designated officer is told of every allegation on the same working day. " +
        "Records of each allegation are kept securely by the partnership. " +
        "Parking for visitors is at the rear of the building on weekdays.",
    );
    const definition = {
      term: "LADO",
      text: "LADO – Local Authority Designated Officer, who manages allegations against staff.",
    };
    const quoted = expectQuotedFrom(composeExtractive(weighted("what is a LADO"), [passage], definition));
    expect(quoted[0]?.text).toBe(definition.text);
    expect(quoted.map((q) => q.text).join(" ")).not.toContain("Parking");
  });

  it("chooses sentences by the asker's own words, not by the glossary's expansions", () => {
    const passage = citation(
      1,
      "The partnership joins the panels of Dudley, Sandwell, Walsall and Wolverhampton in one review process. " +
        "The work was part of the national early adopters programme for child death reviews.",
    );
    const question = weighTerms(
      terms("which national programme was the black country panel part of"),
      terms("Dudley Sandwell Walsall Wolverhampton"),
      () => 1,
      0.5,
    );
    const answer = composeExtractive(question, [passage]).text;
    expect(answer.startsWith("The work was part of the national early adopters programme")).toBe(true);
  });

  it("leads with the library's own definition when the question asks what a term means", () => {
    const definition = "LADO – Local Authority Designated Officer – manages allegations against staff.";
    const jargon = citation(1, `${definition}\nThe LADO reports to the board every year.`);
    const result = composeExtractive(weighted("what is LADO"), [jargon], { term: "LADO", text: definition });
    expect(result.text.startsWith(`${definition} [1]`)).toBe(true);
  });

  it("quotes a sentence whose figures are years and counts, not a table row", () => {
    const sentence =
      "Of the 495 referrals recorded in 2011, 63 were substantiated which equates to 12.7%, compared with 96 of the 568 referrals in 2012 which is 16.9%.";
    const report = citation(1, `Substantiated 2011 % 2012 % Fully 40 63.5% 60 62.5%\n${sentence}`);
    expect(ask("how many referrals were substantiated in 2012", [report])).toBe(`${sentence} [1]`);
  });

  it("counts a figure written in words as a figure when the question asks how many or what share", () => {
    const panel = citation(1, "Infant deaths are reviewed by the child death overview panel in each area.");
    const share = citation(2, "Infant deaths account for around two thirds of all child deaths.");
    const question = weighted("what proportion of child deaths are infant deaths");
    expect(composeExtractive(question, [panel, share], undefined, true).text).toBe(
      "Infant deaths account for around two thirds of all child deaths. [1]",
    );
    // Without asking for a figure the better-ranked passage leads.
    expect(composeExtractive(question, [panel, share]).text.startsWith("Infant deaths are reviewed")).toBe(
      true,
    );
  });

  it("quotes an action the document writes with a question mark, but not a question it asks", () => {
    const actions = citation(
      1,
      "Domain What’s working well? Consideration to care leaver pathways and any additional requirements for UASC?",
    );
    expect(ask("what is working well for UASC care leavers", [actions])).toBe(
      "Consideration to care leaver pathways and any additional requirements for UASC? [1]",
    );
  });

  it("adds the sentence that answers another part of the question before one repeating the first", () => {
    const meetings = citation(
      1,
      "The core group meets within ten working days of the initial conference. " +
        "The core group turns the outline plan into a detailed plan. " +
        "The core group reviews progress against the plan at every meeting. " +
        "The core group keeps a written record of each of its meetings. " +
        "Parents are invited to every one of these meetings as members. " +
        "The social worker is the chair of these meetings.",
    );
    const question = weighTerms(terms("core group chair"), [], (t) => (t === "chair" ? 1.5 : 1), 0.5);
    const quoted = expectQuotedFrom(composeExtractive(question, [meetings]));
    expect(quoted[0]?.text).toBe("The core group meets within ten working days of the initial conference.");
    expect(quoted.map((q) => q.text)).toContain("The social worker is the chair of these meetings.");
  });

  it("does not let the lead passage's weaker sentences crowd out a better one from the same document", () => {
    const report = (n: number, text: string): Citation => ({ ...citation(n, text), source: "report.md" });
    const overview = report(
      1,
      "The review looked at infant deaths across the whole region. " +
        "The review met with every local authority in turn. " +
        "The review published its findings at a regional event. " +
        "The review made thirty recommendations for the localities.",
    );
    const funding = report(2, "The review was funded by the network of directors of public health.");
    const result = composeExtractive(weighted("who funded the review in the region"), [overview, funding]);
    const quoted = expectQuotedFrom(result);
    expect(quoted[0]?.text).toBe("The review looked at infant deaths across the whole region.");
    expect(quoted.map((q) => q.text)).toContain(
      "The review was funded by the network of directors of public health.",
    );
  });

  it("skips fragments too short to answer anything", () => {
    expect(ask("sleep", [citation(1, "Safer sleep.\nSleep.")])).toBe("");
  });

  it("returns an empty answer when no sentence shares a term with the question", () => {
    expect(ask("female genital mutilation")).toBe("");
    expect(ask("what should I do")).toBe("");
  });
});

describe("closestQuotes", () => {
  const closest = (question: string, citations = CITATIONS) => closestQuotes(weighted(question), citations);

  it("quotes each close passage's best whole sentence under its own number, in the passages' order", () => {
    const quotes = closest("is a sofa or a bed safer for a sleeping baby");
    expect(quotes.map((q) => q.n)).toEqual([1, 2]);
    for (const q of quotes)
      expect(positionIn(CITATIONS[q.n - 1]?.text ?? "", q.text)).toBeGreaterThanOrEqual(0);
    expect(quotes[1]?.text).toBe(
      "Sofa sleeping with a baby is the most dangerous place to share sleep. Babies who sleep on a sofa with an adult are at much higher risk.",
    );
  });

  it("leaves out a passage whose best sentence barely touches the question, and one with none", () => {
    // Passages 1 and 2 share only "baby" with the question.
    const quotes = closest("record the size, shape and position of bruising on a baby");
    expect(quotes.map((q) => q.n)).toEqual([3]);
    expect(quotes[0]?.text).toBe("Record the size, shape and position of any bruise.");
    expect(closest("female genital mutilation")).toEqual([]);
  });

  it("quotes a sentence two overlapping passages share only once, and stays within the length limit", () => {
    const shared = "Never share a bed with a baby after drinking alcohol or taking drugs.";
    const overlapping = [
      citation(1, `${shared} Talk to parents.`),
      citation(2, `Ask about alcohol. ${shared}`),
    ];
    expect(closest("share a bed after alcohol or drugs", overlapping).map((q) => q.text)).toEqual([shared]);
    const long = Array.from({ length: 3 }, (_, i) =>
      citation(i + 1, `Neglect ${i} is ${"a persistent failure to meet needs and ".repeat(14)}the like.`),
    );
    const quotes = closest("neglect persistent failure needs", long);
    expect(quotes.length).toBeGreaterThan(0);
    expect(quotes.reduce((sum, q) => sum + q.text.length, 0)).toBeLessThanOrEqual(MAX_CHARS);
  });
});
