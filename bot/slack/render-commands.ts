/**
 * The replies to the commands (help, sources, reindex, report), wherever in Slack they are typed.
 * Pure, like render-blocks.ts, and within the same Slack limits.
 */
import type { AuditReport, IngestReport, SourceInfo } from "../core/types.ts";
import { type KnownBlock, packLines, SLACK_LIMITS, type SlackMessage } from "./render-blocks.ts";
import { clipMrkdwn, clipPlain, escapeMrkdwn, mrkdwnLink } from "./slack-text.ts";

/** How to use the assistant, naming the configured slash command. */
export function renderHelpMessage(command: string): SlackMessage {
  const text = [
    "*Ask the safeguarding guidance assistant*",
    `• \`${command} your question\`: a private answer, only you see it.`,
    "• Mention me in a channel (`@assistant your question`): I answer in the thread.",
    "• Send me a direct message: I answer there.",
    "Answers quote and cite your organisation's guidance. When a question describes risk to a child, the answer starts with what to do now and whom to contact. Under each answer you can say whether it helped, or ask to talk to the safeguarding team.",
    `• \`${command} sources\`: the documents I answer from, with their dates.`,
    `• \`${command} reindex\`: re-read the library after documents change (administrators only).`,
    `• \`${command} report\`: a summary of how the assistant has been used (administrators only).`,
    "Please do not include names or other details that identify a child or family; I remove those I recognise.",
  ].join("\n");
  return { text: "How to use the safeguarding guidance assistant", blocks: [section(text)] };
}

/** The indexed documents with their dates, and a warning on each that may be out of date. */
export function renderSourcesMessage(sources: SourceInfo[]): SlackMessage {
  if (sources.length === 0) {
    const text =
      "No documents are indexed yet. An administrator can add guidance to the library and reindex.";
    return { text, blocks: [section(text)] };
  }
  const stale = sources.filter((s) => s.stale).length;
  const heading = `*${sources.length} indexed ${sources.length === 1 ? "document" : "documents"}*${
    stale > 0 ? ` (${stale} may be out of date)` : ""
  }`;
  const lines = sources.map(sourceLine);
  const blocks = packLines([heading, ...lines], SLACK_LIMITS.blocksPerMessage, (n) => `…and ${n} more`).map(
    section,
  );
  return {
    text: clipMrkdwn(
      `${sources.length} indexed documents${stale > 0 ? `, ${stale} may be out of date` : ""}`,
      300,
    ),
    blocks,
  };
}

function sourceLine(source: SourceInfo): string {
  const details = [
    `_${escapeMrkdwn(clipPlain(source.source, 300))}_`,
    source.date ? escapeMrkdwn(source.date) : "undated",
    source.area ? `area: ${escapeMrkdwn(source.area)}` : undefined,
    `${source.chunks} ${source.chunks === 1 ? "passage" : "passages"}`,
  ].filter((d): d is string => Boolean(d));
  const line = `• *${mrkdwnLink(source.url, clipPlain(source.title, 300))}* · ${details.join(" · ")}`;
  return source.stale ? `${line}\n    :warning: ${escapeMrkdwn(source.stale)}` : line;
}

/** What a reindex did: counts first, then the files that need attention. */
export function renderReindexReport(report: IngestReport): SlackMessage {
  const counts =
    `${report.added.length} added, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ` +
    `${report.removed.length} removed, ${report.failed.length} failed`;
  const summary = `${report.indexBuilt ? "Reindex finished" : "Reindex failed"} in ${report.seconds.toFixed(1)} s: ${counts}; ${report.chunks} passages in the index (${report.embedded} embedded now).`;
  const lines = [`*${escapeMrkdwn(summary)}*`];
  for (const f of report.failed) lines.push(`:x: ${escapeMrkdwn(`${f.file}: ${f.reason}`)}`);
  for (const [label, files] of [
    ["Added", report.added],
    ["Updated", report.updated],
    ["Removed", report.removed],
  ] as const) {
    if (files.length > 0) lines.push(`${label}: ${files.map((f) => escapeMrkdwn(f)).join(", ")}`);
  }
  for (const f of report.skipped) lines.push(`Not read: ${escapeMrkdwn(`${f.file} ${f.reason}`)}`);
  const blocks = packLines(lines, 10, (n) => `…and ${n} more lines`).map(section);
  return { text: escapeMrkdwn(summary), blocks };
}

/** An administrator's summary of the usage report: the totals, and where the full report is. */
export function renderReportMessage(report: AuditReport): SlackMessage {
  const { totals } = report;
  const summary = `Usage from ${report.from} to ${report.to}: ${totals.questions} questions, ${totals.answered} answered from the guidance, ${totals.unanswered} not answered, ${totals.escalated} escalated, ${totals.handoffs} hand-offs, ${totals.feedback} feedback.`;
  const lines = [
    `*${escapeMrkdwn(summary)}*`,
    "The full report (gaps in the guidance, feedback, slow answers) is printed by `npm run report` on the server.",
  ];
  return { text: escapeMrkdwn(summary), blocks: [section(lines.join("\n"))] };
}

function section(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text: clipMrkdwn(text, SLACK_LIMITS.sectionText) } };
}
