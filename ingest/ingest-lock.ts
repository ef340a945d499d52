import fs from "node:fs";
import path from "node:path";
import { CodedError, ErrorCode } from "../foundation/errors.ts";

const LOCK = ".ingest.lock";

/**
 * One ingest at a time for an index: resolves with the release function once the lock is held, rejects
 * with an IngestBusy CodedError when another ingest holds it. The store picks the implementation: this file lock for one machine, an
 * advisory lock in PostgreSQL for replicas that share INDEX_DIR.
 */
export type IngestLock = (indexDir: string) => Promise<() => Promise<void>>;

/** acquireIngestLock as an IngestLock. */
export const fileIngestLock: IngestLock = async (indexDir) => {
  const release = acquireIngestLock(indexDir);
  return async () => release();
};

/**
 * Lock files this process holds. The pid in a lock file cannot tell two ingests in one process apart (a
 * server reindexing twice at once), nor our own running ingest from a stale file whose pid was reused.
 */
const heldByThisProcess = new Set<string>();

/**
 * One ingest at a time per index folder, across processes and within this one. A lock left by a process
 * that no longer exists (killed part-way) is taken over, so a crash never blocks the next run. Returns the
 * function that releases the lock.
 */
export function acquireIngestLock(indexDir: string): () => void {
  fs.mkdirSync(indexDir, { recursive: true });
  // The real path, so one folder reached by two names is still one lock.
  const file = path.join(fs.realpathSync(indexDir), LOCK);
  if (heldByThisProcess.has(file)) {
    throw new CodedError(
      ErrorCode.IngestBusy,
      "Another ingest in this process is building this index; wait for it to finish.",
    );
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      heldByThisProcess.add(file);
      return () => {
        // Only once: a second call must not remove a lock another ingest has taken since.
        if (heldByThisProcess.delete(file)) fs.rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(file, "utf8"));
      // Our own pid in a lock we do not hold is a file from an earlier container whose pid was reused.
      if (isRunning(holder) && holder !== process.pid) {
        throw new CodedError(
          ErrorCode.IngestBusy,
          `Another ingest (process ${holder}) is building this index; wait for it to finish.`,
        );
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
