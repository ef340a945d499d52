/**
 * Small text helpers every loader shares, so that blocks read the same whatever format they came from.
 */

import type { BlockKind } from "../types.ts";

/** Runs of whitespace (including non-breaking spaces and line breaks) become one space; ends are trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u200b\ufeff]+/g, " ").trim();
}

/**
 * One table row as a sentence that reads on its own: each cell labelled by its column header
 * ("Area: Health assessments; Finding: ..."). Empty cells are left out; cells without a header keep
 * their value alone.
 */
export function labelledRow(headers: readonly string[], cells: readonly string[]): string {
  const parts: string[] = [];
  cells.forEach((cell, i) => {
    // A cell's closing full stop would read badly before the "; " that joins the cells.
    const value = collapseWhitespace(cell).replace(/\s*[.;,]+$/, "");
    if (!value) return;
    const label = collapseWhitespace(headers[i] ?? "");
    parts.push(label && label !== value ? `${label}: ${value}` : value);
  });
  return parts.join("; ");
}

/** Characters that open a bullet point, in documents where the list markup was lost. */
const BULLETS = "•●▪◦‣∙⇒➢➤►✓✔✚◆■○";

/**
 * Splits text that carries its bullet points inline ("Intro • first • second", as flattened Word lists
 * arrive) into a lead-in text block and one list item per bullet. Text without bullets comes back whole.
 */
export function splitInlineBullets(text: string): { kind: BlockKind; text: string }[] {
  const parts = text.split(new RegExp(`\\s*[${BULLETS}]\\s*`, "u"));
  if (parts.length === 1) return text.trim() ? [{ kind: "text", text: text.trim() }] : [];
  const out: { kind: BlockKind; text: string }[] = [];
  parts.forEach((part, i) => {
    const clean = part.trim();
    if (clean) out.push({ kind: i === 0 ? "text" : "list-item", text: clean });
  });
  return out;
}

/** Strips a leading bullet character (not a number) from a list item's text. */
export function stripBullet(text: string): string {
  return text.replace(new RegExp(`^[\\s${BULLETS}\\-–*·]+`, "u"), "").trim();
}
