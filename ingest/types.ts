/**
 * What a loader hands to the chunker: the document's text as an ordered list of blocks,
 * each knowing the heading path it sits under and, for paged formats, its page.
 */

export type BlockKind = "text" | "list-item" | "table-row";

export interface Block {
  kind: BlockKind;
  text: string;
  /** Headings above this block, outermost first (e.g. ["3. Background", "Safer sleep"]). */
  headingPath: string[];
  /** 1-based page number, for PDF. */
  page?: number;
}

export interface LoadedDocument {
  /** Title from the document itself (metadata, first heading, <title>), when it has one. */
  title?: string;
  /** Date from the document's own metadata or front matter, as ISO YYYY-MM-DD, YYYY-MM or YYYY. */
  date?: string;
  /** Extra front-matter fields that the catalog could also give (area, review date, url). */
  meta?: Record<string, string>;
  blocks: Block[];
  /** Number of pages, for paged formats. */
  pages?: number;
}

/** Reads one file's bytes into blocks. Throws LoadError with a one-line reason for bad input. */
export type Loader = (bytes: Uint8Array, fileName: string) => Promise<LoadedDocument>;

/** A file that cannot be read: the reason is one sentence a librarian can act on. */
export class LoadError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = "LoadError";
  }
}

/** An entry in the library that was not read, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** What ingest reports; adapters post it after an admin's reindex. */
export interface IngestReport {
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
  failed: { file: string; reason: string }[];
  /** Every entry not read at all: unsupported formats, hidden files, links, awkward names. */
  skipped: SkippedFile[];
  chunks: number;
  embedded: number;
  /** Worker threads the passages embedded now were embedded in; absent when they were embedded in the ingest's own thread. */
  embedWorkers?: number;
  seconds: number;
  indexBuilt: boolean;
}
