import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { EvalSummary } from "../../../bot/cli/eval.ts";
import { PROJECT_ROOT } from "../../../bot/config.ts";
import {
  DEV_QUESTIONS,
  PRACTITIONER_CHECK,
  SHARED_CORPUS_INDEX,
  SHARED_CORPUS_MISSING,
  sharedCorpusAvailable,
} from "../../helpers/test-paths.ts";

const run = promisify(execFile);

async function evaluate(args: string[]) {
  try {
    const { stdout, stderr } = await run("node", ["--import", "tsx", "bot/cli/eval.ts", ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, OPENAI_API_KEY: "" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(!sharedCorpusAvailable())("npm run eval on the dev questions", () => {
  it("meets the retrieval, decline, escalation and personal-data targets", async () => {
    const result = await evaluate(["--questions", DEV_QUESTIONS, "--index", SHARED_CORPUS_INDEX, "--json"]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as EvalSummary;
    console.log(
      `dev questions: hit@1 ${summary.hit1.toFixed(3)} hit@5 ${summary.hit5.toFixed(3)} MRR@10 ${summary.mrr10.toFixed(3)} ` +
        `declined ${summary.declined}/${summary.unanswerable} escalations ${summary.escalationsReached}/${summary.escalations} ` +
        `p50 ${summary.latencyP50} ms p95 ${summary.latencyP95} ms`,
    );
    expect(summary.answerable).toBeGreaterThan(0);
    expect(summary.hit5).toBeGreaterThanOrEqual(0.95);
    expect(summary.mrr10).toBeGreaterThanOrEqual(0.75);
    expect(summary.declined).toBe(summary.unanswerable);
    expect(summary.escalationsReached).toBe(summary.escalations);
    expect(summary.emergencyOnAnswerable).toBe(0);
    expect(summary.piiClean).toBe(summary.pii);
  });

  it("holds on the check split of the practitioner questions (never tuned on)", async () => {
    const result = await evaluate([
      "--questions",
      PRACTITIONER_CHECK,
      "--index",
      SHARED_CORPUS_INDEX,
      "--json",
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as EvalSummary;
    console.log(
      `practitioner check: hit@5 ${summary.hit5.toFixed(3)} MRR@10 ${summary.mrr10.toFixed(3)} ` +
        `answered ${summary.outcomes.answered} related ${summary.outcomes.related} none ${summary.outcomes.none} ` +
        `fact ${summary.factInAnswer.toFixed(3)} unanswerable declined ${summary.declined}/${summary.unanswerable}`,
    );
    // Floors just under what this release measured (README, "Retrieval"): a regression gate, not the goal.
    // The split has 23 unanswerable questions, so one question moves that share by 0.043, and 129 answerable,
    // one of which moves the declined share by 0.008: round 3 measured 0.155, so the floor leaves two.
    expect(summary.answerable).toBeGreaterThan(100);
    expect(summary.hit5).toBeGreaterThanOrEqual(0.87);
    expect(summary.mrr10).toBeGreaterThanOrEqual(0.69);
    expect(summary.answerableDeclined).toBeLessThanOrEqual(0.171);
    expect(summary.factInAnswer).toBeGreaterThanOrEqual(0.62);
    expect(summary.declined / summary.unanswerable).toBeGreaterThanOrEqual(0.7);
  });

  it("gates on --min-hit5: exits 1 below the minimum with a sentence", async () => {
    const result = await evaluate([
      "--questions",
      DEV_QUESTIONS,
      "--index",
      SHARED_CORPUS_INDEX,
      "--min-hit5",
      "1.01",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/hit@5 .* is below the minimum 1.01/);
    expect(result.stdout).toContain("hit@5");
  });
});

describe.skipIf(sharedCorpusAvailable())("npm run eval without the shared corpus", () => {
  it("is skipped", () => {
    console.log(SHARED_CORPUS_MISSING);
  });
});
