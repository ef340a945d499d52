/**
 * The bot's plain chat messages (Teams renders a subset of Markdown in them). Pure functions of their
 * inputs, so the wording is tested in one place.
 */
import { EXAMPLE_QUESTIONS, SOURCES_QUESTION } from "../core/commands.ts";
import type { AuditReport, Contact, IngestReport, SourceInfo } from "../core/types.ts";
import { contactLines } from "./render-card.ts";

/** More than this many documents are summarised rather than listed, to stay well inside a message. */
const MAX_LISTED_SOURCES = 60;

const EMERGENCY_LINE = "If a child is in immediate danger, call 999.";

/** The welcome posted when the bot is added to a chat or a team, with example questions. */
export function welcomeText(): string {
  return [
    "Hello. I answer safeguarding questions from your organisation's own guidance documents, quoting and citing the passages I use, and I point you to the right people when a question describes a risk to a child.",
    "You could ask, for example:",
    EXAMPLE_QUESTIONS.map((example) => `- ${example.question}`).join("\n"),
    "In a channel, @mention me with your question. Type **help** to see what else I can do.",
    EMERGENCY_LINE,
  ].join("\n\n");
}

/** A message activity with Teams' suggested actions: buttons that send their text as the user's message. */
export interface SuggestingActivity {
  type: "message";
  text: string;
  suggestedActions?: { to: string[]; actions: { type: "imBack"; title: string; value: string }[] };
}

/**
 * The welcome, with the example questions and the sources as suggested actions for `to` (the people in a
 * personal chat, the only place Teams shows them); none when `to` is empty.
 */
export function welcomeActivity(to: string[]): SuggestingActivity {
  const prompts = [...EXAMPLE_QUESTIONS.map((example) => example.question), SOURCES_QUESTION];
  return {
    type: "message",
    text: welcomeText(),
    ...(to.length > 0
      ? {
          suggestedActions: {
            to,
            actions: prompts.map((prompt) => ({ type: "imBack" as const, title: prompt, value: prompt })),
          },
        }
      : {}),
  };
}

/** What the bot does and the commands it understands. */
export function helpText(): string {
  return [
    "Ask me a question in your own words and I will answer from the indexed guidance, with the sources I used. In a channel, @mention me first.",
    "Commands:",
    "- **help**: this message",
    "- **sources**: the documents I answer from, with their dates and whether they are out of date",
    "- **reindex**: read the guidance library again (library admins only)",
    "- **report**: a summary of how the assistant has been used (library admins only)",
    "Under each answer you can say whether it helped, or ask to talk to the safeguarding team.",
    "Please leave out names and other personal details; I remove the ones I recognise.",
    EMERGENCY_LINE,
  ].join("\n\n");
}

/** The indexed documents with their dates and staleness, for trainers and admins. */
export function sourcesText(sources: SourceInfo[]): string {
  if (sources.length === 0)
    return "No documents are indexed yet. A library admin can add some and type **reindex**.";
  const listed = sources.slice(0, MAX_LISTED_SOURCES).map((source) => {
    const details = [
      source.date ?? "undated",
      `${source.chunks} passage${source.chunks === 1 ? "" : "s"}`,
      ...(source.area ? [`area ${source.area}`] : []),
    ].join(", ");
    const stale = source.stale ? ` ⚠️ ${source.stale}` : "";
    return `- **${source.title}** (${source.source}): ${details}${stale}`;
  });
  const more = sources.length - listed.length;
  const staleCount = sources.filter((s) => s.stale).length;
  return [
    `${sources.length} indexed document${sources.length === 1 ? "" : "s"}${staleCount > 0 ? `, ${staleCount} flagged as possibly out of date` : ""}:`,
    listed.join("\n"),
    ...(more > 0 ? [`…and ${more} more.`] : []),
  ].join("\n\n");
}

export function reindexStartedText(): string {
  return "Reindexing the guidance library. I will post the report here when it finishes.";
}

export function reindexBusyText(): string {
  return "A reindex is already running; its report will be posted when it finishes.";
}

/** An admin's reindex report: what changed, what failed, how long it took. */
export function reindexReportText(report: IngestReport): string {
  const counts = [
    `${report.added.length} added`,
    `${report.updated.length} updated`,
    `${report.unchanged.length} unchanged`,
    `${report.removed.length} removed`,
    `${report.failed.length} failed`,
    ...(report.skipped.length > 0 ? [`${report.skipped.length} skipped`] : []),
  ].join(", ");
  const lines = [
    `Reindex finished in ${report.seconds.toFixed(1)} s: ${counts}. ${report.chunks} passages indexed, ${report.embedded} newly embedded${report.indexBuilt ? "" : "; the index was not rebuilt"}.`,
  ];
  if (report.failed.length > 0) {
    lines.push(["Could not read:", ...report.failed.map((f) => `- ${f.file}: ${f.reason}`)].join("\n"));
  }
  if (report.skipped.length > 0) {
    lines.push(["Not read:", ...report.skipped.map((f) => `- ${f.file} ${f.reason}`)].join("\n"));
  }
  return lines.join("\n\n");
}

/** An admin's summary of the usage report: the totals, and where the full report is. */
export function reportText(report: AuditReport): string {
  const { totals } = report;
  return [
    `Usage from ${report.from} to ${report.to}: ${totals.questions} questions, ${totals.answered} answered from the guidance, ${totals.unanswered} not answered, ${totals.escalated} escalated, ${totals.handoffs} hand-offs, ${totals.feedback} feedback.`,
    "The full report (gaps in the guidance, feedback, slow answers) is printed by `npm run report` on the server.",
  ].join("\n\n");
}

export function feedbackThanksText(helpful: boolean): string {
  return helpful
    ? "Thanks for the feedback."
    : "Thanks for the feedback. Answers marked not helpful are reviewed to improve the guidance answers.";
}

/** The asker's confirmation once the hand-off has been posted to the safeguarding team's channel. */
export function handoffSentText(contacts: Contact[]): string {
  return [
    "Thank you. I have passed your question to the safeguarding team in their Teams channel, and someone will get back to you.",
    ...(contacts.length > 0
      ? ["If you need them sooner, contact them directly:", contactList(contacts)]
      : []),
    EMERGENCY_LINE,
  ].join("\n\n");
}

/** The asker's reply when the bot cannot post to the safeguarding team: whom to contact instead. */
export function handoffUnavailableText(contacts: Contact[]): string {
  return [
    "I can't reach the safeguarding team's Teams channel from here, so please contact them directly:",
    contacts.length > 0
      ? contactList(contacts)
      : "your designated safeguarding lead or your organisation's safeguarding team.",
    EMERGENCY_LINE,
  ].join("\n\n");
}

function contactList(contacts: Contact[]): string {
  return contactLines(contacts)
    .map((line) => `- ${line}`)
    .join("\n");
}
