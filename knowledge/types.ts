/** What the index stores and what search returns. */

/** One retrievable passage, with everything a citation needs. */
export interface ChunkRecord {
  /** Stable id: the content hash of what was embedded. */
  id: string;
  /** File path relative to the library, with forward slashes. */
  source: string;
  title: string;
  /** Headings above the passage, outermost first. */
  headingPath: string[];
  /** Pages the passage spans (first and last), for paged formats. */
  pages?: [number, number];
  /** Document date, ISO YYYY-MM-DD, YYYY-MM or YYYY. */
  date?: string;
  /** Area tag from the library sub-folder or the catalog; untagged documents serve every area. */
  area?: string;
  /** The passage as quoted to the user. */
  text: string;
}

/** What the manifest remembers of each library file, so unchanged files are not read again. */
export interface FileEntry {
  /** sha256 of the file's bytes. */
  hash: string;
  title: string;
  date?: string;
  area?: string;
  url?: string;
  reviewDate?: string;
  superseded?: boolean;
  /** The admin's note from the catalog, shown with the document's currency warning. */
  note?: string;
  pages?: number;
  chunkIds: string[];
}

export interface IndexManifest {
  formatVersion: 1;
  /** The embedding model the vectors came from; searching with another model is refused. */
  embeddingModel: string;
  dimensions: number;
  builtAt: string;
  /** Keyed by source path relative to the library. */
  files: Record<string, FileEntry>;
}

/** A search hit: the chunk and its fused score (higher is better), with the per-retriever ranks. */
export interface SearchHit {
  chunk: ChunkRecord;
  score: number;
  keywordRank?: number;
  denseRank?: number;
}
