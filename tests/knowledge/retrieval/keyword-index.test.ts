import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../../foundation/errors.ts";
import { KeywordIndex } from "../../../knowledge/retrieval/keyword-index.ts";
import { term, terms } from "../../../knowledge/retrieval/text-analysis.ts";
import type { ChunkRecord } from "../../../knowledge/types.ts";

/** A keyword query written as text: the index takes analysed terms. */
const query = (index: KeywordIndex, question: string, expansions: string[], limit: number) =>
  index.query(
    terms(question),
    expansions.flatMap((e) => terms(e)),
    limit,
    0.6,
  );

const chunk = (id: string, title: string, headingPath: string[], text: string): ChunkRecord => ({
  id,
  source: `${id}.md`,
  title,
  headingPath,
  text,
});

const ids = (hits: { id: number }[]) => hits.map((h) => h.id);

const roundTripChunks = [
  chunk("a", "Safer sleep", ["Co-sleeping"], "Never share a bed with a baby after drinking alcohol."),
  chunk("b", "Levels of need", ["Level 4"], "Refer to the MASH when a child is at risk of significant harm."),
  chunk("c", "Escalation", ["Professional disagreement"], "Escalate to the designated lead within 48 hours."),
];

describe("KeywordIndex", () => {
  it("weighs a match in the section heading above one in the text, and the text above the title", () => {
    const index = KeywordIndex.build([
      chunk("text", "Practice guide", ["Recording"], "Guidance for staff on bruising and when to record."),
      chunk("title", "Bruising protocol", ["Recording"], "Guidance for staff on what to record and when."),
      chunk("section", "Practice guide", ["Bruising"], "Guidance for staff on what to record and when."),
      chunk("none", "Practice guide", ["Recording"], "Guidance for staff on what to record and when."),
    ]);
    expect(ids(query(index, "bruising", [], 10))).toEqual([2, 0, 1]);
  });

  it("counts the glossary's expansion terms for less than the question's own words", () => {
    const index = KeywordIndex.build([
      chunk("a", "Guide", ["Night time"], "Advice on co-sleeping with a baby at home."),
      chunk("b", "Guide", ["Night time"], "Advice on bed-sharing with a baby at home."),
    ]);
    const both = query(index, "co-sleeping bed-sharing", [], 10);
    expect(both[0]?.score).toBeCloseTo(both[1]?.score ?? 0, 6);

    const own = query(index, "co-sleeping", ["bed-sharing"], 10);
    expect(ids(own)).toEqual([0, 1]);
    expect(own[1]?.score).toBeLessThan(own[0]?.score ?? 0);

    const mirrored = query(index, "bed-sharing", ["co-sleeping"], 10);
    expect(ids(mirrored)).toEqual([1, 0]);
    expect(mirrored[0]?.score).toBeCloseTo(own[0]?.score ?? 0, 6);
    expect(mirrored[1]?.score).toBeCloseTo(own[1]?.score ?? 0, 6);
  });

  it("finds a hyphenated word by its joined spelling and the reverse", () => {
    const index = KeywordIndex.build([
      chunk("a", "Guide", ["Night"], "Never co-sleep after alcohol."),
      chunk("b", "Guide", ["Day"], "Cosleeping risks are higher on a sofa."),
    ]);
    expect(ids(query(index, "cosleep", [], 10))).toContain(0);
    expect(ids(query(index, "co-sleeping", [], 10))).toContain(1);
  });

  it("ignores stopwords and returns nothing for a question of stopwords only", () => {
    const index = KeywordIndex.build([chunk("a", "Guide", ["When"], "What should you do when it is late?")]);
    expect(query(index, "what should I do", [], 10)).toEqual([]);
  });

  it("respects the limit", () => {
    const index = KeywordIndex.build(
      Array.from({ length: 20 }, (_, i) =>
        chunk(`c${i}`, "Guide", ["Neglect"], `Neglect example number ${i}.`),
      ),
    );
    expect(query(index, "neglect", [], 5)).toHaveLength(5);
  });

  it("ranks by inverse document frequency: rare terms weigh more, and no weight is negative", () => {
    const index = KeywordIndex.build([
      chunk("a", "Guide", ["Escalation"], "Refer to the LADO about the allegation."),
      chunk("b", "Guide", ["Escalation"], "Refer to the MASH about the child."),
      chunk("c", "Guide", ["Escalation"], "Refer to the health visitor about the child."),
    ]);
    expect(index.documents).toBe(3);
    const idf = (w: string) => index.idf(term(w) ?? w);
    expect(idf("lado")).toBeGreaterThan(idf("child"));
    expect(idf("child")).toBeGreaterThan(idf("refer"));
    expect(idf("refer")).toBeGreaterThan(0);
    expect(idf("unseen")).toBeGreaterThan(idf("lado"));
    // The passage holding the rare word ranks first even though the common words match everywhere.
    expect(ids(query(index, "refer the child to LADO", [], 10))[0]).toBe(0);
  });

  it("gives identical results after a round trip through keywords.bin", () => {
    const chunks = roundTripChunks;
    const built = KeywordIndex.build(chunks);
    const restored = KeywordIndex.fromBuffer(built.toBuffer());
    expect(restored.documents).toBe(built.documents);
    for (const [question, expansions] of [
      ["co-sleeping after alcohol", ["bed-sharing"]],
      ["when to refer to the MASH", ["front door"]],
      ["disagreement with a professional", []],
    ] as [string, string[]][]) {
      expect(query(restored, question, expansions, 10)).toEqual(query(built, question, expansions, 10));
    }
    for (const t of ["sleep", "mash", "escal", "absent"]) expect(restored.idf(t)).toBe(built.idf(t));
  });

  it("corrects a misspelling the same way after a round trip through keywords.bin", () => {
    const built = KeywordIndex.build(roundTripChunks);
    const restored = KeywordIndex.fromBuffer(built.toBuffer());
    for (const [word, distance] of [
      ["alcohl", 1],
      ["signifcant", 1],
      ["profesional", 2],
    ] as [string, number][]) {
      const corrected = restored.nearestTerm(word, distance);
      expect(corrected).toBeDefined();
      expect(corrected).toBe(built.nearestTerm(word, distance));
    }
    expect(restored.nearestTerm("zzzzzz", 1)).toBeUndefined();
  });

  it("refuses a damaged keywords.bin with index_corrupt rather than answering from part of it", () => {
    // A damaged posting is found when a question's term reads it: every term is asked for.
    const every = [
      ...new Set(roundTripChunks.flatMap((c) => terms(`${c.title} ${c.headingPath.join(" ")} ${c.text}`))),
    ];
    const openAndAskEverything = (buffer: Buffer) => {
      const index = KeywordIndex.fromBuffer(buffer);
      for (const t of every) index.query([t], [], 5, 0.6);
    };
    const bytes = KeywordIndex.build(roundTripChunks).toBuffer();
    const damaged = [
      bytes.subarray(0, bytes.byteLength - 8),
      Buffer.concat([bytes, Buffer.alloc(4)]),
      Buffer.from("not an index at all"),
      (() => {
        const wrongVersion = Buffer.from(bytes);
        wrongVersion.writeUInt32LE(99, 4);
        return wrongVersion;
      })(),
      (() => {
        // The text field's last posting, just before its frequencies, names a passage past the last one.
        const header = JSON.parse(bytes.subarray(12, 12 + bytes.readUInt32LE(8)).toString()) as {
          postings: number[];
        };
        const badPosting = Buffer.from(bytes);
        badPosting.writeUInt32LE(0xffffffff, bytes.byteLength - 4 * (header.postings[2] ?? 0) - 4);
        return badPosting;
      })(),
    ];
    for (const buffer of damaged) {
      expect(() => openAndAskEverything(buffer)).toThrow(
        expect.objectContaining({ code: ErrorCode.IndexCorrupt }),
      );
    }
  });
});
