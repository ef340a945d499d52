import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { createLogger } from "../../foundation/log.ts";
import { createEmbeddings } from "../../knowledge/embeddings/create-embeddings.ts";
import { LiveIndex } from "../../knowledge/live-index.ts";
import type { AnswerabilitySignals } from "../../knowledge/retrieval/answerability.ts";
import { Glossary } from "../../knowledge/retrieval/glossary.ts";
import { Retriever } from "../../knowledge/retrieval/retriever.ts";
import {
  type AnswerabilitySignal,
  RETRIEVAL_TUNING,
  type RetrievalTuning,
  withTuning,
} from "../../knowledge/retrieval/tuning.ts";
import { loadConfig } from "../config.ts";
import { redactionKeepFor } from "../core/safety/library-vocabulary.ts";
import { isGazetteerPlace } from "../core/safety/personal-names.ts";
import { redact, withoutTags } from "../core/safety/redact.ts";
import { cliErrorMessage } from "./cli-errors.ts";
import { type GoldenQuestion, parseQuestions } from "./eval-questions.ts";

/**
 * `npm run tune -- --questions TUNE.jsonl [--questions MORE.jsonl] [--index DIR] [--tuning FILE]`
 *
 * Re-tunes retrieval for a library: measures retrieval alone (hit@5, MRR@10 over the search's own ranking,
 * no decline) and fits the answerability model — a logistic regression over the evidence signals, with
 * answerable questions whose passage was found as positives and unanswerable ones as negatives — then
 * picks the two cut-offs. Prints the `answerability` block to paste into knowledge/retrieval/tuning.ts.
 * Run it on a tune split only; report the check split with `npm run eval`.
 */
async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name("tune")
    .requiredOption("--questions <file...>", "JSONL golden questions: the tune split")
    .option("--index <dir>", "index folder (default: INDEX_DIR or .data/index)")
    .option("--tuning <file>", "JSON overrides of the retrieval tuning to measure")
    .option("--dump <file>", "write each question's signals as JSON lines, for study")
    .option("--unanswerable-declined <x>", "the share of unanswerable questions to decline", Number, 0.9)
    .option("--folds <k>", "cross-validation folds for the out-of-fold figures", Number, 5)
    .parse(argv);
  const options = program.opts<{
    questions: string[];
    index?: string;
    tuning?: string;
    dump?: string;
    unanswerableDeclined: number;
    folds: number;
  }>();
  const env = { ...process.env, ...(options.index ? { INDEX_DIR: path.resolve(options.index) } : {}) };
  const config = loadConfig(env);
  const tuning = options.tuning
    ? withTuning(JSON.parse(fs.readFileSync(options.tuning, "utf8")))
    : RETRIEVAL_TUNING;
  const index = await LiveIndex.open(config.INDEX_DIR, createEmbeddings(config), createLogger("silent"));
  const retriever = new Retriever({
    index,
    glossary: Glossary.load(config.GLOSSARY_FILE),
    tuning,
    places: isGazetteerPlace,
  });

  const questions: GoldenQuestion[] = options.questions.flatMap((f) =>
    parseQuestions(fs.readFileSync(f, "utf8")),
  );
  const rows: { q: GoldenQuestion; rank: number; signals: AnswerabilitySignals }[] = [];
  for (const q of questions) {
    if (q.kind !== "answer" && q.kind !== "unanswerable") continue;
    const keep = redactionKeepFor(retriever.index, retriever.glossaryPhrases());
    const evidence = await retriever.retrieve(withoutTags(redact(q.question, { keep }).text), { limit: 10 });
    const rank =
      q.kind === "answer"
        ? evidence.hits.findIndex(
            (h) =>
              h.chunk.source.includes(q.source) &&
              q.terms.some((t) => h.chunk.text.toLowerCase().includes(t.toLowerCase())),
          ) + 1
        : 0;
    rows.push({ q, rank, signals: evidence.signals });
  }
  if (options.dump) {
    fs.writeFileSync(
      options.dump,
      rows
        .map((r) =>
          JSON.stringify({ id: r.q.id, kind: r.q.kind, rank: r.rank, question: r.q.question, ...r.signals }),
        )
        .join("\n"),
    );
  }
  const answerable = rows.filter((r) => r.q.kind === "answer");
  const hit5 = answerable.filter((r) => r.rank >= 1 && r.rank <= 5).length / (answerable.length || 1);
  const mrr =
    answerable.reduce((sum, r) => sum + (r.rank >= 1 ? 1 / r.rank : 0), 0) / (answerable.length || 1);
  process.stdout.write(
    `retrieval alone: ${answerable.length} answerable, hit@5 ${hit5.toFixed(3)}, MRR@10 ${mrr.toFixed(3)}\n`,
  );
  for (const r of answerable.filter((r) => r.rank === 0 || r.rank > 5))
    process.stdout.write(`  miss ${r.q.id}: ${r.q.question}\n`);

  const positives = answerable.filter((r) => r.rank >= 1 && r.rank <= 5).map((r) => r.signals);
  const negatives = rows.filter((r) => r.q.kind === "unanswerable").map((r) => r.signals);
  if (negatives.length === 0 || positives.length === 0) {
    process.stdout.write("answerability: needs answerable and unanswerable questions to fit\n");
    return 0;
  }
  const fitted = fitLogistic(positives, negatives);
  process.stdout.write(
    `${crossValidated(positives, negatives, options.folds, options.unanswerableDeclined)}\n`,
  );
  const probability = (s: AnswerabilitySignals) => sigmoid(score(fitted, s));
  const negativeP = negatives.map(probability).sort((a, b) => a - b);
  // The smallest cut-off that still declines the wanted share of unanswerable questions.
  const answered = cutOff(negativeP, options.unanswerableDeclined);
  const positiveP = positives.map(probability).sort((a, b) => a - b);
  const related = Math.min(answered, positiveP[0] ?? answered) * 0.5;
  const declined = positiveP.filter((p) => p < answered).length;
  const block: RetrievalTuning["answerability"] = {
    bias: round(fitted.bias),
    weights: Object.fromEntries(SIGNALS.map((k) => [k, round(fitted.weights[k])])) as Record<
      AnswerabilitySignal,
      number
    >,
    answered: round(answered),
    related: round(related),
  };
  process.stdout.write(
    `answerability fitted on ${positives.length} found / ${negatives.length} unanswerable: ` +
      `declines ${(negativeP.filter((p) => p < answered).length / negatives.length).toFixed(3)} of unanswerable, ` +
      `${(declined / positives.length).toFixed(3)} of found answerable\n${JSON.stringify({ answerability: block }, null, 2)}\n`,
  );
  return 0;
}

/** The smallest cut-off that still declines the wanted share of unanswerable questions (sorted ascending). */
function cutOff(negativeP: number[], share: number): number {
  const k = Math.min(negativeP.length - 1, Math.ceil(share * negativeP.length) - 1);
  return Math.min(0.99, (negativeP[k] ?? 0.5) + 1e-3);
}

/**
 * Out-of-fold figures: each question's probability comes from a model fitted without its fold, so the
 * share of answerable questions declined at each unanswerable share is an honest estimate, not fit-on-fit.
 * Folds are dealt in turn (question order is mixed across sets), so the figures do not change between runs.
 */
function crossValidated(
  positives: AnswerabilitySignals[],
  negatives: AnswerabilitySignals[],
  folds: number,
  share: number,
): string {
  const outOfFold = (list: AnswerabilitySignals[], fold: number) => list.filter((_, i) => i % folds !== fold);
  const inFold = (list: AnswerabilitySignals[], fold: number) => list.filter((_, i) => i % folds === fold);
  const positiveP: number[] = [];
  const negativeP: number[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const model = fitLogistic(outOfFold(positives, fold), outOfFold(negatives, fold));
    const p = (s: AnswerabilitySignals) => sigmoid(score(model, s));
    positiveP.push(...inFold(positives, fold).map(p));
    negativeP.push(...inFold(negatives, fold).map(p));
  }
  negativeP.sort((a, b) => a - b);
  const shares = [...new Set([0.67, 0.8, 0.85, 0.9, share])].sort((a, b) => a - b);
  const points = shares.map((x) => {
    const cut = cutOff(negativeP, x);
    const declined = positiveP.filter((p) => p < cut).length / (positiveP.length || 1);
    return `${(x * 100).toFixed(0)}% of unanswerable → ${(declined * 100).toFixed(1)}% of found answerable`;
  });
  return `out of fold (${folds} folds): declining ${points.join("; ")}`;
}

const SIGNALS = Object.keys(RETRIEVAL_TUNING.answerability.weights) as AnswerabilitySignal[];

interface Model {
  bias: number;
  weights: Record<AnswerabilitySignal, number>;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const round = (x: number) => Math.round(x * 1000) / 1000;
const score = (m: Model, s: AnswerabilitySignals) =>
  SIGNALS.reduce((z, k) => z + m.weights[k] * s[k], m.bias);

/**
 * Logistic regression by gradient descent with a small L2 penalty, classes weighted equally (there are
 * many more answerable questions than unanswerable ones). Signals are already in 0..1.
 */
function fitLogistic(positives: AnswerabilitySignals[], negatives: AnswerabilitySignals[]): Model {
  const model: Model = {
    bias: 0,
    weights: Object.fromEntries(SIGNALS.map((k) => [k, 0])) as Model["weights"],
  };
  const data = [
    ...positives.map((s) => ({ s, y: 1, w: 0.5 / positives.length })),
    ...negatives.map((s) => ({ s, y: 0, w: 0.5 / negatives.length })),
  ];
  const rate = 2;
  const l2 = 0.002;
  for (let step = 0; step < 20_000; step++) {
    let gBias = 0;
    const g = Object.fromEntries(SIGNALS.map((k) => [k, 0])) as Model["weights"];
    for (const { s, y, w } of data) {
      const err = (sigmoid(score(model, s)) - y) * w;
      gBias += err;
      for (const k of SIGNALS) g[k] += err * s[k];
    }
    model.bias -= rate * gBias;
    for (const k of SIGNALS) model.weights[k] -= rate * (g[k] + l2 * model.weights[k]);
  }
  return model;
}

main(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`tune: ${cliErrorMessage(error)}\n`);
    process.exit(1);
  },
);
