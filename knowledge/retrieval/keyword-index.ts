import MiniSearch, { type Options } from "minisearch";
import type { ChunkRecord } from "../types.ts";
import { fileNameWords, term, terms, words } from "./text-analysis.ts";

interface KeywordDoc {
  id: number;
  title: string;
  section: string;
  text: string;
}

/**
 * BM25 over title, section heading and passage. MiniSearch was chosen over a hand-written BM25 because it
 * is small, maintained, serialises to JSON and lets fields and terms carry their own weight.
 */
const OPTIONS: Options<KeywordDoc> = {
  fields: ["title", "section", "text"],
  tokenize: (text) => words(text),
  processTerm: (word) => term(word) ?? null,
  searchOptions: {
    // A heading that names the topic is strong evidence the passage is about it; a title less so,
    // because every passage of a long document shares it.
    boost: { section: 1.6, title: 0.6 },
    combineWith: "OR",
  },
};

/**
 * A word in more passages than this takes longer to score than a question may wait, and in a library
 * large enough to have such words it says almost nothing about which passage answers.
 */
const MAX_POSTINGS = 5000;

/** Fewer distinctive words than this and the rarest ones are used instead. */
const MIN_QUERY_WORDS = 2;

interface Serialised {
  search: unknown;
  documentFrequency: Record<string, number>;
  documents: number;
}

export class KeywordIndex {
  private constructor(
    private readonly search: MiniSearch<KeywordDoc>,
    /** Passages containing each term: the answer composer weighs rare words above common ones with it. */
    private readonly df: Map<string, number>,
    readonly documents: number,
  ) {}

  /** Indexes chunks by their position in the chunk list, which is also their id here. */
  static build(chunks: ChunkRecord[]): KeywordIndex {
    const search = new MiniSearch<KeywordDoc>(OPTIONS);
    const df = new Map<string, number>();
    const docs = chunks.map((c, id) => {
      const doc = {
        id,
        title: `${c.title} ${fileNameWords(c.source)}`,
        section: c.headingPath.join(" "),
        text: c.text,
      };
      for (const t of new Set(terms(`${doc.section} ${doc.text}`))) df.set(t, (df.get(t) ?? 0) + 1);
      return doc;
    });
    search.addAll(docs);
    return new KeywordIndex(search, df, chunks.length);
  }

  static fromJSON(json: string): KeywordIndex {
    const data = JSON.parse(json) as Serialised;
    return new KeywordIndex(
      MiniSearch.loadJS(data.search as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS),
      new Map(Object.entries(data.documentFrequency)),
      data.documents,
    );
  }

  toJSON(): string {
    const data: Serialised = {
      search: this.search.toJSON(),
      documentFrequency: Object.fromEntries(this.df),
      documents: this.documents,
    };
    return JSON.stringify(data);
  }

  /** Inverse document frequency of a term (BM25 form, never negative): rare terms weigh more. */
  idf(t: string): number {
    const n = this.df.get(t) ?? 0;
    return Math.log(1 + (this.documents - n + 0.5) / (n + 0.5));
  }

  /** Whether any passage contains this term. */
  has(t: string): boolean {
    return this.df.has(t);
  }

  /**
   * The library's term nearest in spelling to a word it does not contain ("guidence" → guidance), or
   * undefined when nothing is near: the most frequent term within `distance` edits that starts with the
   * same letter (typing slips rarely hit the first letter; other words that are near often differ there).
   */
  nearestTerm(word: string, distance: number): string | undefined {
    const first = word[0]?.toLowerCase();
    let best: string | undefined;
    let bestCount = 0;
    for (const result of this.search.search(word, { fuzzy: distance, prefix: false })) {
      for (const t of result.terms) {
        const count = this.df.get(t) ?? 0;
        if (t[0] === first && count > bestCount) {
          best = t;
          bestCount = count;
        }
      }
    }
    return best;
  }

  /**
   * Chunk positions, best first, with BM25 scores. `own` and `expansions` are terms (already analysed and
   * spelling-corrected); expansions weigh `expansionWeight`. Terms found in more passages than can be
   * scored in time are left out: they add almost nothing to the ranking, but scoring them means visiting
   * much of the library, which is what made queries slow at 100,000 passages.
   */
  query(
    own: string[],
    expansions: string[],
    limit: number,
    expansionWeight: number,
  ): { id: number; score: number }[] {
    const ownSet = new Set(own);
    const expansionSet = new Set(expansions.filter((t) => !ownSet.has(t)));
    const frequency = (t: string) => this.df.get(t) ?? 0;
    const all = [...own, ...expansionSet];
    let chosen = all.filter((t) => frequency(t) <= MAX_POSTINGS);
    // A question made only of common words is still searched by its rarest few, never by all of them.
    if (chosen.length < MIN_QUERY_WORDS) {
      chosen = [...new Set(all)].sort((a, b) => frequency(a) - frequency(b)).slice(0, MIN_QUERY_WORDS);
    }
    if (chosen.length === 0) return [];
    const results = this.search.search(
      { queries: chosen, combineWith: "OR" },
      {
        // The terms are analysed already: analysing a stem again can change it.
        tokenize: (t) => [t],
        processTerm: (t) => t,
        boostTerm: (t) => (expansionSet.has(t) ? expansionWeight : 1),
      },
    );
    return results.slice(0, limit).map((r) => ({ id: r.id as number, score: r.score }));
  }
}
