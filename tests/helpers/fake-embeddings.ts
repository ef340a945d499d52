import { createHash } from "node:crypto";
import type { NamedEmbeddings } from "../../knowledge/embeddings/create-embeddings.ts";

/** How many dimensions the fake vectors have. */
export const FAKE_DIMENSIONS = 16;

/** A deterministic unit vector from a hash of the text: equal texts get equal vectors, no model needed. */
export function vectorOf(text: string): number[] {
  const bytes = createHash("sha256").update(text).digest();
  const vector = Array.from({ length: FAKE_DIMENSIONS }, (_, i) => (bytes[i] ?? 0) / 255 - 0.5);
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => x / norm);
}

/**
 * Embeddings for tests: hash vectors with no model and no network. Records what it embeds and can fail
 * on cue, as a remote service might part-way through a build.
 */
export class FakeEmbeddings implements NamedEmbeddings {
  /** The texts of each embedDocuments call. */
  readonly calls: string[][] = [];

  constructor(
    readonly modelId = "fake/hash-16",
    /** The embedDocuments call (1-based) that throws. */
    private readonly failOnCall?: number,
  ) {}

  /** Every text embedded so far, in order. */
  get embedded(): string[] {
    return this.calls.flat();
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls.push(texts);
    if (this.calls.length === this.failOnCall) throw new Error("embedding service unavailable");
    return texts.map(vectorOf);
  }

  async embedQuery(text: string): Promise<number[]> {
    return vectorOf(text);
  }
}
