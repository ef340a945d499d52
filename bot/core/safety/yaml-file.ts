import { readFileSync } from "node:fs";
import path from "node:path";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { CodedError, ErrorCode } from "../../../foundation/errors.ts";

/**
 * The admin-edited YAML files of the safety modules (risk rules, escalation routes) are read here, so that
 * every problem in them is reported the same way: file, line, field and what is wrong.
 */

/** An invalid safety file; `problems` has one line per problem, e.g. "routes.yaml line 14, areas.default: ...". */
export class SafetyFileError extends CodedError {
  constructor(readonly problems: string[]) {
    super(ErrorCode.ConfigInvalid, problems.join("\n"));
    this.name = "SafetyFileError";
  }
}

/** Reads and validates a YAML file; throws SafetyFileError (or a CodedError if the file cannot be read). */
export function loadYamlFile<T>(file: string, schema: z.ZodType<T>): T {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new CodedError(ErrorCode.FileUnreadable, `Cannot read ${file}.`, { cause });
  }
  return parseYamlText(text, path.basename(file), schema);
}

/**
 * Parses and validates YAML text. `label` names the file in messages. Syntax errors and schema problems are
 * all reported at once, each with its line number.
 */
export function parseYamlText<T>(text: string, label: string, schema: z.ZodType<T>): T {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new SafetyFileError(
      doc.errors.map((e) => `${label} line ${lineCounter.linePos(e.pos[0]).line}: ${firstLine(e.message)}`),
    );
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) => {
    const at = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    // An unknown key is best reported at the key itself, not at the object holding it.
    const targets = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...at, k]) : [at];
    return targets.map((target) => {
      const line = lineCounter.linePos(offsetOf(doc.contents, target)).line;
      return `${label} line ${line}, ${formatPath(target)}: ${issue.message}`;
    });
  });
  throw new SafetyFileError(problems);
}

/**
 * The offset to report for `target`: the key of a mapping field, the item of a sequence, or, when part of the
 * path does not exist (a missing field), the deepest part that does.
 */
function offsetOf(root: Node | null, target: (string | number)[]): number {
  let node: unknown = root;
  let offset = root?.range?.[0] ?? 0;
  for (const segment of target) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      const keyRange = (pair?.key as Node | undefined)?.range;
      if (!pair || !keyRange) break;
      offset = keyRange[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as Node | undefined;
      if (!item?.range) break;
      offset = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function formatPath(target: (string | number)[]): string {
  if (target.length === 0) return "(top level)";
  return target.reduce<string>((out, segment) => {
    if (typeof segment === "number") return `${out}[${segment}]`;
    return out === "" ? segment : `${out}.${segment}`;
  }, "");
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
