import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { withTuning } from "../../knowledge/retrieval/tuning.ts";
import type { AnsweredQuestion, Outcome } from "../core/types.ts";
import { createCliAssistant } from "./cli-assistant.ts";
import { cliErrorMessage } from "./cli-errors.ts";
import {
  type GoldenQuestion,
  hitRank,
  parseQuestions,
  percentile,
  reachesLevel,
  statesFact,
} from "./eval-questions.ts";

export interface EvalSummary {
  file: string;
  answerable: number;
  hit1: number;
  hit5: number;
  mrr10: number;
  /** Outcomes of the answerable questions. */
  outcomes: Record<Outcome, number>;
  /** Share of answerable questions declined (outcome other than "answered"). */
  answerableDeclined: number;
  /** Share of answerable questions whose answer text itself contains one of the expected terms. */
  factInAnswer: number;
  unanswerable: number;
  declined: number;
  escalations: number;
  escalationsReached: number;
  emergencyOnAnswerable: number;
  pii: number;
  piiClean: number;
  latencyP50: number;
  latencyP95: number;
  misses: string[];
  /**
   * Answered questions whose expected passage is cited in the top 5 but whose answer text lacks every
   * expected term: the question, the answer and the passage around the term, for tuning the composer.
   */
  factMisses: string[];
}

/**
 * `npm run eval -- --questions FILE [--index DIR] [--min-hit5 X] [--json]`: how well the index answers a
 * set of golden questions. Exits 1 below --min-hit5, so an admin can gate a re-ingest on it.
 */
async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name("eval")
    .description("Measure retrieval and hand-offs on golden questions.")
    .requiredOption(
      "--questions <file...>",
      "JSONL golden questions (format of shared/README.md); several files are reported one by one",
    )
    .option("--index <dir>", "index folder (default: INDEX_DIR or .data/index)")
    .option(
      "--tuning <file>",
      "JSON overrides of the retrieval tuning (knowledge/retrieval/tuning.ts), for sweeps",
    )
    .option("--min-hit5 <x>", "exit non-zero when hit@5 of any file is below this (0 to 1)", Number)
    .option("--misses", "list every miss")
    .option(
      "--fact-misses",
      "print each answered question whose expected passage is in the top 5 but whose answer lacks the fact, with the answer and the passage",
    )
    .option("--json", "print the summaries as JSON, one line per file")
    .parse(argv);
  const options = program.opts<{
    questions: string[];
    index?: string;
    tuning?: string;
    minHit5?: number;
    misses?: boolean;
    factMisses?: boolean;
    json?: boolean;
  }>();
  const sets = options.questions.map((file) => ({
    file,
    questions: parseQuestions(fs.readFileSync(file, "utf8")),
  }));

  // Evaluation questions are not practitioners' questions: keep them out of the audit trail.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "eval-"));
  const { assistant } = await createCliAssistant({
    ...(options.index ? { index: options.index } : {}),
    ...(options.tuning ? { tuning: withTuning(JSON.parse(fs.readFileSync(options.tuning, "utf8"))) } : {}),
    dataDir,
  });
  let failed = false;
  try {
    for (const { file, questions } of sets) {
      const results: { q: GoldenQuestion; answer: AnsweredQuestion; ms: number }[] = [];
      for (const q of questions) {
        const started = performance.now();
        const answer = await assistant.ask({ question: q.question, platform: "cli" });
        results.push({ q, answer, ms: performance.now() - started });
      }
      const summary = summarise(path.basename(file), results);
      process.stdout.write(
        options.json
          ? `${JSON.stringify(summary)}\n`
          : formatSummary(summary, Boolean(options.misses), Boolean(options.factMisses)),
      );
      if (options.minHit5 !== undefined && summary.answerable > 0 && summary.hit5 < options.minHit5) {
        process.stderr.write(
          `eval: ${file}: hit@5 ${summary.hit5.toFixed(3)} is below the minimum ${options.minHit5}.\n`,
        );
        failed = true;
      }
    }
  } finally {
    await assistant.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

export function summarise(
  file: string,
  results: { q: GoldenQuestion; answer: AnsweredQuestion; ms: number }[],
): EvalSummary {
  const s: EvalSummary = {
    file,
    answerable: 0,
    hit1: 0,
    hit5: 0,
    mrr10: 0,
    outcomes: { answered: 0, related: 0, none: 0 },
    answerableDeclined: 0,
    factInAnswer: 0,
    unanswerable: 0,
    declined: 0,
    escalations: 0,
    escalationsReached: 0,
    emergencyOnAnswerable: 0,
    pii: 0,
    piiClean: 0,
    latencyP50: Math.round(
      percentile(
        results.map((r) => r.ms),
        50,
      ),
    ),
    latencyP95: Math.round(
      percentile(
        results.map((r) => r.ms),
        95,
      ),
    ),
    misses: [],
    factMisses: [],
  };
  let hits1 = 0;
  let hits5 = 0;
  let facts = 0;
  let reciprocal = 0;
  for (const { q, answer } of results) {
    switch (q.kind) {
      case "answer": {
        s.answerable++;
        s.outcomes[answer.outcome]++;
        if (statesFact(answer, q.terms)) facts++;
        else if (answer.outcome === "answered")
          s.misses.push(`${q.id} fact not in the answer: "${q.question}"`);
        const rank = hitRank(answer, q.source, q.terms);
        if (rank >= 1 && rank <= 5 && answer.outcome === "answered" && !statesFact(answer, q.terms))
          s.factMisses.push(factMiss(q, answer, rank));
        if (rank === 1) hits1++;
        if (rank >= 1 && rank <= 5) hits5++;
        if (rank >= 1 && rank <= 10) reciprocal += 1 / rank;
        if (rank === 0 || rank > 5) {
          const got = answer.citations.map((c) => path.basename(c.source)).join(", ") || "nothing (declined)";
          s.misses.push(
            `${q.id} miss (${answer.outcome}): "${q.question}" expected ${q.source}; cited ${got}`,
          );
        }
        if (answer.escalation?.level === "emergency") {
          s.emergencyOnAnswerable++;
          s.misses.push(`${q.id} false emergency: "${q.question}"`);
        }
        break;
      }
      case "unanswerable":
        s.unanswerable++;
        if (!answer.found) s.declined++;
        else s.misses.push(`${q.id} answered but should decline: "${q.question}"`);
        break;
      case "escalate":
        s.escalations++;
        if (reachesLevel(answer, q.level)) s.escalationsReached++;
        else
          s.misses.push(
            `${q.id} escalation ${answer.escalation?.level ?? "none"} < ${q.level}: "${q.question}"`,
          );
        break;
      case "pii": {
        s.pii++;
        const output = JSON.stringify(answer);
        const leaked = q.secrets.filter((secret) => output.includes(secret));
        if (leaked.length === 0) s.piiClean++;
        else s.misses.push(`${q.id} personal data kept in the answer: ${leaked.length} item(s)`);
        break;
      }
    }
  }
  const n = Math.max(1, s.answerable);
  s.hit1 = hits1 / n;
  s.hit5 = hits5 / n;
  s.mrr10 = reciprocal / n;
  s.factInAnswer = facts / n;
  s.answerableDeclined = (s.outcomes.related + s.outcomes.none) / n;
  return s;
}

/** Characters of the passage shown on each side of the expected term. */
const FACT_CONTEXT_CHARS = 300;

function factMiss(
  q: Extract<GoldenQuestion, { kind: "answer" }>,
  answer: AnsweredQuestion,
  rank: number,
): string {
  const passage = answer.citations[rank - 1]?.text ?? "";
  const lower = passage.toLowerCase();
  // hitRank found one of the terms in this passage: the excerpt is centred on the first that is there.
  const at = q.terms.map((t) => lower.indexOf(t.toLowerCase())).find((i) => i >= 0) ?? 0;
  const excerpt = passage
    .slice(Math.max(0, at - FACT_CONTEXT_CHARS), at + FACT_CONTEXT_CHARS)
    .replace(/\s*\n\s*/g, " ⏎ ");
  return [
    `${q.id} "${q.question}" expected ${JSON.stringify(q.terms)} in [${rank}]`,
    `    answer: ${answer.answer}`,
    `    passage [${rank}]: …${excerpt}…`,
  ].join("\n");
}

function formatSummary(s: EvalSummary, listMisses: boolean, listFactMisses: boolean): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `${s.file}`,
    `answerable questions: ${s.answerable}`,
    `  hit@1   ${pct(s.hit1)}`,
    `  hit@5   ${pct(s.hit5)}`,
    `  MRR@10  ${s.mrr10.toFixed(3)}`,
    `  outcomes: answered ${s.outcomes.answered}, related ${s.outcomes.related}, none ${s.outcomes.none} (declined ${pct(s.answerableDeclined)})`,
    `  fact in the answer text ${pct(s.factInAnswer)}`,
    `unanswerable correctly declined: ${s.declined}/${s.unanswerable}`,
    `escalations at or above the expected level: ${s.escalationsReached}/${s.escalations}`,
    `answerable questions given an emergency: ${s.emergencyOnAnswerable}`,
    `personal data removed: ${s.piiClean}/${s.pii}`,
    `latency p50 ${s.latencyP50} ms, p95 ${s.latencyP95} ms`,
  ];
  if (s.misses.length > 0) {
    lines.push(`misses: ${s.misses.length}${listMisses ? "" : " (--misses lists them)"}`);
    if (listMisses) lines.push(...s.misses.map((m) => `  ${m}`));
  }
  if (listFactMisses) {
    lines.push(`fact misses with the passage in the top 5: ${s.factMisses.length}`);
    lines.push(...s.factMisses.map((m) => `  ${m}`));
  }
  return `${lines.join("\n")}\n\n`;
}

main(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`eval: ${cliErrorMessage(error)}\n`);
    process.exit(1);
  },
);
