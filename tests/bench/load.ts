/**
 * `npm run bench:load`: the server under concurrent questions, as `npm start` runs it over the shared corpus.
 * For each level of concurrent web clients (1, 4, 16, 64, 128) it runs for BENCH_LOAD_SECONDS (20) while
 * one signed Slack event arrives each second and /healthz is probed every 500 ms, then prints answers/s,
 * answer latency percentiles, 503s and other 5xx, Slack acknowledgement times, /healthz p95 and the
 * server's memory. Loopback only, bounded in time; it prints figures and asserts nothing.
 *
 * BENCH_LOAD_LEVELS (e.g. "1,16") picks levels; BENCH_LOAD_ROOT runs another checkout's server (to compare
 * two versions with one bench); BENCH_LOAD_INDEX reuses an index of the shared corpus instead of building one.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseQuestions, percentile } from "../../bot/cli/eval-questions.ts";
import { PROJECT_ROOT } from "../../bot/config.ts";
import { eventCallback, messageTs, postSigned, startSlackApiRecorder } from "../bot/slack/slack-test-kit.ts";
import { DEV_QUESTIONS, SHARED_CORPUS, TEST_EMBEDDING_CACHE } from "../helpers/test-paths.ts";
import { rssMb, sleep, startBenchServer } from "./bench-process.ts";

const LEVELS = (process.env.BENCH_LOAD_LEVELS ?? "1,4,16,64,128").split(",").map(Number);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const ROOT = path.resolve(process.env.BENCH_LOAD_ROOT ?? PROJECT_ROOT);
/** Slack's own deadline for an acknowledgement; later ones are retried and count against the app. */
const SLACK_DEADLINE_MS = 3000;
const SLACK_EVERY_MS = 1000;
const HEALTH_EVERY_MS = 500;
/** No single request may hold a client longer than this: a stuck server still ends the bench. */
const REQUEST_TIMEOUT_MS = 60_000;
/** A client told to come back later waits at most this long, whatever Retry-After says. */
const MAX_RETRY_WAIT_MS = 5000;
const SIGNING_SECRET = "bench-load-signing-secret";

if (!fs.existsSync(SHARED_CORPUS)) {
  process.stdout.write(`bench:load needs ../shared/corpus (${SHARED_CORPUS}); nothing measured.\n`);
  process.exit(0);
}
const questions = parseQuestions(fs.readFileSync(DEV_QUESTIONS, "utf8")).map((q) => q.question);

const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-load-"));
const dataDir = path.join(work, "data");
fs.mkdirSync(dataDir);
// The test embedding cache, when a test run has made it, spares embedding the corpus again.
if (fs.existsSync(TEST_EMBEDDING_CACHE)) {
  fs.copyFileSync(TEST_EMBEDDING_CACHE, path.join(dataDir, "embeddings-cache.sqlite"));
}
const indexDir = path.join(work, "index");
if (process.env.BENCH_LOAD_INDEX) fs.cpSync(process.env.BENCH_LOAD_INDEX, indexDir, { recursive: true });

const slackApi = await startSlackApiRecorder();
const running = await startBenchServer({
  root: ROOT,
  env: {
    LIBRARY_DIR: SHARED_CORPUS,
    INDEX_DIR: indexDir,
    DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: "xoxb-bench-load",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApi.apiUrl,
  },
});

const { base } = running;

try {
  process.stdout.write(
    `bench:load ${ROOT} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown"}), node ${process.version}, ${SECONDS} s a level, ${new Date().toISOString().slice(0, 16)} UTC\n`,
  );
  process.stdout.write(
    "clients | answers/s | p50 ms | p95 ms | p99 ms | 503 | other 5xx | Slack acks | ack p50 ms | ack max ms | acks > 3 s | /healthz p95 ms | RSS MB\n",
  );
  await warmUp();
  for (const clients of LEVELS) process.stdout.write(`${formatRow(await runLevel(clients))}\n`);
} finally {
  await running.stop();
  await slackApi.close();
  fs.rmSync(work, { recursive: true, force: true });
}

/** Every question once, one at a time, so the first level does not measure start-up (JIT, first loads). */
async function warmUp(): Promise<void> {
  for (const question of questions) {
    const response = await fetch(`${base}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
  }
}

interface LevelResult {
  clients: number;
  seconds: number;
  answers: number[];
  busy: number;
  otherErrors: number;
  acks: number[];
  health: number[];
  rssMb: number;
}

async function runLevel(clients: number): Promise<LevelResult> {
  const result: LevelResult = {
    clients,
    seconds: SECONDS,
    answers: [],
    busy: 0,
    otherErrors: 0,
    acks: [],
    health: [],
    rssMb: 0,
  };
  const deadline = Date.now() + SECONDS * 1000;
  let asked = 0;
  const client = async () => {
    while (Date.now() < deadline) {
      const question = questions[asked++ % questions.length] ?? "What is safe sleep?";
      const started = performance.now();
      const response = await fetch(`${base}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      }).catch(() => undefined);
      await response?.arrayBuffer();
      const ms = performance.now() - started;
      if (response?.status === 200) result.answers.push(ms);
      else if (response?.status === 503) {
        result.busy += 1;
        const retryAfter = Number(response.headers.get("retry-after") ?? 1) * 1000;
        await sleep(Math.min(retryAfter, MAX_RETRY_WAIT_MS, Math.max(0, deadline - Date.now())));
      } else result.otherErrors += 1;
    }
  };
  const every = async (intervalMs: number, probe: () => Promise<void>) => {
    const pending: Promise<void>[] = [];
    while (Date.now() < deadline) {
      pending.push(probe());
      await sleep(intervalMs);
    }
    await Promise.all(pending);
  };
  await Promise.all([
    ...Array.from({ length: clients }, client),
    every(SLACK_EVERY_MS, async () => {
      const ts = messageTs();
      const body = eventCallback({
        type: "app_mention",
        user: "UBENCH",
        text: `<@UBOT> ${questions[result.acks.length % questions.length]}`,
        ts,
        channel: "CBENCH",
        event_ts: ts,
      });
      const started = performance.now();
      const response = await postSigned(`${base}/slack/events`, SIGNING_SECRET, body, "application/json");
      await response.arrayBuffer();
      result.acks.push(performance.now() - started);
      if (response.status >= 500) result.otherErrors += 1;
    }),
    every(HEALTH_EVERY_MS, async () => {
      const started = performance.now();
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      await response.arrayBuffer();
      result.health.push(performance.now() - started);
    }),
  ]);
  result.rssMb = rssMb(running.child.pid);
  // Let the Slack answers still being worked on finish, so they do not load the next level.
  await sleep(2000);
  return result;
}

function formatRow(r: LevelResult): string {
  const ms = (v: number) => String(Math.round(v));
  return [
    r.clients,
    (r.answers.length / r.seconds).toFixed(1),
    ms(percentile(r.answers, 50)),
    ms(percentile(r.answers, 95)),
    ms(percentile(r.answers, 99)),
    r.busy,
    r.otherErrors,
    r.acks.length,
    ms(percentile(r.acks, 50)),
    ms(Math.max(0, ...r.acks)),
    r.acks.filter((a) => a > SLACK_DEADLINE_MS).length,
    ms(percentile(r.health, 95)),
    r.rssMb,
  ].join(" | ");
}
