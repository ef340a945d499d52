/**
 * The trainer report: what practitioners asked, which questions the guidance could not answer (the gaps
 * trainers fill), how often the bot escalated, what people thought of its answers, and how slow it was.
 * Everything is read from the audit store over a window of whole UTC days ending with today.
 */
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

/**
 * One read-only query of the report, in the SQL both engines speak: `?` placeholders bound in order,
 * aliases in double quotes. Counts may come back as numbers or numeric strings (PostgreSQL's bigint).
 */
export type ReportQuery = (
  sql: string,
  params: readonly (string | number)[],
) => Promise<Record<string, unknown>[]>;

const count = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const text = (value: unknown): string => String(value);

/** Reads the report for the window the options describe. */
export async function buildReport(query: ReportQuery, options: ReportOptions = {}): Promise<AuditReport> {
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
  const window = [new Date(start).toISOString(), new Date(endOfToday).toISOString()] as const;
  const inWindow = "at >= ? AND at < ?";

  const [answerTotals] = await query(
    `SELECT count(*) AS "questions", sum(found) AS "answered",
            sum(CASE WHEN level IS NOT NULL THEN 1 ELSE 0 END) AS "escalated"
     FROM answers WHERE ${inWindow}`,
    window,
  );
  const questions = count(answerTotals?.questions);
  const answered = count(answerTotals?.answered);

  const perDay = new Map(
    (
      await query(
        `SELECT substr(at, 1, 10) AS "date", count(*) AS "count" FROM answers WHERE ${inWindow}
         GROUP BY substr(at, 1, 10)`,
        window,
      )
    ).map((row) => [text(row.date), count(row.count)]),
  );
  const questionsPerDay = Array.from({ length: days }, (_, i) => {
    const date = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
    return { date, count: perDay.get(date) ?? 0 };
  });

  const unanswered = (
    await query(
      `SELECT question AS "question", count(*) AS "count", max(at) AS "lastAsked" FROM answers
       WHERE found = 0 AND ${inWindow}
       GROUP BY question ORDER BY count(*) DESC, max(at) DESC, question LIMIT ?`,
      [...window, gapsLimit],
    )
  ).map((row) => ({ question: text(row.question), count: count(row.count), lastAsked: text(row.lastAsked) }));

  const countByLevel = async (table: "answers" | "handoffs") =>
    new Map(
      (
        await query(
          `SELECT level AS "level", count(*) AS "count" FROM ${table}
           WHERE level IS NOT NULL AND ${inWindow} GROUP BY level`,
          window,
        )
      ).map((row) => [row.level as EscalationLevel, count(row.count)]),
    );
  const answersByLevel = await countByLevel("answers");
  const handoffsByLevel = await countByLevel("handoffs");
  const escalations = LEVELS.map((level) => ({
    level,
    answers: answersByLevel.get(level) ?? 0,
    handoffs: handoffsByLevel.get(level) ?? 0,
  }));

  const [handoffTotals] = await query(`SELECT count(*) AS "count" FROM handoffs WHERE ${inWindow}`, window);
  const handoffs = count(handoffTotals?.count);

  const [feedbackTotals] = await query(
    `SELECT sum(CASE WHEN helpful = 1 THEN 1 ELSE 0 END) AS "helpful",
            sum(CASE WHEN helpful = 0 THEN 1 ELSE 0 END) AS "notHelpful"
     FROM feedback WHERE ${inWindow}`,
    window,
  );
  const helpful = count(feedbackTotals?.helpful);
  const notHelpful = count(feedbackTotals?.notHelpful);

  const latestComments = (
    await query(
      `SELECT f.at AS "at", f.helpful AS "helpful", f.comment AS "comment", a.question AS "question"
       FROM feedback f LEFT JOIN answers a ON a.id = f.answer_id
       WHERE f.comment IS NOT NULL AND f.at >= ? AND f.at < ?
       ORDER BY f.at DESC, f.id DESC LIMIT ?`,
      [...window, commentsLimit],
    )
  ).map((row) => ({
    at: text(row.at),
    helpful: count(row.helpful) === 1,
    comment: text(row.comment),
    question: row.question === null || row.question === undefined ? null : text(row.question),
  }));

  const slowest = (
    await query(
      `SELECT question AS "question", latency_ms AS "latencyMs", at AS "at" FROM answers WHERE ${inWindow}
       ORDER BY latency_ms DESC, at DESC LIMIT ?`,
      [...window, slowestLimit],
    )
  ).map((row) => ({ question: text(row.question), latencyMs: count(row.latencyMs), at: text(row.at) }));

  return {
    generatedAt: now.toISOString(),
    days,
    from: window[0].slice(0, 10),
    to: new Date(endOfToday - DAY_MS).toISOString().slice(0, 10),
    totals: {
      questions,
      answered,
      unanswered: questions - answered,
      escalated: count(answerTotals?.escalated),
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
