/**
 * `npm run bench:replicas`: answers per second and p95 latency at 16 concurrent clients, with one and then
 * two replicas (real bot/main.ts processes on one PostgreSQL database) behind a small round-robin HTTP proxy
 * on loopback, and the time from an ingest's end on one replica to the last replica serving it. Prints
 * figures; asserts nothing. PostgreSQL: TEST_DATABASE_URL (as .ci/run sets it up), each run in a fresh schema.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pg from "pg";
import { ask, health, type Replica, sharedFolders, startReplica } from "../helpers/replicas.ts";
import { freshSchema, postgresAvailable, TEST_DATABASE_URL } from "../helpers/store-engines.ts";

const CLIENTS = 16;
/** Long enough for a few hundred answers per setting on two cores; short enough to run by hand. */
const SECONDS = 20;
const QUESTIONS = [
  "What room temperature is right for a sleeping baby?",
  "What should I do about a bruise on a baby who is not yet crawling?",
  "When should I make a referral to children's social care?",
  "What are the levels of need?",
];

/** Round-robin over the replicas, one request at a time to the next: what a load balancer does. */
async function startRoundRobin(replicas: Replica[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  // No keep-alive to the replicas: a socket a replica closes as idle must not turn into a 502 here.
  const agent = new http.Agent({ keepAlive: false, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const target = new URL(replicas[next++ % replicas.length]?.url ?? "");
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

async function load(
  url: string,
): Promise<{ perSecond: number; p95: number; answers: number; errors: number; firstError?: string }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const until = performance.now() + SECONDS * 1000;
  let i = 0;
  const client = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      try {
        await ask({ url }, QUESTIONS[i++ % QUESTIONS.length] as string);
        latencies.push(performance.now() - started);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  const p95 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.95))] ?? 0;
  return {
    perSecond: latencies.length / elapsed,
    p95,
    answers: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
  };
}

/**
 * The machine's real PostgreSQL stopped after 50 of 200 questions and started again after 120, when this
 * process may (root, pg_ctlcluster): what the replicas answered and how many audit rows reached the
 * database. Only here, never in the tests, because stopping the server would fail other test files.
 */
async function restartDuringQuestions(replicas: Replica[], url: string): Promise<void> {
  const cluster = process.env.BENCH_PG_CLUSTER ?? "15 main";
  if (process.getuid?.() !== 0 || spawnSync("pg_lsclusters", []).status !== 0) {
    process.stdout.write("PostgreSQL restart: skipped (needs root and pg_ctlcluster)\n");
    return;
  }
  const control = (action: string) =>
    spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", ...cluster.split(" "), action, "-m", "fast"], {
      stdio: "ignore",
    });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const before = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM answers")).rows[0]?.n);
  await client.end();
  let sent = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const worker = async () => {
    while (sent < 200) {
      const i = sent++;
      await ask(replicas[i % replicas.length] as Replica, QUESTIONS[i % QUESTIONS.length] as string).catch(
        (error: unknown) => {
          failed += 1;
          firstFailure ??=
            error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
        },
      );
    }
  };
  const burst = Promise.all(Array.from({ length: 4 }, worker));
  const reach = async (n: number) => {
    while (sent < n) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  await reach(50);
  control("stop");
  await reach(120);
  control("start");
  await burst;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const all = await Promise.all(replicas.map((r) => health(r)));
    if (all.every((h) => (h.store as { audit: { pending: number } }).audit.pending === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const after = new pg.Client({ connectionString: url });
  await after.connect();
  const rows =
    Number((await after.query<{ n: string }>("SELECT count(*) AS n FROM answers")).rows[0]?.n) - before;
  await after.end();
  process.stdout.write(
    `PostgreSQL stopped at question 50 and started at 120 of 200: ${200 - failed} answered, ${failed} failed${firstFailure ? ` (${firstFailure})` : ""}, ${rows} audit rows written\n`,
  );
}

async function main(): Promise<void> {
  if (!postgresAvailable) {
    process.stderr.write("bench:replicas needs PostgreSQL at TEST_DATABASE_URL (.ci/run starts one).\n");
    process.exitCode = 1;
    return;
  }
  const schema = await freshSchema();
  const folders = sharedFolders();
  const env = { DATABASE_URL: schema.url, AUDIT_KEY: "bench-replicas-audit-key" };
  const replicas: Replica[] = [];
  try {
    process.stdout.write(
      `PostgreSQL ${new URL(TEST_DATABASE_URL).host}, ${CLIENTS} clients, ${SECONDS} s per setting\n`,
    );
    replicas.push(await startReplica("a", folders, env));
    for (const count of [1, 2]) {
      if (replicas.length < count) replicas.push(await startReplica("b", folders, env));
      const proxy = await startRoundRobin(replicas);
      // One warm-up pass so the first questions' model loading is not counted.
      await Promise.all(replicas.map((r) => ask(r, QUESTIONS[0] as string)));
      const result = await load(proxy.url);
      await proxy.close();
      process.stdout.write(
        `${count} replica${count > 1 ? "s" : ""}: ${result.perSecond.toFixed(1)} answers/s, p95 ${Math.round(result.p95)} ms (${result.answers} answers, ${result.errors} errors${result.firstError ? `; first: ${result.firstError}` : ""})\n`,
      );
    }

    // Ingest on A (its admin reindex through the assistant is what the web admin page calls); time until B serves it.
    fs.writeFileSync(
      path.join(folders.libraryDir, "bench-notice.md"),
      `# Bench notice\n\nThe bench duty desk opens at ${new Date().toISOString()}.\n`,
    );
    const [first, second] = replicas as [Replica, Replica];
    const before = await health(second);
    const ingest = spawnSync(
      path.join(process.cwd(), "node_modules/.bin/tsx"),
      ["bot/cli/ingest.ts", "--source", folders.libraryDir, "--index", folders.indexDir],
      {
        env: {
          ...process.env,
          ...env,
          EMBEDDINGS: "local",
          DATA_DIR: path.join(folders.work, "data-a"),
        },
        encoding: "utf8",
      },
    );
    const ended = performance.now();
    if (ingest.status !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
    let last = ended;
    for (const replica of [first, second]) {
      while ((await health(replica)).builtAt === before.builtAt) await new Promise((r) => setTimeout(r, 20));
      last = Math.max(last, performance.now());
    }
    process.stdout.write(`ingest end to last replica serving it: ${((last - ended) / 1000).toFixed(2)} s\n`);
    await restartDuringQuestions(replicas, schema.url);
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await schema.drop();
    folders.remove();
  }
}

await main();
