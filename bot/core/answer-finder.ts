import type { Retriever } from "../../knowledge/retrieval/retriever.ts";
import type { FileEntry } from "../../knowledge/types.ts";
import { toCitation } from "./compose/citation.ts";
import { type ClosestQuote, closestQuotes, composeExtractive } from "./compose/extractive.ts";
import { withoutTags } from "./safety/redact.ts";
import type { ExampleAssessment, RiskExampleClassifier } from "./safety/risk-examples.ts";
import type { Citation, Outcome } from "./types.ts";

/** Passages shown, and quoted, under "related" when none answers directly. */
export const RELATED_PASSAGES = 3;

/**
 * What the CPU-heavy part of answering finds for a redacted question: the embedding shared by the risk
 * example check and the search, retrieval with rerank, and the extractive answer. Plain data only, so a
 * worker thread can send it back to the thread that audits, renders and writes.
 */
export interface AnswerFindings {
  /** The labelled-example check's reading of the question; null when the examples do not point to risk. */
  similarRisk: ExampleAssessment | null;
  outcome: Outcome;
  /** Probability (0..1) that the top passages answer the question. */
  confidence: number;
  /** The retrieved passages as citations, best first, numbered from 1. */
  citations: Citation[];
  /** The chunk ids of those passages, in the same order, for the audit trail. */
  chunkIds: string[];
  /** With outcome "answered": the quoted sentences and the citations in the order the answer quotes them. */
  extractive?: { text: string; citations: Citation[] };
  /**
   * Unless the outcome is "none": what the first RELATED_PASSAGES passages say, for the reply that none
   * answers directly. Found with an answered outcome too, since a language model may still say the
   * passages do not answer.
   */
  closest?: ClosestQuote[];
  /** The index entries of the documents those passages come from, for links and currency warnings. */
  files: Record<string, FileEntry>;
}

export interface FindOptions {
  /** The asker's area, to prefer its own documents. */
  area?: string | undefined;
  /** Passages retrieved and cited. */
  limit: number;
}

/** The seam between the core and where its CPU work runs: in this thread or in a pool of workers. */
export interface AnswerFinder {
  find(question: string, options: FindOptions): Promise<AnswerFindings>;
}

/** Finds answers in the calling thread: the CLI and evaluation, each answer worker, and tests. */
export function createLocalFinder(deps: {
  retriever: Retriever;
  riskExamples: RiskExampleClassifier;
}): AnswerFinder {
  const { retriever, riskExamples } = deps;
  return {
    async find(question, options) {
      // The search text (chat left out) is embedded once: the risk example check and the dense search share it.
      const searchText = retriever.searchTextOf(withoutTags(question));
      const vector = await retriever.embed(searchText);
      const similarRisk = await riskExamples.classify(searchText, vector);
      const evidence = await retriever.retrieve(withoutTags(question), {
        ...(options.area ? { area: options.area } : {}),
        limit: options.limit,
        vector,
      });
      const { files } = evidence.index.manifest;
      const citations = evidence.hits.map((hit, i) => toCitation(hit, i + 1, files[hit.chunk.source]?.url));
      const cited: Record<string, FileEntry> = {};
      for (const { source } of citations) {
        const entry = files[source];
        if (entry) cited[source] = entry;
      }
      return {
        similarRisk,
        outcome: evidence.outcome,
        confidence: evidence.confidence,
        citations,
        chunkIds: evidence.hits.map((hit) => hit.chunk.id),
        ...(evidence.outcome === "answered"
          ? {
              extractive: composeExtractive(
                evidence.terms,
                citations,
                evidence.definition,
                evidence.asksFigure,
              ),
            }
          : {}),
        ...(evidence.outcome !== "none"
          ? {
              closest: closestQuotes(
                evidence.terms,
                citations.slice(0, RELATED_PASSAGES),
                evidence.asksFigure,
              ),
            }
          : {}),
        files: cited,
      };
    },
  };
}
