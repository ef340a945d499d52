import type { SearchHit } from "../../../knowledge/types.ts";
import type { Citation } from "../types.ts";

/** The citation for a retrieved passage, numbered from 1 in rank order. */
export function toCitation(hit: SearchHit, n: number, url?: string): Citation {
  const { chunk } = hit;
  return {
    n,
    source: chunk.source,
    title: chunk.title,
    ...(chunk.headingPath.length > 0 ? { section: chunk.headingPath.join(" > ") } : {}),
    ...(chunk.pages ? { page: chunk.pages[0] } : {}),
    ...(chunk.date ? { date: chunk.date } : {}),
    text: chunk.text,
    score: Math.round(hit.score * 10000) / 10000,
    ...(url ? { url } : {}),
  };
}
