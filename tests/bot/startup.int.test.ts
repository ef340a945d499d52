import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../bot/config.ts";
import { builtFromLibrary } from "../../knowledge/index-store.ts";
import { SAMPLE_INDEX, SAMPLE_LIBRARY, TEST_EMBEDDING_CACHE } from "../helpers/test-paths.ts";

const TSX = path.join(PROJECT_ROOT, "node_modules/.bin/tsx");
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("npm start's start-up", () => {
  it("ingests a LIBRARY_DIR the index was not built from, then says what to open and what is missing", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "startup-"));
    const library = path.join(work, "library");
    const index = path.join(work, "index");
    const data = path.join(work, "data");
    // Another library than the index's: the sample without one of its documents.
    fs.cpSync(SAMPLE_LIBRARY, library, { recursive: true });
    fs.rmSync(path.join(library, "bruising-in-babies-sample.md"));
    fs.cpSync(SAMPLE_INDEX, index, { recursive: true });
    fs.mkdirSync(data);
    fs.copyFileSync(TEST_EMBEDDING_CACHE, path.join(data, "embeddings-cache.sqlite"));
    expect(builtFromLibrary(index)).not.toBe(library);

    const port = await freePort();
    const child = spawn(TSX, ["bot/main.ts"], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        // HOST unset: with sign-in off the default is this machine only.
        HOST: "",
        WEB_AUTH: "",
        SLACK_BOT_TOKEN: "",
        SLACK_APP_TOKEN: "",
        MicrosoftAppId: "",
        OPENAI_API_KEY: "",
        EMBEDDINGS: "local",
        PORT: String(port),
        LIBRARY_DIR: library,
        INDEX_DIR: index,
        DATA_DIR: data,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => {
      stdout += String(chunk);
    });
    child.stderr?.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const events = () =>
      stderr
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);

    await expect
      .poll(() => events().find((e) => e.event === "server.started"), { timeout: 120_000, interval: 200 })
      .toBeDefined();
    expect(events().find((e) => e.event === "index.library_changed")).toMatchObject({ library });
    const started = events().find((e) => e.event === "server.started");
    const sampleDocuments = fs.readdirSync(SAMPLE_LIBRARY).filter((f) => f.endsWith(".md")).length;
    expect(started).toMatchObject({
      url: `http://127.0.0.1:${port}`,
      open: `http://localhost:${port}`,
      library,
    });
    expect(started?.documents).toBe(sampleDocuments - 1);
    expect(builtFromLibrary(index)).toBe(library);

    await expect.poll(() => stdout, { timeout: 5000 }).toContain("Not configured:");
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe(`Safeguarding guidance assistant is running: open http://localhost:${port}`);
    expect(stdout).toMatch(
      /Surfaces: web page on, for this computer only \(sign-in off\), Teams local development/,
    );
    expect(stdout).toContain(`Index: ${sampleDocuments - 1} documents,`);
    expect(stdout).toContain("Store: SQLite in DATA_DIR");
    expect(stdout).toContain(`from ${library}`);
    expect(lines.filter((l) => l.startsWith("  Not configured:"))).toHaveLength(1);
    expect(stdout).not.toContain("0.0.0.0");

    // The page refuses nobody here (this machine), and says so to a relayed request.
    expect((await fetch(`http://127.0.0.1:${port}/api/sources`)).status).toBe(200);
    const relayed = await fetch(`http://127.0.0.1:${port}/api/sources`, {
      headers: { "x-forwarded-for": "203.0.113.9" },
    });
    expect(relayed.status).toBe(403);
    expect((await relayed.json()).error).toMatch(/WEB_AUTH=oidc/);

    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  });
});
