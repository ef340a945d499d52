/**
 * Turns HTML (a web page, a pandoc export, or mammoth's rendering of a Word file) into blocks that keep
 * the heading path, list items and table rows of the source.
 */

import { type CheerioAPI, load } from "cheerio";
import { normaliseDate } from "../document-date.ts";
import type { Block, BlockKind } from "../types.ts";
import { collapseWhitespace, labelledRow, splitInlineBullets, stripBullet } from "./block-text.ts";
import { headingStyle, ImpliedLevels, looksLikeHeading, WordingLevels } from "./heading-heuristics.ts";
import { HeadingPath } from "./heading-path.ts";

type DomDocument = ReturnType<CheerioAPI["root"]>[number];
type DomNode = DomDocument["children"][number];
type DomElement = Extract<DomNode, { attribs: Record<string, string> }>;

export interface HtmlBlocks {
  blocks: Block[];
  /** From <title>, else the document's title heading (pandoc's or Word's Title style), else the first h1. */
  title?: string;
  /** From the page's date meta tags, normalised. */
  date?: string;
}

/** Never content: code, styling, navigation, templates and embedded media. */
const SKIPPED = new Set([
  "script",
  "style",
  "nav",
  "template",
  "noscript",
  "svg",
  "iframe",
  "canvas",
  "head",
  "object",
  "button",
  "select",
]);

const BLOCK_TAGS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "caption",
  "center",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hgroup",
  "hr",
  "html",
  "li",
  "main",
  "menu",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "ul",
]);

/** Blocks inside a list item that are read on their own rather than as part of the item's text. */
const NESTED_BLOCKS = new Set(["ul", "ol", "table", "dl"]);

/** Meta tags that carry a page's date, best first. */
const DATE_META = [
  "article:published_time",
  "date",
  "dcterms.date",
  "dc.date",
  "dcterms.issued",
  "dc.date.issued",
  "dcterms.created",
  "dc.date.created",
  "citation_publication_date",
  "datepublished",
  "article:modified_time",
  "dcterms.modified",
  "datemodified",
  "last-modified",
];

/** Headings implied by a wholly bold paragraph rank below every real h1-h6, ranked among themselves by look. */
const BOLD_HEADING_LEVEL = 10;
/** Short standalone paragraphs read as headings share one level, below all others: nothing ranks them. */
const WORDING_HEADING_LEVEL = 100;

/**
 * Walks an HTML document into blocks. Headings h1-h6 set the heading path; paragraphs, list items, block
 * quotes and preformatted text become blocks; each body row of a table becomes one `table-row` block
 * with its cells labelled by the header row. When a document has no real headings (a converted Word file
 * that lost its styles), short standalone paragraphs that read as headings serve as headings; a paragraph
 * wholly in bold does so in any document. `impliedHeadings: false` turns both off, for HTML fragments
 * embedded in another format.
 */
export function htmlToBlocks(html: string, options: { impliedHeadings?: boolean } = {}): HtmlBlocks {
  const $ = load(html);
  const root = $.root()[0];
  if (!root) return { blocks: [] };
  const titleHeading = findTitleHeading(root);
  const realHeadings = $("h1, h2, h3, h4, h5, h6").filter((_, el) => el !== titleHeading).length;
  const implied = options.impliedHeadings ?? true;
  const walker = new Walker(titleHeading, { bold: implied, plain: implied && realHeadings < 2 });
  walker.walkChildren(root);
  walker.flushRun();

  const title =
    collapseWhitespace($("title").first().text()) ||
    (titleHeading ? textOf(titleHeading) : "") ||
    collapseWhitespace($("h1").first().text());
  const date = dateFromMeta($) ?? dateFromPandocHeader($);
  return { blocks: walker.blocks, ...(title ? { title } : {}), ...(date ? { date } : {}) };
}

class Walker {
  readonly blocks: Block[] = [];
  readonly #path = new HeadingPath();
  readonly #boldLevels = new ImpliedLevels(BOLD_HEADING_LEVEL);
  readonly #wordingLevels = new WordingLevels(WORDING_HEADING_LEVEL);
  #run: string[] = [];

  constructor(
    private readonly titleHeading: DomElement | undefined,
    /** Which paragraphs may stand for headings: wholly bold ones, and plain short ones. */
    private readonly impliedHeadings: { bold: boolean; plain: boolean },
  ) {}

  walkChildren(node: DomDocument | DomElement): void {
    for (const child of node.children) this.#walk(child);
  }

  /** Emits pending inline text (text outside any paragraph, as sloppy exports leave it). */
  flushRun(): void {
    const text = this.#run.join("");
    this.#run = [];
    for (const piece of splitInlineBullets(collapseWhitespace(text))) this.#emit(piece.kind, piece.text);
  }

  #walk(node: DomNode): void {
    if (node.type === "text") {
      this.#run.push(node.data);
      return;
    }
    if (!isElement(node) || SKIPPED.has(node.name) || node.attribs.hidden !== undefined) return;
    const tag = node.name;
    if (!BLOCK_TAGS.has(tag)) {
      if (tag === "br") this.#run.push(" ");
      else this.walkChildren(node);
      return;
    }
    this.flushRun();
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      if (node !== this.titleHeading) {
        const text = textOf(node);
        if (text) {
          this.#wordingLevels.interrupt();
          this.#path.enter(Number(heading[1]), text);
        }
      }
      return;
    }
    switch (tag) {
      case "p":
      case "dt":
      case "dd":
      case "figcaption":
      case "caption":
      case "pre":
        this.#paragraph(node);
        return;
      case "li":
        this.#listItem(node);
        return;
      case "table":
        this.#table(node);
        return;
      case "hr":
        return;
      default:
        this.walkChildren(node);
        this.flushRun();
    }
  }

  #paragraph(node: DomElement): void {
    const text = textOf(node);
    if (!text) return;
    if (node.name === "p" && looksLikeHeading(text)) {
      if (this.impliedHeadings.bold && isWhollyBold(node)) {
        this.#wordingLevels.interrupt();
        this.#path.enter(this.#boldLevels.levelOf(headingStyle(text)), text);
        return;
      }
      if (this.impliedHeadings.plain) {
        this.#path.enter(this.#wordingLevels.next(text), text);
        return;
      }
    }
    for (const piece of splitInlineBullets(text)) this.#emit(piece.kind, piece.text);
  }

  #listItem(node: DomElement): void {
    for (const piece of splitInlineBullets(textOf(node, NESTED_BLOCKS))) {
      this.#emit("list-item", stripBullet(piece.text));
    }
    for (const child of node.children) {
      if (isElement(child) && NESTED_BLOCKS.has(child.name)) this.#walk(child);
    }
  }

  #table(node: DomElement): void {
    const caption = node.children.find((c): c is DomElement => isElement(c) && c.name === "caption");
    if (caption) this.#paragraph(caption);
    const grid = tableGrid(node);
    const headerRows = countHeaderRows(grid);
    const headers = columnLabels(grid.slice(0, headerRows));
    const columns = Math.max(0, ...grid.map((row) => row.length));
    for (const row of grid.slice(headerRows)) {
      const cells = row.map((cell) => cell?.text ?? "");
      if (headerRows === 0 && columns === 1) {
        // A one-column table without a header is layout: its cells are ordinary paragraphs.
        this.#emit("text", cells[0] ?? "");
        continue;
      }
      this.#emit("table-row", labelledRow(headers, dropRepeatedSpans(row)));
    }
  }

  #emit(kind: BlockKind, text: string): void {
    const clean = collapseWhitespace(text);
    if (!clean) return;
    this.#wordingLevels.interrupt();
    this.blocks.push({ kind, text: clean, headingPath: this.#path.current() });
  }
}

interface GridCell {
  text: string;
  header: boolean;
  bold: boolean;
  /** The same cell object appears in every grid position a row or column span covers. */
  origin: object;
}

/** The table's rows (not those of nested tables) as a grid, with row and column spans filled in. */
function tableGrid(table: DomElement): (GridCell | undefined)[][] {
  const rows: DomElement[] = [];
  for (const child of table.children) {
    if (!isElement(child)) continue;
    if (child.name === "tr") rows.push(child);
    else if (["thead", "tbody", "tfoot"].includes(child.name)) {
      for (const tr of child.children) if (isElement(tr) && tr.name === "tr") rows.push(tr);
    }
  }
  const grid: (GridCell | undefined)[][] = [];
  const spanning = new Map<number, { cell: GridCell; rowsLeft: number }>();
  for (const tr of rows) {
    const row: (GridCell | undefined)[] = [];
    let column = 0;
    // A cell from a row above that spans down into this row takes its column here.
    const takeSpan = (): boolean => {
      const span = spanning.get(column);
      if (!span) return false;
      row[column] = span.cell;
      if (--span.rowsLeft === 0) spanning.delete(column);
      column++;
      return true;
    };
    for (const td of tr.children) {
      if (!isElement(td) || (td.name !== "td" && td.name !== "th")) continue;
      while (takeSpan()) {}
      const cell: GridCell = {
        text: textOf(td),
        header: td.name === "th",
        bold: isWhollyBold(td),
        origin: td,
      };
      const colspan = spanAttribute(td.attribs.colspan);
      const rowspan = spanAttribute(td.attribs.rowspan);
      for (let k = 0; k < colspan; k++) {
        row[column + k] = cell;
        if (rowspan > 1) spanning.set(column + k, { cell, rowsLeft: rowspan - 1 });
      }
      column += colspan;
    }
    for (const spanColumn of [...spanning.keys()].sort((a, b) => a - b)) {
      if (spanColumn < column) continue;
      column = spanColumn;
      takeSpan();
    }
    grid.push(row);
  }
  return grid.filter((row) => row.some((cell) => cell?.text));
}

/**
 * How many leading rows are the header: rows of <th>, else a first row wholly in bold, else a first row
 * of short labels above longer content (Word tables rarely mark their header row).
 */
function countHeaderRows(grid: (GridCell | undefined)[][]): number {
  let count = 0;
  while (count < grid.length - 1 && grid[count]?.every((cell) => !cell?.text || cell.header)) count++;
  if (count > 0) return count;
  const first = grid[0]?.filter((cell) => cell?.text) ?? [];
  if (grid.length < 2 || first.length < 2) return 0;
  if (first.every((cell) => cell?.bold)) return 1;
  const shortLabels = first.every((cell) => (cell?.text.split(" ").length ?? 0) <= 6);
  const longerBelow = grid.slice(1).some((row) => row.some((cell) => (cell?.text.length ?? 0) > 40));
  const anyTh = grid.some((row) => row.some((cell) => cell?.header));
  return shortLabels && longerBelow && !anyTh ? 1 : 0;
}

/** One label per column; stacked header rows are joined ("2013 – Boys"). */
function columnLabels(headerRows: (GridCell | undefined)[][]): string[] {
  const labels: string[] = [];
  const columns = Math.max(0, ...headerRows.map((row) => row.length));
  for (let c = 0; c < columns; c++) {
    const parts: string[] = [];
    for (const row of headerRows) {
      const text = row[c]?.text;
      if (text && parts.at(-1) !== text) parts.push(text);
    }
    labels.push(parts.join(" – "));
  }
  return labels;
}

/** A cell spanning several columns is read once in the row. */
function dropRepeatedSpans(row: (GridCell | undefined)[]): string[] {
  return row.map((cell, i) =>
    cell && i > 0 && row[i - 1]?.origin === cell.origin ? "" : (cell?.text ?? ""),
  );
}

function spanAttribute(value: string | undefined): number {
  const n = Number.parseInt(value ?? "1", 10);
  // Spans beyond a sane width come from broken exports and would blow the grid up.
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 50) : 1;
}

function isElement(node: DomNode | DomDocument): node is DomElement {
  return "attribs" in node;
}

/**
 * The visible text of a node, with block boundaries and line breaks as spaces, whitespace collapsed.
 * Descendants named in `leaveOut` are skipped (a list item's nested lists, read as items of their own).
 */
function textOf(node: DomNode, leaveOut: ReadonlySet<string> = new Set()): string {
  const parts: string[] = [];
  const visit = (n: DomNode) => {
    if (n.type === "text") {
      parts.push(n.data);
      return;
    }
    if (!isElement(n) || SKIPPED.has(n.name) || (n !== node && leaveOut.has(n.name))) return;
    const block = BLOCK_TAGS.has(n.name) || n.name === "br";
    if (block) parts.push(" ");
    for (const child of n.children) visit(child);
    if (block) parts.push(" ");
  };
  visit(node);
  return collapseWhitespace(parts.join(""));
}

/** True when every piece of text inside the element sits in <strong> or <b>. */
function isWhollyBold(node: DomElement): boolean {
  let boldText = false;
  let plainText = false;
  const visit = (n: DomNode, bold: boolean) => {
    if (n.type === "text") {
      if (n.data.trim()) {
        if (bold) boldText = true;
        else plainText = true;
      }
      return;
    }
    if (!isElement(n)) return;
    const nowBold = bold || n.name === "strong" || n.name === "b";
    for (const child of n.children) visit(child, nowBold);
  };
  for (const child of node.children) visit(child, false);
  return boldText && !plainText;
}

/** The heading that is the document's title, not a section: pandoc's title block or an h1.title. */
function findTitleHeading(root: DomDocument): DomElement | undefined {
  const stack: DomNode[] = [...root.children];
  while (stack.length > 0) {
    const node = stack.shift();
    if (!node || !isElement(node)) continue;
    const classes = (node.attribs.class ?? "").split(/\s+/);
    if (node.name === "h1" && classes.includes("title")) return node;
    stack.unshift(...node.children);
  }
  return undefined;
}

function dateFromMeta($: CheerioAPI): string | undefined {
  const candidates = new Map<string, string>();
  $("meta").each((_, el) => {
    const key = (el.attribs.property ?? el.attribs.name ?? el.attribs.itemprop ?? "").toLowerCase();
    const content = el.attribs.content;
    if (key && content && !candidates.has(key)) candidates.set(key, content);
  });
  for (const key of DATE_META) {
    const value = candidates.get(key);
    const date = value ? normaliseDate(value) : undefined;
    if (date) return date;
  }
  return undefined;
}

/** Pandoc prints front-matter dates in its title block as <p class="date">. */
function dateFromPandocHeader($: CheerioAPI): string | undefined {
  const text = collapseWhitespace($("header p.date").first().text());
  return text ? normaliseDate(text) : undefined;
}
