import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../bot/config.ts";
import {
  DEV_QUESTIONS,
  SAMPLE_INDEX,
  SHARED_CORPUS_INDEX,
  SHARED_CORPUS_MISSING,
  sharedCorpusAvailable,
} from "../../helpers/test-paths.ts";

const run = promisify(execFile);

/** Runs the ask CLI as a user would, with its own data folder so the audit store is the test's. */
async function ask(args: string[], dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ask-cli-"))) {
  try {
    const { stdout, stderr } = await run("node", ["--import", "tsx", "bot/cli/ask.ts", ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn", OPENAI_API_KEY: "" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run ask", () => {
  it("answers one question as JSON in the answer-object shape", async () => {
    const result = await ask([
      "--index",
      SAMPLE_INDEX,
      "--json",
      "Is it safe for a baby to sleep on a sofa?",
    ]);
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as Record<string, unknown> & {
      citations: { n: number; source: string }[];
    };
    expect(Object.keys(answer)).toEqual(
      expect.arrayContaining(["question", "answer", "found", "citations", "escalation", "warnings"]),
    );
    expect(answer.found).toBe(true);
    expect(answer.citations[0]?.source).toBe("safer-sleep-sample.md");
  });

  it("prints a readable answer with its sources on a terminal", async () => {
    const result = await ask([
      "--index",
      SAMPLE_INDEX,
      "What room temperature is right for a sleeping baby?",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/16 to 20 °C.*\[1\]/);
    expect(result.stdout).toContain("Sources:");
    expect(result.stdout).toContain("SAMPLE: Safer sleep for babies");
  });

  it("runs the chat surfaces' commands as the core reads them: sources, and the report as JSON", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ask-cli-commands-"));
    const sources = await ask(["--index", SAMPLE_INDEX, "Sources"], dataDir);
    expect(sources.code).toBe(0);
    expect(sources.stdout).toMatch(/^\d+ indexed documents/);
    expect(sources.stdout).toContain("(safer-sleep-sample.md)");

    await ask(["--index", SAMPLE_INDEX, "What room temperature is right for a sleeping baby?"], dataDir);
    const report = await ask(["--index", SAMPLE_INDEX, "--json", "report"], dataDir);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).totals).toMatchObject({ questions: 1, answered: 1 });

    const help = await ask(["help"], dataDir);
    expect(help.stdout).toMatch(/^Usage: ask/);
    expect(help.stdout).toMatch(/sources,\s+reindex,\s+report/);
  });

  it("says in one sentence that there is no index, and exits non-zero", async () => {
    const result = await ask(["--index", path.join(os.tmpdir(), "no-such-index"), "anything"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^ask: There is no index in .*run `npm run ingest`/);
  });

  it("says so when the batch file cannot be read", async () => {
    const result = await ask(["--index", SAMPLE_INDEX, "--json", "--batch", "/no/such/file.jsonl"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Cannot read /no/such/file.jsonl");
  });

  it.skipIf(!sharedCorpusAvailable())(
    "answers every dev question in one process, one line per input, same id",
    async () => {
      const questions = fs
        .readFileSync(DEV_QUESTIONS, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { id: string; question: string });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ask-batch-"));
      const batch = path.join(dir, "batch.jsonl");
      const lines = questions.map((q) => JSON.stringify({ id: q.id, question: q.question }));
      lines.splice(3, 0, "{not json", JSON.stringify({ id: "no-question" }));
      fs.writeFileSync(batch, `${lines.join("\n")}\n`);

      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ask-batch-data-"));
      const result = await ask(["--index", SHARED_CORPUS_INDEX, "--json", "--batch", batch], dataDir);
      expect(result.code).toBe(0);
      const out = result.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { id?: string; error?: string; answer?: string });
      expect(out).toHaveLength(questions.length + 2);
      expect(out.filter((o) => !o.error).map((o) => o.id)).toEqual(questions.map((q) => q.id));
      expect(out[3]?.error).toBe("Line 4: not valid JSON.");
      expect(out[4]).toMatchObject({ id: "no-question", error: expect.stringContaining('"question"') });
    },
  );

  it.skipIf(sharedCorpusAvailable())("skips the batch test without the shared corpus", () => {
    console.log(SHARED_CORPUS_MISSING);
  });
});
