import type { FileEntry } from "../../knowledge/types.ts";

/** The line every answer ends with, on every surface. */
export const DISCLAIMER =
  "This assistant supports, and does not replace, your professional judgement and local safeguarding procedures.";

/**
 * Why a document may no longer be current: past its catalog review date, older than the configured age,
 * or undated. Undefined when it is in date.
 */
export function stalenessOf(entry: FileEntry, now: Date, staleAfterYears: number): string | undefined {
  const today = now.toISOString().slice(0, 10);
  if (entry.reviewDate && entry.reviewDate < today) return `was due for review on ${entry.reviewDate}`;
  if (!entry.date) return "has no date";
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - staleAfterYears);
  // A year-only or month-only date counts from its last day, so "2024" is not old before 2027 ends.
  const dated = endOf(entry.date);
  if (dated < cutoff.toISOString().slice(0, 10)) {
    return `is dated ${entry.date}, more than ${staleAfterYears} years ago`;
  }
  return undefined;
}

/**
 * One warning per cited document that may be out of date, naming it and saying what to check. Documents
 * are told apart by their manifest entry, not their title: two areas' copies of "Safeguarding policy" may differ in
 * date, and the in-date one must not hide the other. Identical warnings are given once.
 */
export function currencyWarnings(
  cited: { title: string; entry: FileEntry }[],
  now: Date,
  staleAfterYears: number,
): string[] {
  const seen = new Set<FileEntry>();
  const warnings = new Set<string>();
  for (const { title, entry } of cited) {
    if (seen.has(entry)) continue;
    seen.add(entry);
    const why = stalenessOf(entry, now, staleAfterYears);
    if (why) {
      const dated = entry.date && !why.includes(entry.date) ? ` (dated ${entry.date})` : "";
      const note = entry.note ? ` ${entry.note}` : "";
      warnings.add(
        `“${title}”${dated} ${why}: its advice may have changed, so check current national and local guidance before relying on it.${note}`,
      );
    }
  }
  return [...warnings];
}

function endOf(date: string): string {
  if (/^\d{4}$/.test(date)) return `${date}-12-31`;
  if (/^\d{4}-\d{2}$/.test(date)) return `${date}-31`;
  return date;
}
