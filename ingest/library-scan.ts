import fs from "node:fs";
import path from "node:path";
import { CATALOG_FILE } from "./catalog.ts";
import { loaderFor, SUPPORTED_EXTENSIONS } from "./loaders/index.ts";
import type { SkippedFile } from "./types.ts";

export interface LibraryFile {
  /** Path relative to the library, forward slashes. */
  source: string;
  absolute: string;
  /** Size in bytes when the library was scanned. */
  bytes: number;
  /** The first sub-folder names the area the document belongs to; files at the top serve every area. */
  area?: string;
}

/** Why an entry in the library is not read; each reason says what to do about it. */
export const SKIP_REASONS = {
  hidden: "is hidden (its name starts with a dot), so it is treated as editor or system litter",
  hiddenFolder: "is a hidden folder (its name starts with a dot), so nothing in it is read",
  symlink: "is a symbolic link; ingest does not follow links, which could point outside the library",
  backslash:
    "has a backslash in its name, which Windows and the citations would read as a folder separator; rename it",
  notAFile: "is not a regular file or folder",
  unsupported: `is not in a supported format (${SUPPORTED_EXTENSIONS.join(", ")})`,
} as const;

/**
 * Files in the library, split into those a loader reads and every other entry with the reason it is not
 * read, so the report accounts for everything in the folder (the catalog excepted: it is read, as metadata).
 */
export function scanLibrary(libraryDir: string): { files: LibraryFile[]; skipped: SkippedFile[] } {
  const files: LibraryFile[] = [];
  const skipped: SkippedFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const absolute = path.join(dir, entry.name);
      const source = path.relative(libraryDir, absolute).split(path.sep).join("/");
      const skip = (reason: string) => skipped.push({ file: source, reason });
      if (entry.name.startsWith("."))
        skip(entry.isDirectory() ? SKIP_REASONS.hiddenFolder : SKIP_REASONS.hidden);
      else if (entry.isSymbolicLink()) skip(SKIP_REASONS.symlink);
      else if (entry.name.includes("\\")) skip(SKIP_REASONS.backslash);
      else if (entry.isDirectory()) walk(absolute);
      else if (!entry.isFile()) skip(SKIP_REASONS.notAFile);
      else if (source !== CATALOG_FILE) {
        if (!loaderFor(entry.name)) {
          skip(SKIP_REASONS.unsupported);
          continue;
        }
        const folders = source.split("/").slice(0, -1);
        const bytes = fs.statSync(absolute).size;
        files.push({ source, absolute, bytes, ...(folders[0] ? { area: folders[0] } : {}) });
      }
    }
  };
  walk(libraryDir);
  return { files, skipped };
}
