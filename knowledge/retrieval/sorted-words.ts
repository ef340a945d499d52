/**
 * A read-only set of words held as one sorted string and the offsets of its words, searched by halving.
 * The name dataset's 197,000 words in a `Set` took 16 MB of every thread's heap (the server thread and each
 * answer worker hold one); as one string and one offset array they take about 3 MB, and a lookup costs
 * some 18 comparisons instead of a hash.
 */
export class SortedWords {
  private constructor(
    private readonly text: string,
    /** Where each word starts in `text`; one more entry than words, at the end of the text plus one. */
    private readonly starts: Uint32Array,
  ) {}

  /** The distinct words of a list, in any order. */
  static of(words: Iterable<string>): SortedWords {
    const sorted = [...new Set(words)].sort();
    const starts = new Uint32Array(sorted.length + 1);
    let at = 0;
    sorted.forEach((word, k) => {
      starts[k] = at;
      at += word.length + 1;
    });
    starts[sorted.length] = at;
    return new SortedWords(sorted.join("\n"), starts);
  }

  get size(): number {
    return this.starts.length - 1;
  }

  has(word: string): boolean {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const found = this.text.slice(this.starts[mid], (this.starts[mid + 1] as number) - 1);
      if (found === word) return true;
      // The same order as `sort()` above: UTF-16 code units.
      if (found < word) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }
}
