import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatReport } from "../../../bot/cli/report.ts";
import { PROJECT_ROOT } from "../../../bot/config.ts";
import type { AuditReport } from "../../../bot/core/audit/audit-report.ts";
import { resolveAuditKey } from "../../../bot/core/audit/audit-store.ts";
import { auditStorePath, openAuditStore } from "../../../bot/store/sqlite-store.ts";

const sample: AuditReport = {
  generatedAt: "2024-03-10T12:00:00.000Z",
  days: 3,
  from: "2024-03-08",
  to: "2024-03-10",
  totals: { questions: 1234, answered: 1200, unanswered: 34, escalated: 7, handoffs: 2, feedback: 3 },
  questionsPerDay: [
    { date: "2024-03-08", count: 10 },
    { date: "2024-03-09", count: 0 },
    { date: "2024-03-10", count: 5 },
  ],
  unanswered: [
    { question: "Who is the LADO?", count: 12, lastAsked: "2024-03-10T09:05:00.000Z" },
    {
      question: `What does the guidance say ${"about this ".repeat(10)}`,
      count: 3,
      lastAsked: "2024-03-09T17:45:00.000Z",
    },
  ],
  escalations: [
    { level: "emergency", answers: 2, handoffs: 1 },
    { level: "urgent", answers: 4, handoffs: 0 },
    { level: "advice", answers: 1, handoffs: 1 },
  ],
  feedback: {
    helpful: 2,
    notHelpful: 1,
    latestComments: [
      { at: "2024-03-10T10:00:00.000Z", helpful: false, comment: "No SUDI guidance", question: null },
    ],
  },
  slowest: [
    { question: "A child has bruises", latencyMs: 12_400, at: "2024-03-10T11:00:00.000Z" },
    { question: "What is safe sleep?", latencyMs: 950, at: "2024-03-08T10:00:00.000Z" },
  ],
};

/** The lines of one section: from its heading to the next blank line. */
function sectionLines(text: string, heading: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf(heading);
  expect(start, `section "${heading}"`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf("", start);
  return lines.slice(start + 2, end === -1 ? undefined : end);
}

describe("formatReport", () => {
  const text = formatReport(sample);

  it("opens with the window and has a heading per section", async () => {
    expect(text.startsWith("Audit report: 2024-03-08 to 2024-03-10 (3 days, UTC)\n")).toBe(true);
    for (const heading of [
      "Totals",
      "Questions per day",
      "Unanswered questions (gaps in the guidance)",
      "Escalations by level",
      "Feedback",
      "Slowest answers",
    ]) {
      expect(text).toContain(`\n${heading}\n${"-".repeat(heading.length)}\n`);
    }
  });

  it("right-aligns numbers in columns, with thousands separators", async () => {
    expect(sectionLines(text, "Totals").slice(0, 2)).toEqual([
      "Questions                   1,234",
      "Answered from the guidance  1,200",
    ]);
    expect(sectionLines(text, "Slowest answers")).toEqual([
      "  Latency  Asked             Question",
      "12,400 ms  2024-03-10 11:00  A child has bruises",
      "   950 ms  2024-03-08 10:00  What is safe sleep?",
    ]);
  });

  it("draws each day's questions as a bar scaled to the busiest day", async () => {
    expect(sectionLines(text, "Questions per day")).toEqual([
      "Date        Questions",
      "2024-03-08         10  ##############################",
      "2024-03-09          0",
      "2024-03-10          5  ###############",
    ]);
  });

  it("cuts long questions to fit a terminal, and lists gaps most frequent first", async () => {
    const gaps = sectionLines(text, "Unanswered questions (gaps in the guidance)");
    expect(gaps[0]).toBe("Times  Last asked        Question");
    expect(gaps[1]).toBe("   12  2024-03-10 09:05  Who is the LADO?");
    expect(gaps[2]).toMatch(/^ {4}3 {2}2024-03-09 17:45 {2}What does the guidance say about this .*…$/);
    expect(gaps[2]?.length).toBe("    3  2024-03-09 17:45  ".length + 80);
  });

  it("shows feedback counts and comments, and says None for empty lists", async () => {
    expect(text).toContain("Helpful: 2    Not helpful: 1");
    expect(text).toContain("2024-03-10 10:00  no       No SUDI guidance  -");
    const quiet = formatReport({ ...sample, unanswered: [], slowest: [] });
    expect(sectionLines(quiet, "Unanswered questions (gaps in the guidance)")).toEqual(["None."]);
    expect(sectionLines(quiet, "Slowest answers")).toEqual(["None."]);
  });

  it("leaves no trailing spaces on any line", async () => {
    expect(text.split("\n").filter((line) => line !== line.trimEnd())).toEqual([]);
  });
});

describe("npm run report (child process)", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-cli-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(...args: string[]) {
    const env = { ...process.env };
    delete env.AUDIT_KEY;
    const result = spawnSync("npx", ["tsx", "bot/cli/report.ts", ...args], {
      cwd: PROJECT_ROOT,
      env,
      encoding: "utf8",
      timeout: 30_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it("prints the report of a filled store as JSON", async () => {
    const store = openAuditStore({ file: auditStorePath(dir), userKey: resolveAuditKey(dir) });
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    const latest = hoursAgo(1);
    const ask = (
      question: string,
      found: boolean,
      latencyMs: number,
      at: Date,
      level: "emergency" | null = null,
    ) =>
      store.recordAnswer({
        platform: "slack",
        userId: "U1",
        area: "dudley",
        citedChunks: [],
        question,
        found,
        level,
        latencyMs,
        at,
      });
    const id = ask("Who is the LADO?", false, 700, latest);
    ask("Who is the LADO?", false, 300, hoursAgo(30));
    ask("A baby is not breathing", true, 90, hoursAgo(2), "emergency");
    // Ten days ago: outside a 7-day report.
    ask("Old question", false, 5_000, hoursAgo(24 * 10));
    store.recordFeedback({
      answerId: id,
      platform: "slack",
      helpful: false,
      comment: "Nothing on LADO",
      at: latest,
    });
    await store.close();

    const { status, stdout, stderr } = run("--data", dir, "--days", "7", "--json");
    expect(stderr).not.toMatch(/error/i);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as AuditReport;
    expect(report.days).toBe(7);
    expect(report.questionsPerDay).toHaveLength(7);
    expect(report.questionsPerDay.at(-1)?.date).toBe(new Date().toISOString().slice(0, 10));
    expect(report.questionsPerDay.reduce((sum, day) => sum + day.count, 0)).toBe(3);
    expect(report.totals).toEqual({
      questions: 3,
      answered: 1,
      unanswered: 2,
      escalated: 1,
      handoffs: 0,
      feedback: 1,
    });
    expect(report.unanswered).toEqual([
      { question: "Who is the LADO?", count: 2, lastAsked: latest.toISOString() },
    ]);
    expect(report.escalations[0]).toEqual({ level: "emergency", answers: 1, handoffs: 0 });
    expect(report.feedback.latestComments).toEqual([
      { at: latest.toISOString(), helpful: false, comment: "Nothing on LADO", question: "Who is the LADO?" },
    ]);
    expect(report.slowest.map((s) => s.latencyMs)).toEqual([700, 300, 90]);
  });

  it("prints the readable report without --json", async () => {
    const store = openAuditStore({ file: auditStorePath(dir), userKey: resolveAuditKey(dir) });
    store.recordAnswer({
      platform: "web",
      area: "dudley",
      question: "What is SUDI?",
      citedChunks: [],
      found: false,
      level: null,
      latencyMs: 10,
    });
    await store.close();
    const { status, stdout } = run("--data", dir);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Audit report: \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(30 days, UTC\)/);
    expect(stdout).toMatch(/\n {4}1 {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}What is SUDI\?\n/);
  });

  it("says no questions are recorded when there is no store, exits 0 and creates nothing", async () => {
    const { status, stdout } = run("--data", dir, "--json");
    expect(status).toBe(0);
    expect(stdout).toBe(`No questions recorded yet in ${path.join(dir, "audit.sqlite")}.\n`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("rejects a days value that is not a positive whole number", async () => {
    const { status, stderr } = run("--data", dir, "--days", "0");
    expect(status).not.toBe(0);
    expect(stderr).toContain("expected a whole number");
  });
});
