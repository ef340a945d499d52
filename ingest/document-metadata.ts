import path from "node:path";
import type { CatalogEntry } from "./catalog.ts";
import { dateFromText, normaliseDate } from "./document-date.ts";
import type { LoadedDocument } from "./types.ts";

export interface DocumentMetadata {
  title: string;
  date?: string;
  area?: string;
  url?: string;
  reviewDate?: string;
  /** The admin's own note on the document, shown with its currency warning. */
  note?: string;
}

/** How much of the document's start is read for a stated date. */
const OPENING_BLOCKS = 40;

/**
 * Resolves what a citation says about its document. Date precedence: the catalog, front matter, a date the
 * document states in its opening text, file metadata, a date in the file name, and last the latest year the
 * text mentions. File metadata is ignored when it is later than every year the text mentions: that is the
 * date a copy was saved or converted, and trusting it would present old guidance as new.
 */
export function resolveMetadata(
  source: string,
  loaded: LoadedDocument,
  entry: CatalogEntry | undefined,
  folderArea: string | undefined,
): DocumentMetadata {
  const opening = loaded.blocks
    .slice(0, OPENING_BLOCKS)
    .map((b) => b.text)
    .join("\n");
  const latestYear = latestYearMentioned(loaded.blocks.map((b) => b.text).join("\n"));
  const metadataDate =
    loaded.date && latestYear !== undefined && Number(loaded.date.slice(0, 4)) > latestYear + 1
      ? undefined
      : loaded.date;
  const date =
    entry?.date ??
    (loaded.meta?.date ? normaliseDate(loaded.meta.date) : undefined) ??
    dateFromText(opening) ??
    metadataDate ??
    dateFromName(source) ??
    (latestYear === undefined ? undefined : String(latestYear));
  const reviewDate = entry?.review ?? (loaded.meta?.review ? normaliseDate(loaded.meta.review) : undefined);
  const area = entry?.area ?? loaded.meta?.area ?? folderArea;
  const url = entry?.url ?? loaded.meta?.url;
  return {
    title: entry?.title ?? loaded.meta?.title ?? loaded.title ?? titleFromName(source),
    ...(date ? { date } : {}),
    ...(area ? { area } : {}),
    ...(url ? { url } : {}),
    ...(reviewDate ? { reviewDate } : {}),
    ...(entry?.note ? { note: entry.note } : {}),
  };
}

/** The latest plausible year (1990 to this year) written in the text, e.g. 2019 from "2018/19". */
export function latestYearMentioned(text: string, now = new Date()): number | undefined {
  const thisYear = now.getUTCFullYear();
  let latest: number | undefined;
  for (const match of text.matchAll(/\b(199\d|20\d\d)(?:\s*[/-]\s*(\d{2}))?\b/g)) {
    const years = [Number(match[1])];
    // "2018/19" or "2012-13" names a year range ending in the second year.
    if (match[2]) years.push(Math.floor(Number(match[1]) / 100) * 100 + Number(match[2]));
    for (const year of years) {
      if (year >= 1990 && year <= thisYear && (latest === undefined || year > latest)) latest = year;
    }
  }
  return latest;
}

function dateFromName(source: string): string | undefined {
  const match = path.basename(source).match(/(?:^|\D)((?:19|20)\d{2})(?:-(\d{2})(?:-(\d{2}))?)?(?!\d)/);
  if (!match) return undefined;
  return normaliseDate([match[1], match[2], match[3]].filter(Boolean).join("-"));
}

function titleFromName(source: string): string {
  const base = path.basename(source, path.extname(source)).replace(/[-_]+/g, " ").trim();
  return base.charAt(0).toUpperCase() + base.slice(1);
}
