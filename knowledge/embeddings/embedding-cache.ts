import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * Vectors by (model, sha256 of the embedded text), in SQLite beside the index, so that re-ingesting an
 * unchanged passage, or building the index again after a crash, never embeds it twice.
 */
export class EmbeddingCache {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string, string], { vector: Buffer }>;
  private readonly putStmt: Database.Statement<[string, string, Buffer]>;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.exec(
      "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, hash))",
    );
    this.getStmt = this.db.prepare("SELECT vector FROM vectors WHERE model = ? AND hash = ?");
    this.putStmt = this.db.prepare("INSERT OR REPLACE INTO vectors (model, hash, vector) VALUES (?, ?, ?)");
  }

  get(model: string, text: string): number[] | undefined {
    const row = this.getStmt.get(model, textHash(text));
    if (!row) return undefined;
    return Array.from(new Float32Array(row.vector.buffer, row.vector.byteOffset, row.vector.byteLength / 4));
  }

  putMany(model: string, entries: { text: string; vector: number[] }[]): void {
    const insert = this.db.transaction(() => {
      for (const { text, vector } of entries) {
        this.putStmt.run(model, textHash(text), Buffer.from(new Float32Array(vector).buffer));
      }
    });
    insert();
  }

  close(): void {
    this.db.close();
  }
}

/** sha256 hex of a text; also the chunk id, so the cache and the index agree on identity. */
export function textHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
