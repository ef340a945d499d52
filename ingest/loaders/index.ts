/**
 * Which loader reads which file, by extension.
 */

import path from "node:path";
import type { Loader } from "../types.ts";
import { loadDocx } from "./docx.ts";
import { loadHtml } from "./html.ts";
import { loadMarkdown } from "./markdown.ts";
import { loadPdf } from "./pdf.ts";
import { loadText } from "./text.ts";

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
