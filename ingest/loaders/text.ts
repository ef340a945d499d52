/**
 * Loads plain text: paragraphs are separated by blank lines; the structure is read from the words.
 */

import type { Block, BlockKind, LoadedDocument } from "../types.ts";
import { collapseWhitespace, stripBullet } from "./block-text.ts";
import { decodeText } from "./decode-text.ts";
import { isAllCaps, looksLikeHeading, WordingLevels } from "./heading-heuristics.ts";
import { HeadingPath, headingNumbering } from "./heading-path.ts";
import { assertHasBlocks, assertHasBytes } from "./load-checks.ts";

const LIST_MARKER = /^\s*(?:[-*•▪◦–]|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)])\s+/;
const MAX_TITLE_CHARS = 120;

/**
 * Reads a .txt file. A short first line standing alone is the title. A short line in capitals, or a short
 * numbered line ("3. BACKGROUND", "2.1 Safer sleep"), is a heading, whether it stands alone or opens a
 * paragraph. Lines starting with a bullet or a list number become list items.
 */
export async function loadText(bytes: Uint8Array, _fileName: string): Promise<LoadedDocument> {
  assertHasBytes(bytes);
  const paragraphs = decodeText(bytes)
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((p) => p.split("\n").filter((line) => line.trim() !== ""))
    .filter((lines) => lines.length > 0);

  let title: string | undefined;
  const first = paragraphs[0];
  // A lone line is the whole document, not its title.
  if (first?.length === 1 && paragraphs.length > 1 && isTitleLine(first[0] ?? "")) {
    title = collapseWhitespace(first[0] ?? "");
    paragraphs.shift();
  }

  const blocks: Block[] = [];
  const path = new HeadingPath();
  const levels = new WordingLevels(1);
  const emit = (kind: BlockKind, text: string) => {
    const clean = collapseWhitespace(text);
    if (!clean) return;
    levels.interrupt();
    blocks.push({ kind, text: clean, headingPath: path.current() });
  };

  for (const lines of paragraphs) {
    let body = lines;
    const opening = lines[0] ?? "";
    if (isHeadingLine(opening)) {
      const heading = collapseWhitespace(opening);
      path.enter(levels.next(heading), heading);
      body = lines.slice(1);
    }
    for (const item of groupListItems(body)) emit(item.kind, item.text);
  }
  assertHasBlocks(blocks);
  return { blocks, ...(title ? { title } : {}) };
}

function isTitleLine(line: string): boolean {
  const text = collapseWhitespace(line);
  return text.length > 0 && text.length <= MAX_TITLE_CHARS && /\p{L}/u.test(text) && !/[,;:]$/.test(text);
}

/** A heading in plain text announces itself: capitals or a section number, on a short line. */
function isHeadingLine(line: string): boolean {
  const text = collapseWhitespace(line);
  if (!looksLikeHeading(text)) return false;
  if (isAllCaps(text)) return true;
  return headingNumbering(text) !== undefined && text.split(" ").length <= 8;
}

/** Splits a paragraph's lines into list items (a marker line and its continuation) and plain text. */
function groupListItems(lines: string[]): { kind: BlockKind; text: string }[] {
  const out: { kind: BlockKind; text: string }[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (LIST_MARKER.test(line)) {
      out.push({ kind: "list-item", text: /^\s*[-*•▪◦–]/.test(line) ? stripBullet(line) : line.trim() });
    } else if (last) {
      last.text = `${last.text} ${line.trim()}`;
    } else {
      out.push({ kind: "text", text: line.trim() });
    }
  }
  return out;
}
