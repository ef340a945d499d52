/**
 * One embedding worker thread: its own copy of the local model, embedding one batch of passages per task.
 * The model loads on the first task, as it does in the ingest's own thread.
 */
import { LocalEmbeddings } from "./local-embeddings.ts";

const embeddings = new LocalEmbeddings();

export default function embed(texts: string[]): Promise<number[][]> {
  return embeddings.embedDocuments(texts);
}
