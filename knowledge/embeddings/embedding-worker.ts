/**
 * One embedding worker thread: its own copy of the local model, embedding one batch of passages per task.
 */
import { LocalEmbeddings } from "./local-embeddings.ts";

const embeddings = new LocalEmbeddings();
// Loaded as the thread starts (piscina imports this module then), while the ingest still reads files; a
// failure is reported by the first task, which awaits the same load.
embeddings.load().catch(() => undefined);

export default function embed(texts: string[]): Promise<number[][]> {
  return embeddings.embedDocuments(texts);
}
