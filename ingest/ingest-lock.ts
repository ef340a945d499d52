import fs from "node:fs";
import path from "node:path";

const LOCK = ".ingest.lock";

/**
 * One ingest at a time per index folder. A lock left by a process that no longer exists (killed part-way)
 * is taken over, so a crash never blocks the next run.
 */
export function acquireIngestLock(indexDir: string): () => void {
  fs.mkdirSync(indexDir, { recursive: true });
  const file = path.join(indexDir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(file, "utf8"));
      if (isRunning(holder) && holder !== process.pid) {
        throw new Error(`Another ingest (process ${holder}) is building this index; wait for it to finish.`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the ingest lock ${file}.`);
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
