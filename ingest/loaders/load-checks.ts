/**
 * Checks every loader makes, so bad input fails the same way whatever its format.
 */

import { type Block, LoadError } from "../types.ts";

/** Rejects a file with no bytes. */
export function assertHasBytes(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new LoadError("is empty");
}

/** Rejects a document that held no text at all once read. */
export function assertHasBlocks(blocks: readonly Block[]): void {
  if (!blocks.some((block) => block.text.trim() !== "")) throw new LoadError("is empty");
}
