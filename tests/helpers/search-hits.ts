import type { KnowledgeIndex } from "../../knowledge/knowledge-index.ts";
import { Glossary } from "../../knowledge/retrieval/glossary.ts";
import { Retriever } from "../../knowledge/retrieval/retriever.ts";
import type { SearchHit } from "../../knowledge/types.ts";

/** The passages retrieval finds in one loaded index, with no glossary: for tests of what an index holds. */
export async function searchHits(
  index: KnowledgeIndex,
  question: string,
  options: { limit?: number; area?: string } = {},
): Promise<SearchHit[]> {
  const evidence = await new Retriever({ index: { current: index }, glossary: new Glossary([]) }).retrieve(
    question,
    options,
  );
  return evidence.hits;
}
