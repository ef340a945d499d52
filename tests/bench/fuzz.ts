/**
 * `npm run bench:fuzz`: the server's memory under a long, bounded mix of good and bad requests. It starts the
 * server as `npm start` runs it (embedded defaults, loopback, the shared corpus, Slack over a loopback
 * stand-in, Teams with an app id) and for FUZZ_MINUTES (10) keeps FUZZ_CLIENTS (4) clients sending, each
 * request picked at random from: questions over /api/ask, malformed JSON, oversized bodies, bad and
 * over-inflating gzip, signed and badly signed Slack events, bogus Teams bearer tokens, and random unicode.
 * Every 10 s it samples the server's RSS; at the end it prints the samples, first/last/peak RSS, the slope
 * of a least-squares line over the second half (MB/min: near 0 once warm means no leak), the count of each
 * status per kind of request, and every 5xx. It prints figures and asserts nothing.
 *
 * Teams tokens are ones botbuilder refuses without looking up a signing key: a token shaped like a signed
 * JWT would make it fetch Microsoft's OpenID keys, which is off this machine. FUZZ_SEED fixes the mix.
 */
import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parseQuestions } from "../../bot/cli/eval-questions.ts";
import { PROJECT_ROOT } from "../../bot/config.ts";
import { eventCallback, messageTs, startSlackApiRecorder } from "../bot/slack/slack-test-kit.ts";
import { DEV_QUESTIONS, SHARED_CORPUS, TEST_EMBEDDING_CACHE } from "../helpers/test-paths.ts";
import { rssMb, startBenchServer } from "./bench-process.ts";

const MINUTES = Number(process.env.FUZZ_MINUTES ?? 10);
/** Concurrent clients: enough to keep both answer workers busy, few enough that most questions are answered. */
const CLIENTS = Number(process.env.FUZZ_CLIENTS ?? 4);
const SAMPLE_EVERY_MS = 10_000;
/** No request may hold a client longer than this, so a stuck server still ends the run. */
const REQUEST_TIMEOUT_MS = 60_000;
/** The web API's body limit is 32 kB; oversized bodies go up to this, far over it but still cheap to send. */
const MAX_OVERSIZED_BYTES = 256 * 1024;
/** Inflates to this from a few kilobytes: the limit must hold on the inflated size. */
const GZIP_BOMB_BYTES = 8 * 1024 * 1024;
const GZIP_BOMB = gzipSync(Buffer.alloc(GZIP_BOMB_BYTES, 0x20));
const SIGNING_SECRET = "bench-fuzz-signing-secret";
const APP_ID = "3f9a7c2e-1b4d-4e8a-9c61-5d2b7e8f1a40";

if (!fs.existsSync(SHARED_CORPUS)) {
  process.stdout.write(`bench:fuzz needs ../shared/corpus (${SHARED_CORPUS}); nothing measured.\n`);
  process.exit(0);
}
const questions = parseQuestions(fs.readFileSync(DEV_QUESTIONS, "utf8")).map((q) => q.question);
const random = seededRandom(Number(process.env.FUZZ_SEED ?? 1));

const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-fuzz-"));
const dataDir = path.join(work, "data");
fs.mkdirSync(dataDir);
// The test embedding cache, when a test run has made it, spares embedding the corpus again.
if (fs.existsSync(TEST_EMBEDDING_CACHE)) {
  fs.copyFileSync(TEST_EMBEDDING_CACHE, path.join(dataDir, "embeddings-cache.sqlite"));
}
const slackApi = await startSlackApiRecorder();
/** The server's log lines for failed requests (5xx), a few kept to say why. */
const failureLog: string[] = [];
const running = await startBenchServer({
  root: PROJECT_ROOT,
  env: {
    LIBRARY_DIR: SHARED_CORPUS,
    INDEX_DIR: path.join(work, "index"),
    DATA_DIR: dataDir,
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: "not-a-real-secret",
    MicrosoftAppTenantId: "8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f",
    SLACK_BOT_TOKEN: "xoxb-bench-fuzz",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApi.apiUrl,
  },
  onLog: (chunk) => {
    for (const line of chunk.split("\n")) {
      if (line.includes('"request_failed"') && failureLog.length < 5) failureLog.push(line.slice(0, 600));
    }
  },
});
const { base } = running;

/** One request of the mix: where it goes and what it sends. */
interface Probe {
  kind: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer>;
  /** Slack requests are signed at send time, as Slack signs (v0 HMAC of the timestamp and body). */
  slack?: { secret: string; timestamp?: number };
}

const json = { "content-type": "application/json" };
const KINDS: { kind: string; weight: number; make: () => Probe }[] = [
  {
    kind: "ask",
    weight: 4,
    make: () => ({
      kind: "ask",
      path: "/api/ask",
      headers: json,
      body: JSON.stringify({ question: pick(questions) }),
    }),
  },
  { kind: "malformed-json", weight: 2, make: malformedJson },
  { kind: "oversized", weight: 1, make: oversized },
  { kind: "bad-gzip", weight: 1, make: badGzip },
  { kind: "slack-signed", weight: 2, make: () => slackEvent(SIGNING_SECRET) },
  { kind: "slack-bad-signature", weight: 2, make: badlySignedSlack },
  { kind: "teams-bogus-token", weight: 2, make: bogusTeams },
  { kind: "unicode", weight: 2, make: randomUnicode },
];
const TOTAL_WEIGHT = KINDS.reduce((n, k) => n + k.weight, 0);

const statuses = new Map<string, Map<string, number>>();
const serverErrors: string[] = [];
const samples: { seconds: number; mb: number }[] = [];

try {
  process.stdout.write(
    `bench:fuzz on ${os.cpus().length} cores, node ${process.version}, ${MINUTES} min, ${CLIENTS} clients, ${new Date().toISOString().slice(0, 16)} UTC\n`,
  );
  process.stdout.write("seconds | RSS MB | requests so far\n");
  const started = Date.now();
  const deadline = started + MINUTES * 60_000;
  let sent = 0;
  const sample = () => {
    const seconds = Math.round((Date.now() - started) / 1000);
    const mb = rssMb(running.child.pid);
    samples.push({ seconds, mb });
    process.stdout.write(`${seconds} | ${mb} | ${sent}\n`);
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  const client = async () => {
    while (Date.now() < deadline) {
      const probe = pickKind().make();
      sent += 1;
      count(probe.kind, await send(probe));
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  clearInterval(sampler);
  sample();
  printSummary();
} finally {
  await running.stop();
  await slackApi.close();
  fs.rmSync(work, { recursive: true, force: true });
}

async function send(probe: Probe): Promise<string> {
  const headers = { ...probe.headers };
  if (probe.slack) {
    const timestamp = probe.slack.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = createHmac("sha256", probe.slack.secret)
      .update(`v0:${timestamp}:${String(probe.body)}`)
      .digest("hex");
    Object.assign(headers, {
      "content-type": "application/json",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": `v0=${signature}`,
    });
  }
  const response = await fetch(`${base}${probe.path}`, {
    method: "POST",
    headers,
    body: probe.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  }).catch((error: unknown) => error as Error);
  return settle(probe, response);
}

/** The status as a label, with any 5xx kept for the report. */
async function settle(probe: Probe, response: Response | Error): Promise<string> {
  if (response instanceof Error) return `error ${response.name}`;
  const text = await response.text().catch(() => "");
  if (response.status >= 500 && response.status !== 503) {
    const sent = `${JSON.stringify(probe.headers)} ${JSON.stringify(String(probe.body).slice(0, 80))}`;
    serverErrors.push(`${probe.kind} ${probe.path} ${response.status}: ${text.slice(0, 120)} (sent ${sent})`);
  }
  return String(response.status);
}

function count(kind: string, status: string): void {
  const byStatus = statuses.get(kind) ?? new Map<string, number>();
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  statuses.set(kind, byStatus);
}

function printSummary(): void {
  const mbs = samples.map((s) => s.mb);
  const half = samples.filter((s) => s.seconds >= (samples.at(-1)?.seconds ?? 0) / 2);
  process.stdout.write(
    `RSS MB: first ${mbs[0]}, last ${mbs.at(-1)}, peak ${Math.max(...mbs)}; second-half slope ${slopePerMinute(half).toFixed(2)} MB/min over ${half.length} samples\n`,
  );
  process.stdout.write("kind | count | statuses\n");
  const all = new Map<string, number>();
  for (const { kind } of KINDS) {
    const byStatus = statuses.get(kind) ?? new Map<string, number>();
    const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
    const listed = [...byStatus.entries()]
      .sort()
      .map(([status, n]) => `${status}: ${n}`)
      .join(", ");
    process.stdout.write(`${kind} | ${total} | ${listed}\n`);
    for (const [status, n] of byStatus) all.set(status, (all.get(status) ?? 0) + n);
  }
  const totals = [...all.entries()].sort().map(([status, n]) => `${status}: ${n}`);
  process.stdout.write(`all | ${[...all.values()].reduce((a, b) => a + b, 0)} | ${totals.join(", ")}\n`);
  process.stdout.write(`5xx other than 503: ${serverErrors.length}\n`);
  for (const line of serverErrors.slice(0, 20)) process.stdout.write(`  ${line}\n`);
  if (failureLog.length > 0)
    process.stdout.write(`the server's log for the first:\n  ${failureLog.join("\n  ")}\n`);
}

/** Least-squares slope of RSS against time, in MB per minute. */
function slopePerMinute(points: { seconds: number; mb: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const meanT = points.reduce((a, p) => a + p.seconds, 0) / n;
  const meanM = points.reduce((a, p) => a + p.mb, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.seconds - meanT) * (p.mb - meanM);
    den += (p.seconds - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

function malformedJson(): Probe {
  const valid = JSON.stringify({ question: pick(questions) });
  const broken = [
    valid.slice(0, Math.floor(random() * valid.length)),
    valid.replace(":", ""),
    `${valid}}`,
    "{'question': 'single quotes'}",
    '{"question": "unterminated',
    "[".repeat(200),
    '{"question": 12}',
    "null",
    '{"question": "x", "question": {"nested": [1, 2, {"deep": true}]}}',
  ];
  return {
    kind: "malformed-json",
    path: pick(["/api/ask", "/api/feedback"]),
    headers: json,
    body: pick(broken),
  };
}

function oversized(): Probe {
  const bytes = 33 * 1024 + Math.floor(random() * (MAX_OVERSIZED_BYTES - 33 * 1024));
  const target = pick(["/api/ask", "/slack/events", "/api/messages"]);
  return {
    kind: "oversized",
    path: target,
    headers: json,
    body: JSON.stringify({ question: "a".repeat(bytes) }),
  };
}

function badGzip(): Probe {
  const valid = gzipSync(JSON.stringify({ question: pick(questions) }));
  const bodies = [
    Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))),
    valid.subarray(0, Math.max(10, Math.floor(valid.length / 2))),
    Buffer.concat([valid.subarray(0, 10), Buffer.from("not deflate data at all")]),
    // Small on the wire, far over the limit once inflated.
    GZIP_BOMB,
  ].map((bytes) => new Uint8Array(bytes));
  return {
    kind: "bad-gzip",
    path: pick(["/api/ask", "/api/feedback"]),
    headers: { ...json, "content-encoding": pick(["gzip", "deflate", "br"]) },
    body: pick(bodies),
  };
}

function slackEvent(secret: string, timestamp?: number): Probe {
  const ts = messageTs();
  const body = eventCallback({
    type: "app_mention",
    user: "UFUZZ",
    text: `<@UBOT> ${pick(questions)}`,
    ts,
    channel: "CFUZZ",
    event_ts: ts,
  });
  return {
    kind: "slack-signed",
    path: "/slack/events",
    headers: {},
    body,
    slack: { secret, ...(timestamp ? { timestamp } : {}) },
  };
}

function badlySignedSlack(): Probe {
  const way = Math.floor(random() * 3);
  if (way === 0) return { ...slackEvent("the-wrong-secret"), kind: "slack-bad-signature" };
  // Signed with the right secret, but ten minutes old: a replay.
  if (way === 1) {
    return {
      ...slackEvent(SIGNING_SECRET, Math.floor(Date.now() / 1000) - 600),
      kind: "slack-bad-signature",
    };
  }
  // No signature headers at all.
  return { kind: "slack-bad-signature", path: "/slack/events", headers: json, body: slackEvent("").body };
}

function bogusTeams(): Probe {
  const garbage = () => Buffer.from(randomText(12)).toString("base64url");
  const token = pick(["not-a-jwt", `${garbage()}.${garbage()}.${garbage()}`, "", "a.b", garbage()]);
  const activity = {
    type: "message",
    id: `fuzz-${Date.now()}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: "http://127.0.0.1:9/",
    from: { id: "user-fuzz", name: "Fuzz", aadObjectId: "00000000-0000-4000-8000-000000000001" },
    recipient: { id: "bot-1", name: "Safeguarding guidance" },
    conversation: { id: "personal-fuzz" },
    text: pick(questions),
  };
  return {
    kind: "teams-bogus-token",
    path: "/api/messages",
    headers: { ...json, authorization: `Bearer ${token}` },
    body: JSON.stringify(activity),
  };
}

function randomUnicode(): Probe {
  const text = randomText(1 + Math.floor(random() * 400));
  if (random() < 0.6) {
    return { kind: "unicode", path: "/api/ask", headers: json, body: JSON.stringify({ question: text }) };
  }
  return {
    kind: "unicode",
    path: pick(["/api/ask", "/slack/events", "/api/messages", "/api/feedback"]),
    headers: {
      "content-type": pick(["application/json", "text/plain", "application/x-www-form-urlencoded"]),
    },
    body: text,
  };
}

/** Random code points across the planes, with the awkward ones (controls, surrogates, joiners, RTL) likelier. */
function randomText(length: number): string {
  const awkward = [0x0000, 0x0008, 0x200b, 0x200d, 0x202e, 0xfeff, 0xfffd, 0xd800, 0xdfff, 0x0301, 0x1f600];
  let text = "";
  for (let i = 0; i < length; i++) {
    const roll = random();
    const code =
      roll < 0.2
        ? pick(awkward)
        : roll < 0.6
          ? 0x20 + Math.floor(random() * 0x5f)
          : Math.floor(random() * 0x10ffff);
    text += String.fromCodePoint(code);
  }
  return text;
}

function pickKind() {
  let roll = random() * TOTAL_WEIGHT;
  for (const kind of KINDS) {
    roll -= kind.weight;
    if (roll < 0) return kind;
  }
  return KINDS[0] as (typeof KINDS)[number];
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** mulberry32: a small seeded generator, so a run's mix can be repeated. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
