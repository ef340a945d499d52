import fs from "node:fs";
import path from "node:path";
import { CATALOG_FILE } from "./catalog.ts";
import { loaderFor } from "./loaders/index.ts";

export interface LibraryFile {
  /** Path relative to the library, forward slashes. */
  source: string;
  absolute: string;
  /** The first sub-folder names the area the document belongs to; files at the top serve every area. */
  area?: string;
}

/** Files in the library, split into those a loader reads and those skipped for their extension. */
export function scanLibrary(libraryDir: string): { files: LibraryFile[]; skipped: string[] } {
  const files: LibraryFile[] = [];
  const skipped: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      // Hidden files and folders are editor and system litter, never guidance.
      if (entry.name.startsWith(".")) continue;
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(absolute);
        continue;
      }
      if (!entry.isFile()) continue;
      const source = path.relative(libraryDir, absolute).split(path.sep).join("/");
      if (source === CATALOG_FILE) continue;
      if (!loaderFor(entry.name)) {
        skipped.push(source);
        continue;
      }
      const folders = source.split("/").slice(0, -1);
      files.push({ source, absolute, ...(folders[0] ? { area: folders[0] } : {}) });
    }
  };
  walk(libraryDir);
  return { files, skipped };
}
