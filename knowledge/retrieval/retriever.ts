import type { KnowledgeIndex } from "../knowledge-index.ts";
import type { SearchHit } from "../types.ts";
import {
  type AnswerabilitySignals,
  answerabilitySignals,
  answerProbability,
  type Outcome,
  outcomeFor,
} from "./answerability.ts";
import { isEnglishWord, isEverydayWord } from "./english-words.ts";
import { asksForContact, type PlaceLookup, placesNamed } from "./focus.ts";
import type { Glossary } from "./glossary.ts";
import { yearsNamed } from "./periods.ts";
import { asksForPersonName } from "./person-names.ts";
import { termPairs, type WeightedTerm, weighTerms } from "./query-terms.ts";
import {
  asksForFigure,
  CHAT_WORDS,
  normalisePeriods,
  possibleDefinedTerms,
  withoutPreamble,
} from "./query-text.ts";
import { type Candidate, rerank } from "./rerank.ts";
import { term, terms, words } from "./text-analysis.ts";
import { RETRIEVAL_TUNING, type RetrievalTuning } from "./tuning.ts";

/** A definition the library itself gives for a term, as the composer quotes it. */
export interface DefinitionHit {
  term: string;
  /** The definition in the document's own words. */
  text: string;
  /** The passage that holds the definition, when known. */
  chunkId?: string;
}

export interface RetrieveOptions {
  /** The asker's area, to prefer its own documents. */
  area?: string;
  /** Passages returned. */
  limit?: number;
  /** The question's embedding when the caller already has it (it embeds the search text once per ask). */
  vector?: number[];
}

/** What retrieval found and how sure it is that the guidance answers. */
export interface Evidence {
  /** The generation searched: citations must name its documents. */
  index: KnowledgeIndex;
  /** The text searched: the question without chat, periods normalised. */
  searchText: string;
  /** Passages best first. */
  hits: SearchHit[];
  /** The question's weighted terms (spelling corrected, glossary expansions marked). */
  terms: WeightedTerm[];
  outcome: Outcome;
  /** Probability (0..1) that the top passages answer the question. */
  confidence: number;
  signals: AnswerabilitySignals;
  /** The library's own definition of the term a "what is X" question asks about. */
  definition?: DefinitionHit;
  /** The question asks for a figure (how many, what share): the composer prefers sentences with one. */
  asksFigure: boolean;
}

export interface RetrieverDependencies {
  /** The generation in service; read once per question, so a swap never splits one question's work. */
  index: { readonly current: KnowledgeIndex };
  glossary: Glossary;
  tuning?: RetrievalTuning;
  /**
   * A gazetteer of places, for the decision's check that a place the question names is in the passages
   * found (the redaction module's; knowledge does not depend on the bot). Without it no place is read.
   */
  places?: PlaceLookup;
}

/** Passages returned unless asked otherwise. */
const DEFAULT_LIMIT = 5;
/** Most BM25 can give one term in a passage (k1 + 1), for the strength signal's ceiling. */
const BM25_TERM_CEILING = 2.2;

/**
 * Retrieval, the one entry point: query understanding (chat left out, periods, spelling, glossary), both
 * retrievers, fusion, the second-stage rerank and the answerability decision, every number from one
 * tuning object.
 */
export class Retriever {
  readonly tuning: RetrievalTuning;

  constructor(private readonly deps: RetrieverDependencies) {
    this.tuning = deps.tuning ?? RETRIEVAL_TUNING;
  }

  /** The glossary's phrases: words of the guidance's own vocabulary. */
  glossaryPhrases(): string[] {
    return this.deps.glossary.phrases();
  }

  /** The generation in service now. */
  get index(): KnowledgeIndex {
    return this.deps.index.current;
  }

  /** The text the search reads for a question: what to embed once and share with the risk check. */
  searchTextOf(question: string): string {
    return normalisePeriods(withoutPreamble(question));
  }

  /** Embeds a search text with the index's model. */
  embed(searchText: string): Promise<number[]> {
    return this.deps.index.current.embed(searchText);
  }

  /** Finds the passages that answer a (redacted) question and decides whether they do. */
  async retrieve(question: string, options: RetrieveOptions = {}): Promise<Evidence> {
    const { tuning } = this;
    const index = this.deps.index.current;
    const searchText = this.searchTextOf(question);
    const limit = options.limit ?? DEFAULT_LIMIT;
    const lookupOptions = options.area ? { area: options.area } : {};
    // The question as typed too: "IRO?? what is that pls" keeps only "IRO??" as its search text.
    const record = dedupe([...possibleDefinedTerms(searchText), ...possibleDefinedTerms(question)])
      .map((t) => index.definitions.lookup(t, lookupOptions))
      .find((r) => r !== undefined);
    const definition: DefinitionHit | undefined = record && {
      term: record.term,
      text: record.text,
      ...(record.chunkId ? { chunkId: record.chunkId } : {}),
    };

    const { expansions } = this.deps.glossary.expand(searchText);
    const everyday = new Set<string>();
    const own = dedupe(this.libraryTerms(index, searchText, everyday));
    const expansionTerms = dedupe(expansions.flatMap((e) => terms(e)));
    // A term no passage contains cannot tell passages apart; how much of the question the library knows
    // at all is its own signal (`known`), read by the answerability decision.
    const weightOf = (t: string) =>
      index.keywords.has(t) ? index.termWeight(t) * (everyday.has(t) ? tuning.everydayFactor : 1) : 0;
    const weighted = weighTerms(own, expansionTerms, weightOf, tuning.expansionFactor);
    const known = own.length > 0 ? own.filter((t) => index.keywords.has(t)).length / own.length : 0;
    const empty: Evidence = {
      index,
      searchText,
      hits: [],
      terms: weighted,
      outcome: "none",
      confidence: 0,
      asksFigure: asksForFigure(searchText),
      signals: answerabilitySignals(weighted, [], tuning, 0, 0, false),
    };
    if (index.size === 0) return empty;

    const keywordHits = index.keywords.query(
      own,
      expansionTerms,
      tuning.candidates,
      tuning.keywordExpansionWeight,
    );
    // The passage holding the library's definition of the term asked about is a candidate however it ranked.
    const defining = definition?.chunkId ? index.positionOf(definition.chunkId) : undefined;
    const vector = index.hasVectors ? (options.vector ?? (await index.embed(searchText))) : undefined;
    // The rerank reads every candidate's cosine: the keyword hits' and the defining passage's come back
    // with the nearest passages, in one search.
    const dense = vector
      ? await index.dense(vector, tuning.candidates, [
          ...keywordHits.map((hit) => hit.id),
          ...(defining !== undefined ? [defining] : []),
        ])
      : undefined;
    const denseHits = dense?.neighbors ?? [];

    const fused = new Map<number, Omit<Candidate, "chunk" | "passageTerms" | "cosine">>();
    keywordHits.forEach((hit, rank) => {
      fused.set(hit.id, {
        fused: tuning.keywordWeight / (tuning.rrfK + rank + 1),
        keywordRank: rank + 1,
        keywordScore: hit.score,
      });
    });
    denseHits.forEach((id, rank) => {
      const entry = fused.get(id) ?? { fused: 0 };
      entry.fused += tuning.denseWeight / (tuning.rrfK + rank + 1);
      entry.denseRank = rank + 1;
      fused.set(id, entry);
    });
    if (defining !== undefined && !fused.has(defining)) fused.set(defining, { fused: 0 });
    const candidates: Candidate[] = [];
    for (const [id, entry] of fused) {
      candidates.push({
        chunk: index.passage(id),
        passageTerms: index.passageTerms(id),
        ...entry,
        cosine: dense?.cosine.get(id) ?? 0,
      });
    }
    if (candidates.length === 0) return empty;

    const ranked = rerank(weighted, termPairs(own), candidates, tuning, definition?.chunkId)
      .map((r) => ({ ...r, score: r.score * areaFactor(r.chunk.area, options.area, tuning) }))
      .sort((a, b) => b.score - a.score);
    const ceiling = weighted
      .filter((t) => !t.expansion)
      .reduce((sum, t) => sum + t.weight * BM25_TERM_CEILING, 0);
    const asks = {
      years: yearsNamed(searchText),
      contact: asksForContact(searchText),
      figure: asksForFigure(searchText),
      name: asksForPersonName(searchText),
      places: this.deps.places
        ? placesNamed(searchText, this.deps.places, (w) => isEverydayWord(w, tuning.everydayWords))
        : [],
    };
    const signals = answerabilitySignals(
      weighted,
      ranked,
      tuning,
      ceiling,
      known,
      definition !== undefined,
      asks,
    );
    const confidence = answerProbability(signals, tuning);
    const top = ranked.slice(0, limit);
    const outcome = outcomeFor(confidence, tuning);
    return {
      index,
      searchText,
      hits: top.map(({ chunk, score, keywordRank, denseRank }) => ({
        chunk,
        score,
        ...(keywordRank ? { keywordRank } : {}),
        ...(denseRank ? { denseRank } : {}),
      })),
      terms: weighted,
      // A question about 2015 is not answered by figures for 2012/13: the words match, the facts do not.
      // The fitted decision reads the same signal; this keeps it a rule whatever the weights.
      outcome: outcome === "answered" && signals.yearsMissing === 1 ? "related" : outcome,
      confidence,
      asksFigure: asks.figure,
      signals,
      ...(definition ? { definition } : {}),
    };
  }

  /**
   * The question's own terms in the library's words: chat spellings replaced by the standard word the
   * library uses ("kids" → children), and misspellings of library words corrected ("guidence" → guidance).
   * A real English word is never "corrected", and a correction keeps the word's first letter.
   */
  private libraryTerms(index: KnowledgeIndex, text: string, everyday: Set<string>): string[] {
    const { keywords } = index;
    const out: string[] = [];
    for (const raw of words(text)) {
      const word = raw.toLowerCase();
      const t = term(word);
      const standard = CHAT_WORDS[word];
      if (standard && (!t || !keywords.has(t))) {
        for (const w of standard.split(" ")) {
          const s = term(w);
          if (s) out.push(s);
        }
        continue;
      }
      if (!t) continue;
      if (isEverydayWord(word, this.tuning.everydayWords)) everyday.add(t);
      if (
        keywords.has(t) ||
        word.length < this.tuning.fuzzyMinLength ||
        /\d/.test(word) ||
        isEnglishWord(word)
      ) {
        out.push(t);
        continue;
      }
      const distance = word.length >= this.tuning.fuzzyLongLength ? 2 : 1;
      out.push(keywords.nearestTerm(word, distance) ?? t);
    }
    return out;
  }
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

function areaFactor(
  chunkArea: string | undefined,
  askerArea: string | undefined,
  tuning: RetrievalTuning,
): number {
  if (!chunkArea || !askerArea) return 1;
  return chunkArea === askerArea ? tuning.sameAreaBoost : tuning.otherAreaPenalty;
}
