import type { Block } from "./types.ts";

/** A passage before it gets its document's metadata: the text and where in the document it sits. */
export interface ChunkDraft {
  headingPath: string[];
  pages?: [number, number];
  text: string;
}

/**
 * Sizes in characters. Guidance paragraphs run 300-900 characters; a passage of one or two of them quotes
 * well and still leaves room for the section heading in what is matched.
 */
const TARGET = 900;
const HARD_MAX = 1400;
/** A passage shorter than this is merged into its neighbour in the same section. */
const MIN = 200;
/** Consecutive sections each shorter than this are joined into one passage, headings inline. */
const SMALL_SECTION = 300;

/**
 * Groups blocks into passages that follow the document's structure: a new section always starts a new
 * passage, table rows and list items are never split, and long paragraphs are split at sentence ends.
 */
export function chunkBlocks(blocks: Block[]): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  let current: { headingPath: string[]; parts: string[]; firstPage?: number; lastPage?: number } | undefined;

  const flush = () => {
    if (!current || current.parts.length === 0) return;
    const text = current.parts.join("\n").trim();
    if (text) {
      drafts.push({
        headingPath: current.headingPath,
        text,
        ...(current.firstPage !== undefined
          ? { pages: [current.firstPage, current.lastPage ?? current.firstPage] as [number, number] }
          : {}),
      });
    }
    current = undefined;
  };

  for (const block of blocks) {
    for (const piece of splitLong(block.text)) {
      const sameSection = current && samePath(current.headingPath, block.headingPath);
      const size = current ? current.parts.reduce((n, p) => n + p.length + 1, 0) : 0;
      // Break on a new section, or when the passage is full; prefer a page boundary once it is big enough.
      const pageTurn =
        current?.lastPage !== undefined && block.page !== current.lastPage && size >= TARGET / 2;
      if (!sameSection || size + piece.length > TARGET || pageTurn) {
        if (current && sameSection && size < MIN && size + piece.length <= HARD_MAX) {
          // Too small to stand alone: keep filling it.
        } else {
          flush();
        }
      }
      current ??= { headingPath: block.headingPath, parts: [] };
      current.parts.push(piece);
      if (block.page !== undefined) {
        current.firstPage ??= block.page;
        current.lastPage = block.page;
      }
    }
  }
  flush();
  return mergeTinySections(mergeTinyTrailers(drafts).filter((d) => !isTableOfContents(d.text)));
}

/**
 * Runs of consecutive short sections ("Who are the statutory partners" with a one-line list, "7. FINANCIAL
 * IMPLICATIONS" with one sentence) become one passage with each heading written inline, so each keeps
 * its heading's words and the passage has enough text around it to be found.
 */
function mergeTinySections(drafts: ChunkDraft[]): ChunkDraft[] {
  const out: ChunkDraft[] = [];
  let run: ChunkDraft[] = [];
  const flushRun = () => {
    if (run.length === 1 && run[0]) out.push(run[0]);
    if (run.length > 1) {
      const first = run[0] as ChunkDraft;
      const last = run.at(-1) as ChunkDraft;
      const common = commonPrefix(run.map((d) => d.headingPath));
      out.push({
        headingPath: common.length > 0 ? common : first.headingPath,
        text: run.map(inlineHeading).join("\n"),
        ...(first.pages || last.pages
          ? {
              pages: [first.pages?.[0] ?? last.pages?.[0], last.pages?.[1] ?? first.pages?.[1]] as [
                number,
                number,
              ],
            }
          : {}),
      });
    }
    run = [];
  };
  for (const draft of drafts) {
    // Counted as written, heading and line break included, so a joined passage stays within the target.
    const size = run.reduce((n, d) => n + inlineHeading(d).length + 1, 0);
    if (draft.text.length < SMALL_SECTION && size + inlineHeading(draft).length <= TARGET) {
      run.push(draft);
      continue;
    }
    flushRun();
    if (draft.text.length < SMALL_SECTION) run.push(draft);
    else out.push(draft);
  }
  flushRun();
  return out;
}

/** A short section as one line of a joined passage: "Heading: text". */
function inlineHeading(draft: ChunkDraft): string {
  const heading = draft.headingPath.at(-1);
  return heading ? `${heading}: ${draft.text}` : draft.text;
}

function commonPrefix(paths: string[][]): string[] {
  const [first = [], ...rest] = paths;
  let n = first.length;
  for (const p of rest) {
    let i = 0;
    while (i < n && p[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n);
}

/**
 * A contents page ("Background….. 3 Scope….. 4") matches every question a little and answers none, so it
 * is not indexed.
 */
export function isTableOfContents(text: string): boolean {
  const leaders = text.match(/(?:[.…]{2,}|(?:\. ){3,})\s*\d+/g) ?? [];
  return leaders.length >= 3;
}

/** Splits a block longer than the target at sentence ends; a single huge sentence is cut at a space. */
function splitLong(text: string): string[] {
  const clean = text.trim();
  if (clean.length <= TARGET) return clean ? [clean] : [];
  const sentences = clean.match(/[^.!?]+(?:[.!?]+["')\]]*\s*|$)/g) ?? [clean];
  const pieces: string[] = [];
  let piece = "";
  for (const sentence of sentences) {
    if (piece && piece.length + sentence.length > TARGET) {
      pieces.push(piece.trim());
      piece = "";
    }
    piece += sentence;
    while (piece.length > HARD_MAX) {
      const cut = piece.lastIndexOf(" ", TARGET);
      const at = cut > MIN ? cut : TARGET;
      pieces.push(piece.slice(0, at).trim());
      piece = piece.slice(at);
    }
  }
  if (piece.trim()) pieces.push(piece.trim());
  return pieces;
}

/** A section's short last passage reads better joined to the one before it when they share the section. */
function mergeTinyTrailers(drafts: ChunkDraft[]): ChunkDraft[] {
  const out: ChunkDraft[] = [];
  for (const draft of drafts) {
    const previous = out.at(-1);
    if (
      previous &&
      draft.text.length < MIN &&
      samePath(previous.headingPath, draft.headingPath) &&
      previous.text.length + draft.text.length <= HARD_MAX
    ) {
      previous.text = `${previous.text}\n${draft.text}`;
      if (draft.pages) previous.pages = [previous.pages?.[0] ?? draft.pages[0], draft.pages[1]];
      continue;
    }
    out.push({ ...draft });
  }
  return out;
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
