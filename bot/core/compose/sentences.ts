/**
 * Sentence splitting for quoting. Guidance text is full of abbreviations ("e.g.", "para. 4", "No. 3"),
 * numbered lists and table rows, so a sentence ends at . ! ? followed by a capital, a digit or a bracket,
 * and never after a known abbreviation or a single capital initial.
 */
const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|no|para|paras|fig|ref|approx|dr|mr|mrs|ms|st|cf|al|inc|ltd|dept|govt)|\b[A-Z])\.$/i;

/** Splits a passage into sentences; each line (table row, list item) is at least its own sentence. */
export function splitSentences(passage: string): string[] {
  const sentences: string[] = [];
  for (const line of passage.split(/\n+/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    let start = 0;
    const boundary = /[.!?]["')\]]?\s+(?=["'(\[]?[A-Z0-9•])/g;
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
