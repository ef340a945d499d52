/**
 * `npm run report -- [--data DIR] [--days N] [--json]`: the trainer report from the audit store, as
 * readable text on a terminal or as JSON.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import { createLogger } from "../../foundation/log.ts";
import { loadConfig } from "../config.ts";
import { MAX_REPORT_DAYS } from "../core/audit/audit-report.ts";
import { type AuditReport, type AuditStore, resolveAuditKey } from "../core/audit/audit-store.ts";
import { describeDatabase, openPostgresStore } from "../store/postgres-store.ts";
import { auditStorePath, openAuditStore } from "../store/sqlite-store.ts";

/** Long questions are cut so the table stays readable on a terminal; the JSON keeps them whole. */
const QUESTION_WIDTH = 80;
const BAR_WIDTH = 30;

type Align = "left" | "right";
interface Column {
  heading: string;
  align: Align;
}

/** Renders the report as plain text: a heading per section and aligned columns. */
export function formatReport(report: AuditReport): string {
  const { totals } = report;
  const sections: string[] = [
    `Audit report: ${report.from} to ${report.to} (${plural(report.days, "day")}, UTC)`,
    section(
      "Totals",
      table(
        [
          { heading: "", align: "left" },
          { heading: "", align: "right" },
        ],
        [
          ["Questions", count(totals.questions)],
          ["Answered from the guidance", count(totals.answered)],
          ["Not answered", count(totals.unanswered)],
          ["Escalated", count(totals.escalated)],
          ["Hand-offs requested", count(totals.handoffs)],
          ["Feedback", count(totals.feedback)],
        ],
        { headings: false },
      ),
    ),
    section("Questions per day", questionsPerDay(report)),
    section(
      "Unanswered questions (gaps in the guidance)",
      report.unanswered.length === 0
        ? "None."
        : table(
            [
              { heading: "Times", align: "right" },
              { heading: "Last asked", align: "left" },
              { heading: "Question", align: "left" },
            ],
            report.unanswered.map((gap) => [count(gap.count), minute(gap.lastAsked), shorten(gap.question)]),
          ),
    ),
    section(
      "Escalations by level",
      table(
        [
          { heading: "Level", align: "left" },
          { heading: "Answers", align: "right" },
          { heading: "Hand-offs", align: "right" },
        ],
        report.escalations.map((e) => [e.level, count(e.answers), count(e.handoffs)]),
      ),
    ),
    section("Feedback", feedback(report)),
    section(
      "Slowest answers",
      report.slowest.length === 0
        ? "None."
        : table(
            [
              { heading: "Latency", align: "right" },
              { heading: "Asked", align: "left" },
              { heading: "Question", align: "left" },
            ],
            report.slowest.map((s) => [`${count(s.latencyMs)} ms`, minute(s.at), shorten(s.question)]),
          ),
    ),
  ];
  return `${sections.join("\n\n")}\n`;
}

function questionsPerDay(report: AuditReport): string {
  const most = Math.max(0, ...report.questionsPerDay.map((d) => d.count));
  const bar = (n: number) => "#".repeat(most === 0 ? 0 : Math.ceil((n / most) * BAR_WIDTH));
  return table(
    [
      { heading: "Date", align: "left" },
      { heading: "Questions", align: "right" },
      { heading: "", align: "left" },
    ],
    report.questionsPerDay.map((d) => [d.date, count(d.count), bar(d.count)]),
  );
}

function feedback(report: AuditReport): string {
  const { helpful, notHelpful, latestComments } = report.feedback;
  const lines = [`Helpful: ${count(helpful)}    Not helpful: ${count(notHelpful)}`];
  if (latestComments.length > 0) {
    lines.push(
      "",
      "Latest comments:",
      table(
        [
          { heading: "When", align: "left" },
          { heading: "Helpful", align: "left" },
          { heading: "Comment", align: "left" },
          { heading: "On the question", align: "left" },
        ],
        latestComments.map((c) => [
          minute(c.at),
          c.helpful ? "yes" : "no",
          shorten(c.comment, 60),
          c.question === null ? "-" : shorten(c.question, 60),
        ]),
      ),
    );
  }
  return lines.join("\n");
}

function section(heading: string, body: string): string {
  return `${heading}\n${"-".repeat(heading.length)}\n${body}`;
}

/** Pads every column to its widest cell; the last column is left unpadded so lines carry no trailing spaces. */
function table(columns: Column[], rows: string[][], options: { headings?: boolean } = {}): string {
  const all = options.headings === false ? rows : [columns.map((c) => c.heading), ...rows];
  const widths = columns.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  return all
    .map((row) =>
      columns
        .map((column, i) => {
          const cell = row[i] ?? "";
          const width = widths[i] ?? 0;
          if (i === columns.length - 1 && column.align === "left") return cell;
          return column.align === "right" ? cell.padStart(width) : cell.padEnd(width);
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const count = (n: number) => n.toLocaleString("en-GB");
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
/** "2024-05-03T14:22:10.000Z" -> "2024-05-03 14:22". */
const minute = (iso: string) => iso.slice(0, 16).replace("T", " ");

function shorten(text: string, width = QUESTION_WIDTH): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, width - 1)}…`;
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > MAX_REPORT_DAYS) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_REPORT_DAYS}`);
  }
  return days;
}

/** The audit store the report reads: PostgreSQL when DATABASE_URL is set (and --data is not), else SQLite. */
async function openForReport(
  dataDir: string,
  options: { data?: string },
): Promise<{ audit: AuditStore; close(): Promise<void> } | string> {
  const config = loadConfig();
  if (config.DATABASE_URL && !options.data) {
    const store = await openPostgresStore(
      { url: config.DATABASE_URL, userKey: resolveAuditKey(dataDir, config.AUDIT_KEY) },
      createLogger("silent"),
    );
    const health = store.health();
    if (health.state !== "ok") {
      await store.close();
      throw new Error(
        `Could not reach ${describeDatabase(config.DATABASE_URL)}: ${health.lastError ?? "unknown error"}`,
      );
    }
    return { audit: store.audit, close: () => store.close() };
  }
  const file = auditStorePath(dataDir);
  if (!fs.existsSync(file)) return `No questions recorded yet in ${file}.\n`;
  const audit = openAuditStore({ file, userKey: resolveAuditKey(dataDir, config.AUDIT_KEY) });
  return { audit, close: () => audit.close() };
}

async function main(argv: string[]): Promise<void> {
  const program = new Command("report")
    .description(
      "Trainer report from the audit store: questions per day, unanswered questions, escalations, feedback and the slowest answers.",
    )
    .option("--data <dir>", "data folder holding audit.sqlite (default: DATA_DIR)")
    .option("--days <n>", "how many days to cover, today included", parseDays, 30)
    .option("--json", "print the report as JSON")
    .action(async (options: { data?: string; days: number; json?: boolean }) => {
      const dataDir = options.data ? path.resolve(options.data) : loadConfig().DATA_DIR;
      const opened = await openForReport(dataDir, options);
      if (typeof opened === "string") {
        process.stdout.write(opened);
        return;
      }
      try {
        const report = await opened.audit.report({ days: options.days });
        process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      } finally {
        await opened.close();
      }
    });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

/** True when this file is the script node (or tsx) was started with, not a module a test imported. */
function startedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined || !fs.existsSync(script)) return false;
  return fs.realpathSync(script) === fs.realpathSync(fileURLToPath(import.meta.url));
}

if (startedDirectly()) void main(process.argv);
