import fs from "node:fs";
import path from "node:path";
import { CodedError, ErrorCode } from "../foundation/errors.ts";
import { OnDemandFile } from "./on-demand-file.ts";
import type { ChunkRecord } from "./types.ts";

/**
 * A generation's passages, read from disk when a question needs them instead of held in memory. At 100,000
 * passages their text as JS strings was about 250 MB in every thread that loaded the index (the server and
 * each answer worker), and a hot swap held two generations of it. A question reads only its hundred or so
 * candidates, from the page cache the operating system shares between the threads.
 *
 *   chunks.jsonl   one passage a line, each line ending in "\n" (the chunk store, as before)
 *   passages.idx   MAGIC, u32 format version, u32 passage count, u32 byte length of the id list, then
 *                  float64 byte offsets of every line in chunks.jsonl and of its end (count + 1, so the
 *                  header stays 8-byte aligned), then the passages' ids in UTF-8, one a line
 */
export const CHUNKS_FILE = "chunks.jsonl";
export const PASSAGE_INDEX_FILE = "passages.idx";
const MAGIC = "SGPI";
const FORMAT_VERSION = 1;
const HEADER_BYTES = 16;

/** The chunk store's bytes and its index, as a generation's writer puts them on disk. */
export function encodePassages(chunks: readonly ChunkRecord[]): { lines: Buffer; index: Buffer } {
  const lines = Buffer.from(chunks.map((c) => `${JSON.stringify(c)}\n`).join(""), "utf8");
  const offsets = new Float64Array(chunks.length + 1);
  let at = 0;
  for (let i = 0; i < chunks.length; i++) {
    at = lines.indexOf(10, at) + 1;
    offsets[i + 1] = at;
  }
  const ids = Buffer.from(chunks.map((c) => c.id).join("\n"), "utf8");
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, "latin1");
  header.writeUInt32LE(FORMAT_VERSION, 4);
  header.writeUInt32LE(chunks.length, 8);
  header.writeUInt32LE(ids.byteLength, 12);
  return { lines, index: Buffer.concat([header, Buffer.from(offsets.buffer), ids]) };
}

/** Whether a generation has the passage index this version reads passages with. */
export function hasPassageIndex(generationDir: string): boolean {
  return fs.existsSync(path.join(generationDir, PASSAGE_INDEX_FILE));
}

export class PassageStore {
  private positions?: Map<string, number>;

  private constructor(
    private readonly lines: OnDemandFile,
    /** Byte offset of each passage's line in chunks.jsonl, and of the file's end. */
    private readonly offsets: Float64Array,
    /** The passages' ids, one a line; split into a map only when a passage is looked up by id. */
    private readonly ids: Buffer,
  ) {}

  /**
   * Opens a generation's passages: reads and checks the index (a few MB at 100,000 passages), not the text.
   * Throws a CodedError (index_corrupt) when the index is damaged or does not match the chunk store.
   */
  static open(generationDir: string): PassageStore {
    const file = path.join(generationDir, CHUNKS_FILE);
    const indexFile = path.join(generationDir, PASSAGE_INDEX_FILE);
    const bytes = fs.readFileSync(indexFile);
    const corrupt = (why: string) =>
      new CodedError(
        ErrorCode.IndexCorrupt,
        `The passage index ${indexFile} is damaged (${why}); run \`npm run ingest\`.`,
      );
    if (bytes.byteLength < HEADER_BYTES || bytes.toString("latin1", 0, 4) !== MAGIC) {
      throw corrupt("not a passage index");
    }
    if (bytes.readUInt32LE(4) !== FORMAT_VERSION) throw corrupt("another format version");
    const count = bytes.readUInt32LE(8);
    const idBytes = bytes.readUInt32LE(12);
    const offsetBytes = (count + 1) * 8;
    if (bytes.byteLength !== HEADER_BYTES + offsetBytes + idBytes) throw corrupt("unexpected length");
    // Copied out: a Buffer from readFileSync may sit in Node's pool at an offset no Float64Array can start at.
    const offsets = new Float64Array(count + 1);
    Buffer.from(offsets.buffer).set(bytes.subarray(HEADER_BYTES, HEADER_BYTES + offsetBytes));
    for (let i = 0; i < count; i++) {
      if (!((offsets[i] as number) < (offsets[i + 1] as number))) throw corrupt("damaged offsets");
    }
    const ids = Buffer.from(bytes.subarray(HEADER_BYTES + offsetBytes));
    if (count > 0 && newlines(ids) !== count - 1) throw corrupt("damaged id list");
    const lines = OnDemandFile.open(file);
    if (offsets[0] !== 0 || offsets[count] !== lines.bytes) throw corrupt("does not match chunks.jsonl");
    return new PassageStore(lines, offsets, ids);
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  /** The passage at a position (its position in the keyword index and the vector index too). */
  get(position: number): ChunkRecord {
    if (!Number.isInteger(position) || position < 0 || position >= this.size) {
      throw new CodedError(ErrorCode.Internal, `There is no passage ${position} in ${this.lines.file}.`);
    }
    return this.slice(position, position + 1)[0] as ChunkRecord;
  }

  /** The passages from `from` up to `to`, read in one go: for learning from every passage a slice at a time. */
  slice(from: number, to: number): ChunkRecord[] {
    const start = this.offsets[from] as number;
    const end = this.offsets[Math.min(to, this.size)] as number;
    if (end <= start) return [];
    const buffer = Buffer.allocUnsafe(end - start);
    if (!this.lines.readInto(buffer, start)) throw this.damaged(new Error("chunks.jsonl is shorter"));
    const out: ChunkRecord[] = [];
    let at = 0;
    while (at < buffer.byteLength) {
      const newline = buffer.indexOf(10, at);
      const line = buffer.toString("utf8", at, newline === -1 ? buffer.byteLength : newline);
      try {
        out.push(JSON.parse(line) as ChunkRecord);
      } catch (cause) {
        throw this.damaged(cause);
      }
      at = newline === -1 ? buffer.byteLength : newline + 1;
    }
    if (out.length !== Math.min(to, this.size) - from) throw this.damaged(new Error("lines out of step"));
    return out;
  }

  /** Every passage, in order: for tests, benchmarks and small libraries; a server never needs them all at once. */
  all(): ChunkRecord[] {
    return this.slice(0, this.size);
  }

  /** The position of a passage by its id. */
  positionOf(chunkId: string): number | undefined {
    if (!this.positions) {
      const ids = this.size > 0 ? this.ids.toString("utf8").split("\n") : [];
      this.positions = new Map(ids.map((id, i) => [id, i]));
    }
    return this.positions.get(chunkId);
  }

  private damaged(cause: unknown): CodedError {
    return new CodedError(
      ErrorCode.IndexCorrupt,
      `The passages in ${this.lines.file} are damaged; run \`npm run ingest\`.`,
      { cause },
    );
  }
}

/**
 * The line breaks in a buffer, found by indexOf: Buffer.filter calls a function per byte, which took
 * 290 ms of the thread for the 1.6 MB id list at 100,000 passages on every start and swap (56 ms this way,
 * on the loaded 2-core machine).
 */
function newlines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}
