import MiniSearch, { type Options } from "minisearch";
import SearchableMap from "minisearch/SearchableMap";
import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import { OnDemandFile } from "../on-demand-file.ts";
import type { ChunkRecord } from "../types.ts";
import { fileNameWords, term, terms, words } from "./text-analysis.ts";

interface KeywordDoc {
  id: number;
  title: string;
  section: string;
  text: string;
}

/**
 * BM25 over title, section heading and passage. MiniSearch builds the index at ingest (its tokenising, field
 * lengths and term frequencies are what the ranking was tuned on); what is kept and searched is a compact
 * copy in typed arrays, scored here with MiniSearch's own formula and summing order so rankings stay the
 * same. Its JSON form took 16 s and about 1.2 GB per thread to load at 100,000 passages; the typed arrays
 * load in well under a second, and of them only the terms, frequencies, lengths and offsets are held (a few
 * MB), the postings read from the file for each question's terms.
 */
const FIELDS = ["title", "section", "text"] as const;
/**
 * A heading that names the topic is strong evidence the passage is about it; a title less so, because
 * every passage of a long document shares it. In FIELDS order.
 */
const FIELD_BOOSTS = [0.6, 1.6, 1] as const;
const OPTIONS: Options<KeywordDoc> = {
  fields: [...FIELDS],
  tokenize: (text) => words(text),
  processTerm: (word) => term(word) ?? null,
};
/** MiniSearch's BM25+ parameters (its defaults, which the ranking was tuned with). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;
/** MiniSearch's weight of a spelling-near term against the exact one (its default). */
const FUZZY_WEIGHT = 0.45;

/**
 * A word in more passages than this takes longer to score than a question may wait, and in a library
 * large enough to have such words it says almost nothing about which passage answers.
 */
const MAX_POSTINGS = 5000;

/** Fewer distinctive words than this and the rarest ones are used instead. */
const MIN_QUERY_WORDS = 2;

/** keywords.bin: MAGIC, then a little-endian u32 format version and u32 header length, then the header. */
const MAGIC = "SGKW";
const FORMAT_VERSION = 1;

/** What the header of keywords.bin records: the sizes of the arrays that follow it, in this order. */
interface Header {
  documents: number;
  terms: number;
  /** Bytes of the UTF-8 term list (terms joined by newlines). */
  termBytes: number;
  /** How many of the terms, from the first, the search index holds. */
  searchable: number;
  /** Postings of each field, in FIELDS order. */
  postings: number[];
  averageFieldLength: number[];
}

/**
 * One field's postings: for term t, docs and frequencies from offsets[t] to offsets[t + 1]. The offsets
 * are held; the postings themselves (most of keywords.bin: about 80 MB at 100,000 passages, in every
 * answer worker) are read when a question's terms need them.
 */
interface FieldPostings {
  offsets: Uint32Array;
  read(from: number, to: number): { docs: Uint32Array; freqs: Uint32Array };
}

/** Where keywords.bin is read from: the file itself (a generation in service) or its bytes (tests). */
interface ByteSource {
  /** Fills `into` from byte `start`; false when the source ends first. */
  readInto(into: ArrayBufferView, start: number): boolean;
}

/** One query of a search: its own term and the terms scored for it, each with its weight. */
interface QuerySpec {
  source: string;
  derived: { term: string; weight: number }[];
  boost: number;
}

interface Scored {
  score: number;
  /** The query terms the passage matched: more of them rank it higher, as in MiniSearch. */
  terms: string[];
  /** The index terms it matched; an object, so their order is the one MiniSearch reported. */
  match: Record<string, true>;
}

export class KeywordIndex {
  private readonly termIds: Map<string, number>;

  private constructor(
    /** Every term, in MiniSearch's fuzzy-search order (spelling correction's ties go by it). */
    private readonly termList: string[],
    /** How many of them, from the first, are in the search index; the rest only have frequencies. */
    private readonly searchable: number,
    /** Passages whose heading or text contain each term: rare words weigh more than common ones. */
    private readonly df: Uint32Array,
    private readonly fields: FieldPostings[],
    /** Each passage's length in each field, passage by passage. */
    private readonly fieldLength: Uint32Array,
    private readonly averageFieldLength: number[],
    readonly documents: number,
  ) {
    this.termIds = new Map(termList.map((t, i) => [t, i]));
  }

  /** Indexes chunks by their position in the chunk list, which is also their id here. */
  static build(chunks: ChunkRecord[]): KeywordIndex {
    const search = new MiniSearch<KeywordDoc>(OPTIONS);
    const df = new Map<string, number>();
    const docs = chunks.map((c, id) => {
      const doc = {
        id,
        title: `${c.title} ${fileNameWords(c.source)}`,
        section: c.headingPath.join(" "),
        text: c.text,
      };
      for (const t of new Set(terms(`${doc.section} ${doc.text}`))) df.set(t, (df.get(t) ?? 0) + 1);
      return doc;
    });
    search.addAll(docs);
    return KeywordIndex.compact(search.toJSON() as unknown as MiniSearchJS, df, chunks.length);
  }

  /**
   * The typed-array copy of a built MiniSearch index. Terms are kept in the order a fuzzy search of the
   * index as it used to be loaded (MiniSearch.loadJS of its JSON) visits them: the reverse of that tree's
   * iteration order. Terms only the document frequencies know come after them.
   */
  private static compact(js: MiniSearchJS, df: Map<string, number>, documents: number): KeywordIndex {
    const tree = new SearchableMap<true>();
    for (const [t] of js.index) tree.set(t, true);
    const termList = [...tree.keys()].reverse();
    const searchable = termList.length;
    const known = new Set(termList);
    for (const t of df.keys()) if (!known.has(t)) termList.push(t);
    const dfArray = Uint32Array.from(termList, (t) => df.get(t) ?? 0);
    const data = new Map(js.index);
    // Short ids are MiniSearch's; documents were added in order, so they map to chunk positions.
    const position = (shortId: string) => js.documentIds[shortId] as number;
    const fields = FIELDS.map((name) => {
      const fieldId = String(js.fieldIds[name]);
      const offsets = new Uint32Array(termList.length + 1);
      const docs: number[] = [];
      const freqs: number[] = [];
      termList.forEach((t, i) => {
        offsets[i] = docs.length;
        for (const [shortId, freq] of Object.entries(data.get(t)?.[fieldId] ?? {})) {
          docs.push(position(shortId));
          freqs.push(freq);
        }
      });
      offsets[termList.length] = docs.length;
      return inMemoryPostings(offsets, Uint32Array.from(docs), Uint32Array.from(freqs));
    });
    const fieldLength = new Uint32Array(documents * FIELDS.length);
    for (const [shortId, lengths] of Object.entries(js.fieldLength)) {
      FIELDS.forEach((name, f) => {
        fieldLength[position(shortId) * FIELDS.length + f] = lengths[js.fieldIds[name] as number] ?? 0;
      });
    }
    const average = FIELDS.map((name) => js.averageFieldLength[js.fieldIds[name] as number] ?? 0);
    return new KeywordIndex(termList, searchable, dfArray, fields, fieldLength, average, documents);
  }

  /**
   * Reads keywords.bin's bytes. Throws a CodedError (index_corrupt) when the bytes are not a whole index of
   * this format: a truncated or damaged file must not answer from half an index.
   */
  static fromBuffer(buffer: Uint8Array): KeywordIndex {
    const source: ByteSource = {
      readInto(into, start) {
        const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
        if (start + bytes.byteLength > buffer.byteLength) return false;
        bytes.set(buffer.subarray(start, start + bytes.byteLength));
        return true;
      },
    };
    return KeywordIndex.read(source, buffer.byteLength);
  }

  /**
   * Opens keywords.bin, holding the term list, frequencies, lengths and offsets and reading postings from
   * the file as questions need them. Postings are checked as they are read (a passage past the last is
   * index_corrupt): checking all of them at open was a pass over every posting (about ten million at
   * 100,000 passages) on each worker's thread in the middle of a hot swap.
   */
  static open(file: string): KeywordIndex {
    const data = OnDemandFile.open(file);
    return KeywordIndex.read(data, data.bytes);
  }

  private static read(source: ByteSource, byteLength: number): KeywordIndex {
    const corrupt = (why: string) =>
      new CodedError(
        ErrorCode.IndexCorrupt,
        `The keyword index is unreadable (${why}); run \`npm run ingest\`.`,
      );
    const bytesAt = (start: number, length: number): Buffer => {
      const bytes = Buffer.alloc(length);
      if (!source.readInto(bytes, start)) throw corrupt("truncated");
      return bytes;
    };
    if (byteLength < 12) throw corrupt("not a keyword index");
    const prefix = bytesAt(0, 12);
    if (prefix.toString("latin1", 0, 4) !== MAGIC) throw corrupt("not a keyword index");
    if (prefix.readUInt32LE(4) !== FORMAT_VERSION) throw corrupt("another format version");
    const headerBytes = prefix.readUInt32LE(8);
    if (12 + headerBytes > byteLength) throw corrupt("damaged header");
    let header: Header;
    try {
      header = JSON.parse(bytesAt(12, headerBytes).toString("utf8")) as Header;
    } catch {
      throw corrupt("damaged header");
    }
    const { documents, terms: termCount, termBytes, searchable, postings, averageFieldLength } = header;
    if (
      ![documents, termCount, termBytes, searchable].every(Number.isInteger) ||
      searchable > termCount ||
      postings?.length !== FIELDS.length ||
      !postings.every(Number.isInteger) ||
      averageFieldLength?.length !== FIELDS.length
    ) {
      throw corrupt("damaged header");
    }
    let at = align(12 + headerBytes);
    const take = (length: number): Uint32Array => {
      if (at + length * 4 > byteLength) throw corrupt("truncated");
      const array = new Uint32Array(length);
      if (!source.readInto(array, at)) throw corrupt("truncated");
      at += length * 4;
      return array;
    };
    /** Skips `length` u32s, returning where they start in the source. */
    const skip = (length: number): number => {
      const start = at;
      at += length * 4;
      return start;
    };
    if (at + termBytes > byteLength) throw corrupt("truncated");
    const termText = bytesAt(at, termBytes).toString("utf8");
    const termList = termCount === 0 ? [] : termText.split("\n");
    if (termList.length !== termCount) throw corrupt("damaged term list");
    at = align(at + termBytes);
    const df = take(termCount);
    const fieldLength = take(documents * FIELDS.length);
    const fields = postings.map((count) => {
      const offsets = take(termCount + 1);
      return { offsets, docsAt: skip(count), freqsAt: skip(count) };
    });
    if (at !== byteLength) throw corrupt("unexpected length");
    for (const [f, { offsets }] of fields.entries()) {
      for (let t = 0; t < termCount; t++) {
        if ((offsets[t] as number) > (offsets[t + 1] as number)) throw corrupt("damaged postings");
      }
      if (offsets[0] !== 0 || offsets[termCount] !== postings[f]) throw corrupt("damaged postings");
    }
    const onDisk = fields.map(
      ({ offsets, docsAt, freqsAt }): FieldPostings => ({
        offsets,
        read(from, to) {
          const docs = new Uint32Array(to - from);
          const freqs = new Uint32Array(to - from);
          if (!source.readInto(docs, docsAt + from * 4) || !source.readInto(freqs, freqsAt + from * 4)) {
            throw corrupt("truncated");
          }
          for (const doc of docs) if (doc >= documents) throw corrupt("damaged postings");
          return { docs, freqs };
        },
      }),
    );
    return new KeywordIndex(termList, searchable, df, onDisk, fieldLength, averageFieldLength, documents);
  }

  /** The bytes of keywords.bin. */
  toBuffer(): Buffer {
    const termText = Buffer.from(this.termList.join("\n"), "utf8");
    const header: Header = {
      documents: this.documents,
      terms: this.termList.length,
      termBytes: termText.byteLength,
      searchable: this.searchable,
      postings: this.fields.map((f) => f.offsets[this.termList.length] as number),
      averageFieldLength: this.averageFieldLength,
    };
    const headerText = Buffer.from(JSON.stringify(header), "utf8");
    const prefix = Buffer.alloc(12);
    prefix.write(MAGIC, 0, "latin1");
    prefix.writeUInt32LE(FORMAT_VERSION, 4);
    prefix.writeUInt32LE(headerText.byteLength, 8);
    const padding = (length: number) => Buffer.alloc(align(length) - length);
    const arrays = [
      this.df,
      this.fieldLength,
      ...this.fields.flatMap((f) => {
        const { docs, freqs } = f.read(0, f.offsets[this.termList.length] as number);
        return [f.offsets, docs, freqs];
      }),
    ].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    return Buffer.concat([
      prefix,
      headerText,
      padding(12 + headerText.byteLength),
      termText,
      padding(termText.byteLength),
      ...arrays,
    ]);
  }

  /** Inverse document frequency of a term (BM25 form, never negative): rare terms weigh more. */
  idf(t: string): number {
    const n = this.frequency(t);
    return Math.log(1 + (this.documents - n + 0.5) / (n + 0.5));
  }

  /**
   * A term's number in this index's term list, which holds every term of every passage's title, file
   * name, headings and text: the passages' stored term sequences (passage-terms.ts) are written in it.
   */
  termId(t: string): number | undefined {
    return this.termIds.get(t);
  }

  /** How many terms the index knows: every stored term id is below it. */
  get termCount(): number {
    return this.termList.length;
  }

  /** Whether any passage contains this term. */
  has(t: string): boolean {
    return this.frequency(t) > 0;
  }

  private frequency(t: string): number {
    const id = this.termIds.get(t);
    return id === undefined ? 0 : (this.df[id] as number);
  }

  /**
   * The library's term nearest in spelling to a word it does not contain ("guidence" → guidance), or
   * undefined when nothing is near: the most frequent term within `distance` edits that starts with the
   * same letter (typing slips rarely hit the first letter; other words that are near often differ there).
   * Candidates are visited in the order a MiniSearch fuzzy search ranked them, so ties go the same way.
   */
  nearestTerm(word: string, distance: number): string | undefined {
    const first = word[0]?.toLowerCase();
    const queries = words(word)
      .map((w) => term(w))
      .filter((t): t is string => Boolean(t))
      .map((t) => ({ source: t, derived: this.spellingNear(t, distance), boost: 1 }));
    let best: string | undefined;
    let bestCount = 0;
    for (const result of this.score(queries, true)) {
      for (const t of Object.keys(result.match)) {
        const count = this.frequency(t);
        if (t[0] === first && count > bestCount) {
          best = t;
          bestCount = count;
        }
      }
    }
    return best;
  }

  /** The term itself and the index's terms within `distance` edits of it, weighted as MiniSearch does. */
  private spellingNear(t: string, distance: number): { term: string; weight: number }[] {
    const near = [{ term: t, weight: 1 }];
    for (let i = 0; i < this.searchable; i++) {
      const candidate = this.termList[i] as string;
      if (candidate === t || Math.abs(candidate.length - t.length) > distance) continue;
      const edits = editDistance(t, candidate, distance);
      if (edits <= distance) {
        near.push({
          term: candidate,
          weight: (FUZZY_WEIGHT * candidate.length) / (candidate.length + edits),
        });
      }
    }
    return near;
  }

  /**
   * Chunk positions, best first, with BM25 scores. `own` and `expansions` are terms (already analysed and
   * spelling-corrected); expansions weigh `expansionWeight`. Terms found in more passages than can be
   * scored in time are left out: they add almost nothing to the ranking, but scoring them means visiting
   * much of the library, which is what made queries slow at 100,000 passages.
   */
  query(
    own: string[],
    expansions: string[],
    limit: number,
    expansionWeight: number,
  ): { id: number; score: number }[] {
    const ownSet = new Set(own);
    const expansionSet = new Set(expansions.filter((t) => !ownSet.has(t)));
    const frequency = (t: string) => this.frequency(t);
    const all = [...own, ...expansionSet];
    let chosen = all.filter((t) => frequency(t) <= MAX_POSTINGS);
    // A question made only of common words is still searched by its rarest few, never by all of them.
    if (chosen.length < MIN_QUERY_WORDS) {
      chosen = [...new Set(all)].sort((a, b) => frequency(a) - frequency(b)).slice(0, MIN_QUERY_WORDS);
    }
    const queries = chosen.filter(Boolean).map((t) => ({
      source: t,
      derived: [{ term: t, weight: 1 }],
      boost: expansionSet.has(t) ? expansionWeight : 1,
    }));
    return this.score(queries)
      .slice(0, limit)
      .map((r) => ({ id: r.id, score: r.score }));
  }

  /**
   * MiniSearch's OR search: BM25+ per field and derived term, summed per query, the queries' sums added in
   * order, each passage's total times the number of query terms it matched; best first, ties in the order
   * passages were first matched. The additions run in MiniSearch's order so the floating-point sums, and so
   * the rankings, are the same. `withMatch` also records which index terms each passage matched.
   */
  private score(queries: QuerySpec[], withMatch = false): (Scored & { id: number })[] {
    const combined = new Map<number, Scored>();
    for (const query of queries) {
      const results = new Map<number, Scored>();
      for (const { term: derived, weight } of query.derived) {
        const id = this.termIds.get(derived);
        if (id === undefined) continue;
        for (let f = 0; f < FIELDS.length; f++) {
          const field = this.fields[f] as FieldPostings;
          const from = field.offsets[id] as number;
          const to = field.offsets[id + 1] as number;
          const matching = to - from;
          if (matching === 0) continue;
          const { docs, freqs } = field.read(from, to);
          const factor = weight * query.boost * (FIELD_BOOSTS[f] as number);
          for (let p = 0; p < matching; p++) {
            const doc = docs[p] as number;
            const raw = bm25(
              freqs[p] as number,
              matching,
              this.documents,
              this.fieldLength[doc * FIELDS.length + f] as number,
              this.averageFieldLength[f] as number,
            );
            const weighted = factor * raw;
            const result = results.get(doc);
            if (result) {
              result.score += weighted;
              if (withMatch) result.match[derived] = true;
            } else {
              results.set(doc, {
                score: weighted,
                terms: [query.source],
                match: withMatch ? { [derived]: true } : {},
              });
            }
          }
        }
      }
      for (const [doc, result] of results) {
        const existing = combined.get(doc);
        if (!existing) {
          combined.set(doc, result);
          continue;
        }
        existing.score += result.score;
        for (const t of result.terms) if (!existing.terms.includes(t)) existing.terms.push(t);
        if (withMatch) Object.assign(existing.match, result.match);
      }
    }
    return [...combined]
      .map(([id, r]) => ({ ...r, id, score: r.score * (r.terms.length || 1) }))
      .sort((a, b) => b.score - a.score);
  }
}

/** What MiniSearch's toJSON holds, as far as the compact copy reads it. */
interface MiniSearchJS {
  documentIds: Record<string, number>;
  fieldIds: Record<string, number>;
  fieldLength: Record<string, number[]>;
  averageFieldLength: number[];
  index: [string, Record<string, Record<string, number>>][];
}

/** MiniSearch's BM25+, term for term. */
function bm25(freq: number, matching: number, total: number, length: number, average: number): number {
  const { k, b, d } = BM25;
  const invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return invDocFreq * (d + (freq * (k + 1)) / (freq + k * (1 - b + (b * length) / average)));
}

/** Postings held in memory, as a build makes them. */
function inMemoryPostings(offsets: Uint32Array, docs: Uint32Array, freqs: Uint32Array): FieldPostings {
  return {
    offsets,
    read: (from, to) => ({ docs: docs.subarray(from, to), freqs: freqs.subarray(from, to) }),
  };
}

/** Levenshtein distance, or more than `max` once it must exceed it. */
function editDistance(a: string, b: string, max: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j - 1] as number) + cost,
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
      );
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

function align(offset: number): number {
  return Math.ceil(offset / 4) * 4;
}
