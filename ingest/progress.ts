import { createRequire } from "node:module";
import type { IngestPhase, IngestProgress } from "./pipeline.ts";

const LABELS: Record<IngestPhase, string> = {
  read: "Reading files",
  embed: "Embedding passages",
  write: "Writing index",
};

/**
 * Progress for a person at a terminal (a bar per phase, via cli-progress) or for a log (one plain line
 * per phase change and every tenth of the way). Goes to stderr so stdout stays the report.
 */
export function createProgressReporter(interactive: boolean): {
  update: (p: IngestProgress) => void;
  stop: () => void;
} {
  let phase: IngestPhase | undefined;
  if (interactive) {
    // Required only at a terminal: a log, or `--json`, never draws a bar.
    const cliProgress = createRequire(import.meta.url)("cli-progress") as typeof import("cli-progress");
    const bar = new cliProgress.SingleBar(
      { format: "{label} [{bar}] {value}/{total} {file}", hideCursor: true, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let running = false;
    return {
      update: (p) => {
        if (p.phase !== phase) {
          if (running) bar.stop();
          phase = p.phase;
          bar.start(p.total, p.done, { label: LABELS[p.phase].padEnd(19), file: "" });
          running = true;
        }
        bar.setTotal(p.total);
        bar.update(p.done, { file: p.file ?? "" });
      },
      stop: () => {
        if (running) bar.stop();
      },
    };
  }
  let lastTenth = -1;
  return {
    update: (p) => {
      const tenth = p.total === 0 ? 10 : Math.floor((p.done / p.total) * 10);
      if (p.phase === phase && tenth === lastTenth) return;
      phase = p.phase;
      lastTenth = tenth;
      process.stderr.write(`${LABELS[p.phase]}: ${p.done}/${p.total}\n`);
    },
    stop: () => {},
  };
}
