/**
 * The answer as a Slack message (Block Kit). Pure: no I/O, so every limit Slack enforces can be tested here.
 * Order: the hand-off first at emergency or urgent level, then the warnings about old guidance, the answer,
 * the contacts at advice level, the sources (quoted, then also relevant; or the closest passages when none
 * answers directly), the disclaimer and the buttons.
 */
import type { types } from "@slack/bolt";
import type { Answer, Citation, Contact, Escalation } from "../core/types.ts";
import { ActionId, encodeAnswerValue } from "./button-value.ts";
import { clipMrkdwn, clipPlain, escapeMrkdwn, mrkdwnLink } from "./slack-text.ts";

export type KnownBlock = types.KnownBlock;

/** The limits Slack rejects a message for exceeding (and the length we choose for the fallback text). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  contextElements: 10,
  contextElementText: 3000,
  buttonValue: 2000,
  buttonText: 75,
  headerText: 150,
  /** Slack accepts far more, but notifications and screen readers need the gist, not the whole message. */
  fallbackText: 3000,
} as const;

export const DEFAULT_DISCLAIMER =
  "This assistant supports, and does not replace, your professional judgement and local safeguarding procedures.";

/** What chat.postMessage, chat.update and respond() take: blocks plus the plain fallback for notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The answer to render; with an answerId (an answered question) the feedback and hand-off buttons appear. */
export type RenderableAnswer = Answer & { answerId?: string };

const TEXT_MAX = SLACK_LIMITS.sectionText;
const SHORTENED_NOTE = "\n_(Shortened to fit in Slack: see the sources for the full text.)_";

/** Renders an answer as Block Kit within Slack's limits, with a plain-text fallback. */
export function renderAnswerMessage(answer: RenderableAnswer): SlackMessage {
  const escalation = answer.escalation;
  const handoffFirst = isActNow(escalation);
  const handoff = escalation && handoffFirst ? handoffBlocks(escalation) : [];
  const advice = escalation && !handoffFirst ? adviceBlocks(escalation) : [];
  const warnings = answer.warnings.length > 0 ? warningBlocks(answer.warnings) : [];
  const disclaimer = [contextBlock(escapeMrkdwn(answer.disclaimer ?? DEFAULT_DISCLAIMER))];
  const buttons = answer.answerId ? [buttonBlock(answer.answerId)] : [];

  const fixed = handoff.length + advice.length + warnings.length + disclaimer.length + buttons.length;
  const room = SLACK_LIMITS.blocksPerMessage - fixed;
  // The answer always keeps at least one block; the sources take what they need of the rest.
  const sources =
    answer.citations.length > 0
      ? packLines(sourceLines(answer), Math.max(1, room - 1), (n) =>
          n === 1 ? "…and 1 more source" : `…and ${n} more sources`,
        ).map(contextBlock)
      : [];
  const body = answerSections(answer.answer, room - sources.length);

  return {
    text: fallbackText(answer),
    blocks: [...handoff, ...warnings, ...body, ...advice, ...sources, ...disclaimer, ...buttons],
  };
}

/** Emergency and urgent answers lead with what to do now; advice comes after the answer. */
export function isActNow(escalation: Escalation | null): escalation is Escalation {
  return escalation?.level === "emergency" || escalation?.level === "urgent";
}

/** One line per contact: name, then each way to reach them. */
export function contactLine(contact: Contact): string {
  const ways = [
    contact.phone ? escapeMrkdwn(contact.phone) : undefined,
    contact.email ? mrkdwnLink(`mailto:${contact.email}`, contact.email) : undefined,
    contact.url ? mrkdwnLink(contact.url, "website") : undefined,
    contact.hours ? escapeMrkdwn(contact.hours) : undefined,
  ].filter((w): w is string => Boolean(w));
  const name = `*${escapeMrkdwn(clipPlain(contact.name, 200))}*`;
  return `• ${ways.length > 0 ? `${name}: ${ways.join(" · ")}` : name}`;
}

/** The hand-off block that leads an emergency or urgent answer: header, why, the steps, the contacts. */
function handoffBlocks(escalation: Escalation): KnownBlock[] {
  const title =
    escalation.level === "emergency"
      ? ":rotating_light: Emergency: what to do now"
      : ":warning: Urgent: what to do now";
  const blocks: KnownBlock[] = [
    {
      type: "header",
      text: { type: "plain_text", text: clipPlain(title, SLACK_LIMITS.headerText), emoji: true },
    },
    sectionBlock(`*Why:* ${escapeMrkdwn(escalation.reason)}`),
  ];
  const actions = escalation.actions ?? [];
  if (actions.length > 0) {
    const steps = actions.map((a, i) => `${i + 1}. ${escapeMrkdwn(a)}`);
    blocks.push(...packLines(["*What to do now*", ...steps], 3, moreSteps).map(sectionBlock));
  }
  if (escalation.contacts.length > 0) {
    const lines = ["*Who to contact*", ...escalation.contacts.map(contactLine)];
    blocks.push(...packLines(lines, 4, moreContacts).map(sectionBlock));
  }
  blocks.push({ type: "divider" });
  return blocks;
}

/** At advice level (and when the guidance has no answer) the contacts follow the answer. */
function adviceBlocks(escalation: Escalation): KnownBlock[] {
  if (escalation.contacts.length === 0) return [sectionBlock(`_${escapeMrkdwn(escalation.reason)}_`)];
  const lines = [
    `*Who to ask* (_${escapeMrkdwn(escalation.reason)}_)`,
    ...escalation.contacts.map(contactLine),
  ];
  return packLines(lines, 4, moreContacts).map(sectionBlock);
}

function warningBlocks(warnings: string[]): KnownBlock[] {
  const lines = warnings.map((w) => `:warning: ${escapeMrkdwn(w)}`);
  return packLines(lines, 2, (n) => `…and ${n} more notes`).map(sectionBlock);
}

/** The sources' lines: headed by what they are, quoted ones first, the rest as "also relevant". */
function sourceLines(answer: Answer): string[] {
  if (answer.outcome === "related") {
    return ["*Closest passages* (none answers the question directly)", ...answer.citations.map(citationLine)];
  }
  const quoted = answer.citations.filter((c) => c.quoted !== false);
  const also = answer.citations.filter((c) => c.quoted === false);
  return [
    "*Sources*",
    ...quoted.map(citationLine),
    ...(also.length > 0 ? ["*Also relevant*", ...also.map(citationLine)] : []),
  ];
}

/** Title (linked when the catalog gives a URL), file, section, page and date of one cited passage. */
function citationLine(citation: Citation): string {
  const title = mrkdwnLink(citation.url, clipPlain(citation.title, 300));
  const where = [
    `_${escapeMrkdwn(clipPlain(citation.source, 300))}_`,
    citation.section ? escapeMrkdwn(clipPlain(citation.section, 300)) : undefined,
    citation.page !== undefined ? `p. ${citation.page}` : undefined,
    citation.date ? escapeMrkdwn(citation.date) : undefined,
  ].filter((part): part is string => Boolean(part));
  return `*[${citation.n}]* ${title} · ${where.join(" · ")}`;
}

/** The answer text in as many sections as it needs, shortened with a note when it needs more than `room`. */
function answerSections(answer: string, room: number): KnownBlock[] {
  const chunks = splitText(toMrkdwn(answer), TEXT_MAX);
  if (chunks.length === 0) return [];
  const allowed = Math.max(1, room);
  if (chunks.length <= allowed) return chunks.map(sectionBlock);
  const kept = chunks.slice(0, allowed);
  const last = kept.pop() ?? "";
  return [...kept, `${clipMrkdwn(last, TEXT_MAX - SHORTENED_NOTE.length)}${SHORTENED_NOTE}`].map(
    sectionBlock,
  );
}

/** Answer text as mrkdwn: escaped, and Markdown bold (which a language model may write) as Slack bold. */
function toMrkdwn(text: string): string {
  return escapeMrkdwn(text.trim()).replace(/\*\*(.+?)\*\*/g, "*$1*");
}

/**
 * Splits escaped mrkdwn into pieces of at most `max` characters, preferring paragraph, line, sentence and
 * word breaks, and never splitting an entity.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = breakPoint(rest, max);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function breakPoint(text: string, max: number): number {
  const window = text.slice(0, max);
  const separators: [string, number][] = [
    ["\n\n", 0],
    ["\n", 0],
    [". ", 1],
    [" ", 0],
  ];
  for (const [separator, keep] of separators) {
    const at = window.lastIndexOf(separator);
    if (at > max / 2) return at + keep;
  }
  const partialEntity = /&[a-z]{0,4}$/.exec(window);
  return partialEntity && partialEntity.index > 0 ? partialEntity.index : max;
}

/**
 * Joins lines into texts of at most Slack's section length, using at most `maxTexts` of them; lines that do
 * not fit are counted in a closing "…and N more" line.
 */
export function packLines(lines: string[], maxTexts: number, more: (n: number) => string): string[] {
  const groups: string[][] = [];
  for (const raw of lines) {
    const line = clipMrkdwn(raw, TEXT_MAX);
    const last = groups.at(-1);
    if (last && joinedLength(last) + 1 + line.length <= TEXT_MAX) last.push(line);
    else groups.push([line]);
  }
  if (groups.length <= maxTexts) return groups.map((g) => g.join("\n"));
  const kept = groups.slice(0, Math.max(1, maxTexts));
  let omitted = lines.length - kept.reduce((n, g) => n + g.length, 0);
  const last = kept.at(-1) ?? [];
  while (last.length > 1 && joinedLength(last) + 1 + more(omitted + 1).length > TEXT_MAX) {
    last.pop();
    omitted += 1;
  }
  if (joinedLength(last) + 1 + more(omitted).length <= TEXT_MAX) last.push(more(omitted));
  return kept.map((g) => g.join("\n"));
}

function joinedLength(lines: string[]): number {
  return lines.reduce((n, line) => n + line.length, 0) + Math.max(0, lines.length - 1);
}

const moreSteps = (n: number) => (n === 1 ? "…and 1 more step" : `…and ${n} more steps`);
const moreContacts = (n: number) => (n === 1 ? "…and 1 more contact" : `…and ${n} more contacts`);

function sectionBlock(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text: clipMrkdwn(text, TEXT_MAX) } };
}

function contextBlock(text: string): KnownBlock {
  return {
    type: "context",
    elements: [{ type: "mrkdwn", text: clipMrkdwn(text, SLACK_LIMITS.contextElementText) }],
  };
}

/** The feedback and hand-off buttons; each carries the answer id alone, never the question. */
function buttonBlock(answerId: string): KnownBlock {
  const value = encodeAnswerValue(answerId);
  const button = (actionId: string, label: string, style?: "primary" | "danger") => ({
    type: "button" as const,
    action_id: actionId,
    text: { type: "plain_text" as const, text: clipPlain(label, SLACK_LIMITS.buttonText), emoji: true },
    value,
    ...(style ? { style } : {}),
  });
  return {
    type: "actions",
    block_id: "guidance_answer_actions",
    elements: [
      button(ActionId.Helpful, ":thumbsup: Helpful"),
      button(ActionId.NotHelpful, ":thumbsdown: Not helpful"),
      button(ActionId.Handoff, "Talk to the safeguarding team", "primary"),
    ],
  };
}

/** The plain fallback: the hand-off steps first when urgent, then the answer, the sources and the disclaimer. */
function fallbackText(answer: RenderableAnswer): string {
  const parts: string[] = [];
  const escalation = answer.escalation;
  if (isActNow(escalation)) {
    parts.push(`${escalation.level.toUpperCase()}: ${escalation.reason}`, ...(escalation.actions ?? []));
    const contacts = escalation.contacts.map((c) => [c.name, c.phone].filter(Boolean).join(" "));
    if (contacts.length > 0) parts.push(`Contact: ${contacts.join("; ")}`);
  }
  parts.push(answer.answer);
  if (answer.citations.length > 0) {
    parts.push(`Sources: ${answer.citations.map((c) => `[${c.n}] ${c.title}`).join("; ")}`);
  }
  parts.push(answer.disclaimer ?? DEFAULT_DISCLAIMER);
  return clipMrkdwn(escapeMrkdwn(parts.join("\n")), SLACK_LIMITS.fallbackText);
}
