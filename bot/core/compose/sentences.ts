/**
 * Sentence splitting for quoting. Guidance text is full of abbreviations ("e.g.", "para. 4", "No. 3"),
 * numbered lists and table rows, so a sentence ends at . ! ? followed by a capital, a digit or a bracket,
 * and never after a known abbreviation or a single capital initial.
 */
const ABBREVIATIONS =
  /(?:\b(?:e\.g|i\.e|etc|vs|no|para|paras|fig|ref|approx|dr|mr|mrs|ms|st|cf|al|inc|ltd|dept|govt)|\b[A-Z])\.$/i;

/** Splits a passage into sentences; each line (table row, list item) is at least its own sentence. */
export function splitSentences(passage: string): string[] {
  const sentences: string[] = [];
  for (const line of passage.split(/\n+/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    let start = 0;
    const boundary = /[.!?]["')\]]?\s+(?=["'([]?[A-Z0-9•])/g;
    for (let match = boundary.exec(trimmed); match; match = boundary.exec(trimmed)) {
      const end = match.index + match[0].trimEnd().length;
      const candidate = trimmed.slice(start, end);
      if (ABBREVIATIONS.test(candidate)) continue;
      sentences.push(candidate.trim());
      start = match.index + match[0].length;
    }
    const rest = trimmed.slice(start).trim();
    if (rest) sentences.push(rest);
  }
  return sentences;
}

/** A list introduced by a line ending in a colon is quoted with its items, this many characters at a time. */
const MAX_LIST_CHARS = 600;

/**
 * A list as quotable units, each with its introduction: as many whole items as fit, "…" marking the items
 * before or after that another unit holds. No item is ever cut, and every item can be quoted in context.
 */
function listUnits(intro: string, items: string[]): string[] {
  const groups: string[][] = [];
  let group: string[] = [];
  let length = intro.length;
  for (const item of items) {
    if (group.length > 0 && length + item.length > MAX_LIST_CHARS) {
      groups.push(group);
      group = [];
      length = intro.length;
    }
    group.push(item);
    length += item.length + 2;
  }
  if (group.length > 0) groups.push(group);
  if (groups.length === 0) return [intro];
  return groups.map((g, k) => {
    const before = k > 0 ? "…; " : "";
    const after = k < groups.length - 1 ? "; …" : "";
    return `${intro} ${before}${g.join("; ")}${after}`;
  });
}

/**
 * The pieces of a passage that can be quoted on their own: sentences, except that a line ending with a
 * colon ("these include:") keeps the list lines that follow it, joined with semicolons, since the intro
 * alone answers nothing.
 */
export function quotableUnits(passage: string): string[] {
  const lines = passage
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean);
  const units: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.endsWith(":") || i + 1 >= lines.length) {
      units.push(...splitSentences(line));
      continue;
    }
    const items: string[] = [];
    while (i + 1 < lines.length && !(lines[i + 1] as string).endsWith(":")) {
      items.push((lines[i + 1] as string).replace(/[.;]$/, ""));
      i++;
    }
    units.push(...listUnits(line, items));
  }
  return units;
}
