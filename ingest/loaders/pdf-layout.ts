/**
 * Rebuilds a PDF's reading structure from positioned text: lines from items that share a baseline,
 * paragraphs from vertical gaps, headings from size, weight or wording, and drops running headers,
 * footers and page numbers. Kept apart from pdf.js so it can be tested with plain data.
 */

import type { Block, BlockKind } from "../types.ts";
import { collapseWhitespace, splitInlineBullets, stripBullet } from "./block-text.ts";
import {
  headingStyle,
  ImpliedLevels,
  isAllCaps,
  looksLikeHeading,
  WordingLevels,
} from "./heading-heuristics.ts";
import { HeadingPath } from "./heading-path.ts";

/** One run of text as pdf.js reports it, in page coordinates (y grows upwards). */
export interface PdfTextItem {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size in page units. */
  height: number;
  bold: boolean;
}

/** A page's text items in content-stream order, which is usually reading order. */
export type PdfPageItems = readonly PdfTextItem[];

interface Line {
  page: number;
  text: string;
  x: number;
  xEnd: number;
  y: number;
  height: number;
  bold: boolean;
}

interface Paragraph {
  page: number;
  lines: Line[];
  height: number;
  bold: boolean;
}

interface Heading {
  text: string;
  level: number;
  page: number;
}

export interface PdfLayout {
  blocks: Block[];
  /** The outermost heading on the first two pages, for a title when the metadata has none. */
  titleHeading?: string;
}

/** A heading's font must be this much larger than the body's to count as a heading by size. */
const HEADING_SIZE_RATIO = 1.15;
/**
 * Headings found by wording alone share one level, the deepest: without typography to rank them, nesting
 * them would invent parents (a closing "RECOMMENDATION" heading over the next twenty pages).
 */
const WORDING_HEADING_LEVEL = 1000;
/** A vertical gap this much wider than the usual line spacing separates paragraphs. */
const PARAGRAPH_GAP_RATIO = 1.25;
/** Lines at a page's top or bottom repeated on this many pages are running headers or footers. */
const MIN_RUNNING_PAGES = 3;
const RUNNING_PAGE_SHARE = 0.3;
const MAX_RUNNING_PAGES = 8;
const LIST_MARKER = /^(?:[•●▪◦‣∙⇒➢➤►✓✔✚◆■○]\s*|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+)/;
const BULLET_START = /^[•●▪◦‣∙⇒➢➤►✓✔✚◆■○]/;
const PAGE_NUMBER = /^(?:page\s*)?[-–(]?\s*(\d{1,4})\s*[-–)]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/**
 * Lays out every page's items into blocks: each block has its page and the heading path above it.
 * Headings are lines in a clearly larger font than the body, short bold lines, and (in documents whose
 * typography marks no headings) short standalone lines that read as headings.
 */
export function layoutPages(pages: readonly PdfPageItems[]): PdfLayout {
  const pageLines = pages.map((items, i) => buildLines(items, i + 1));
  const bodyHeight = medianBodyHeight(pageLines.flat());
  const kept = dropRunningLines(pageLines, bodyHeight);
  const spacing = lineSpacingRatio(kept.flat());
  const paragraphs = mergeAcrossPages(kept.map((lines) => splitParagraphs(lines, spacing)));
  return walk(paragraphs, bodyHeight, pages.length);
}

function buildLines(items: PdfPageItems, page: number): Line[] {
  const lines: { items: PdfTextItem[]; y: number; height: number }[] = [];
  for (const item of items) {
    if (!item.text || item.height <= 0) continue;
    const current = lines.at(-1);
    const tolerance = 0.5 * Math.max(item.height, current?.height ?? 0);
    if (current && Math.abs(current.y - item.y) <= tolerance) {
      current.items.push(item);
      // The baseline of the line is that of its largest text, not of a superscript.
      if (item.height > current.height && item.text.trim()) {
        current.height = item.height;
        current.y = item.y;
      }
    } else {
      lines.push({ items: [item], y: item.y, height: item.height });
    }
  }
  return lines.flatMap((line) => {
    const built = joinLine(line.items, page);
    return built ? [built] : [];
  });
}

function joinLine(items: PdfTextItem[], page: number): Line | undefined {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  let text = "";
  let xEnd = Number.NEGATIVE_INFINITY;
  let chars = 0;
  let boldChars = 0;
  const heights = new Map<number, number>();
  for (const item of sorted) {
    if (!item.text.trim()) {
      if (text && !text.endsWith(" ")) text += " ";
      xEnd = Math.max(xEnd, item.x + item.width);
      continue;
    }
    const gap = item.x - xEnd;
    if (text && !text.endsWith(" ") && !item.text.startsWith(" ") && gap > 0.2 * item.height) text += " ";
    text += item.text;
    xEnd = Math.max(xEnd, item.x + item.width);
    const n = item.text.trim().length;
    chars += n;
    if (item.bold) boldChars += n;
    const size = Math.round(item.height * 2) / 2;
    heights.set(size, (heights.get(size) ?? 0) + n);
  }
  const clean = collapseWhitespace(text);
  const first = sorted.find((item) => item.text.trim());
  if (!clean || !first) return undefined;
  const height = [...heights.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? first.height;
  return {
    page,
    text: clean,
    x: first.x,
    xEnd,
    y: Math.max(...sorted.filter((i) => i.text.trim()).map((i) => i.y)),
    height,
    bold: chars > 0 && boldChars / chars > 0.6,
  };
}

/** The font size most of the text is set in, weighted by characters. */
function medianBodyHeight(lines: Line[]): number {
  const sized = lines.map((line) => ({ value: line.height, weight: line.text.length }));
  return weightedQuantile(sized, 0.5) ?? 0;
}

/**
 * Line spacing as a multiple of font size, from consecutive lines of one size on one page: the lower
 * quartile, since paragraph gaps outnumber line gaps in documents of short paragraphs and lists.
 */
function lineSpacingRatio(lines: Line[]): number {
  const ratios: { value: number; weight: number }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1];
    const line = lines[i];
    if (!prev || !line || prev.page !== line.page) continue;
    if (Math.abs(prev.height - line.height) > 0.05 * line.height) continue;
    const gap = prev.y - line.y;
    if (gap > 0.8 * line.height && gap < 2.5 * line.height)
      ratios.push({ value: gap / line.height, weight: 1 });
  }
  // With spacing unknown (one line a page), assume ordinary single spacing.
  return weightedQuantile(ratios, 0.25) ?? 1.2;
}

function weightedQuantile(values: { value: number; weight: number }[], q: number): number | undefined {
  const sorted = values.filter((v) => v.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, v) => sum + v.weight, 0);
  let seen = 0;
  for (const v of sorted) {
    seen += v.weight;
    if (seen >= total * q) return v.value;
  }
  return undefined;
}

/**
 * Removes running headers and footers (the same words at the top or bottom of many pages, numbers
 * aside) and bare page numbers. Lines in a heading-sized font are kept: a slide title repeats too.
 */
function dropRunningLines(pageLines: Line[][], bodyHeight: number): Line[][] {
  const edgesOf = (lines: Line[]) => {
    const byHeight = [...lines].sort((a, b) => b.y - a.y);
    return new Set([...byHeight.slice(0, 2), ...byHeight.slice(-2)]);
  };
  const edges = pageLines.map(edgesOf);
  const pagesWith = new Map<string, Set<number>>();
  edges.forEach((lines, page) => {
    for (const line of lines) {
      const key = runningKey(line.text);
      let seen = pagesWith.get(key);
      if (!seen) {
        seen = new Set();
        pagesWith.set(key, seen);
      }
      seen.add(page);
    }
  });
  const threshold = Math.max(
    MIN_RUNNING_PAGES,
    Math.min(Math.ceil(pageLines.length * RUNNING_PAGE_SHARE), MAX_RUNNING_PAGES),
  );
  return pageLines.map((lines, page) =>
    lines.filter((line) => {
      if (!edges[page]?.has(line) || line.height >= bodyHeight * HEADING_SIZE_RATIO) return true;
      if (isPageNumber(line.text)) return false;
      return (pagesWith.get(runningKey(line.text))?.size ?? 0) < threshold;
    }),
  );
}

function runningKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
}

function isPageNumber(text: string): boolean {
  const match = PAGE_NUMBER.exec(text.trim());
  if (!match) return false;
  const n = Number(match[1]);
  // A year standing alone on a cover page is not a page number.
  return !(n >= 1900 && n <= 2100);
}

/** Splits a page's lines into paragraphs at wide gaps, size changes, list markers and heading ends. */
function splitParagraphs(lines: Line[], spacing: number): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const rightEdge = quantile(
    lines.map((line) => line.xEnd),
    0.9,
  );
  const leftEdge = quantile(
    lines.map((line) => line.x),
    0.1,
  );
  let current: Paragraph | undefined;
  for (const line of lines) {
    const prev = current?.lines.at(-1);
    if (!current || !prev || startsNewParagraph(current, prev, line, spacing, leftEdge, rightEdge)) {
      current = { page: line.page, lines: [line], height: line.height, bold: line.bold };
      paragraphs.push(current);
    } else {
      current.lines.push(line);
      current.bold &&= line.bold;
    }
  }
  return paragraphs;
}

function startsNewParagraph(
  paragraph: Paragraph,
  prev: Line,
  line: Line,
  spacing: number,
  leftEdge: number,
  rightEdge: number,
): boolean {
  const gap = prev.y - line.y;
  const size = Math.max(prev.height, line.height);
  if (gap <= 0 || gap > spacing * size * PARAGRAPH_GAP_RATIO) return true;
  if (Math.abs(prev.height - line.height) > 0.1 * size) return true;
  const prevEndsClause = /[.!?:;]["'’”)]?$/.test(prev.text);
  const shortLine = prev.xEnd < rightEdge - 0.15 * (rightEdge - leftEdge);
  if (BULLET_START.test(line.text)) return true;
  // A numbered item starts after a finished line; "2012-" then "13. The report" is one sentence.
  if (LIST_MARKER.test(line.text) && (prevEndsClause || shortLine) && !/-$/.test(prev.text)) return true;
  // A bold heading set directly above its text, without extra space (a bold lead-in runs on in lower case).
  if (
    paragraph.bold &&
    !line.bold &&
    /^[\p{Lu}\d]/u.test(line.text) &&
    readsAsHeading(paragraphText(paragraph))
  ) {
    return true;
  }
  // A sentence ending well short of the right margin ends its paragraph.
  return shortLine && prevEndsClause;
}

function quantile(values: number[], q: number): number {
  return (
    weightedQuantile(
      values.map((value) => ({ value, weight: 1 })),
      q,
    ) ?? 0
  );
}

/** A sentence cut by a page break continues on the next page: joined, it keeps its first page. */
function mergeAcrossPages(pages: Paragraph[][]): Paragraph[] {
  const out: Paragraph[] = [];
  for (const paragraphs of pages) {
    paragraphs.forEach((paragraph, i) => {
      const prev = out.at(-1);
      const firstOnPage = i === 0;
      if (
        firstOnPage &&
        prev &&
        Math.abs(prev.height - paragraph.height) <= 0.1 * prev.height &&
        !/[.!?:;]["'’”)]?$/.test(paragraphText(prev)) &&
        /^\p{Ll}/u.test(paragraphText(paragraph))
      ) {
        prev.lines.push(...paragraph.lines);
        prev.bold &&= paragraph.bold;
        return;
      }
      out.push(paragraph);
    });
  }
  return out;
}

/** Lines joined; a line ending in a hyphen joins the next without a space ("co-" + "sleeping"). */
function paragraphText(paragraph: Paragraph): string {
  let text = "";
  for (const line of paragraph.lines) {
    if (!text) text = line.text;
    else if (/\S-$/.test(text)) text += line.text;
    else text += ` ${line.text}`;
  }
  return text;
}

function walk(paragraphs: Paragraph[], bodyHeight: number, pageCount: number): PdfLayout {
  const sizeHeading = (p: Paragraph, text: string) =>
    p.height >= bodyHeight * HEADING_SIZE_RATIO &&
    p.height - bodyHeight >= 1 &&
    p.lines.length <= 3 &&
    text.length <= 200 &&
    /\p{L}{2}/u.test(text) &&
    !BULLET_START.test(text);
  const boldHeading = (p: Paragraph, text: string) => p.bold && p.lines.length <= 2 && readsAsHeading(text);

  const texts = paragraphs.map(paragraphText);
  const kinds = paragraphs.map((p, i) => {
    const text = texts[i] ?? "";
    if (sizeHeading(p, text)) return "size" as const;
    if (boldHeading(p, text)) return "bold" as const;
    return "body" as const;
  });
  // Typography that marks headings is trusted alone; without it, wording has to tell.
  const marked = kinds.filter((kind) => kind !== "body").length;
  const useWording = marked < Math.max(2, pageCount / 10);

  const headingSizes = [
    ...new Set(paragraphs.filter((_, i) => kinds[i] === "size").map((p) => Math.round(p.height))),
  ].sort((a, b) => b - a);
  const boldLevels = new ImpliedLevels(headingSizes.length + 1);
  const wordingLevels = new WordingLevels(WORDING_HEADING_LEVEL);
  const path = new HeadingPath();
  const blocks: Block[] = [];
  const headings: Heading[] = [];

  paragraphs.forEach((paragraph, i) => {
    const text = texts[i] ?? "";
    const kind = kinds[i];
    const isWordingHeading =
      kind === "body" && useWording && paragraph.lines.length === 1 && readsAsHeading(text);
    if (kind === "size" || kind === "bold" || isWordingHeading) {
      // Where wording has to find the headings, bold is emphasis as often as a heading and ranks no higher.
      const byWording = kind !== "size" && (kind !== "bold" || useWording);
      if (!byWording) wordingLevels.interrupt();
      const level =
        kind === "size"
          ? headingSizes.indexOf(Math.round(paragraph.height)) + 1
          : byWording
            ? wordingLevels.next(text)
            : boldLevels.levelOf(headingStyle(text));
      const heading = collapseWhitespace(text);
      path.enter(level, heading);
      headings.push({ text: heading, level, page: paragraph.page });
      return;
    }
    wordingLevels.interrupt();
    for (const piece of bodyPieces(text)) {
      blocks.push({ kind: piece.kind, text: piece.text, headingPath: path.current(), page: paragraph.page });
    }
  });

  const titleHeading = headings
    .filter((h) => h.page <= 2)
    .reduce<Heading | undefined>((best, h) => (!best || h.level < best.level ? h : best), undefined)?.text;
  return { blocks, ...(titleHeading ? { titleHeading } : {}) };
}

/**
 * A standalone line that reads as a heading. A numbered line counts when it is in capitals or only a few
 * words ("3. BACKGROUND", "2.1 Safer sleep"); longer numbered lines are list entries.
 */
function readsAsHeading(text: string): boolean {
  if (BULLET_START.test(text) || !looksLikeHeading(text)) return false;
  return !LIST_MARKER.test(text) || isAllCaps(text) || text.split(" ").length <= 5;
}

/** A paragraph's blocks: a bulleted paragraph is a list item, inline bullets split into items. */
function bodyPieces(text: string): { kind: BlockKind; text: string }[] {
  const pieces = splitInlineBullets(text);
  if (BULLET_START.test(text)) {
    return pieces.map((piece) => ({ kind: "list-item" as const, text: stripBullet(piece.text) }));
  }
  if (LIST_MARKER.test(text)) {
    return pieces.map((piece, i) => ({
      kind: i === 0 ? ("list-item" as const) : piece.kind,
      text: piece.text,
    }));
  }
  return pieces;
}
