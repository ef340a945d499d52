import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loaderFor } from "../../ingest/loaders/index.ts";
import { DefinitionIndex, type DefinitionRecord } from "../../knowledge/definitions.ts";
import { currentGeneration, readChunks, readDefinitions } from "../../knowledge/index-store.ts";
import type { ChunkRecord } from "../../knowledge/types.ts";
import {
  SHARED_CORPUS,
  SHARED_CORPUS_INDEX,
  SHARED_CORPUS_MISSING,
  sharedCorpusAvailable,
} from "../helpers/test-paths.ts";

const available = sharedCorpusAvailable();
if (!available) console.log(SHARED_CORPUS_MISSING);

const DUDLEY = "dudley-health-wellbeing-board-2013-09-26.pdf";
const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

describe.skipIf(!available)("definitions in the shared-corpus index", () => {
  let definitions: DefinitionRecord[] = [];
  let chunks: ChunkRecord[] = [];
  /** Each document's block texts and headings: every definition must be a verbatim piece of one. */
  const pieces = new Map<string, string[]>();

  beforeAll(async () => {
    const dir = currentGeneration(SHARED_CORPUS_INDEX);
    if (!dir) throw new Error(`no index at ${SHARED_CORPUS_INDEX}`);
    definitions = readDefinitions(dir);
    chunks = readChunks(dir);
    for (const name of new Set(definitions.map((d) => d.source))) {
      const loader = loaderFor(name);
      if (!loader) throw new Error(`no loader for ${name}`);
      const doc = await loader(new Uint8Array(fs.readFileSync(path.join(SHARED_CORPUS, name))), name);
      pieces.set(name, [
        ...doc.blocks.map((b) => b.text),
        ...new Set(doc.blocks.flatMap((b) => b.headingPath)),
      ]);
    }
    const counts = [...pieces.keys()].map(
      (name) => `${name}: ${definitions.filter((d) => d.source === name).length}`,
    );
    console.log(`Definitions in the shared-corpus index:\n  ${counts.join("\n  ")}`);
  }, 180_000);

  it("quotes every definition verbatim from one block or heading of its document", () => {
    expect(definitions.length).toBeGreaterThan(100);
    for (const d of definitions) {
      expect(
        pieces.get(d.source)?.some((piece) => piece.includes(d.text)),
        `${d.source}: ${d.text}`,
      ).toBe(true);
      expect(d.text).toContain(d.expansion);
      if (d.explanation) expect(d.text).toContain(d.explanation);
    }
  });

  it("links a definition only to a passage of its own document that holds it", () => {
    const byId = new Map(chunks.map((c) => [c.id, c]));
    const linked = definitions.filter((d) => d.chunkId);
    expect(linked.length).toBeGreaterThan(0.8 * definitions.length);
    for (const d of linked) {
      const chunk = byId.get(d.chunkId ?? "");
      expect(chunk?.source).toBe(d.source);
      const passage = collapse(chunk?.text ?? "");
      const head = d.text.slice(0, d.text.indexOf(d.expansion) + d.expansion.length);
      const holds =
        passage.includes(collapse(d.text)) ||
        passage.includes(collapse(head)) ||
        (chunk?.headingPath ?? []).some((h) => h.includes(d.text));
      expect(holds, d.text).toBe(true);
    }
  });

  it("reads the Dudley jargon buster entry by entry, with its page", () => {
    const jargon = definitions.filter((d) => d.source === DUDLEY && d.kind === "glossary" && d.page === 109);
    expect(jargon.map((d) => d.term)).toEqual(
      expect.arrayContaining([
        "CAF",
        "CDOP",
        "CIN",
        "CSE",
        "LADO",
        "MARAC",
        "SCR",
        "Section 47",
        "TAC",
        "YPSE Panel",
      ]),
    );
    const index = new DefinitionIndex(definitions);
    expect(index.lookup("lado")).toMatchObject({
      source: DUDLEY,
      page: 109,
      expansion: "Local Authority Designated Officer",
      explanation:
        "the role provides advice, guidance and management of allegations against people who work with children",
    });
    expect(index.lookup("child sexual exploitation")).toMatchObject({ term: "CSE", page: 109 });
  });

  it("gives no definition the words before a bracket do not support", () => {
    const expansions = definitions.map((d) => `${d.term} = ${d.expansion}`);
    expect(expansions).not.toContain("CQC = Treatment & Assessment Centres");
    expect(expansions).not.toContain("ADHD = and hyperactivity disorder");
    expect(expansions.filter((e) => e.startsWith("ADHD = "))).toEqual([
      "ADHD = attention deficit and hyperactivity disorder",
    ]);
  });
});
