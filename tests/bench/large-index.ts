/**
 * `npm run bench:large`: the real server (`node --import tsx bot/main.ts`, embedded defaults, loopback) over a
 * synthetic generation of BENCH_LARGE_SIZE (100,000) passages. Prints the time from start to serving, the
 * server's memory once loaded (whole process: server thread and answer workers), single-client answer
 * latency over the benchmark questions via /api/ask, and then, while one client keeps asking, switches in a
 * second generation of the same size and prints the slowest answer during the swap and the peak memory.
 * Prints figures only.
 *
 * BENCH_WORK_DIR keeps the built generation for the next run (building 100,000 passages takes minutes);
 * BENCH_SWAP_SECONDS (60) is how long the client keeps asking after the switch; BENCH_LARGE_ROOT runs
 * another checkout's server, to compare two versions.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseQuestions, percentile } from "../../bot/cli/eval-questions.ts";
import { PROJECT_ROOT } from "../../bot/config.ts";
import { LocalEmbeddings } from "../../knowledge/embeddings/local-embeddings.ts";
import { currentGeneration, readManifest, recordLibrary, switchTo } from "../../knowledge/index-store.ts";
import {
  DEV_QUESTIONS,
  EXTRA_QUESTIONS,
  SHARED_CORPUS,
  TEST_EMBEDDING_CACHE,
} from "../helpers/test-paths.ts";
import { cpuSeconds, memoryMb, startBenchServer } from "./bench-process.ts";
import { buildSyntheticIndex, corpusSource } from "./synthetic-index.ts";

const SIZE = Number(process.env.BENCH_LARGE_SIZE ?? 100_000);
const SWAP_SECONDS = Number(process.env.BENCH_SWAP_SECONDS ?? 60);
const ROOT = path.resolve(process.env.BENCH_LARGE_ROOT ?? PROJECT_ROOT);
/** How often memory is sampled during the swap. */
const RSS_EVERY_MS = 200;
/** No single request may hold the client longer than this: a stuck server still ends the bench. */
const REQUEST_TIMEOUT_MS = 60_000;

if (!fs.existsSync(SHARED_CORPUS)) {
  console.log(`bench:large needs ../shared/corpus (${SHARED_CORPUS}); nothing measured.`);
  process.exit(0);
}
const questions = [DEV_QUESTIONS, EXTRA_QUESTIONS]
  .filter((f) => fs.existsSync(f))
  .flatMap((f) => parseQuestions(fs.readFileSync(f, "utf8")))
  .map((q) => q.question);

const keep = process.env.BENCH_WORK_DIR;
const work = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-large-"));
const embeddings = new LocalEmbeddings();
const source = await corpusSource({
  libraryDir: SHARED_CORPUS,
  indexDir: path.join(work, "corpus"),
  cacheFile: TEST_EMBEDDING_CACHE,
  embeddings,
});
const indexDir = await buildSyntheticIndex({
  indexDir: path.join(work, `synthetic-${SIZE}`),
  size: SIZE,
  source,
  embeddings,
  reuse: keep !== undefined,
});
// The server rebuilds an index that another library made; this one stands for the shared corpus.
recordLibrary(indexDir, SHARED_CORPUS);
// The second generation is a copy with its own name and build time, written before the server starts so
// the copying does not compete with it; it goes into service only at the switch.
const first = currentGeneration(indexDir) as string;
const second = `${first.replace(/-[0-9a-f]{6}$/, "")}-${Date.now().toString(16).slice(-6)}`;
fs.cpSync(first, second, { recursive: true });
const manifest = readManifest(second);
const secondBuiltAt = new Date().toISOString();
fs.writeFileSync(path.join(second, "manifest.json"), JSON.stringify({ ...manifest, builtAt: secondBuiltAt }));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-large-data-"));
if (fs.existsSync(TEST_EMBEDDING_CACHE)) {
  fs.copyFileSync(TEST_EMBEDDING_CACHE, path.join(dataDir, "embeddings-cache.sqlite"));
}
const started = performance.now();
const running = await startBenchServer({
  root: ROOT,
  env: { LIBRARY_DIR: SHARED_CORPUS, INDEX_DIR: indexDir, DATA_DIR: dataDir },
});
const server = running.child;
const { base } = running;

try {
  const loadSeconds = (performance.now() - started) / 1000;
  const loaded = memoryMb(server.pid);
  console.log(
    `bench:large ${ROOT} on ${os.cpus().length} cores, node ${process.version}, ${SIZE} passages, ${new Date().toISOString().slice(0, 16)} UTC`,
  );
  console.log(
    `start to serving ${loadSeconds.toFixed(1)} s; RSS after load ${loaded.rssMb} MB (peak so far ${loaded.hwmMb} MB)`,
  );
  for (const question of questions.slice(0, 5)) await ask(question);
  const times: number[] = [];
  const cpuBefore = cpuSeconds(server.pid);
  for (const question of questions) times.push(await ask(question));
  const cpuMs = ((cpuSeconds(server.pid) - cpuBefore) * 1000) / times.length;
  console.log(
    `single client, ${times.length} questions: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, server CPU ${cpuMs.toFixed(0)} ms a question; RSS ${memoryMb(server.pid).rssMb} MB`,
  );
  await swap();
} finally {
  await running.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (!keep) fs.rmSync(work, { recursive: true, force: true });
}

/** Switches in the second generation while one client keeps asking; prints the slowest answer and peak RSS. */
async function swap(): Promise<void> {
  const before = memoryMb(server.pid).rssMb;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, memoryMb(server.pid).rssMb);
  }, RSS_EVERY_MS);
  const switchedAt = performance.now();
  switchTo(indexDir, second);
  const deadline = switchedAt + SWAP_SECONDS * 1000;
  const times: number[] = [];
  let serverSwitchedSeconds: number | undefined;
  let asked = 0;
  while (performance.now() < deadline) {
    times.push(await ask(questions[asked++ % questions.length] ?? "What is safe sleep?"));
    if (serverSwitchedSeconds === undefined && (await builtAt()) === secondBuiltAt) {
      serverSwitchedSeconds = (performance.now() - switchedAt) / 1000;
    }
  }
  clearInterval(sampler);
  const after = memoryMb(server.pid);
  const slowest = Math.max(...times);
  console.log(
    `swap: ${times.length} answers in ${SWAP_SECONDS} s after the switch; slowest ${slowest.toFixed(0)} ms, over 1 s ${times.filter((t) => t > 1000).length}, p95 ${percentile(times, 95).toFixed(0)} ms; server on the new generation after ${serverSwitchedSeconds?.toFixed(1) ?? "never"} s`,
  );
  console.log(
    `swap memory: RSS before ${before} MB, peak ${peak} MB, after ${after.rssMb} MB; process peak (VmHWM) ${after.hwmMb} MB`,
  );
}

/** Asks one question over the web API and returns how long the answer took, in ms. */
async function ask(question: string): Promise<number> {
  const t = performance.now();
  const response = await fetch(`${base}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`/api/ask answered ${response.status}:\n${running.logTail()}`);
  return performance.now() - t;
}

async function builtAt(): Promise<string | undefined> {
  const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return ((await response.json()) as { builtAt?: string }).builtAt;
}
