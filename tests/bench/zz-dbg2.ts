import fs from "node:fs";
import { buildRedactionKeep, redact } from "../../bot/core/safety/redact.ts";
import { findPersonalNames } from "../../bot/core/safety/personal-names.ts";
const passages = JSON.parse(fs.readFileSync("/tmp/redwork/passages.json", "utf8"));
const keep = buildRedactionKeep(passages, []);
const items = fs.readFileSync("tests/fixtures/safety/redaction-tune.jsonl", "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
redact("x");
const times: [number, string][] = [];
for (let rep = 0; rep < 3; rep++) for (const it of items) { const t0 = performance.now(); redact(it.question, { keep }); times.push([performance.now() - t0, it.question]); }
times.sort((a, b) => b[0] - a[0]);
console.log(times.slice(0, 8).map(([t, q]) => t.toFixed(2) + " " + q.slice(0, 100)).join("\n"));
const q = times[0]![1];
let t0 = performance.now(); for (let i = 0; i < 50; i++) redact(q, { keep }); console.log("redact avg", (performance.now() - t0) / 50);
t0 = performance.now(); for (let i = 0; i < 50; i++) findPersonalNames(q, { keep }); console.log("names avg", (performance.now() - t0) / 50);
