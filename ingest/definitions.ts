/**
 * Finds the definitions a document gives of its own terms, in the blocks its loader produced:
 *
 * - glossary entries: a jargon buster or abbreviations list, one entry per line or (as PDF text arrives)
 *   all entries run together in one block: "CCG Clinical Commissioning Group CDOP Child Death Overview
 *   Panel - responsibility for reviewing deaths …"; "TERM – expansion – explanation" lines anywhere; glossary
 *   table rows;
 * - first uses in running text: "… the Local Authority Designated Officer (LADO) …".
 *
 * A wrong definition shown as the document's is worse than none, so an entry is kept only when the
 * acronym's letters can be read off its expansion's words in order, and where an entry's extent is in doubt
 * it is cut back to what is certain (term and expansion) or dropped. Every text kept is a verbatim slice of
 * a block. No npm package does this: the abbreviation extractors on the registry are either Python
 * (Schwartz–Hearst) or generators of acronyms, and none segments a run-together glossary.
 */

import { type DefinitionKind, type DefinitionRecord, nameKey } from "../knowledge/definitions.ts";
import type { ChunkRecord } from "../knowledge/types.ts";
import type { Block } from "./types.ts";

/** A definition as found in one block, before it gets its document's metadata. */
export interface DefinitionDraft {
  term: string;
  expansion: string;
  explanation?: string;
  text: string;
  kind: DefinitionKind;
  headingPath: string[];
  page?: number;
  /** The heading the definition was read from, when it was read from one rather than from a block's text. */
  heading?: string;
}

/** Headings under which every block is read as glossary entries. */
const GLOSSARY_HEADING = /\b(jargon|glossary|abbreviations?|acronyms?|key terms|terminology)\b/i;

/**
 * A block under another heading is read as a run-together glossary when at least this many entries are
 * found in it and they cover at least this share of its words: a paragraph that merely uses a few acronyms
 * with their expansions never comes close. Fitted on the shapes in ../shared/corpus: its two glossaries
 * (Dudley's jargon buster and abbreviations list) hold 27 and 47 entries; outside them no block holds more
 * than one, covering at most a sixth of it.
 */
const MIN_UNHEADED_GLOSSARY_ENTRIES = 3;
const MIN_UNHEADED_GLOSSARY_COVERAGE = 0.5;

/**
 * An explanation longer than this many words is not trusted to be one entry's: in a run-together
 * glossary it may have swallowed an entry that was not recognised. The entry then keeps its term and
 * expansion only. The longest real explanation in ../shared/corpus is 22 words (SCR, Dudley jargon buster);
 * twice that leaves room for a wordier glossary.
 */
const MAX_EXPLANATION_WORDS = 45;

/**
 * Words of a long form beyond the acronym's letters, as in Schwartz & Hearst (2003): at most
 * min(letters + 5, letters × 2) words, which leaves room for "of", "and", "the" and a skipped word.
 */
const extraWords = (letters: number) => Math.min(letters + 5, letters * 2);

/** An acronym of at least this many letters may skip one content word ("Young People at Risk of Sexual Exploitation (YPSE)"). */
const MIN_LETTERS_TO_SKIP_A_WORD = 4;

/** Words a full name may leave out of its acronym ("Directorate of Urban Environment", "Born in Bradford"). */
const CONNECTORS = new Set([
  "a",
  "an",
  "and",
  "&",
  "at",
  "by",
  "for",
  "from",
  "in",
  "of",
  "on",
  "or",
  "the",
  "to",
  "with",
]);

/** A spaced dash or colon between a term, its expansion and its explanation. */
const SEPARATOR = /^[-–—:=]$/;

/** A repeated term ("Section 17 Section 17 of the Children Act 1989 – …") is at most this many words. */
const MAX_REPEATED_TERM_WORDS = 4;
/** … and its expansion runs at most this many words before the dash. */
const MAX_REPEATED_EXPANSION_WORDS = 12;
/** A term may be an acronym and up to this many words repeated at the end of its expansion ("TYS Panel"). */
const MAX_TERM_SUFFIX_WORDS = 2;

interface Token {
  /** The token as written. */
  raw: string;
  /** Offsets of the whitespace-delimited token in the block text. */
  start: number;
  end: number;
  /** The token without surrounding quotes, brackets and punctuation, and its offsets. */
  core: string;
  coreStart: number;
  coreEnd: number;
}

/** An entry found in a block: token positions, and the offsets of its parts in the block text. */
interface Entry {
  first: number;
  /** Token after the entry's term and expansion (and separator, when an explanation follows). */
  next: number;
  /** Whether a separator after the expansion announces an explanation. */
  explained: boolean;
  term: string;
  expansion: { start: number; end: number };
  textStart: number;
}

/**
 * Every definition the blocks give, in document order; within one document each term and expansion
 * appears once, a glossary entry preferred to a first use.
 */
export function extractDefinitions(blocks: readonly Block[]): DefinitionDraft[] {
  const drafts: DefinitionDraft[] = [];
  const headingsRead = new Set<string>();
  for (const block of blocks) {
    // A heading is read once, where it first stands over a block: "Findings of Peer Review of Looked After
    // Children (LAC) Services" may be the only place a document spells an acronym out.
    block.headingPath.forEach((heading, depth) => {
      const path = block.headingPath.slice(0, depth + 1);
      const key = path.join("\n");
      if (headingsRead.has(key)) return;
      headingsRead.add(key);
      for (const found of firstUses(heading, tokenize(heading))) {
        drafts.push({ ...found, kind: "first-use", headingPath: path, heading, ...pageOf(block) });
      }
    });
    const tokens = tokenize(block.text);
    const inGlossary = block.headingPath.some((h) => GLOSSARY_HEADING.test(h));
    const entries =
      block.kind === "table-row"
        ? tableRowEntries(block.text)
        : glossaryEntries(block.text, tokens, inGlossary);
    for (const entry of entries) drafts.push({ ...entry, kind: "glossary", ...where(block) });
    for (const found of firstUses(block.text, tokens))
      drafts.push({ ...found, kind: "first-use", ...where(block) });
  }
  return dedupe(drafts);
}

/**
 * The records of a document's definitions, each linked to the indexed passage that contains it whole, or
 * else its term and expansion (compared with whitespace collapsed: the chunker joins pieces with line
 * breaks).
 */
export function definitionRecords(
  drafts: readonly DefinitionDraft[],
  chunks: readonly ChunkRecord[],
  doc: { source: string; title: string; area?: string },
): DefinitionRecord[] {
  const flat = chunks.map((c) => ({ chunk: c, text: collapse(c.text) }));
  return drafts.map((d) => {
    const text = collapse(d.text);
    const onPage = (c: ChunkRecord) =>
      d.page === undefined || !c.pages || (c.pages[0] <= d.page && d.page <= c.pages[1]);
    // A glossary entry the chunker cut in two (its explanation runs on into the next passage) still
    // belongs to the passage that names the term and gives its expansion.
    const head = collapse(d.text.slice(0, d.text.indexOf(d.expansion) + d.expansion.length));
    const pick = (holds: (f: (typeof flat)[number]) => boolean) => {
      const holding = flat.filter(holds);
      return (holding.find((f) => onPage(f.chunk)) ?? holding[0])?.chunk;
    };
    // A definition read from a heading belongs to the passages under it; others to the passage quoting them.
    const chunk =
      d.heading === undefined
        ? (pick((f) => f.text.includes(text)) ?? pick((f) => f.text.includes(head)))
        : pick((f) => f.chunk.headingPath.includes(d.heading as string));
    return {
      term: d.term,
      expansion: d.expansion,
      ...(d.explanation ? { explanation: d.explanation } : {}),
      text: d.text,
      kind: d.kind,
      source: doc.source,
      title: doc.title,
      ...(doc.area ? { area: doc.area } : {}),
      ...(d.page !== undefined ? { page: d.page } : {}),
      ...(d.headingPath.length > 0 ? { section: d.headingPath.join(" > ") } : {}),
      ...(chunk ? { chunkId: chunk.id } : {}),
    };
  });
}

function where(block: Block): { headingPath: string[]; page?: number } {
  return { headingPath: block.headingPath, ...pageOf(block) };
}

const pageOf = (block: Block) => (block.page !== undefined ? { page: block.page } : {});

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/** One draft per term and expansion in a document: glossary entries first, then the earliest. */
function dedupe(drafts: DefinitionDraft[]): DefinitionDraft[] {
  const keyOf = (d: DefinitionDraft) => `${nameKey(d.term)}\n${nameKey(d.expansion)}`;
  const best = new Map<string, DefinitionDraft>();
  for (const draft of drafts) {
    const key = keyOf(draft);
    const held = best.get(key);
    if (!held || (held.kind === "first-use" && draft.kind === "glossary")) best.set(key, draft);
  }
  return drafts.filter((d) => best.get(keyOf(d)) === d);
}

// ---------------------------------------------------------------------------------------------------
// Tokens

const OPENERS = "‘'\"“([{";
const CLOSERS = "’'\"”)]},.;:!?";

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const start = match.index;
    const raw = match[0];
    let a = 0;
    let b = raw.length;
    while (a < b && OPENERS.includes(raw[a] as string)) a++;
    // "Child(ren)" keeps its closing bracket: it belongs to the word.
    while (b > a && CLOSERS.includes(raw[b - 1] as string)) {
      if (raw[b - 1] === ")" && raw.slice(a, b - 1).includes("(")) break;
      b--;
    }
    tokens.push({
      raw,
      start,
      end: start + raw.length,
      core: raw.slice(a, b),
      coreStart: start + a,
      coreEnd: start + b,
    });
  }
  return tokens;
}

/**
 * The letters of an acronym-like word, lower case and singular ("CDOPs" → "cdop"), or undefined for a
 * word that is not one: at least two capitals, no fewer capitals than small letters, no digits.
 */
function acronymLetters(word: string): string | undefined {
  if (!/^[A-Z][A-Za-z&]{1,11}$/.test(word)) return undefined;
  const singular = /[A-Z]s$/.test(word) ? word.slice(0, -1) : word;
  const capitals = singular.replace(/[^A-Z]/g, "").length;
  const small = singular.replace(/[^a-z]/g, "").length;
  if (capitals < 2 || small > capitals) return undefined;
  return singular.toLowerCase();
}

/** The term as written, without a plural "s" ("CDOPs" → "CDOP"). */
function singularTerm(word: string): string {
  return /[A-Z]s$/.test(word) ? word.slice(0, -1) : word;
}

const isSeparator = (token: Token | undefined) => token !== undefined && SEPARATOR.test(token.raw);

/** The token's text as matched against an acronym's letters. */
const matchForm = (token: Token) => token.core.toLowerCase();

/** Ends a sentence or clause: a long form never runs across it. */
const endsClause = (token: Token) => /[.;:!?]$/.test(token.raw);

// ---------------------------------------------------------------------------------------------------
// Matching an acronym to its long form

/**
 * Whether the words spell the acronym's letters in order: every word gives its first letter, and may give
 * further letters from inside it ("Quality" gives the Q and U of CQUIN, "Wellbeing" the W and B of HWBB);
 * connecting words ("of", "and", "the") may give theirs or none; an acronym of four letters or more may
 * leave out one other word in the middle. The first and last words always give a letter.
 */
export function spellsAcronym(letters: string, words: readonly string[]): boolean {
  const n = words.length;
  // Remembered by position: a capitalised heading offers many ways to read letters from inside words.
  const seen = new Map<number, boolean>();
  const go = (wi: number, li: number, skips: number): boolean => {
    const key = (wi * (letters.length + 1) + li) * 2 + skips;
    let result = seen.get(key);
    if (result === undefined) {
      result = step(wi, li, skips);
      seen.set(key, result);
    }
    return result;
  };
  const step = (wi: number, li: number, skips: number): boolean => {
    if (wi === n) return li === letters.length;
    const word = words[wi] as string;
    const letter = letters[li];
    const connector = CONNECTORS.has(word);
    // A long form never starts with "and" or "the" ("attention deficit and hyperactivity disorder (ADHD)").
    if (letter !== undefined && givesInitial(word, letter) && !(connector && wi === 0)) {
      // Only a content word gives letters from inside it: "and" must not supply the D of ADHD.
      const inner = connector ? 0 : innerLetters(letters, li + 1, word);
      for (let extra = 0; extra <= inner; extra++) {
        if (go(wi + 1, li + 1 + extra, skips)) return true;
      }
    }
    if (wi === 0 || wi === n - 1) return false;
    if (connector) return go(wi + 1, li, skips);
    return skips > 0 && go(wi + 1, li, skips - 1);
  };
  return n > 0 && go(0, 0, letters.length >= MIN_LETTERS_TO_SKIP_A_WORD ? 1 : 0);
}

function givesInitial(word: string, letter: string): boolean {
  if (letter === "&") return word === "&" || word === "and";
  return word.replace(/^[^\p{L}\p{N}]+/u, "")[0] === letter;
}

/** How many of the letters from `from` on can be read, in order, inside the word after its first letter. */
function innerLetters(letters: string, from: number, word: string): number {
  let li = from;
  for (const ch of word.slice(1)) {
    if (li < letters.length && ch === letters[li]) li++;
  }
  return li - from;
}

// ---------------------------------------------------------------------------------------------------
// Glossary entries

/**
 * The entries of one block. In a glossary (by heading, or by how much of the block reads as entries) the
 * block may hold many entries run together; elsewhere only a block that is itself one
 * "TERM – expansion – explanation" line counts.
 */
function glossaryEntries(
  text: string,
  tokens: Token[],
  inGlossary: boolean,
): Omit<DefinitionDraft, "kind" | "headingPath" | "page">[] {
  const candidates = entryCandidates(text, tokens);
  const chosen: Entry[] = [];
  for (let i = 0; i < tokens.length; ) {
    const entry = candidates[i];
    if (!entry) {
      i++;
      continue;
    }
    chosen.push(entry);
    i = entry.next;
  }
  // An entry covers its explanation too, up to the next entry.
  const covered = chosen.reduce(
    (n, e, k) => n + ((e.explained ? (chosen[k + 1]?.first ?? tokens.length) : e.next) - e.first),
    0,
  );
  const isGlossary =
    inGlossary ||
    (chosen.length >= MIN_UNHEADED_GLOSSARY_ENTRIES &&
      covered >= MIN_UNHEADED_GLOSSARY_COVERAGE * tokens.length);
  if (!isGlossary) {
    const line = candidates[0];
    // A lone entry line must set its term apart ("LADO – Local …", "LADO: Local …") to count.
    const setApart = line && (isSeparator(tokens[1]) || /:$/.test(tokens[0]?.raw ?? ""));
    return line && setApart ? [finish(text, tokens, line, tokens.length)] : [];
  }
  return chosen.map((entry, k) => finish(text, tokens, entry, chosen[k + 1]?.first ?? tokens.length));
}

/** Term, expansion and explanation of an entry whose explanation may run up to token `until`. */
function finish(
  text: string,
  tokens: Token[],
  entry: Entry,
  until: number,
): Omit<DefinitionDraft, "kind" | "headingPath" | "page"> {
  const expansion = text.slice(entry.expansion.start, entry.expansion.end);
  const head = { term: entry.term, expansion, text: text.slice(entry.textStart, entry.expansion.end) };
  if (!entry.explained || entry.next >= until) return head;
  const words = tokens.slice(entry.next, until);
  // A second dash means a second entry the scan did not recognise: keep only what is certain.
  if (words.length > MAX_EXPLANATION_WORDS || words.some((t) => isSeparator(t))) return head;
  const last = words.at(-1) as Token;
  const explanation = text.slice((words[0] as Token).start, last.end).trim();
  return { ...head, explanation, text: text.slice(entry.textStart, last.end) };
}

/**
 * For each token, the entry that starts there, if one does. Worked from the end of the block back, so an
 * entry can tell whether the next one starts right after its expansion.
 */
function entryCandidates(text: string, tokens: Token[]): (Entry | undefined)[] {
  const found: (Entry | undefined)[] = new Array(tokens.length);
  // Where an expansion may end: the block's end, a separator, a clause end, the next entry or acronym.
  const endsHere = (k: number): { next: number; explained: boolean } | undefined => {
    const last = tokens[k - 1] as Token;
    if (k === tokens.length) return { next: k, explained: false };
    if (/[.:]$/.test(last.raw)) return { next: k, explained: true };
    if (isSeparator(tokens[k])) return { next: k + 1, explained: true };
    if (found[k] || acronymLetters(tokens[k]?.core ?? "")) return { next: k, explained: false };
    return undefined;
  };
  for (let i = tokens.length - 1; i >= 0; i--) {
    found[i] = acronymEntry(text, tokens, i, endsHere) ?? repeatedTermEntry(text, tokens, i);
  }
  return found;
}

/** "CAF Common Assessment Framework - …", "LADO – Local Authority Designated Officer", "TYS Panel Targeted Youth Support Panel – …". */
function acronymEntry(
  text: string,
  tokens: Token[],
  i: number,
  endsHere: (k: number) => { next: number; explained: boolean } | undefined,
): Entry | undefined {
  const head = tokens[i] as Token;
  const letters = acronymLetters(head.core);
  if (!letters) return undefined;
  for (let suffix = 0; suffix <= MAX_TERM_SUFFIX_WORDS; suffix++) {
    const suffixWords = tokens.slice(i + 1, i + 1 + suffix);
    if (suffixWords.some((t) => !/^[A-Z][a-z]+$/.test(t.core))) break;
    let from = i + 1 + suffix;
    if (isSeparator(tokens[from])) from++;
    // A glossary writes the full name with a capital ("Did not attend"); "LAC leads across" is prose.
    if (!/^[A-Z]/.test(tokens[from]?.core ?? "")) continue;
    const limit = Math.min(tokens.length - suffix, from + extraWords(letters.length));
    // A one-word expansion is too easily a coincidence ("NHS NHS"): two words at least.
    for (let end = from + 2; end <= limit; end++) {
      if (end - 1 > from && endsClause(tokens[end - 2] as Token)) break;
      const words = tokens.slice(from, end);
      if (!spellsAcronym(letters, words.map(matchForm))) continue;
      const tail = tokens.slice(end, end + suffix);
      if (tail.length !== suffix || tail.some((t, k) => t.core !== suffixWords[k]?.core)) continue;
      const after = endsHere(end + suffix);
      if (!after) continue;
      const lastWord = tokens[end + suffix - 1] as Token;
      const term = text.slice(head.coreStart, (suffixWords.at(-1) ?? head).coreEnd);
      return {
        first: i,
        next: after.next,
        explained: after.explained,
        term: suffix === 0 ? singularTerm(head.core) : term,
        expansion: { start: (tokens[from] as Token).coreStart, end: lastWord.coreEnd },
        textStart: head.start,
      };
    }
  }
  return undefined;
}

/**
 * "Core Group Core Group - core group of professionals …", "Section 17 Section 17 of the Children Act
 * 1989 – …", "‘Working Together’ Working Together to Safeguard Children – …": a term that is not an
 * acronym, repeated as the start of its expansion, which a dash ends.
 */
function repeatedTermEntry(text: string, tokens: Token[], i: number): Entry | undefined {
  const head = tokens[i] as Token;
  // A word, not a table's "Y Y Y" or "N/A N/A".
  if (!/^[A-Z][a-z]{2,}$/.test(head.core)) return undefined;
  for (let n = 1; n <= MAX_REPEATED_TERM_WORDS; n++) {
    const term = tokens.slice(i, i + n);
    const again = tokens.slice(i + n, i + 2 * n);
    if (again.length < n || term.some((t, k) => t.core !== again[k]?.core)) continue;
    if (term.some((t) => endsClause(t) || !/^([A-Z][a-z]+|\d+)$/.test(t.core))) return undefined;
    const from = i + n;
    for (let k = from + n; k < Math.min(tokens.length, from + MAX_REPEATED_EXPANSION_WORDS + 1); k++) {
      // A name is words and numbers ("Section 17 of the Children Act 1989"), never a score like "6/6".
      if (!/^[\p{L}\d’'()&-]+$/u.test(tokens[k - 1]?.core ?? "")) return undefined;
      if (!isSeparator(tokens[k])) continue;
      const last = tokens[k - 1] as Token;
      return {
        first: i,
        next: k + 1,
        explained: true,
        term: text.slice(head.coreStart, (term.at(-1) as Token).coreEnd),
        expansion: { start: (tokens[from] as Token).coreStart, end: last.coreEnd },
        textStart: head.start,
      };
    }
    return undefined;
  }
  return undefined;
}

/**
 * A glossary table row, as loaders write it ("Abbreviation: LADO; Meaning: Local Authority Designated
 * Officer; Role: …"): the first cell an acronym, the second its expansion, a third its explanation.
 */
function tableRowEntries(text: string): Omit<DefinitionDraft, "kind" | "headingPath" | "page">[] {
  const cells = text.split("; ").map((cell) => cell.replace(/^[^:;]{1,40}: /, "").trim());
  const [termCell = "", meaningCell = "", explanationCell] = cells;
  const letters = acronymLetters(termCell);
  if (!letters || cells.length > 3) return [];
  // The meaning cell may carry the explanation after a dash: "Local Authority Designated Officer – the role …".
  const [expansion = "", ...rest] = meaningCell.split(/ [-–—] /);
  const explanation = explanationCell ?? (rest.length === 1 ? rest[0] : undefined);
  const words = tokenize(expansion);
  if (words.length < 2 || rest.length > 1 || !spellsAcronym(letters, words.map(matchForm))) return [];
  return [
    {
      term: singularTerm(termCell),
      expansion: expansion.trim(),
      ...(explanation ? { explanation: explanation.trim() } : {}),
      text,
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// First uses in running text

/** "… the Local Authority Designated Officer (LADO) …": the shortest run of words before the bracket that spells it. */
function firstUses(text: string, tokens: Token[]): Omit<DefinitionDraft, "kind" | "headingPath" | "page">[] {
  const out: Omit<DefinitionDraft, "kind" | "headingPath" | "page">[] = [];
  tokens.forEach((token, p) => {
    const bracket = /^\(([A-Za-z&]+)\)[,.;:’'"”]*$/.exec(token.raw);
    const word = bracket?.[1];
    const letters = word ? acronymLetters(word) : undefined;
    if (!word || !letters || p === 0 || endsClause(tokens[p - 1] as Token)) return;
    const earliest = Math.max(0, p - extraWords(letters.length));
    for (let s = p - 2; s >= earliest; s--) {
      const first = tokens[s] as Token;
      // A long form never starts inside an earlier sentence or bracket.
      if (endsClause(first) || /[()]/.test(first.raw)) break;
      const words = tokens.slice(s, p);
      if (!spellsAcronym(letters, words.map(matchForm))) continue;
      const last = words.at(-1) as Token;
      const quoted = first.coreStart > first.start && last.coreEnd < last.end;
      // "Dudley Clinical Commissioning Group’s (CCG)": the name is the group, not the possessive.
      const possessive = /['’]s$/.test(last.core) ? 2 : 0;
      out.push({
        term: singularTerm(word),
        expansion: text.slice(first.coreStart, last.coreEnd - possessive),
        text: text.slice(quoted ? first.start : first.coreStart, token.start + word.length + 2),
      });
      return;
    }
  });
  return out;
}
