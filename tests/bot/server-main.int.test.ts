import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../bot/config.ts";
import { SAMPLE_LIBRARY, TEST_EMBEDDING_CACHE } from "../helpers/test-paths.ts";

const TSX = path.join(PROJECT_ROOT, "node_modules/.bin/tsx");
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** `npm start` without npm: the same entry point, with only the given settings (others blanked). */
function start(env: Record<string, string>) {
  const child = spawn(TSX, ["bot/main.ts"], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: "",
      SLACK_APP_TOKEN: "",
      MicrosoftAppId: "",
      OPENAI_API_KEY: "",
      EMBEDDINGS: "local",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
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
  return { child, exited, stderr: () => stderr, logLines };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("npm start (bot/main.ts)", () => {
  it("prints every bad setting and exits 1 on invalid configuration", async () => {
    const run = start({ PORT: "not-a-port", LOG_LEVEL: "loud" });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain("Invalid configuration");
    expect(run.stderr()).toMatch(/PORT/);
    expect(run.stderr()).toMatch(/LOG_LEVEL/);
  });

  it("builds a missing index, serves every surface it should, and stops cleanly on SIGTERM", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "server-main-"));
    const dataDir = path.join(work, "data");
    fs.mkdirSync(dataDir);
    // The test embedding cache makes building the sample index quick.
    fs.copyFileSync(TEST_EMBEDDING_CACHE, path.join(dataDir, "embeddings-cache.sqlite"));
    const port = await freePort();
    const run = start({
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      LIBRARY_DIR: SAMPLE_LIBRARY,
      INDEX_DIR: path.join(work, "index"),
      DATA_DIR: dataDir,
    });

    await expect
      .poll(() => run.logLines().find((line) => line.event === "server.started"), {
        timeout: 120_000,
        interval: 200,
      })
      .toBeDefined();
    const started = run.logLines().find((line) => line.event === "server.started");
    expect(started).toMatchObject({
      url: `http://127.0.0.1:${port}`,
      web: "on",
      teams: "local-development",
      slack: "off",
      languageModel: "off",
    });
    expect(fs.readFileSync(path.join(work, "index", "CURRENT"), "utf8").trim()).not.toBe("");

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const answer = await fetch(`http://127.0.0.1:${port}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "What room temperature is right for a sleeping baby?" }),
    });
    expect(answer.status).toBe(200);

    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.logLines().find((line) => line.event === "server.stopped")).toMatchObject({ clean: true });
  });
});
