/**
 * Which loader reads which file, by extension.
 */

import path from "node:path";
import type { Loader } from "../types.ts";

/**
 * Each loader is imported on its first file: pdf.js, mammoth, cheerio and marked take most of a second to
 * load together, and a re-ingest that finds nothing changed reads no file.
 */
const lazy =
  (load: () => Promise<Loader>): Loader =>
  async (bytes, fileName) =>
    (await load())(bytes, fileName);

const loadPdf = lazy(async () => (await import("./pdf.ts")).loadPdf);
const loadDocx = lazy(async () => (await import("./docx.ts")).loadDocx);
const loadHtml = lazy(async () => (await import("./html.ts")).loadHtml);
const loadMarkdown = lazy(async () => (await import("./markdown.ts")).loadMarkdown);
const loadText = lazy(async () => (await import("./text.ts")).loadText);

const LOADERS: Readonly<Record<string, Loader>> = {
  ".pdf": loadPdf,
  ".docx": loadDocx,
  ".html": loadHtml,
  ".htm": loadHtml,
  ".md": loadMarkdown,
  ".markdown": loadMarkdown,
  ".txt": loadText,
};

/** Extensions the library can hold, lower case with the dot. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.freeze(Object.keys(LOADERS));

/** The loader for a file name or path by its extension (case-insensitive), or undefined if none reads it. */
export function loaderFor(fileName: string): Loader | undefined {
  return LOADERS[path.extname(fileName).toLowerCase()];
}
