import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../foundation/log.ts";
import { switchTo, writeGeneration } from "../../knowledge/index-store.ts";
import { LiveIndex } from "../../knowledge/live-index.ts";
import type { ChunkRecord } from "../../knowledge/types.ts";
import { FakeEmbeddings, vectorOf } from "../helpers/fake-embeddings.ts";
import { searchHits } from "../helpers/search-hits.ts";

const embeddings = new FakeEmbeddings();

/** Writes a generation holding these passages (one file each) and, unless told otherwise, switches to it. */
async function publish(
  texts: string[],
  options: { modelId?: string; switchIn?: boolean } = {},
): Promise<string> {
  const chunks: ChunkRecord[] = texts.map((text, i) => ({
    id: `c${i}`,
    source: `doc-${i}.md`,
    title: "Guidance",
    headingPath: [],
    text,
  }));
  const dir = await writeGeneration(indexDir, {
    manifest: {
      formatVersion: 1,
      embeddingModel: options.modelId ?? embeddings.modelId,
      dimensions: 16,
      builtAt: new Date().toISOString(),
      files: Object.fromEntries(
        chunks.map((c) => [c.source, { hash: c.id, title: c.title, chunkIds: [c.id] }]),
      ),
    },
    chunks,
    vectors: texts.map(vectorOf),
    embeddings,
  });
  if (options.switchIn ?? true) switchTo(indexDir, dir);
  return dir;
}

let indexDir: string;
let logged: string[];
const log = () => createLogger("debug", (line) => logged.push(line));

beforeEach(() => {
  indexDir = fs.mkdtempSync(path.join(os.tmpdir(), "live-index-test-"));
  logged = [];
});

afterEach(() => {
  fs.rmSync(indexDir, { recursive: true, force: true });
});

describe("LiveIndex", () => {
  it("opens the generation in service and stays on it while CURRENT is unchanged", async () => {
    const first = await publish(["Babies sleep on their back."]);
    const live = await LiveIndex.open(indexDir, embeddings, log());
    expect(live.current.generationDir).toBe(first);
    expect(await live.refresh()).toBe(false);
    expect(live.current.generationDir).toBe(first);
  });

  it("fails to open when there is no index", async () => {
    await expect(LiveIndex.open(indexDir, embeddings, log())).rejects.toMatchObject({
      code: "index_missing",
    });
  });

  it("switches to a new generation on refresh and logs it", async () => {
    await publish(["Babies sleep on their back."]);
    const live = await LiveIndex.open(indexDir, embeddings, log());
    const second = await publish([
      "Babies sleep on their back.",
      "Bruising in a non-mobile baby needs a referral.",
    ]);

    expect(await live.refresh()).toBe(true);
    expect(live.current.generationDir).toBe(second);
    expect(live.current.size).toBe(2);
    expect((await searchHits(live.current, "bruising referral"))[0]?.chunk.text).toContain("Bruising");
    const events = logged.map(
      (line) => JSON.parse(line) as { event: string; generation?: string; chunks?: number },
    );
    expect(events).toContainEqual(
      expect.objectContaining({ event: "index.switched", generation: path.basename(second), chunks: 2 }),
    );
  });

  it("says it is loading the next generation while the current one still answers", async () => {
    const first = await publish(["Babies sleep on their back."]);
    const live = await LiveIndex.open(indexDir, embeddings, log());
    expect(live.loadingNext).toBe(false);
    const second = await publish(["Bruising in a non-mobile baby needs a referral."]);

    const refreshing = live.refresh();
    expect(live.loadingNext).toBe(true);
    expect(live.current.generationDir).toBe(first);
    expect(await refreshing).toBe(true);
    expect(live.loadingNext).toBe(false);
    expect(live.current.generationDir).toBe(second);
  });

  it("prepares a new generation before switching to it, and keeps the old one when preparing fails", async () => {
    const first = await publish(["Babies sleep on their back."]);
    let failing = true;
    const prepared: string[] = [];
    const live = await LiveIndex.open(indexDir, embeddings, log(), {
      prepare: async (next) => {
        if (failing) throw new Error("vocabulary could not be learnt");
        // Nothing sees the new generation until it is prepared.
        expect(live.current.generationDir).toBe(first);
        prepared.push(next.generationDir);
      },
    });
    const second = await publish(["Bruising in a non-mobile baby needs a referral."]);
    expect(await live.refresh()).toBe(false);
    expect(live.current.generationDir).toBe(first);
    expect(logged.some((line) => line.includes("index.reload_failed"))).toBe(true);

    failing = false;
    const third = await publish(["Escalate a disagreement to the designated lead."]);
    expect(await live.refresh()).toBe(true);
    expect(prepared).toEqual([third]);
    expect(live.current.generationDir).toBe(third);
    expect(second).not.toBe(third);
  });

  it("names the generation in service and tells listeners of each switch, not of a refresh that stays", async () => {
    const first = await publish(["Babies sleep on their back."]);
    const live = await LiveIndex.open(indexDir, embeddings, log());
    const heard: string[] = [];
    live.onSwitch((generation) => heard.push(generation));
    expect(live.generation).toBe(path.basename(first));
    expect(await live.refresh()).toBe(false);
    expect(heard).toEqual([]);

    const second = await publish([
      "Babies sleep on their back.",
      "Bruising in a non-mobile baby needs a referral.",
    ]);
    expect(await live.refresh()).toBe(true);
    expect(heard).toEqual([path.basename(second)]);
    expect(live.generation).toBe(path.basename(second));
  });

  it("lets a question in flight keep the index it started with, even after its folder is pruned", async () => {
    await publish(["Old guidance: keep the room at 16 to 18 degrees."]);
    const live = await LiveIndex.open(indexDir, embeddings, log());
    const inFlight = live.current;

    await publish(["New guidance: keep the room at 16 to 20 degrees and use a sleeping bag."]);
    await live.refresh();
    // As a later switch would prune it.
    fs.rmSync(inFlight.generationDir, { recursive: true });

    const [hit] = await searchHits(inFlight, "room degrees");
    expect(hit?.chunk.text).toContain("16 to 18");
    expect((await searchHits(live.current, "room degrees"))[0]?.chunk.text).toContain("sleeping bag");
  });

  it("keeps serving the old generation when the new one cannot be loaded, and logs why", async () => {
    const first = await publish(["Babies sleep on their back."]);
    const live = await LiveIndex.open(indexDir, embeddings, log());

    const broken = await publish(["Half-written generation."]);
    fs.writeFileSync(path.join(broken, "chunks.jsonl"), "{ this is not json");
    expect(await live.refresh()).toBe(false);
    expect(live.current.generationDir).toBe(first);
    expect((await searchHits(live.current, "sleep back"))[0]?.chunk.text).toBe("Babies sleep on their back.");

    const failure = logged.map((line) => JSON.parse(line)).find((e) => e.event === "index.reload_failed");
    expect(failure).toMatchObject({
      level: "error",
      generation: path.basename(broken),
      error: { code: "index_corrupt" },
    });
  });

  it("keeps serving when the new generation was built with another model", async () => {
    const first = await publish(["Babies sleep on their back."]);
    const live = await LiveIndex.open(indexDir, embeddings, log());
    await publish(["Other model."], { modelId: "other/model" });
    expect(await live.refresh()).toBe(false);
    expect(live.current.generationDir).toBe(first);
    expect(logged.some((line) => line.includes("index_model_mismatch"))).toBe(true);
  });

  it("recovers once a good generation replaces a broken one", async () => {
    await publish(["Babies sleep on their back."]);
    const live = await LiveIndex.open(indexDir, embeddings, log());
    await publish(["Other model."], { modelId: "other/model" });
    expect(await live.refresh()).toBe(false);
    const good = await publish(["Fixed generation."]);
    expect(await live.refresh()).toBe(true);
    expect(live.current.generationDir).toBe(good);
  });

  it("loads a new generation once when refreshes overlap", async () => {
    await publish(["Babies sleep on their back."]);
    const live = await LiveIndex.open(indexDir, embeddings, log());
    const second = await publish(["Second."]);
    const results = await Promise.all([live.refresh(), live.refresh(), live.refresh()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(live.current.generationDir).toBe(second);
    expect(logged.filter((line) => line.includes("index.switched"))).toHaveLength(1);
  });

  it("ignores a written generation until it is switched in", async () => {
    const first = await publish(["Babies sleep on their back."]);
    const live = await LiveIndex.open(indexDir, embeddings, log());
    await publish(["Not yet in service."], { switchIn: false });
    expect(await live.refresh()).toBe(false);
    expect(live.current.generationDir).toBe(first);
  });
});
