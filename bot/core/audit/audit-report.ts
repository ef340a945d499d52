/**
 * The trainer report: what practitioners asked, which questions the guidance could not answer (the gaps
 * trainers fill), how often the bot escalated, what people thought of its answers, and how slow it was.
 * Everything is read from the audit store over a window of whole UTC days ending with today.
 */
import type Database from "better-sqlite3";
import type { EscalationLevel } from "../types.ts";

export interface ReportOptions {
  /** Whole UTC days, today included. Default 30, at most MAX_REPORT_DAYS. */
  days?: number;
  /** The moment the report is made; tests fix it. Default: now. */
  now?: Date;
  /** How many of the slowest answers to list. Default 10. */
  slowest?: number;
  /** How many distinct unanswered questions to list. Default 50. */
  gaps?: number;
  /** How many of the latest feedback comments to list. Default 10. */
  comments?: number;
}

export interface AuditReport {
  /** ISO timestamp of `now`. */
  generatedAt: string;
  days: number;
  /** First day of the window, YYYY-MM-DD (UTC). */
  from: string;
  /** Last day of the window (the day of `now`), YYYY-MM-DD (UTC). */
  to: string;
  totals: {
    questions: number;
    answered: number;
    unanswered: number;
    /** Answers that came with an escalation. */
    escalated: number;
    handoffs: number;
    feedback: number;
  };
  /** One entry per day of the window, oldest first, days without questions included with 0. */
  questionsPerDay: { date: string; count: number }[];
  /** Unanswered questions grouped by identical redacted text, most frequent first. */
  unanswered: { question: string; count: number; lastAsked: string }[];
  /** Every level, most serious first: answers that escalated and hand-offs requested at that level. */
  escalations: { level: EscalationLevel; answers: number; handoffs: number }[];
  feedback: {
    helpful: number;
    notHelpful: number;
    /** Newest first; `question` is the answered question when the feedback names a known answer. */
    latestComments: { at: string; helpful: boolean; comment: string; question: string | null }[];
  };
  /** Slowest first. */
  slowest: { question: string; latencyMs: number; at: string }[];
}

/** Ten years: a longer window would only list empty days. */
export const MAX_REPORT_DAYS = 3660;

const LEVELS: readonly EscalationLevel[] = ["emergency", "urgent", "advice"];
const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads the report for the window the options describe. */
export function buildReport(db: Database.Database, options: ReportOptions = {}): AuditReport {
  const days = positiveInteger("days", options.days ?? 30);
  if (days > MAX_REPORT_DAYS) throw new RangeError(`days must be at most ${MAX_REPORT_DAYS}`);
  const slowestLimit = positiveInteger("slowest", options.slowest ?? 10);
  const gapsLimit = positiveInteger("gaps", options.gaps ?? 50);
  const commentsLimit = positiveInteger("comments", options.comments ?? 10);
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new RangeError("now must be a valid date");

  const endOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  const start = endOfToday - days * DAY_MS;
  // Timestamps are stored as ISO strings, which sort like the instants they name.
  const window = { from: new Date(start).toISOString(), until: new Date(endOfToday).toISOString() };
  const inWindow = "at >= @from AND at < @until";

  const answerTotals = db
    .prepare<typeof window, { questions: number; answered: number | null; escalated: number | null }>(
      `SELECT count(*) AS questions, sum(found) AS answered, sum(level IS NOT NULL) AS escalated
       FROM answers WHERE ${inWindow}`,
    )
    .get(window);
  const questions = answerTotals?.questions ?? 0;
  const answered = answerTotals?.answered ?? 0;

  const perDay = new Map(
    db
      .prepare<typeof window, { date: string; count: number }>(
        `SELECT substr(at, 1, 10) AS date, count(*) AS count FROM answers WHERE ${inWindow} GROUP BY date`,
      )
      .all(window)
      .map((row) => [row.date, row.count]),
  );
  const questionsPerDay = Array.from({ length: days }, (_, i) => {
    const date = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
    return { date, count: perDay.get(date) ?? 0 };
  });

  const unanswered = db
    .prepare<typeof window & { limit: number }, { question: string; count: number; lastAsked: string }>(
      `SELECT question, count(*) AS count, max(at) AS lastAsked FROM answers
       WHERE found = 0 AND ${inWindow}
       GROUP BY question ORDER BY count DESC, lastAsked DESC, question LIMIT @limit`,
    )
    .all({ ...window, limit: gapsLimit });

  const countByLevel = (table: "answers" | "handoffs") =>
    new Map(
      db
        .prepare<typeof window, { level: EscalationLevel; count: number }>(
          `SELECT level, count(*) AS count FROM ${table}
           WHERE level IS NOT NULL AND ${inWindow} GROUP BY level`,
        )
        .all(window)
        .map((row) => [row.level, row.count]),
    );
  const answersByLevel = countByLevel("answers");
  const handoffsByLevel = countByLevel("handoffs");
  const escalations = LEVELS.map((level) => ({
    level,
    answers: answersByLevel.get(level) ?? 0,
    handoffs: handoffsByLevel.get(level) ?? 0,
  }));

  const handoffs =
    db
      .prepare<typeof window, { count: number }>(`SELECT count(*) AS count FROM handoffs WHERE ${inWindow}`)
      .get(window)?.count ?? 0;

  const feedbackTotals = db
    .prepare<typeof window, { helpful: number | null; notHelpful: number | null }>(
      `SELECT sum(helpful = 1) AS helpful, sum(helpful = 0) AS notHelpful FROM feedback WHERE ${inWindow}`,
    )
    .get(window);
  const helpful = feedbackTotals?.helpful ?? 0;
  const notHelpful = feedbackTotals?.notHelpful ?? 0;

  const latestComments = db
    .prepare<
      typeof window & { limit: number },
      { at: string; helpful: number; comment: string; question: string | null }
    >(
      `SELECT f.at AS at, f.helpful AS helpful, f.comment AS comment, a.question AS question
       FROM feedback f LEFT JOIN answers a ON a.id = f.answer_id
       WHERE f.comment IS NOT NULL AND f.at >= @from AND f.at < @until
       ORDER BY f.at DESC, f.id DESC LIMIT @limit`,
    )
    .all({ ...window, limit: commentsLimit })
    .map((row) => ({ ...row, helpful: row.helpful === 1 }));

  const slowest = db
    .prepare<typeof window & { limit: number }, { question: string; latencyMs: number; at: string }>(
      `SELECT question, latency_ms AS latencyMs, at FROM answers WHERE ${inWindow}
       ORDER BY latency_ms DESC, at DESC LIMIT @limit`,
    )
    .all({ ...window, limit: slowestLimit });

  return {
    generatedAt: now.toISOString(),
    days,
    from: window.from.slice(0, 10),
    to: new Date(endOfToday - DAY_MS).toISOString().slice(0, 10),
    totals: {
      questions,
      answered,
      unanswered: questions - answered,
      escalated: answerTotals?.escalated ?? 0,
      handoffs,
      feedback: helpful + notHelpful,
    },
    questionsPerDay,
    unanswered,
    escalations,
    feedback: { helpful, notHelpful, latestComments },
    slowest,
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a whole number of at least 1`);
  return value;
}
