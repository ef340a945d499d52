/**
 * `npm run bench:ingest`: cold and warm ingest of ../shared/corpus. Prints files, pages, passages,
 * passages per second, seconds and peak memory. Cold = empty index and empty embedding cache; warm = the
 * same command again with nothing changed, run as a child process so start-up time is counted as a user
 * sees it.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../../bot/config.ts";
import { ingestLibrary } from "../../ingest/pipeline.ts";
import { LocalEmbeddings } from "../../knowledge/embeddings/local-embeddings.ts";
import { currentGeneration, readManifest } from "../../knowledge/index-store.ts";
import { SHARED_CORPUS } from "../helpers/test-paths.ts";

if (!fs.existsSync(SHARED_CORPUS)) {
  console.log(`No shared corpus at ${SHARED_CORPUS}; nothing to measure.`);
  process.exit(0);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ingest-"));
const indexDir = path.join(work, "index");
const dataDir = path.join(work, "data");

const started = performance.now();
const cold = await ingestLibrary({
  libraryDir: SHARED_CORPUS,
  indexDir,
  cacheFile: path.join(dataDir, "embeddings-cache.sqlite"),
  embeddings: new LocalEmbeddings(),
});
const coldSeconds = (performance.now() - started) / 1000;
const peakMb = process.resourceUsage().maxRSS / 1024;
const generation = currentGeneration(indexDir);
const manifest = generation ? readManifest(generation) : undefined;
const pages = Object.values(manifest?.files ?? {}).reduce((n, f) => n + (f.pages ?? 0), 0);

const warmTimes: number[] = [];
for (let run = 0; run < 3; run++) {
  const t = performance.now();
  execFileSync(
    "npx",
    ["tsx", "bot/cli/ingest.ts", "--source", SHARED_CORPUS, "--index", indexDir, "--json"],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  warmTimes.push((performance.now() - t) / 1000);
}

console.log("ingest benchmark: ../shared/corpus");
console.log(`  files            ${cold.added.length} (failed ${cold.failed.length})`);
console.log(`  pages (PDF)      ${pages}`);
console.log(`  passages         ${cold.chunks}`);
console.log(`  cold seconds     ${coldSeconds.toFixed(1)}`);
console.log(
  `  cold passages/s  ${(cold.embedded / coldSeconds).toFixed(1)} (all stages, embedding dominates)`,
);
console.log(`  cold peak RSS    ${peakMb.toFixed(0)} MB`);
console.log(
  `  warm CLI seconds ${warmTimes.map((t) => t.toFixed(2)).join(", ")} (nothing changed; includes start-up)`,
);
fs.rmSync(work, { recursive: true, force: true });
