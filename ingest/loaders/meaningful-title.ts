/**
 * Metadata titles are often left at what the authoring tool filled in ("Microsoft Word - draft3.docx",
 * "Untitled", "Document1"); those say nothing a reader can use.
 */

import { collapseWhitespace } from "./block-text.ts";

const PLACEHOLDER =
  /^(?:untitled(?:\s+document)?|document\s*\d*|title|slide\s*\d+|powerpoint presentation|presentation\d*|template|normal|word document|pdf)$/i;

/** The title cleaned of tool prefixes, or undefined when it is empty, a placeholder or a file name. */
export function meaningfulTitle(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const title = collapseWhitespace(raw.replace(/^Microsoft (?:Word|PowerPoint|Excel)\s*-\s*/i, ""));
  if (title.length < 3 || !/\p{L}{2}/u.test(title)) return undefined;
  if (PLACEHOLDER.test(title)) return undefined;
  if (/\.(?:docx?|pdf|rtf|odt|txt|html?|pptx?|xlsx?|indd)$/i.test(title)) return undefined;
  return title;
}
