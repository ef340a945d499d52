import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";
import { normaliseDate } from "./document-date.ts";

/** The optional catalog file at the library's root; admins describe documents the files cannot. */
export const CATALOG_FILE = "catalog.yaml";

const DATE_FORMAT = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/**
 * A date as YAML hands it over: a string, a number for an unquoted bare year (2019), or a Date from a
 * YAML 1.1 timestamp. Checked for its form first, then that it is a real date.
 */
const yamlDate = (isReal: (iso: string) => boolean, notRealMessage: string) =>
  z
    .union([z.string(), z.number(), z.date()])
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)))
    .pipe(
      z
        .string()
        .regex(DATE_FORMAT, { message: "must be a date like 2024-05-01, 2024-05 or 2024", abort: true })
        .refine(isReal, notRealMessage),
    );

const entrySchema = z.strictObject({
  /** Path relative to the library. */
  file: z.string().min(1),
  title: z.string().optional(),
  /** Read as document dates are elsewhere, so a typo in the year cannot keep a document in date for ever. */
  date: yamlDate(
    (iso) => normaliseDate(iso) === iso,
    "must be a real date, from 1990 to next year",
  ).optional(),
  /** After this date the document is flagged for review even if it is not yet old; it may be years ahead. */
  review: yamlDate(isCalendarDate, "must be a real date").optional(),
  area: z.string().optional(),
  url: z.url().optional(),
  /** A superseded document is never cited. */
  superseded: z.boolean().default(false),
  /**
   * The admin's own words shown with the document's currency warning, e.g. that national advice on a
   * topic has since changed. One or two sentences.
   */
  note: z.string().min(1).max(500).optional(),
});

const catalogSchema = z.strictObject({
  // "documents:" with every entry commented out is null: no documents, not an error.
  documents: z
    .array(entrySchema)
    .nullish()
    .transform((documents) => documents ?? []),
});

export type CatalogEntry = z.infer<typeof entrySchema>;

/**
 * Reads the catalog, if the library has one, keyed by file path. Errors name the line and field so the
 * admin can find them.
 */
export function readCatalog(libraryDir: string): Map<string, CatalogEntry> {
  const file = path.join(libraryDir, CATALOG_FILE);
  if (!fs.existsSync(file)) return new Map();
  const text = fs.readFileSync(file, "utf8");
  // Required only when there is a catalog: the parser is some 30 modules, a noticeable part of a
  // re-ingest that finds nothing changed.
  const { isMap, isNode, isScalar, LineCounter, parseDocument } = createRequire(import.meta.url)(
    "yaml",
  ) as typeof import("yaml");
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new Error(`${CATALOG_FILE} line ${e?.linePos?.[0].line ?? "?"}: ${e?.message.split("\n")[0]}`);
  }
  // A file of comments only is an empty document: no catalog entries, as if the file were absent.
  const parsed = catalogSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const problemAt = (fieldPath: PropertyKey[], message: string) => {
      const parent = doc.getIn(fieldPath.slice(0, -1), true);
      const field = fieldPath.at(-1);
      const key = isMap(parent)
        ? parent.items.find((pair) => isScalar(pair.key) && pair.key.value === field)?.key
        : undefined;
      const value = doc.getIn(fieldPath, true);
      // The line the field is written on: its key, else its value (a list item), else the entry missing it.
      const offset = [key, value, parent].find(isNode)?.range?.[0];
      const where = offset === undefined ? "" : ` line ${lines.linePos(offset).line}`;
      return `${CATALOG_FILE}${where}, ${fieldPath.map(String).join(".") || "the catalog"}: ${message}`;
    };
    const problems = parsed.error.issues.flatMap((issue) =>
      // A misspelt field ("supersede") would otherwise be dropped silently and its setting lost.
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) =>
            problemAt(
              [...issue.path, key],
              `is not a catalog field (use ${fieldsAt(issue.path).join(", ")})`,
            ),
          )
        : [problemAt(issue.path, issue.message)],
    );
    throw new Error(problems.join("; "));
  }
  return new Map(parsed.data.documents.map((d) => [d.file.replaceAll("\\", "/"), d]));
}

/** The fields allowed where an unknown one was found: a document entry's, or the catalog's own. */
function fieldsAt(objectPath: PropertyKey[]): string[] {
  return Object.keys(objectPath.length === 0 ? catalogSchema.shape : entrySchema.shape);
}

/** Whether a YYYY, YYYY-MM or YYYY-MM-DD string names a month and day the calendar has, in any year. */
function isCalendarDate(iso: string): boolean {
  const [year = Number.NaN, month, day] = iso.split("-").map(Number);
  if (month === undefined) return true;
  if (month < 1 || month > 12) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day === undefined || (day >= 1 && day <= daysInMonth);
}
