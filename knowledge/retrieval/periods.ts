import { normalisePeriods } from "./query-text.ts";

/**
 * The years a text names: "2015", and both years of a period ("2012/13", "2012-13", "12/13" once
 * normalised). Ages, counts and page numbers are not years: only 1990–2039 are read.
 */
export function yearsNamed(text: string): Set<number> {
  const years = new Set<number>();
  const normal = normalisePeriods(text);
  for (const m of normal.matchAll(/\b(19[9]\d|20[0-3]\d)\/(\d{2})\b/g)) {
    const first = Number(m[1]);
    years.add(first);
    years.add(first + 1);
  }
  for (const m of normal.matchAll(/\b(?:19[9]\d|20[0-3]\d)\b/g)) years.add(Number(m[0]));
  return years;
}

/**
 * Whether a passage can answer a question about the years the question names: a question about "2015" or
 * "2014-15" is not answered by figures for 2012/13, however well the words match. True when the question
 * names no year, or when the passage (with its section and document title) names one of them.
 */
export function coversYearsAsked(asked: Set<number>, passageContext: string): boolean {
  if (asked.size === 0) return true;
  const named = yearsNamed(passageContext);
  for (const year of asked) if (named.has(year)) return true;
  return false;
}
