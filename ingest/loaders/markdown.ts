/**
 * Loads Markdown: YAML front matter for title, date and catalog fields, and the body through marked's
 * lexer into blocks (headings, paragraphs, list items, table rows).
 */

import { Lexer, type Token, type Tokens } from "marked";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { normaliseDate } from "../document-date.ts";
import { type Block, type BlockKind, LoadError, type LoadedDocument } from "../types.ts";
import { collapseWhitespace, labelledRow, splitInlineBullets } from "./block-text.ts";
import { decodeText } from "./decode-text.ts";
import { HeadingPath } from "./heading-path.ts";
import { htmlToBlocks } from "./html-blocks.ts";
import { assertHasBlocks, assertHasBytes } from "./load-checks.ts";

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * A labelled field written as a heading by converters ("#### **TO:** Health and Wellbeing Board",
 * "# SUBJECT: Update on ..."): a memo line, not a section.
 */
const FIELD_LINE = /^(?:(?:\*\*|__)([A-Za-z][A-Za-z ]{0,24}):(?:\*\*|__)|([A-Z][A-Z ]{0,24}):)\s+\S/;

/** Memo fields whose value is the paper's title. */
const TITLE_FIELDS = new Set(["subject", "title", "re"]);

/**
 * Reads a .md file. Front matter `title` and `date` set the document's title and date; every string field
 * (title and date included, as written) is also returned in `meta` for the catalog. Without front matter
 * the title is a SUBJECT/TITLE memo line, else the first heading.
 */
export async function loadMarkdown(bytes: Uint8Array, _fileName: string): Promise<LoadedDocument> {
  assertHasBytes(bytes);
  const source = decodeText(bytes);
  const { fields, body } = splitFrontMatter(source);

  const walker = new MarkdownWalker();
  walker.walk(new Lexer().lex(body));
  assertHasBlocks(walker.blocks);

  const frontTitle = typeof fields.title === "string" ? collapseWhitespace(fields.title) : "";
  const title = frontTitle || walker.titleField || walker.firstHeading;
  const rawDate = fields.date;
  const date = rawDate instanceof Date || typeof rawDate === "string" ? normaliseDate(rawDate) : undefined;
  const meta = stringFields(fields);
  return {
    blocks: walker.blocks,
    ...(title ? { title } : {}),
    ...(date ? { date } : {}),
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
  };
}

function splitFrontMatter(source: string): { fields: Record<string, unknown>; body: string } {
  const match = FRONT_MATTER.exec(source);
  if (!match) return { fields: {}, body: source };
  let parsed: unknown;
  try {
    parsed = parseYaml(match[1] ?? "");
  } catch (cause) {
    const line = cause instanceof YAMLParseError ? cause.linePos?.[0]?.line : undefined;
    const where = line === undefined ? "" : ` (line ${line + 1} of the file)`;
    throw new LoadError(`has front matter that is not valid YAML${where}; fix or remove it`, { cause });
  }
  const fields = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  return { fields: fields as Record<string, unknown>, body: source.slice(match[0].length) };
}

function stringFields(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string" && value.trim()) out[key] = value.trim();
    else if (value instanceof Date) {
      const date = normaliseDate(value);
      if (date) out[key] = date;
    }
  }
  return out;
}

class MarkdownWalker {
  readonly blocks: Block[] = [];
  firstHeading: string | undefined;
  titleField: string | undefined;
  readonly #path = new HeadingPath();

  walk(tokens: Token[]): void {
    for (const token of tokens) this.#token(token);
  }

  #token(token: Token): void {
    switch (token.type) {
      case "heading":
        this.#heading(token as Tokens.Heading);
        return;
      case "paragraph":
      case "text":
        this.#text(inlineText(token), "text");
        return;
      case "code":
        this.#emit("text", (token as Tokens.Code).text);
        return;
      case "blockquote":
        this.walk((token as Tokens.Blockquote).tokens);
        return;
      case "list":
        for (const item of (token as Tokens.List).items) this.#listItem(item);
        return;
      case "table":
        this.#table(token as Tokens.Table);
        return;
      case "html":
        this.#html((token as Tokens.HTML).text);
        return;
      default:
        // space, hr, def: nothing to read.
        return;
    }
  }

  #heading(token: Tokens.Heading): void {
    const text = inlineText(token);
    if (!text) return;
    if (fieldLabel(token.text) !== undefined) {
      this.#text(text, "text");
      return;
    }
    this.firstHeading ??= text;
    this.#path.enter(token.depth, text);
  }

  #text(text: string, kind: BlockKind): void {
    if (TITLE_FIELDS.has(fieldLabel(text) ?? ""))
      this.titleField ??= text.slice(text.indexOf(":") + 1).trim();
    for (const piece of splitInlineBullets(text)) this.#emit(kind === "text" ? piece.kind : kind, piece.text);
  }

  #listItem(item: Tokens.ListItem): void {
    const own: string[] = [];
    const nested: Token[] = [];
    for (const child of item.tokens) {
      if (child.type === "list") nested.push(child);
      else own.push(inlineText(child));
    }
    this.#emit("list-item", own.join(" "));
    this.walk(nested);
  }

  #table(token: Tokens.Table): void {
    const headers = token.header.map((cell) => inlineText(cell));
    for (const row of token.rows) {
      this.#emit(
        "table-row",
        labelledRow(
          headers,
          row.map((cell) => inlineText(cell)),
        ),
      );
    }
  }

  /** Raw HTML in Markdown (tables pasted from Word, often): read it with the HTML walker, under this path. */
  #html(html: string): void {
    const outer = this.#path.current();
    for (const block of htmlToBlocks(html, { impliedHeadings: false }).blocks) {
      this.blocks.push({ ...block, headingPath: [...outer, ...block.headingPath] });
    }
  }

  #emit(kind: BlockKind, text: string): void {
    const clean = collapseWhitespace(text);
    if (clean) this.blocks.push({ kind, text: clean, headingPath: this.#path.current() });
  }
}

/** The lower-cased label of a memo field line ("**TO:** ...", "SUBJECT: ..."), if the line is one. */
function fieldLabel(line: string): string | undefined {
  const match = FIELD_LINE.exec(line.trim());
  return match ? (match[1] ?? match[2] ?? "").trim().toLowerCase() : undefined;
}

/** Plain text of a token and its inline children: emphasis and links unwrapped, entities decoded. */
function inlineText(token: Token | Tokens.TableCell): string {
  const parts: string[] = [];
  const visit = (t: Token | Tokens.TableCell) => {
    if ("type" in t && (t.type === "br" || t.type === "space")) {
      parts.push(" ");
      return;
    }
    if ("type" in t && t.type === "image") return;
    if ("type" in t && t.type === "html") {
      parts.push(t.text.replace(/<[^>]*>/g, " "));
      return;
    }
    const children = (t as { tokens?: Token[] }).tokens;
    if (children && children.length > 0) {
      for (const child of children) visit(child);
      return;
    }
    parts.push((t as { text?: string }).text ?? "");
  };
  visit(token);
  return collapseWhitespace(decodeEntities(parts.join("")));
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&apos;/g, "'")
    .replace(/&amp;/g, "&");
}
