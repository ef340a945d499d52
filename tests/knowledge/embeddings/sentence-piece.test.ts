import fs from "node:fs";
import path from "node:path";
import { EmbeddingsModel } from "@energetic-ai/embeddings";
import { describe, expect, it } from "vitest";
import { readLocalVocabulary, SentencePieceTokenizer } from "../../../knowledge/embeddings/sentence-piece.ts";
import { SAMPLE_LIBRARY } from "../../helpers/test-paths.ts";

const vocabulary = readLocalVocabulary();
const ours = new SentencePieceTokenizer(vocabulary);
// The library's own tokenizer, without loading the model it would run for: only the constructor's
// vocabulary is used.
const library = new EmbeddingsModel({ vocabulary, model: undefined as never }).tokenizer;

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe("SentencePieceTokenizer", () => {
  it("gives the library's token ids for every paragraph of the sample library", () => {
    const paragraphs = fs
      .readdirSync(SAMPLE_LIBRARY)
      .filter((name) => name.endsWith(".md"))
      .flatMap((name) => fs.readFileSync(path.join(SAMPLE_LIBRARY, name), "utf8").split("\n\n"));
    expect(paragraphs.length).toBeGreaterThan(30);
    for (const text of paragraphs) expect(ours.encode(text)).toEqual(library.encode(text));
  });

  it.each([
    ["empty", ""],
    ["spaces only", "   "],
    ["tabs and new lines", "Section 4\tcontacts\n\nCall the front door\r\n"],
    ["digits and punctuation runs", "Tel. 0121 496 0000 — ext. 12,345; (24/7)!!! ... ###"],
    ["unknown symbols in a run", "☎☎☎ ⚠️ ✓✓ ∑∫"],
    ["characters outside the BMP", "Baby 👶🏽 asleep 🛏️ on 𝕭𝖊𝖉 𝟙𝟚𝟛"],
    ["NFKC folding", "ﬁrst ＦＵＬＬ ｗｉｄｔｈ ① ㎏ ﬀ"],
    ["combining marks", "café naïve Zoë e\u0301"],
    ["other scripts", "Здравствуйте 你好 مرحبا שלום"],
  ])("gives the library's token ids: %s", (_, text) => {
    expect(ours.encode(text)).toEqual(library.encode(text));
  });

  it("gives the library's token ids for random mixed text", () => {
    const next = random(20261202);
    const alphabet = [..."abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 .,;:!?'\"()-–—/\n\téüß€£👶☎ﬁ"];
    for (let n = 0; n < 300; n++) {
      const length = Math.floor(next() * 120);
      const text = Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
      expect(ours.encode(text)).toEqual(library.encode(text));
    }
  });

  it("gives more tokens for a longer text and ids inside the vocabulary", () => {
    const short = ours.encode("Safer sleep for babies.");
    const long = ours.encode(
      "Safer sleep for babies: on their back, in their own cot, in the parents' room.",
    );
    expect(long.length).toBeGreaterThan(short.length);
    expect(short.every((id) => id >= 0 && id < vocabulary.length)).toBe(true);
  });
});
