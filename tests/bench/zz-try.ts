import fs from "node:fs";
import { buildRedactionKeep, redact } from "../../bot/core/safety/redact.ts";
import { parse } from "yaml";
const passages = JSON.parse(fs.readFileSync("/tmp/redwork/passages.json", "utf8"));
const glossary = (parse(fs.readFileSync("knowledge/glossary.yaml", "utf8")) as { entries: { terms: string[] }[] }).entries.flatMap((e) => e.terms);
let t0 = performance.now();
const keep = buildRedactionKeep(passages, glossary);
console.log("keep built ms", (performance.now() - t0).toFixed(0), "phrases", [...keep.phrases.values()].flat().length, "lower", keep.lowerWords.size, "proper", keep.properWords.size, [...keep.properWords].slice(0, 80).join(" "));
const qs = fs.readFileSync(process.argv[2] ?? "/tmp/redwork/qs.txt", "utf8").split("\n").filter(Boolean);
for (const q of qs) {
  const a = redact(q, { keep }).text;
  const b = redact(q).text;
  console.log((a === q ? "  " : "* ") + a + (b !== a ? `   || nokeep: ${b}` : ""));
}
