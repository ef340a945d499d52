import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** tests/fixtures/loaders, where make-fixtures.ts writes the loader fixtures. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/loaders");

/** A fixture's bytes, as a loader receives them. */
export function readFixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
}
