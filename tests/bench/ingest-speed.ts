/**
 * `npm run bench:ingest`: cold and warm ingest of ../shared/corpus. Prints files, pages, passages,
 * passages per second, seconds, CPU seconds and peak memory. Cold = empty index and empty embedding cache,
 * with EMBED_WORKERS embedding workers (default: one per available core, capped; `EMBED_WORKERS=1` embeds
 * in this thread); warm = `npm run ingest`'s command again with nothing changed, run as a child process so
 * start-up time is counted as a user sees it. CPU seconds and the load average are printed beside the wall
 * time because the 2 cores are shared: a busy machine stretches wall time, not CPU time.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, PROJECT_ROOT } from "../../bot/config.ts";
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
const embedWorkers = loadConfig(process.env).EMBED_WORKERS;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

const loadBefore = load();
const started = performance.now();
const cpuStarted = process.cpuUsage();
const cold = await ingestLibrary({
  libraryDir: SHARED_CORPUS,
  indexDir,
  cacheFile: path.join(dataDir, "embeddings-cache.sqlite"),
  embeddings: new LocalEmbeddings(),
  embedWorkers,
});
const coldSeconds = (performance.now() - started) / 1000;
// Every thread of this process, embedding workers included.
const cpu = process.cpuUsage(cpuStarted);
const coldCpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakMb = process.resourceUsage().maxRSS / 1024;
const generation = currentGeneration(indexDir);
const manifest = generation ? readManifest(generation) : undefined;
const pages = Object.values(manifest?.files ?? {}).reduce((n, f) => n + (f.pages ?? 0), 0);

/** GNU time, where installed, gives the child's CPU seconds too. */
const GNU_TIME = "/usr/bin/time";
const timed = fs.existsSync(GNU_TIME);
// What `npm run ingest` runs, without npm's own start-up.
const ingestCommand = [process.execPath, "--import", "tsx", "bot/cli/ingest.ts"];
const warm: string[] = [];
for (let run = 0; run < 3; run++) {
  const args = [...ingestCommand, "--source", SHARED_CORPUS, "--index", indexDir, "--json"];
  const t = performance.now();
  const child = spawnSync(
    timed ? GNU_TIME : (args[0] ?? ""),
    timed ? ["-f", "%U %S", ...args] : args.slice(1),
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: "utf8",
    },
  );
  const wall = (performance.now() - t) / 1000;
  if (child.status !== 0) throw new Error(`warm ingest failed: ${child.stderr}`);
  const [user, system] = (child.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
  const cpuSeconds =
    timed && user !== undefined && system !== undefined ? ` (CPU ${(user + system).toFixed(2)})` : "";
  warm.push(`${wall.toFixed(2)}${cpuSeconds}`);
}

console.log("ingest benchmark: ../shared/corpus");
console.log(`  embed workers    ${embedWorkers} (EMBED_WORKERS; 0 or 1: in the ingest's thread)`);
console.log(`  files            ${cold.added.length} (failed ${cold.failed.length})`);
console.log(`  pages (PDF)      ${pages}`);
console.log(`  passages         ${cold.chunks}`);
console.log(`  cold seconds     ${coldSeconds.toFixed(1)} (CPU ${coldCpuSeconds.toFixed(1)}, all threads)`);
console.log(
  `  cold passages/s  ${(cold.embedded / coldSeconds).toFixed(1)} (all stages, embedding dominates)`,
);
console.log(`  cold peak RSS    ${peakMb.toFixed(0)} MB (the whole process, embedding workers included)`);
console.log(`  warm CLI seconds ${warm.join(", ")} (nothing changed; includes start-up)`);
console.log(`  load average     ${loadBefore} before, ${load()} after (1, 5, 15 min)`);
fs.rmSync(work, { recursive: true, force: true });
