import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SKIP_REASONS } from "../../ingest/library-scan.ts";
import { type IngestProgress, ingestLibrary, NothingIngestedError } from "../../ingest/pipeline.ts";
import type { Loader } from "../../ingest/types.ts";
import type { NamedEmbeddings } from "../../knowledge/embeddings/create-embeddings.ts";
import { currentGeneration, readChunks, readManifest } from "../../knowledge/index-store.ts";
import { KnowledgeIndex } from "../../knowledge/knowledge-index.ts";
import { FakeEmbeddings } from "../helpers/fake-embeddings.ts";
import { searchHits } from "../helpers/search-hits.ts";

/** File names the loaders were asked to parse, to prove that unchanged files are not read again. */
const parsed = vi.hoisted(() => [] as string[]);

vi.mock("../../ingest/loaders/index.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../ingest/loaders/index.ts")>();
  return {
    ...original,
    loaderFor: (fileName: string): Loader | undefined => {
      const loader = original.loaderFor(fileName);
      if (!loader) return undefined;
      return (bytes, name) => {
        parsed.push(name);
        return loader(bytes, name);
      };
    },
  };
});

/**
 * A Markdown document with one passage per section, as long as each section's text is of a realistic
 * length (300-900 characters): the chunker joins runs of shorter sections into one passage.
 */
const markdown = (title: string, sections: Record<string, string>) =>
  [`# ${title}`, ...Object.entries(sections).map(([heading, text]) => `## ${heading}\n\n${text}`)].join(
    "\n\n",
  );

const SAFER_SLEEP = markdown("Safer sleep", {
  "Back to sleep":
    "Always place a baby on their back to sleep, in a clear cot in the parents' room. Do this for every sleep, " +
    "day and night, and keep the baby in the same room as the parents for at least the first six months. " +
    "Put the baby with their feet at the foot of the cot so they cannot wriggle down under the covers, and " +
    "keep pillows, bumpers and soft toys out of the cot.",
  "Room temperature":
    "Keep the room between 16 and 20 degrees and use a baby sleeping bag. Choose a bag that fits at the " +
    "neck and arms and has no hood, and do not put a hat on a baby indoors. Keep the cot away from radiators, " +
    "heaters and direct sunlight. If the baby's chest or the back of the neck feels hot or sweaty, take a " +
    "layer off; hands and feet often feel cool and are not a good guide.",
  Sofas:
    "Never fall asleep on a sofa or armchair with a baby. The risk of sudden infant death is far higher " +
    "there than in a cot. If a parent may doze off while feeding, a bed cleared of pillows and covers is " +
    "safer than a sofa. Ask about it when a parent has drunk alcohol, taken drugs or medicine that makes " +
    "them drowsy, or smokes, as each raises the risk.",
});
const ESCALATION = markdown("Escalation", {
  "Professional disagreement":
    "Raise a disagreement with the other agency's manager within two working days. Start by talking to the " +
    "practitioner whose decision you question, and record the disagreement, your reasons and the outcome on " +
    "the child's record. If it is not settled at that level, follow the partnership's escalation policy " +
    "step by step. A disagreement between agencies must never delay action to protect a child.",
  "Front door":
    "Refer a child at risk of significant harm to the front door (MASH) straight away. Telephone first and " +
    "follow the call with the written referral form the same day, saying what you saw or heard, what the " +
    "child said in their own words, and what you have already done. If a child is in immediate danger, " +
    "call 999 before anything else.",
});
const BRUISING_TXT =
  "Bruising in babies\n\nBruising in a baby who is not independently mobile must be referred to children's " +
  "social care the same day. This applies to any bruise, however small, on a baby who cannot yet roll, " +
  "crawl or pull to stand. Do not ask the parents to bring the baby back another day: discuss it with the " +
  "designated safeguarding lead at once, record the size, colour and place of the bruise and any " +
  "explanation given, and make the referral before the end of the day.";

let root: string;
let libraryDir: string;
let indexDir: string;
let cacheFile: string;

const put = (source: string, content: string | Uint8Array) => {
  const file = path.join(libraryDir, source);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
};

const ingest = (
  embeddings: NamedEmbeddings = new FakeEmbeddings(),
  onProgress?: (p: IngestProgress) => void,
) => ingestLibrary({ libraryDir, indexDir, cacheFile, embeddings, ...(onProgress ? { onProgress } : {}) });

const current = () => fs.readFileSync(path.join(indexDir, "CURRENT"), "utf8");
const generations = () => fs.readdirSync(indexDir).filter((name) => name.startsWith("gen-"));
const served = () => {
  const dir = currentGeneration(indexDir);
  if (!dir) throw new Error("no generation in service");
  return { chunks: readChunks(dir), manifest: readManifest(dir) };
};

/** The rejection of a promise that must fail. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-test-"));
  libraryDir = path.join(root, "library");
  indexDir = path.join(root, "index");
  cacheFile = path.join(root, "data", "embeddings-cache.sqlite");
  fs.mkdirSync(libraryDir);
  put("safer-sleep.md", SAFER_SLEEP);
  put("escalation.md", ESCALATION);
  put("bruising.txt", BRUISING_TXT);
  parsed.length = 0;
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("ingestLibrary", () => {
  it("adds and embeds every document on the first run", async () => {
    const embeddings = new FakeEmbeddings();
    const phases = new Set<string>();
    const report = await ingest(embeddings, (p) => phases.add(p.phase));

    expect(report.added).toEqual(["bruising.txt", "escalation.md", "safer-sleep.md"]);
    expect(report).toMatchObject({
      updated: [],
      unchanged: [],
      removed: [],
      failed: [],
      skipped: [],
      indexBuilt: true,
    });
    expect(report.chunks).toBe(6);
    expect(report.embedded).toBe(6);
    expect(embeddings.embedded).toHaveLength(6);
    expect(report.seconds).toBeGreaterThanOrEqual(0);
    expect([...phases]).toEqual(["read", "embed", "write"]);

    const { chunks, manifest } = served();
    expect(chunks).toHaveLength(6);
    expect(Object.keys(manifest.files).sort()).toEqual(report.added);
    expect(manifest).toMatchObject({ formatVersion: 1, embeddingModel: "fake/hash-16", dimensions: 16 });
    const sleep = chunks.find((c) => c.text.startsWith("Keep the room"));
    expect(sleep).toMatchObject({
      source: "safer-sleep.md",
      title: "Safer sleep",
      headingPath: ["Safer sleep", "Room temperature"],
    });
    expect(manifest.files["safer-sleep.md"]?.chunkIds).toContain(sleep?.id);

    const index = await KnowledgeIndex.load(indexDir, embeddings);
    expect((await searchHits(index, "sofa armchair"))[0]?.chunk.headingPath).toEqual([
      "Safer sleep",
      "Sofas",
    ]);
    expect(fs.existsSync(path.join(indexDir, ".ingest.lock"))).toBe(false);
  });

  it("neither parses nor embeds unchanged files, and builds no new generation", async () => {
    await ingest();
    const before = { current: current(), generations: generations() };
    parsed.length = 0;

    const embeddings = new FakeEmbeddings();
    const report = await ingest(embeddings);
    expect(report.unchanged).toEqual(["bruising.txt", "escalation.md", "safer-sleep.md"]);
    expect(report).toMatchObject({
      added: [],
      updated: [],
      removed: [],
      failed: [],
      embedded: 0,
      chunks: 6,
      indexBuilt: true,
    });
    expect(parsed).toEqual([]);
    expect(embeddings.calls).toHaveLength(0);
    expect(current()).toBe(before.current);
    expect(generations()).toEqual(before.generations);
  });

  it("rebuilds a generation of an older format even when no file changed, without embedding again", async () => {
    await ingest();
    const before = current();
    const dir = path.join(indexDir, before);
    // A generation written before keywords.bin: its keyword index was keywords.json.
    fs.renameSync(path.join(dir, "keywords.bin"), path.join(dir, "keywords.json"));

    const embeddings = new FakeEmbeddings();
    const report = await ingest(embeddings);
    expect(report.unchanged).toEqual(["bruising.txt", "escalation.md", "safer-sleep.md"]);
    expect(current()).not.toBe(before);
    expect(fs.existsSync(path.join(indexDir, current(), "keywords.bin"))).toBe(true);
    // The cache has every passage's vector, so nothing is embedded for the new format.
    expect(report.embedded).toBe(0);
    const index = await KnowledgeIndex.load(indexDir, embeddings);
    expect((await searchHits(index, "sofa armchair"))[0]?.chunk.headingPath).toEqual([
      "Safer sleep",
      "Sofas",
    ]);
  });

  it("re-embeds only the new passages of an edited file", async () => {
    await ingest();
    const before = served().chunks;
    parsed.length = 0;
    put("safer-sleep.md", SAFER_SLEEP.replace("16 and 20 degrees", "16 and 20 °C"));

    const embeddings = new FakeEmbeddings();
    const report = await ingest(embeddings);
    expect(report.updated).toEqual(["safer-sleep.md"]);
    expect(report.unchanged).toEqual(["bruising.txt", "escalation.md"]);
    expect(parsed).toEqual(["safer-sleep.md"]);
    expect(report.embedded).toBe(1);
    expect(embeddings.embedded).toHaveLength(1);
    expect(embeddings.embedded[0]).toContain("16 and 20 °C");

    const after = served().chunks;
    expect(after).toHaveLength(6);
    expect(after.some((c) => c.text.includes("16 and 20 degrees"))).toBe(false);
    const untouched = (chunks: typeof before) =>
      chunks
        .filter((c) => !c.text.includes("16 and 20"))
        .map((c) => c.id)
        .sort();
    expect(untouched(after)).toEqual(untouched(before));
  });

  it("removes a deleted file's passages from the chunk store and the manifest", async () => {
    await ingest();
    fs.rmSync(path.join(libraryDir, "escalation.md"));
    const report = await ingest();
    expect(report.removed).toEqual(["escalation.md"]);
    expect(report.chunks).toBe(4);
    const { chunks, manifest } = served();
    expect(chunks.filter((c) => c.source === "escalation.md")).toEqual([]);
    expect(chunks).toHaveLength(4);
    expect(manifest.files["escalation.md"]).toBeUndefined();
  });

  it("reports empty and corrupt files with a reason and ingests the rest", async () => {
    put("empty.txt", "");
    put("binary.md", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x00]));
    put("bad-front-matter.md", "---\ntitle: [unclosed\n---\n\nSome text here.");
    const report = await ingest();
    expect(report.failed).toEqual([
      { file: "bad-front-matter.md", reason: expect.stringContaining("front matter that is not valid YAML") },
      { file: "binary.md", reason: expect.stringContaining("not a text file") },
      { file: "empty.txt", reason: "is empty" },
    ]);
    expect(report.added).toEqual(["bruising.txt", "escalation.md", "safer-sleep.md"]);
    expect(report.indexBuilt).toBe(true);
    expect(Object.keys(served().manifest.files).sort()).toEqual(report.added);
  });

  it("keeps serving the previous version of a file that fails after it was indexed", async () => {
    await ingest();
    const before = served().chunks.filter((c) => c.source === "safer-sleep.md");
    put("safer-sleep.md", "---\ntitle: [unclosed\n---\n\nBroken edit.");
    put("neglect.md", markdown("Neglect", { Signs: "Persistent failure to meet a child's basic needs." }));

    const report = await ingest();
    expect(report.failed).toEqual([
      {
        file: "safer-sleep.md",
        reason: expect.stringMatching(/not valid YAML.*; the previous version is still served$/),
      },
    ]);
    expect(report.added).toEqual(["neglect.md"]);
    const { chunks, manifest } = served();
    expect(chunks.filter((c) => c.source === "safer-sleep.md")).toEqual(before);
    expect(chunks.some((c) => c.source === "neglect.md")).toBe(true);
    expect(manifest.files["safer-sleep.md"]?.chunkIds).toEqual(before.map((c) => c.id));
  });

  it("lists every entry it does not read with the reason: formats, hidden files, links, backslashes", async () => {
    put("contacts.xlsx", "not read");
    put("dudley/flowchart.png", "not read");
    put(".DS_Store", "litter");
    put(".drafts/draft.md", "# Draft\n\nNot for use.");
    put("walsall\\contacts.md", markdown("Walsall", { Contacts: "Call the front door." }));
    fs.symlinkSync(path.join(libraryDir, "escalation.md"), path.join(libraryDir, "linked.md"));
    const report = await ingest();
    expect(report.skipped).toEqual([
      { file: ".drafts", reason: SKIP_REASONS.hiddenFolder },
      { file: ".DS_Store", reason: SKIP_REASONS.hidden },
      { file: "contacts.xlsx", reason: SKIP_REASONS.unsupported },
      { file: "dudley/flowchart.png", reason: SKIP_REASONS.unsupported },
      { file: "linked.md", reason: SKIP_REASONS.symlink },
      { file: "walsall\\contacts.md", reason: SKIP_REASONS.backslash },
    ]);
    expect(report.added).toEqual(["bruising.txt", "escalation.md", "safer-sleep.md"]);
  });

  it("reports a file over the size limit as failed and ingests the rest", async () => {
    put("huge.txt", `Huge\n\n${"word ".repeat(4000)}`);
    const report = await ingestLibrary({
      libraryDir,
      indexDir,
      cacheFile,
      embeddings: new FakeEmbeddings(),
      maxFileBytes: 8 * 1024,
    });
    expect(report.failed).toEqual([
      { file: "huge.txt", reason: "is 20 KB, over the 8 KB limit (INGEST_MAX_FILE_MB)" },
    ]);
    expect(report.added).toEqual(["bruising.txt", "escalation.md", "safer-sleep.md"]);
    expect(served().chunks.some((c) => c.source === "huge.txt")).toBe(false);
  });

  it("reports a file with too many passages as failed and ingests the rest", async () => {
    const sections = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [`Part ${i}`, `Paragraph ${i} of a long document. `.repeat(60)]),
    );
    put("long.md", markdown("Long", sections));
    const report = await ingestLibrary({
      libraryDir,
      indexDir,
      cacheFile,
      embeddings: new FakeEmbeddings(),
      maxPassagesPerFile: 5,
    });
    expect(report.failed).toEqual([
      {
        file: "long.md",
        reason: expect.stringMatching(
          /^would make \d+ passages, over the limit of 5 per file \(INGEST_MAX_PASSAGES\)$/,
        ),
      },
    ]);
    expect(report.added).toEqual(["bruising.txt", "escalation.md", "safer-sleep.md"]);
    expect(served().chunks.some((c) => c.source === "long.md")).toBe(false);
  });

  it("tags a document in a sub-folder with that folder's area", async () => {
    put(
      "dudley/local-contacts.md",
      markdown("Dudley contacts", { MASH: "Dudley's front door takes referrals all day." }),
    );
    await ingest();
    const { chunks, manifest } = served();
    expect(chunks.find((c) => c.source === "dudley/local-contacts.md")?.area).toBe("dudley");
    expect(manifest.files["dudley/local-contacts.md"]?.area).toBe("dudley");
    expect(chunks.find((c) => c.source === "escalation.md")?.area).toBeUndefined();
  });

  it("lists a superseded document in the manifest without any passage to cite", async () => {
    put("catalog.yaml", "documents:\n  - file: escalation.md\n    superseded: true\n");
    const report = await ingest();
    expect(report.added).toContain("escalation.md");
    const { chunks, manifest } = served();
    expect(manifest.files["escalation.md"]).toMatchObject({ superseded: true, chunkIds: [] });
    expect(chunks.filter((c) => c.source === "escalation.md")).toEqual([]);
    expect(report.skipped.map((f) => f.file)).not.toContain("catalog.yaml");
  });

  it("counts a change to a file's catalog entry alone as an update", async () => {
    await ingest();
    put("catalog.yaml", "documents:\n  - file: bruising.txt\n    date: 2025-02-01\n    area: walsall\n");
    const embeddings = new FakeEmbeddings();
    const report = await ingest(embeddings);
    expect(report.updated).toEqual(["bruising.txt"]);
    expect(report.unchanged).toEqual(["escalation.md", "safer-sleep.md"]);
    // Same title and text, so the cached vector serves.
    expect(embeddings.calls).toHaveLength(0);
    const { chunks, manifest } = served();
    expect(chunks.find((c) => c.source === "bruising.txt")).toMatchObject({
      date: "2025-02-01",
      area: "walsall",
    });
    expect(manifest.files["bruising.txt"]).toMatchObject({ date: "2025-02-01", area: "walsall" });
  });

  it("rebuilds everything for a different embedding model", async () => {
    await ingest();
    const other = new FakeEmbeddings("fake/other-model");
    const report = await ingest(other);
    expect(report.added).toEqual(["bruising.txt", "escalation.md", "safer-sleep.md"]);
    expect(report.unchanged).toEqual([]);
    expect(report.embedded).toBe(6);
    expect(other.embedded).toHaveLength(6);
    expect(served().manifest.embeddingModel).toBe("fake/other-model");
    await expect(KnowledgeIndex.load(indexDir, new FakeEmbeddings())).rejects.toMatchObject({
      code: "index_model_mismatch",
    });
    expect((await KnowledgeIndex.load(indexDir, other)).size).toBe(6);
  });

  it("leaves the previous index in service when embedding fails mid-build, and resumes from the cache", async () => {
    await ingest();
    const before = { current: current(), generations: generations(), chunks: served().chunks };
    const sections = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `Step ${i + 1}`,
        `Step ${i + 1} of the neglect pathway: record and review concern ${i + 1}. Write down what you ` +
          "saw and heard, when, and who else was there, in the child's own words where they spoke. Check " +
          "the chronology for earlier concerns of the same kind, talk it through with your supervisor, and " +
          "agree with the family and the other agencies involved what will change and by when.",
      ]),
    );
    put("neglect-pathway.md", markdown("Neglect pathway", sections));

    const failing = new FakeEmbeddings("fake/hash-16", 2);
    const error = await failure(ingest(failing));
    expect(error.message).toBe("embedding service unavailable");
    expect(failing.calls.map((batch) => batch.length)).toEqual([32, 8]);
    expect(current()).toBe(before.current);
    expect(generations()).toEqual(before.generations);
    expect(fs.existsSync(path.join(indexDir, ".ingest.lock"))).toBe(false);
    const index = await KnowledgeIndex.load(indexDir, new FakeEmbeddings());
    expect(index.allPassages()).toEqual(before.chunks);

    const resumed = new FakeEmbeddings();
    const report = await ingest(resumed);
    expect(report.added).toEqual(["neglect-pathway.md"]);
    expect(report.embedded).toBe(8);
    expect(resumed.embedded).toEqual(failing.calls[1]);
    expect(served().chunks).toHaveLength(46);
    expect(current()).not.toBe(before.current);
  });

  it("throws NothingIngestedError, with its report, when there is nothing to index", async () => {
    const emptyLibrary = path.join(root, "empty");
    fs.mkdirSync(emptyLibrary);
    fs.writeFileSync(path.join(emptyLibrary, "notes.xlsx"), "x");
    const empty = await failure(
      ingestLibrary({ libraryDir: emptyLibrary, indexDir, cacheFile, embeddings: new FakeEmbeddings() }),
    );
    expect(empty).toBeInstanceOf(NothingIngestedError);
    expect(empty.message).toMatch(/has no documents in a supported format/);
    expect((empty as NothingIngestedError).report).toMatchObject({
      skipped: [{ file: "notes.xlsx", reason: SKIP_REASONS.unsupported }],
      indexBuilt: false,
    });

    const missing = await failure(
      ingestLibrary({
        libraryDir: path.join(root, "nope"),
        indexDir,
        cacheFile,
        embeddings: new FakeEmbeddings(),
      }),
    );
    expect(missing).toBeInstanceOf(NothingIngestedError);
    expect(missing.message).toMatch(/does not exist/);
    expect(currentGeneration(indexDir)).toBeUndefined();
  });

  it("throws NothingIngestedError naming the failures when no document can be read", async () => {
    for (const file of fs.readdirSync(libraryDir)) fs.rmSync(path.join(libraryDir, file));
    put("empty.txt", "");
    const error = await failure(ingest());
    expect(error).toBeInstanceOf(NothingIngestedError);
    expect(error.message).toMatch(/None of the library's documents could be read/);
    expect((error as NothingIngestedError).report.failed).toEqual([
      { file: "empty.txt", reason: "is empty" },
    ]);
  });

  describe("the ingest lock", () => {
    it("refuses to start while another live process holds the lock", async () => {
      fs.mkdirSync(indexDir, { recursive: true });
      const lock = path.join(indexDir, ".ingest.lock");
      fs.writeFileSync(lock, String(process.ppid));
      const error = await failure(ingest());
      expect(error.message).toBe(
        `Another ingest (process ${process.ppid}) is building this index; wait for it to finish.`,
      );
      expect(fs.readFileSync(lock, "utf8")).toBe(String(process.ppid));
      expect(currentGeneration(indexDir)).toBeUndefined();
    });

    it("takes over a lock left by a process that no longer exists", async () => {
      const dead = spawnSync(process.execPath, ["-e", ""]).pid;
      fs.mkdirSync(indexDir, { recursive: true });
      fs.writeFileSync(path.join(indexDir, ".ingest.lock"), String(dead));
      const report = await ingest();
      expect(report.indexBuilt).toBe(true);
      expect(fs.existsSync(path.join(indexDir, ".ingest.lock"))).toBe(false);
    });

    it("takes over a lock file that does not hold a process id", async () => {
      fs.mkdirSync(indexDir, { recursive: true });
      fs.writeFileSync(path.join(indexDir, ".ingest.lock"), "");
      expect((await ingest()).indexBuilt).toBe(true);
    });

    it("refuses a second ingest started in the same process while the first is running", async () => {
      // Two admins asking the server to reindex at once: both run in the one server process.
      // Today the second takes the lock over (same pid), and its pruning deletes the first one's
      // half-written generation, so the first fails with ENOENT instead.
      const [first, second] = await Promise.allSettled([ingest(), ingest()]);
      expect(first.status).toBe("fulfilled");
      expect(second.status).toBe("rejected");
      expect(second.status === "rejected" && String(second.reason)).toMatch(/Another ingest/);
    });
  });
});
