/**
 * Loads a Word .docx file: mammoth renders it as HTML with Word's heading styles as headings, and the
 * shared HTML walker turns that into blocks. Title and dates come from the file's core properties.
 */

import JSZip from "jszip";
import mammoth from "mammoth";
import { normaliseDate } from "../document-date.ts";
import { LoadError, type LoadedDocument } from "../types.ts";
import { htmlToBlocks } from "./html-blocks.ts";
import { assertHasBlocks, assertHasBytes } from "./load-checks.ts";
import { meaningfulTitle } from "./meaningful-title.ts";

/**
 * Word's built-in heading styles by name. The Title style becomes the document's title heading (kept out
 * of the heading path, since every citation carries the title anyway).
 */
const STYLE_MAP = [
  "p[style-name='Title'] => h1.title:fresh",
  ...[1, 2, 3, 4, 5, 6].flatMap((n) => [
    `p[style-name='Heading ${n}'] => h${n}:fresh`,
    `p[style-name='heading ${n}'] => h${n}:fresh`,
  ]),
];

/** An OLE compound file: what Word writes for an encrypted .docx, and the format of old .doc files. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Reads a .docx into blocks; title and date from docProps/core.xml, else the Title style or first heading. */
export async function loadDocx(bytes: Uint8Array, _fileName: string): Promise<LoadedDocument> {
  assertHasBytes(bytes);
  if (OLE_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    throw new LoadError("is password-protected or an old-style .doc; save an unprotected copy as .docx");
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (cause) {
    throw new LoadError("is not a valid Word .docx file (it may be damaged); open and re-save it in Word", {
      cause,
    });
  }
  if (!zip.file("word/document.xml")) {
    throw new LoadError("is a zip file but not a Word document; check its extension");
  }
  const core = await readCoreProperties(zip);

  let html: string;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const result = await mammoth.convertToHtml(
      { buffer },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        // Pictures carry no text; leaving them out keeps megabytes of base64 out of the HTML.
        convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
      },
    );
    html = result.value;
  } catch (cause) {
    throw new LoadError(
      "could not be read as a Word document (it may be damaged); open and re-save it in Word",
      {
        cause,
      },
    );
  }

  const { blocks, title: headingTitle } = htmlToBlocks(html);
  assertHasBlocks(blocks);
  const title = meaningfulTitle(core.title) ?? headingTitle ?? firstHeading(blocks);
  const date = core.created ?? core.modified;
  return { blocks, ...(title ? { title } : {}), ...(date ? { date } : {}) };
}

interface CoreProperties {
  title?: string;
  created?: string;
  modified?: string;
}

async function readCoreProperties(zip: JSZip): Promise<CoreProperties> {
  const xml = await zip.file("docProps/core.xml")?.async("string");
  if (!xml) return {};
  const field = (tag: string) => {
    const raw = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml)?.[1];
    return raw === undefined ? undefined : decodeXmlEntities(raw).trim() || undefined;
  };
  const created = field("dcterms:created");
  const modified = field("dcterms:modified");
  const title = field("dc:title");
  const out: CoreProperties = {};
  if (title) out.title = title;
  const createdDate = created ? normaliseDate(created) : undefined;
  const modifiedDate = modified ? normaliseDate(modified) : undefined;
  if (createdDate) out.created = createdDate;
  if (modifiedDate) out.modified = modifiedDate;
  return out;
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&amp;/g, "&");
}

function firstHeading(blocks: { headingPath: string[] }[]): string | undefined {
  return blocks.find((block) => block.headingPath.length > 0)?.headingPath[0];
}
