/**
 * Measures the redactor on a labelled question set and prints figures (it is not a test and asserts nothing).
 *
 *   node --import tsx tests/bench/redaction-eval.ts FILE.jsonl [--library DIR]... [--examples N]
 *
 * Each line: {"id","question","identifiers":[{"kind","text"}],"keep":["..."]}. The guidance vocabulary that
 * protects library terms is built the way the assistant builds it: from the sample library, and the shared
 * corpus when it is beside the project (or from each --library given), plus the glossary's terms.
 *
 * Definitions:
 * - An identifier is RECALLED when no alphanumeric content of it survives in the redacted text. Both sides
 *   are compared in normal form (NFKC, invisible characters removed, lower case, tags removed from the
 *   redacted text) and:
 *   (a) every word or number of the identifier (a maximal run of letters and digits) occurs in the redacted
 *       text no more often than in the rest of the question (the question with the identifier cut out), so
 *       "of" in "the twelfth of March" or a name that also appears elsewhere is not counted against it; and
 *   (b) no run of 4 or more digits in the redacted text is part of the identifier's digits (spelled-out
 *       digits counted as digits), unless that run is also in the rest of the question: this catches a
 *       number typed digit by digit that the normaliser joined but no detector removed.
 * - A question is FALSELY REDACTED when one of its `keep` phrases no longer appears in the redacted text
 *   (compared in the same normal form), or, for a question with no identifiers, when any tag appears in it.
 * - Time is redact() alone per question: p50 and p95 over a second pass through the set, as a running
 *   service sees it (datasets loaded, code compiled), and the p95 of the first pass for comparison.
 */

import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../../bot/config.ts";
import {
  buildRedactionKeep,
  type KeepSource,
  preloadNameData,
  redact,
} from "../../bot/core/safety/redact.ts";
import { chunkBlocks } from "../../ingest/chunk.ts";
import { scanLibrary } from "../../ingest/library-scan.ts";
import { loaderFor } from "../../ingest/loaders/index.ts";

interface Item {
  id: string;
  question: string;
  identifiers: { kind: string; text: string }[];
  keep: string[];
}

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
if (!file) {
  console.error("usage: redaction-eval.ts FILE.jsonl [--library DIR]... [--examples N]");
  process.exit(2);
}
const libraries = args.flatMap((a, i) => (args[i - 1] === "--library" ? [a] : []));
const examplesArg = args[args.indexOf("--examples") + 1];
const EXAMPLES = args.includes("--examples") && examplesArg ? Number(examplesArg) : 10;

const items: Item[] = fs
  .readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Item);

// ---------------------------------------------------------------------------------------------------------
// The guidance vocabulary, as the assistant builds it from its index

async function passagesOf(dir: string): Promise<KeepSource[]> {
  const out: KeepSource[] = [];
  for (const f of scanLibrary(dir).files) {
    const load = loaderFor(f.absolute);
    if (!load) continue;
    try {
      const doc = await load(new Uint8Array(fs.readFileSync(f.absolute)), f.source);
      const title = doc.title ?? path.basename(f.source);
      for (const c of chunkBlocks(doc.blocks)) out.push({ title, headingPath: c.headingPath, text: c.text });
    } catch (error) {
      console.error(`skipped ${f.source}: ${(error as Error).message}`);
    }
  }
  return out;
}

const sharedCorpus = path.resolve(PROJECT_ROOT, "../shared/corpus");
const libraryDirs =
  libraries.length > 0
    ? libraries
    : [path.join(PROJECT_ROOT, "knowledge/library"), ...(fs.existsSync(sharedCorpus) ? [sharedCorpus] : [])];
const passages = (await Promise.all(libraryDirs.map(passagesOf))).flat();
const glossary = parse(fs.readFileSync(path.join(PROJECT_ROOT, "knowledge/glossary.yaml"), "utf8")) as {
  entries: { terms: string[] }[];
};
const glossaryTerms = glossary.entries.flatMap((e) => e.terms);

let started = performance.now();
preloadNameData();
const loadMs = performance.now() - started;
started = performance.now();
const keep = buildRedactionKeep(passages, glossaryTerms);
const keepMs = performance.now() - started;

// ---------------------------------------------------------------------------------------------------------
// Comparing in normal form

const TAGS = /\[(?:NHS number|postcode|phone|email|date of birth|name|address)\]/g;
const normal = (s: string) =>
  s
    .normalize("NFKC")
    .replace(/[\p{Cf}\p{Co}]/gu, "")
    .toLowerCase();
const words = (s: string) => normal(s).match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
const countOf = (list: string[], w: string) => list.filter((x) => x === w).length;
const SPOKEN: Record<string, string> = {
  zero: "0",
  nought: "0",
  oh: "0",
  o: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
};
/** The identifier's digits in order, spelled-out digits included ("double" repeats the next one). */
function digitsOf(s: string): string {
  let out = "";
  let repeat = 1;
  for (const w of words(s)) {
    if (w === "double" || w === "triple") {
      repeat = w === "double" ? 2 : 3;
      continue;
    }
    const d = /^\d+$/.test(w) ? w : SPOKEN[w];
    if (d) out += d.repeat(repeat);
    repeat = 1;
  }
  return out;
}
const collapse = (s: string) => normal(s).replace(/\s+/g, " ");

/** Identifiers whose text is not in their question: compared strictly (nothing of them may survive). */
const notFound: string[] = [];

/** The question without the identifier's first occurrence (found in normal form, case-insensitively). */
function restOf(question: string, identifier: string): string {
  const q = collapse(question);
  const id = collapse(identifier);
  const at = q.indexOf(id);
  if (at < 0) {
    notFound.push(identifier);
    return "";
  }
  return `${q.slice(0, at)} ${q.slice(at + id.length)}`;
}

function recalled(question: string, identifier: string, redacted: string): boolean {
  const out = words(redacted.replace(TAGS, " "));
  const rest = restOf(question, identifier);
  const restWords = words(rest);
  for (const w of new Set(words(identifier))) {
    if (countOf(out, w) > countOf(restWords, w)) return false;
  }
  const digits = digitsOf(identifier);
  if (digits.length >= 4) {
    const restDigits: string[] = rest.match(/\d{4,}/g) ?? [];
    for (const run of normal(redacted).match(/\d{4,}/g) ?? []) {
      if (digits.includes(run) && !restDigits.includes(run)) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Running

const firstPass: number[] = [];
for (const item of items) {
  const t0 = performance.now();
  redact(item.question, { keep });
  firstPass.push(performance.now() - t0);
}
const times: number[] = [];
const perKind = new Map<string, { total: number; recalled: number; misses: string[] }>();
let falseRedactions = 0;
const falseExamples: string[] = [];
let noIdentifierQuestions = 0;
let noIdentifierFalse = 0;

for (const item of items) {
  const t0 = performance.now();
  const { text } = redact(item.question, { keep });
  times.push(performance.now() - t0);
  for (const id of item.identifiers) {
    const stats = perKind.get(id.kind) ?? { total: 0, recalled: 0, misses: [] };
    perKind.set(id.kind, stats);
    stats.total++;
    if (recalled(item.question, id.text, text)) stats.recalled++;
    else stats.misses.push(`${item.id}: "${id.text}" -> ${text}`);
  }
  const lostKeep = item.keep.filter((k) => !collapse(text).includes(collapse(k)));
  const taggedClean = item.identifiers.length === 0 && TAGS.test(text);
  TAGS.lastIndex = 0;
  if (item.identifiers.length === 0) noIdentifierQuestions++;
  if (taggedClean) noIdentifierFalse++;
  if (lostKeep.length > 0 || taggedClean) {
    falseRedactions++;
    falseExamples.push(`${item.id}: lost ${JSON.stringify(lostKeep)} -> ${text}`);
  }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
times.sort((a, b) => a - b);
firstPass.sort((a, b) => a - b);

console.log(`redaction eval: ${path.relative(process.cwd(), file)} (${items.length} questions)`);
console.log(
  `vocabulary: ${passages.length} passages from ${libraryDirs.map((d) => path.basename(d)).join(", ")}, ${glossaryTerms.length} glossary terms; datasets loaded in ${loadMs.toFixed(0)} ms, vocabulary built in ${keepMs.toFixed(0)} ms`,
);
if (notFound.length > 0) console.log(`identifiers not found verbatim in their question: ${notFound.length}`);
console.log("\nrecall by kind (target: name >= 0.98, others 1.00)");
for (const [kind, s] of [...perKind].sort((a, b) => a[0].localeCompare(b[0]))) {
  console.log(`  ${kind.padEnd(9)} ${(s.recalled / s.total).toFixed(3)}  (${s.recalled}/${s.total})`);
}
console.log(
  `\nfalse redactions (target <= 2%): ${falseRedactions}/${items.length} = ${((100 * falseRedactions) / items.length).toFixed(1)}% of questions; ${noIdentifierFalse}/${noIdentifierQuestions} questions without identifiers got a tag`,
);
console.log(
  `time per question: p50 ${pct(times, 50).toFixed(3)} ms, p95 ${pct(times, 95).toFixed(3)} ms, max ${(times[times.length - 1] ?? 0).toFixed(3)} ms (first pass p95 ${pct(firstPass, 95).toFixed(3)} ms)`,
);
for (const [kind, s] of perKind) {
  if (s.misses.length === 0) continue;
  console.log(`\nmissed ${kind} (${s.misses.length}, first ${Math.min(EXAMPLES, s.misses.length)}):`);
  for (const m of s.misses.slice(0, EXAMPLES)) console.log(`  ${m}`);
}
if (falseExamples.length > 0) {
  console.log(
    `\nfalse redactions (${falseExamples.length}, first ${Math.min(EXAMPLES, falseExamples.length)}):`,
  );
  for (const m of falseExamples.slice(0, EXAMPLES)) console.log(`  ${m}`);
}
