/**
 * Bytes to text for the text-based formats (Markdown, plain text, HTML).
 */

import { LoadError } from "../types.ts";

/**
 * Decodes a text file: a UTF-16 or UTF-8 byte-order mark is honoured, UTF-8 is tried next, and a file
 * that is not valid UTF-8 is read as Windows-1252, the usual encoding of older Windows text. Bytes that
 * hold NULs without a UTF-16 mark are a binary file and rejected.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  if (bytes.subarray(0, 4096).includes(0)) {
    throw new LoadError("is not a text file (it holds binary data); check its extension");
  }
  try {
    // TextDecoder drops a UTF-8 byte-order mark by itself.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/**
 * Windows-1252 by hand: Node's TextDecoder reads this label as Latin-1, which turns the smart quotes and
 * dashes Word writes (bytes 0x80-0x9F) into invisible control characters.
 */
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  bytes.forEach((byte, i) => {
    units[i] = byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH.charCodeAt(byte - 0x80) : byte;
  });
  return new TextDecoder("utf-16le").decode(units);
}
