import type { IngestReport, SourceInfo } from "../core/types.ts";

/** The indexed documents as read on a terminal: one line each, with a note on those that may be out of date. */
export function formatSources(sources: SourceInfo[]): string {
  if (sources.length === 0)
    return "No documents are indexed yet. Add guidance to the library and run npm run ingest.";
  const stale = sources.filter((s) => s.stale).length;
  return [
    `${sources.length} indexed ${sources.length === 1 ? "document" : "documents"}${stale > 0 ? ` (${stale} may be out of date)` : ""}:`,
    ...sources.map((s) => {
      const details = [s.date ?? "undated", `${s.chunks} ${s.chunks === 1 ? "passage" : "passages"}`, s.area];
      const line = `  ${s.title} (${s.source}): ${details.filter(Boolean).join(", ")}`;
      return s.stale ? `${line}\n    Note: ${s.stale}` : line;
    }),
  ].join("\n");
}

/** What a reindex did, in one line, then the files that failed. */
export function formatReindex(report: IngestReport): string {
  const summary =
    `${report.indexBuilt ? "Reindex finished" : "Reindex failed"} in ${report.seconds.toFixed(1)} s: ` +
    `${report.added.length} added, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ` +
    `${report.removed.length} removed, ${report.failed.length} failed; ${report.chunks} passages in the index.`;
  return [summary, ...report.failed.map((f) => `  Could not read ${f.file}: ${f.reason}`)].join("\n");
}
