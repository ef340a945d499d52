import { analysePassage, type PassageTerms } from "../../knowledge/retrieval/passage-terms.ts";
import type { ChunkRecord } from "../../knowledge/types.ts";

/** A passage's terms as the index stores them, analysed in memory: for tests that build candidates by hand. */
export function termsOf(chunk: ChunkRecord): PassageTerms {
  const { sequence, headingStart, headingEnd } = analysePassage(chunk);
  const pairs = new Set(sequence.slice(1).map((t, i) => `${sequence[i]} ${t}`));
  return {
    present: new Set(sequence),
    heading: new Set(sequence.slice(headingStart, headingEnd)),
    adjacent: (first, second) => pairs.has(`${first} ${second}`),
  };
}
