/**
 * The chain of headings above the current point of a document, as loaders walk it from top to bottom.
 */

interface Entry {
  level: number;
  text: string;
  numbering?: number[];
}

/** Section numbering at the start of a heading: "3." -> [3], "2.4 Safer sleep" -> [2, 4]. */
export function headingNumbering(text: string): number[] | undefined {
  const match = /^(?:section\s+|part\s+)?(\d{1,3}(?:\.\d{1,3})*)(?:\.|\)|\s|$)/i.exec(text.trim());
  if (!match?.[1]) return undefined;
  return match[1].split(".").map(Number);
}

/**
 * Tracks the heading path. A heading pops every heading at its level or deeper, then is pushed.
 * Numbered headings also respect their numbers: "6. POLICY" after "5. KEY ISSUES" is a sibling even when
 * the markup gave them different levels, as converted documents often do.
 */
export class HeadingPath {
  readonly #stack: Entry[] = [];

  /** Enters a heading at `level` (smaller is outer). */
  enter(level: number, text: string): void {
    const numbering = headingNumbering(text);
    const sibling = numbering ? this.#numberedSibling(numbering) : -1;
    let effectiveLevel = level;
    if (sibling >= 0) {
      effectiveLevel = this.#stack[sibling]?.level ?? level;
      this.#stack.length = sibling;
    }
    while ((this.#stack.at(-1)?.level ?? Number.NEGATIVE_INFINITY) >= effectiveLevel) this.#stack.pop();
    this.#stack.push({ level: effectiveLevel, text, ...(numbering ? { numbering } : {}) });
  }

  /** The current path, outermost first; a fresh array each call. */
  current(): string[] {
    return this.#stack.map((entry) => entry.text);
  }

  /** Index of an earlier heading numbered at the same depth with a smaller number under the same parent. */
  #numberedSibling(numbering: number[]): number {
    for (let i = this.#stack.length - 1; i >= 0; i--) {
      const other = this.#stack[i]?.numbering;
      if (!other || other.length !== numbering.length) continue;
      const sameParent = other.slice(0, -1).every((n, k) => n === numbering[k]);
      if (sameParent && (other.at(-1) ?? 0) < (numbering.at(-1) ?? 0)) return i;
      return -1;
    }
    return -1;
  }
}
