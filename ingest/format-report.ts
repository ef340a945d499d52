import type { IngestReport } from "./types.ts";

/** The ingest report as a person reads it: counts first, then what needs attention. */
export function formatIngestReport(report: IngestReport): string {
  const lines = [
    `Ingest ${report.indexBuilt ? "complete" : "failed"} in ${report.seconds.toFixed(1)} s`,
    `  files: ${report.added.length} added, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ${report.removed.length} removed, ${report.failed.length} failed`,
    `  passages: ${report.chunks} in the index, ${report.embedded} embedded now${report.embedWorkers ? ` (${report.embedWorkers} workers)` : ""}`,
  ];
  if (report.failed.length > 0) {
    lines.push("  could not ingest:");
    for (const f of report.failed) lines.push(`    ${f.file}: ${f.reason}`);
  }
  if (report.removed.length > 0) lines.push(`  removed: ${report.removed.join(", ")}`);
  if (report.skipped.length > 0) {
    lines.push("  not read:");
    for (const f of report.skipped) lines.push(`    ${f.file}: ${f.reason}`);
  }
  return lines.join("\n");
}
