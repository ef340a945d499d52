/**
 * Loads a PDF with pdf.js (legacy build, in-process, no font loading or eval) and lays its text out into
 * blocks with pages and headings.
 */

import { createRequire } from "node:module";
import path from "node:path";
import { normaliseDate } from "../document-date.ts";
import { LoadError, type LoadedDocument } from "../types.ts";
import { assertHasBytes } from "./load-checks.ts";
import { meaningfulTitle } from "./meaningful-title.ts";
import { layoutPages, type PdfTextItem } from "./pdf-layout.ts";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;
type PdfPage = Awaited<ReturnType<PdfDocument["getPage"]>>;

const require = createRequire(import.meta.url);

/** pdf.js reads character maps, standard fonts and its image decoders from its own package, on disk. */
const PDFJS_DIR = path.dirname(require.resolve("pdfjs-dist/package.json"));

const PDFJS = "pdfjs-dist/legacy/build/pdf.mjs";
/** Sets globalThis.pdfjsWorker when loaded, where pdf.js finds it instead of importing it itself. */
const PDFJS_WORKER = "pdfjs-dist/legacy/build/pdf.worker.mjs";

let pdfjsLoaded: PdfJs | undefined;

/**
 * pdf.js and the worker it runs in this thread, required (Node 20.19 and later require ES modules) rather
 * than imported, with source maps off while they load. Imported, their 3.3 MB went through tsx's loader
 * hooks, which rewrite every dynamic import of a JavaScript module and build a source map of the result,
 * and pdf.js reads a stack trace while it loads, which made Node parse that map: 3.3 CPU s of a cold ingest
 * against 0.5 s (2 shared cores; `node --import tsx` loading just the two modules). Neither rewrite nor map
 * is of use to pdf.js: it imports no CommonJS module, and its stack traces are not ours to read.
 */
async function loadPdfJs(): Promise<PdfJs> {
  pdfjsLoaded ??= requirePdfJs() ?? (await importPdfJs());
  return pdfjsLoaded;
}

/** Undefined where Node cannot require an ES module (before 20.19). */
function requirePdfJs(): PdfJs | undefined {
  const sourceMaps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  try {
    require(PDFJS_WORKER);
    return require(PDFJS) as PdfJs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_REQUIRE_ESM") return undefined;
    throw error;
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
  }
}

async function importPdfJs(): Promise<PdfJs> {
  await import(PDFJS_WORKER);
  return import(PDFJS);
}

const BOLD_FONT = /bold|black|heavy|semibold|demi/i;

/**
 * Reads a PDF into blocks, one page number on each. Title from the metadata Title when it is a real
 * title, else the outermost heading of the first pages; date from CreationDate, else ModDate.
 * Password-protected, damaged and text-less (scanned) PDFs fail with a LoadError saying so.
 */
export async function loadPdf(bytes: Uint8Array, _fileName: string): Promise<LoadedDocument> {
  assertHasBytes(bytes);
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of the buffer it is given; the caller keeps theirs.
    data: new Uint8Array(bytes),
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
    // Pictures hold no text: skip decoding them (fonts are still read, for bold headings).
    maxImageSize: 1,
    cMapUrl: `${PDFJS_DIR}/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${PDFJS_DIR}/standard_fonts/`,
    wasmUrl: `${PDFJS_DIR}/wasm/`,
  });
  let doc: PdfDocument;
  try {
    doc = await task.promise;
  } catch (cause) {
    await task.destroy();
    throw openError(cause);
  }
  try {
    const pages: PdfTextItem[][] = [];
    let unreadablePages = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        pages.push(await pageItems(await doc.getPage(n)));
      } catch {
        // One damaged page should not lose the rest of the document.
        unreadablePages++;
        pages.push([]);
      }
    }
    const { blocks, titleHeading } = layoutPages(pages);
    if (blocks.length === 0) {
      throw unreadablePages > 0
        ? new LoadError("is damaged: its pages could not be read; re-save or re-export the PDF")
        : new LoadError("has no extractable text (it may be a scanned image); add a version with real text");
    }
    const info = await documentInfo(doc);
    const title = meaningfulTitle(info.title) ?? titleHeading;
    return {
      blocks,
      pages: doc.numPages,
      ...(title ? { title } : {}),
      ...(info.date ? { date: info.date } : {}),
    };
  } finally {
    await doc.destroy();
  }
}

function openError(cause: unknown): LoadError {
  const name = (cause as { name?: string } | null)?.name;
  if (name === "PasswordException") {
    return new LoadError("is password-protected; save an unprotected copy", { cause });
  }
  return new LoadError("is damaged or not a PDF; re-save or re-export it", { cause });
}

async function pageItems(page: PdfPage): Promise<PdfTextItem[]> {
  try {
    const content = await page.getTextContent();
    const textItems = content.items.filter((item) => "str" in item);
    if (textItems.length === 0) return [];
    // Fonts reach the main thread only with the operator list; their names tell bold from regular.
    await page.getOperatorList();
    const boldFonts = new Map<string, boolean>();
    const isBold = (fontName: string) => {
      let bold = boldFonts.get(fontName);
      if (bold === undefined) {
        bold = fontIsBold(page, fontName);
        boldFonts.set(fontName, bold);
      }
      return bold;
    };
    const items: PdfTextItem[] = [];
    for (const item of textItems) {
      const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
      // Rotated text is a watermark or a margin note, not part of the reading order.
      if (Math.abs(b) > 0.1 * Math.abs(a) || Math.abs(c) > 0.1 * Math.abs(d)) continue;
      items.push({
        text: item.str,
        x,
        y,
        width: item.width,
        height: item.height > 0 ? item.height : Math.hypot(c, d),
        bold: isBold(item.fontName),
      });
    }
    return items;
  } finally {
    page.cleanup();
  }
}

function fontIsBold(page: PdfPage, fontName: string): boolean {
  if (!page.commonObjs.has(fontName)) return false;
  const font = page.commonObjs.get(fontName) as { name?: string; bold?: boolean; black?: boolean } | null;
  return Boolean(font && (font.bold || font.black || BOLD_FONT.test(font.name ?? "")));
}

async function documentInfo(doc: PdfDocument): Promise<{ title?: string; date?: string }> {
  try {
    const { info, metadata } = await doc.getMetadata();
    const fields = info as Record<string, unknown>;
    const text = (key: string) => (typeof fields[key] === "string" ? (fields[key] as string) : undefined);
    const title = text("Title") ?? metadata?.get("dc:title") ?? undefined;
    const rawDate = text("CreationDate") ?? text("ModDate");
    const date = rawDate ? normaliseDate(rawDate) : undefined;
    return { ...(title ? { title } : {}), ...(date ? { date } : {}) };
  } catch {
    // Broken metadata loses the title and date, not the document.
    return {};
  }
}
