/**
 * Loads an HTML page or an HTML export of a document.
 */

import type { LoadedDocument } from "../types.ts";
import { decodeText } from "./decode-text.ts";
import { htmlToBlocks } from "./html-blocks.ts";
import { assertHasBlocks, assertHasBytes } from "./load-checks.ts";

/** Reads an .html/.htm file into blocks, with the page's <title> and meta-tag date. */
export async function loadHtml(bytes: Uint8Array, _fileName: string): Promise<LoadedDocument> {
  assertHasBytes(bytes);
  const { blocks, title, date } = htmlToBlocks(decodeText(bytes));
  assertHasBlocks(blocks);
  return { blocks, ...(title ? { title } : {}), ...(date ? { date } : {}) };
}
