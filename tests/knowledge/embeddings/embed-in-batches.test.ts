import { describe, expect, it } from "vitest";
import { embeddingQueue } from "../../../knowledge/embeddings/embed-in-batches.ts";
import { LOCAL_EMBEDDING_BATCH } from "../../../knowledge/embeddings/embedding-pool-settings.ts";
import { LOCAL_EMBEDDING_MODEL } from "../../../knowledge/embeddings/local-embeddings.ts";
import { readLocalVocabulary, SentencePieceTokenizer } from "../../../knowledge/embeddings/sentence-piece.ts";
import { FakeEmbeddings, vectorOf } from "../../helpers/fake-embeddings.ts";

const tokens = new SentencePieceTokenizer(readLocalVocabulary());

/** Texts of 1 to `count` words, shuffled, so reading order and length order differ. */
function textsOfMixedLength(count: number): string[] {
  const texts = Array.from({ length: count }, (_, i) =>
    Array.from({ length: i + 1 }, (_, j) => `word${(i * 7 + j) % 13}`).join(" "),
  );
  return texts.map((_, i) => texts[(i * 17) % count] ?? "");
}

/** In-thread (workers: 1), with the local model's id so the queue batches as it does for that model. */
function localQueue() {
  const embeddings = new FakeEmbeddings(LOCAL_EMBEDDING_MODEL);
  const batches: number[][] = [];
  const vectors = new Map<number, number[]>();
  const queue = embeddingQueue(embeddings, {
    workers: 1,
    onBatch: (positions, fresh) => {
      batches.push(positions);
      for (const [j, p] of positions.entries()) vectors.set(p, fresh[j] ?? []);
    },
  });
  return { embeddings, queue, batches, vectors };
}

describe("embeddingQueue", () => {
  it("embeds every queued text once and reports its vector at its position across several adds", async () => {
    const first = textsOfMixedLength(40);
    const second = textsOfMixedLength(9).map((t) => `${t} more`);
    const { queue, batches, vectors } = localQueue();
    queue.add(first);
    queue.add(second);
    expect(await queue.finish()).toBe(0);
    const all = [...first, ...second];
    expect(batches.flat().sort((a, b) => a - b)).toEqual(all.map((_, i) => i));
    for (const [i, text] of all.entries()) expect(vectors.get(i)).toEqual(vectorOf(text));
  });

  it("batches the local model's passages longest first, in full batches but the last", async () => {
    const texts = textsOfMixedLength(50);
    const { queue, batches } = localQueue();
    queue.add(texts);
    await queue.finish();
    expect(batches.map((b) => b.length)).toEqual([16, 16, 16, 2]);
    const lengths = batches.flat().map((p) => tokens.encode(texts[p] ?? "").length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
    // Reading order would not have been length order: the sort did something.
    expect(batches.flat()).not.toEqual(texts.map((_, i) => i));
  });

  it("keeps a remote backend's texts in the order queued", async () => {
    const embeddings = new FakeEmbeddings("openai/text-embedding-3-small");
    const positions: number[] = [];
    const queue = embeddingQueue(embeddings, {
      workers: 2,
      onBatch: (batch) => positions.push(...batch),
    });
    const texts = textsOfMixedLength(3 * LOCAL_EMBEDDING_BATCH);
    queue.add(texts);
    await queue.finish();
    expect(positions).toEqual(texts.map((_, i) => i));
    expect(embeddings.embedded).toEqual(texts);
  });

  it("throws what the backend threw, from finish", async () => {
    const queue = embeddingQueue(new FakeEmbeddings(LOCAL_EMBEDDING_MODEL, 1), {
      workers: 1,
      onBatch: () => {},
    });
    queue.add(["a passage", "another passage"]);
    await expect(queue.finish()).rejects.toThrow("embedding service unavailable");
  });
});
