import fs from "node:fs";
import path from "node:path";
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { z } from "zod";

/** The optional catalog file at the library's root; admins describe documents the files cannot. */
export const CATALOG_FILE = "catalog.yaml";

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "must be a date like 2024-05-01, 2024-05 or 2024"));

const entrySchema = z.object({
  /** Path relative to the library. */
  file: z.string().min(1),
  title: z.string().optional(),
  date: isoDate.optional(),
  /** After this date the document is flagged for review even if it is not yet old. */
  review: isoDate.optional(),
  area: z.string().optional(),
  url: z.url().optional(),
  /** A superseded document is never cited. */
  superseded: z.boolean().default(false),
});

const catalogSchema = z.object({ documents: z.array(entrySchema).default([]) });

export type CatalogEntry = z.infer<typeof entrySchema>;

/**
 * Reads the catalog, if the library has one, keyed by file path. Errors name the line and field so the
 * admin can find them.
 */
export function readCatalog(libraryDir: string): Map<string, CatalogEntry> {
  const file = path.join(libraryDir, CATALOG_FILE);
  if (!fs.existsSync(file)) return new Map();
  const text = fs.readFileSync(file, "utf8");
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new Error(`${CATALOG_FILE} line ${e?.linePos?.[0].line ?? "?"}: ${e?.message.split("\n")[0]}`);
  }
  const parsed = catalogSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number] } | undefined;
      const parent = doc.getIn(issue.path.slice(0, -1) as (string | number)[], true);
      const offset = node?.range?.[0] ?? (isMap(parent) || isSeq(parent) ? parent.range?.[0] : undefined);
      const where = offset === undefined ? "" : ` line ${lines.linePos(offset).line}`;
      return `${CATALOG_FILE}${where}, ${issue.path.join(".")}: ${issue.message}`;
    });
    throw new Error(problems.join("; "));
  }
  return new Map(parsed.data.documents.map((d) => [d.file.replaceAll("\\", "/"), d]));
}
