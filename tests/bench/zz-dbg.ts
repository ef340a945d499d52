import fs from "node:fs";
import { buildRedactionKeep } from "../../bot/core/safety/redact.ts";
const passages = JSON.parse(fs.readFileSync("/tmp/redwork/passages.json", "utf8"));
const keep = buildRedactionKeep(passages, []);
for (const w of process.argv.slice(2)) console.log(w, "lower", keep.lowerWords.has(w), "proper", keep.properWords.has(w), "phrases", (keep.phrases.get(w) ?? []).slice(0, 5).map((p) => p.join(" ")));
import { findPersonalNames } from "../../bot/core/safety/personal-names.ts";
for (const q of ["Please help, Dawn Green has hit her son", "Is it OK that Hope has not been seen?"]) {
  console.log(q, findPersonalNames(q, { keep }), findPersonalNames(q));
}
