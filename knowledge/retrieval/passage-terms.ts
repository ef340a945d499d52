import path from "node:path";
import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import { OnDemandFile } from "../on-demand-file.ts";
import type { ChunkRecord } from "../types.ts";
import { fileNameWords, terms } from "./text-analysis.ts";

/**
 * Each passage's terms as the second stage reads them, analysed once at ingest and stored as term ids, so
 * re-scoring a hundred candidates reads them instead of tokenising and stemming every candidate's text on
 * every question (the largest cost of re-scoring), and no thread keeps a cache of analysed passages.
 *
 *   passage-terms.bin  MAGIC, u32 format version, u32 passage count, u32 term count of the keyword index,
 *                      u32 offsets of every passage's record and of the end (count + 1, in u32 words), then
 *                      the records: heading start, heading end, then the term ids in order
 */
export const PASSAGE_TERMS_FILE = "passage-terms.bin";
const MAGIC = "SGPT";
const FORMAT_VERSION = 1;
const HEADER_WORDS = 4;

/** Terms present in a passage (or its heading), asked one at a time. */
export interface TermSet {
  has(term: string): boolean;
}

/** A passage's terms: title and file name words, headings, then the text, in order. */
export interface PassageTerms {
  present: TermSet;
  heading: TermSet;
  /** Whether `second` follows `first` somewhere in that sequence (a phrase pair of the question). */
  adjacent(first: string, second: string): boolean;
}

/** The analysis the stored sequences hold: every term in order, and where the heading's terms are. */
export function analysePassage(chunk: ChunkRecord): {
  sequence: string[];
  headingStart: number;
  headingEnd: number;
} {
  const titleTerms = terms(`${chunk.title} ${fileNameWords(chunk.source)}`);
  const headingTerms = terms(chunk.headingPath.join(" "));
  return {
    sequence: [...titleTerms, ...headingTerms, ...terms(chunk.text)],
    headingStart: titleTerms.length,
    headingEnd: titleTerms.length + headingTerms.length,
  };
}

/** passage-terms.bin for these passages, in the term ids of the keyword index built from them. */
export function encodePassageTerms(
  chunks: readonly ChunkRecord[],
  vocabulary: { termId(term: string): number | undefined; termCount: number },
): Buffer {
  const records = chunks.map((chunk) => {
    const { sequence, headingStart, headingEnd } = analysePassage(chunk);
    return [
      headingStart,
      headingEnd,
      ...sequence.map((t) => {
        const id = vocabulary.termId(t);
        // The keyword index is built from the same passages with the same analysis: a term it lacks is a bug.
        if (id === undefined) throw new Error(`the keyword index has no term "${t}" of passage ${chunk.id}`);
        return id;
      }),
    ];
  });
  const words = new Uint32Array(HEADER_WORDS + chunks.length + 1 + records.reduce((n, r) => n + r.length, 0));
  words.set([0, FORMAT_VERSION, chunks.length, vocabulary.termCount]);
  Buffer.from(words.buffer).write(MAGIC, 0, "latin1");
  let at = 0;
  records.forEach((record, i) => {
    words[HEADER_WORDS + i] = at;
    words.set(record, HEADER_WORDS + chunks.length + 1 + at);
    at += record.length;
  });
  words[HEADER_WORDS + chunks.length] = at;
  return Buffer.from(words.buffer);
}

/** A generation's stored passage terms, read a passage at a time. */
export class PassageTermsFile {
  private constructor(
    private readonly data: OnDemandFile,
    /** Where each passage's record starts, in u32 words from the start of the records, and where they end. */
    private readonly offsets: Uint32Array,
    private readonly vocabulary: { termId(term: string): number | undefined; termCount: number },
  ) {}

  /** Opens passage-terms.bin; a CodedError (index_corrupt) when it does not match the generation. */
  static open(
    generationDir: string,
    passages: number,
    vocabulary: { termId(term: string): number | undefined; termCount: number },
  ): PassageTermsFile {
    const data = OnDemandFile.open(path.join(generationDir, PASSAGE_TERMS_FILE));
    const header = new Uint32Array(HEADER_WORDS);
    const offsets = new Uint32Array(passages + 1);
    const corrupt = (why: string) => damaged(data.file, new Error(why));
    if (!data.readInto(header, 0) || Buffer.from(header.buffer).toString("latin1", 0, 4) !== MAGIC) {
      throw corrupt("not a passage terms file");
    }
    if (header[1] !== FORMAT_VERSION) throw corrupt("another format version");
    if (header[2] !== passages || header[3] !== vocabulary.termCount) throw corrupt("another generation's");
    if (!data.readInto(offsets, HEADER_WORDS * 4)) throw corrupt("truncated");
    for (let i = 0; i < passages; i++) {
      if ((offsets[i] as number) + 2 > (offsets[i + 1] as number)) throw corrupt("damaged offsets");
    }
    if (data.bytes !== (HEADER_WORDS + passages + 1 + (offsets[passages] as number)) * 4) {
      throw corrupt("unexpected length");
    }
    return new PassageTermsFile(data, offsets, vocabulary);
  }

  /** The terms of the passage at a position. */
  get(position: number): PassageTerms {
    const start = this.offsets[position];
    const end = this.offsets[position + 1];
    if (start === undefined || end === undefined) {
      throw new CodedError(ErrorCode.Internal, `There is no passage ${position} in ${this.data.file}.`);
    }
    const record = new Uint32Array(end - start);
    const records = (HEADER_WORDS + this.offsets.length) * 4;
    if (!this.data.readInto(record, records + start * 4))
      throw damaged(this.data.file, new Error("truncated"));
    const headingStart = (record[0] as number) + 2;
    const headingEnd = (record[1] as number) + 2;
    const sequence = record.subarray(2);
    const { termCount } = this.vocabulary;
    if (headingStart > headingEnd || headingEnd > record.length || sequence.some((id) => id >= termCount)) {
      throw damaged(this.data.file, new Error(`damaged record ${position}`));
    }
    const heading = record.subarray(headingStart, headingEnd);
    const idOf = (term: string) => this.vocabulary.termId(term);
    return {
      present: { has: (term) => includes(sequence, idOf(term)) },
      heading: { has: (term) => includes(heading, idOf(term)) },
      adjacent(first, second) {
        const a = idOf(first);
        const b = idOf(second);
        if (a === undefined || b === undefined) return false;
        for (let i = 0; i + 1 < sequence.length; i++)
          if (sequence[i] === a && sequence[i + 1] === b) return true;
        return false;
      },
    };
  }
}

function includes(ids: Uint32Array, id: number | undefined): boolean {
  return id !== undefined && ids.includes(id);
}

function damaged(file: string, cause: unknown): CodedError {
  return new CodedError(
    ErrorCode.IndexCorrupt,
    `The passage terms in ${file} are damaged; run \`npm run ingest\`.`,
    {
      cause,
    },
  );
}
