import fs from "node:fs";
import { Command } from "commander";
import { z } from "zod";
import { asCodedError } from "../../foundation/errors.ts";
import { authorise, type CommandName, parseMessage } from "../core/commands.ts";
import type { Assistant } from "../core/types.ts";
import { createCliAssistant } from "./cli-assistant.ts";
import { cliErrorMessage } from "./cli-errors.ts";
import { formatAnswer } from "./format-answer.ts";
import { formatReindex, formatSources } from "./format-commands.ts";
import { formatReport } from "./report.ts";

const batchLine = z.object({ id: z.union([z.string(), z.number()]).transform(String), question: z.string() });

/**
 * `npm run ask -- [--index DIR] [--json] "question"`
 * `npm run ask -- [--index DIR] [--json] help | sources | reindex | report` (the commands the chat surfaces
 * understand, read by the core)
 * `npm run ask -- [--index DIR] --json --batch FILE.jsonl` (one answer line per input line, same id)
 */
async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name("ask")
    .description("Answer a question from the indexed guidance, with citations.")
    .argument("[question...]", "the question, or one of the commands help, sources, reindex, report")
    .option("--index <dir>", "index folder (default: INDEX_DIR or .data/index)")
    .option("--area <name>", "escalation-routes area to answer for")
    .option("--json", "print the answer object as JSON")
    .option("--batch <file>", 'answer every {"id","question"} line of a JSONL file (with --json)')
    .parse(argv);
  const options = program.opts<{ index?: string; area?: string; json?: boolean; batch?: string }>();
  const question = program.args.join(" ").trim();

  if (options.batch && !options.json) return fail("--batch writes JSON lines; add --json.");
  if (!options.batch && !question) return fail('Give a question, e.g. npm run ask -- "Is co-sleeping safe?"');
  let batchText: string | undefined;
  if (options.batch) {
    try {
      batchText = fs.readFileSync(options.batch, "utf8");
    } catch (error) {
      return fail(`Cannot read ${options.batch} (${(error as NodeJS.ErrnoException).code ?? "read error"}).`);
    }
  }

  const parsed = batchText === undefined ? parseMessage(question) : undefined;
  const command = parsed?.kind === "command" ? parsed.command : undefined;
  if (command === "help") {
    process.stdout.write(program.helpInformation());
    return 0;
  }
  const { assistant } = await createCliAssistant({ ...(options.index ? { index: options.index } : {}) });
  try {
    if (batchText !== undefined) {
      await answerBatch(assistant, batchText, options.area);
      return 0;
    }
    if (command) return await runCommand(assistant, command, options.json ?? false);
    const answer = await assistant.ask({
      question,
      platform: "cli",
      ...(options.area ? { area: options.area } : {}),
    });
    process.stdout.write(`${options.json ? JSON.stringify(answer) : formatAnswer(answer)}\n`);
    return 0;
  } finally {
    await assistant.close();
  }
}

/** A command, for whoever runs the command line (the core authorises them as the server's operator). */
async function runCommand(
  assistant: Assistant,
  command: Exclude<CommandName, "help">,
  json: boolean,
): Promise<number> {
  const allowed = authorise(command, { platform: "cli" }, []);
  if (!allowed.allowed) return fail(allowed.refusal);
  const print = (value: unknown, text: string) =>
    process.stdout.write(`${json ? JSON.stringify(value) : text}\n`);
  switch (command) {
    case "sources": {
      const sources = assistant.sources();
      print(sources, formatSources(sources));
      return 0;
    }
    case "reindex": {
      const report = await assistant.reindex();
      print(report, formatReindex(report));
      return 0;
    }
    case "report": {
      const report = await assistant.report();
      print(report, formatReport(report).trimEnd());
      return 0;
    }
  }
}

/** One output line per input line, in order; a bad line gets an error line with its id and the rest go on. */
async function answerBatch(assistant: Assistant, text: string, area: string | undefined): Promise<void> {
  for (const [i, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    const parsed = parseBatchLine(line);
    if ("error" in parsed) {
      const id = parsed.id === undefined ? {} : { id: parsed.id };
      process.stdout.write(
        `${JSON.stringify({ ...id, line: i + 1, error: `Line ${i + 1}: ${parsed.error}` })}\n`,
      );
      continue;
    }
    try {
      const answer = await assistant.ask({
        question: parsed.question,
        platform: "cli",
        ...(area ? { area } : {}),
      });
      process.stdout.write(`${JSON.stringify({ id: parsed.id, ...answer })}\n`);
    } catch (error) {
      const message = `Line ${i + 1}: ${asCodedError(error).userMessage}`;
      process.stdout.write(`${JSON.stringify({ id: parsed.id, line: i + 1, error: message })}\n`);
    }
  }
}

function parseBatchLine(line: string): { id: string; question: string } | { id?: string; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { error: "not valid JSON." };
  }
  const parsed = batchLine.safeParse(json);
  if (parsed.success) return parsed.data;
  const id = (json as { id?: unknown } | null)?.id;
  return {
    ...(id === undefined ? {} : { id: String(id) }),
    error: 'each line needs an "id" and a "question".',
  };
}

function fail(message: string): number {
  process.stderr.write(`ask: ${message}\n`);
  return 1;
}

main(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ask: ${cliErrorMessage(error)}\n`);
    process.exit(1);
  },
);
