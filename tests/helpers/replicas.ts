/**
 * Real replicas for the several-replica tests and bench:replicas: `npm start`'s entry point in child
 * processes, each with its own DATA_DIR and port, sharing one library, one INDEX_DIR and one PostgreSQL
 * database, as a deployment behind a load balancer shares them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../../bot/config.ts";
import { SAMPLE_INDEX, SAMPLE_LIBRARY, TEST_EMBEDDING_CACHE } from "./test-paths.ts";

const TSX = path.join(PROJECT_ROOT, "node_modules/.bin/tsx");

export interface Replica {
  name: string;
  url: string;
  child: ChildProcess;
  logLines(): Record<string, unknown>[];
  stop(): Promise<void>;
}

export interface SharedFolders {
  work: string;
  libraryDir: string;
  indexDir: string;
  remove(): void;
}

/**
 * A copy of the sample library and of its index built by the global set-up, in a temp folder, so a test
 * can add and delete documents; the index records the copy as the library it was built from.
 */
export function sharedFolders(): SharedFolders {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "replicas-"));
  const libraryDir = path.join(work, "library");
  const indexDir = path.join(work, "index");
  fs.cpSync(SAMPLE_LIBRARY, libraryDir, { recursive: true });
  fs.cpSync(SAMPLE_INDEX, indexDir, { recursive: true });
  fs.rmSync(path.join(indexDir, ".ingest.lock"), { force: true });
  fs.writeFileSync(path.join(indexDir, "library.json"), JSON.stringify({ libraryDir }));
  return { work, libraryDir, indexDir, remove: () => fs.rmSync(work, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts one replica and resolves once it logged server.started (or rejects with its stderr). */
export async function startReplica(
  name: string,
  folders: SharedFolders,
  env: Record<string, string>,
  timeoutMs = 180_000,
): Promise<Replica> {
  const dataDir = path.join(folders.work, `data-${name}`);
  fs.mkdirSync(dataDir, { recursive: true });
  // The test embedding cache makes loading the risk examples quick.
  fs.copyFileSync(TEST_EMBEDDING_CACHE, path.join(dataDir, "embeddings-cache.sqlite"));
  const port = await freePort();
  const child = spawn(TSX, ["bot/main.ts"], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      SLACK_APP_TOKEN: "",
      MicrosoftAppId: "",
      OPENAI_API_KEY: "",
      EMBEDDINGS: "local",
      LOG_LEVEL: "info",
      PORT: String(port),
      HOST: "127.0.0.1",
      LIBRARY_DIR: folders.libraryDir,
      INDEX_DIR: folders.indexDir,
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const logLines = () =>
    stderr
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const deadline = Date.now() + timeoutMs;
  while (!logLines().some((line) => line.event === "server.started")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`replica ${name} did not start:\n${stderr.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    child,
    logLines,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timeout = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

/** Asks a question on the web API (sign-in off, loopback) and returns the answer's JSON. */
export async function ask(replica: { url: string }, question: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${replica.url}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question }),
  });
  if (response.status !== 200)
    throw new Error(`ask on ${replica.url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

export async function health(replica: { url: string }): Promise<Record<string, unknown>> {
  return (await (await fetch(`${replica.url}/healthz`)).json()) as Record<string, unknown>;
}
