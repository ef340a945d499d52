import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../../foundation/errors.ts";
import { KeywordIndex } from "../../../knowledge/retrieval/keyword-index.ts";
import {
  analysePassage,
  encodePassageTerms,
  PASSAGE_TERMS_FILE,
  PassageTermsFile,
} from "../../../knowledge/retrieval/passage-terms.ts";
import { terms } from "../../../knowledge/retrieval/text-analysis.ts";
import type { ChunkRecord } from "../../../knowledge/types.ts";

const CHUNKS: ChunkRecord[] = [
  {
    id: "a",
    source: "safer-sleep-guide.pdf",
    title: "Safer sleep",
    headingPath: ["Co-sleeping", "Sofas"],
    text: "Never fall asleep on a sofa with a baby. Sofa sleeping raises the risk of SUDI.",
  },
  {
    id: "b",
    source: "lado.md",
    title: "Allegations",
    headingPath: [],
    text: "Allegations against staff go to the LADO within one working day.",
  },
];

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

function written(chunks = CHUNKS): { dir: string; keywords: KeywordIndex } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "passage-terms-test-"));
  folders.push(dir);
  const keywords = KeywordIndex.build(chunks);
  fs.writeFileSync(path.join(dir, PASSAGE_TERMS_FILE), encodePassageTerms(chunks, keywords));
  return { dir, keywords };
}

describe("stored passage terms", () => {
  it("answers as the passage's own analysis does: terms present, heading terms and adjacent pairs", () => {
    const { dir, keywords } = written();
    const file = PassageTermsFile.open(dir, CHUNKS.length, keywords);
    for (const [i, chunk] of CHUNKS.entries()) {
      const stored = file.get(i);
      const { sequence, headingStart, headingEnd } = analysePassage(chunk);
      const heading = new Set(sequence.slice(headingStart, headingEnd));
      for (const t of [...new Set([...sequence, ...terms("sofa LADO baby cosleep unknownword")])]) {
        expect(stored.present.has(t)).toBe(sequence.includes(t));
        expect(stored.heading.has(t)).toBe(heading.has(t));
      }
      for (let j = 0; j + 1 < sequence.length; j++) {
        expect(stored.adjacent(sequence[j] as string, sequence[j + 1] as string)).toBe(true);
      }
    }
    const sofa = file.get(0);
    expect(sofa.heading.has(terms("sofas")[0] as string)).toBe(true);
    expect(sofa.heading.has(terms("baby")[0] as string)).toBe(false);
    expect(sofa.adjacent(...(terms("sofa sleeping") as [string, string]))).toBe(true);
    expect(sofa.adjacent(...(terms("sleeping sofa") as [string, string]))).toBe(false);
  });

  it("refuses a damaged or mismatched file with index_corrupt", () => {
    const { dir, keywords } = written();
    const file = path.join(dir, PASSAGE_TERMS_FILE);
    const bytes = fs.readFileSync(file);
    const corrupt = expect.objectContaining({ code: ErrorCode.IndexCorrupt });
    expect(() => PassageTermsFile.open(dir, CHUNKS.length + 1, keywords)).toThrow(corrupt);
    expect(() => PassageTermsFile.open(dir, CHUNKS.length, KeywordIndex.build(CHUNKS.slice(1)))).toThrow(
      corrupt,
    );
    fs.writeFileSync(file, bytes.subarray(0, bytes.byteLength - 4));
    expect(() => PassageTermsFile.open(dir, CHUNKS.length, keywords)).toThrow(corrupt);
    const badId = Buffer.from(bytes);
    badId.writeUInt32LE(0xffffffff, bytes.byteLength - 4);
    fs.writeFileSync(file, badId);
    const opened = PassageTermsFile.open(dir, CHUNKS.length, keywords);
    expect(() => opened.get(CHUNKS.length - 1)).toThrow(corrupt);
  });
});
