/**
 * The answer as a Slack message (Block Kit). Pure: no I/O, so every limit Slack enforces can be tested here.
 * It walks the answer's layout (bot/core/answer-layout.ts decides what is shown and in what order) and only
 * translates each section into blocks, then adds the feedback and hand-off controls.
 */
import type { types } from "@slack/bolt";
import type { CitationsSection, Section } from "../core/answer-layout.ts";
import type { Answer, Citation, Contact } from "../core/types.ts";
import { ActionId, encodeAnswerValue, encodeFeedbackValue } from "./button-value.ts";
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
  const { layout } = answer;
  const controls = answer.answerId ? controlBlocks(answer.answerId) : [];
  const fixed: KnownBlock[][] = layout.map((section) => fixedBlocks(section));
  const fixedCount = fixed.reduce((n, blocks) => n + blocks.length, 0) + controls.length;
  const room = SLACK_LIMITS.blocksPerMessage - fixedCount;
  // The answer always keeps at least one block; the cited passages take what they need of the rest.
  const lines = layout.flatMap((s) => (s.kind === "sources" || s.kind === "related" ? citationLines(s) : []));
  const citations =
    lines.length > 0
      ? packLines(lines, Math.max(1, room - 1), (n) =>
          n === 1 ? "…and 1 more source" : `…and ${n} more sources`,
        ).map(contextBlock)
      : [];
  const blocks: KnownBlock[] = [];
  let citationsPlaced = false;
  layout.forEach((section, i) => {
    if (section.kind === "answer") blocks.push(...answerSections(section.text, room - citations.length));
    else if (section.kind === "sources" || section.kind === "related") {
      // The cited lists sit together in the layout, so they are packed together where the first one stands.
      if (!citationsPlaced) blocks.push(...citations);
      citationsPlaced = true;
    } else blocks.push(...(fixed[i] ?? []));
  });
  return { text: fallbackText(answer), blocks: [...blocks, ...controls] };
}

/** The blocks of the sections whose size does not depend on the room left. */
function fixedBlocks(section: Section): KnownBlock[] {
  switch (section.kind) {
    case "handoff":
      return handoffBlocks(section);
    case "warnings":
      return packLines(
        section.warnings.map((w) => `:warning: ${escapeMrkdwn(w)}`),
        2,
        (n) => `…and ${n} more notes`,
      ).map(sectionBlock);
    case "contacts":
      return contactsBlocks(section);
    case "disclaimer":
      return [contextBlock(escapeMrkdwn(section.text))];
    default:
      return [];
  }
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

const LEVEL_EMOJI = { emergency: ":rotating_light:", urgent: ":warning:" } as const;

/** The hand-off that leads an emergency or urgent answer: header, why, the steps, the contacts. */
function handoffBlocks(section: Extract<Section, { kind: "handoff" }>): KnownBlock[] {
  const title = `${LEVEL_EMOJI[section.level]} ${section.heading}`;
  const blocks: KnownBlock[] = [
    {
      type: "header",
      text: { type: "plain_text", text: clipPlain(title, SLACK_LIMITS.headerText), emoji: true },
    },
    sectionBlock(`*Why:* ${escapeMrkdwn(section.reason)}`),
  ];
  if (section.actions.length > 0) {
    const steps = section.actions.map((a, i) => `${i + 1}. ${escapeMrkdwn(a)}`);
    blocks.push(...packLines(["*What to do now*", ...steps], 3, moreSteps).map(sectionBlock));
  }
  if (section.contacts.length > 0) {
    const lines = ["*Who to contact*", ...section.contacts.map(contactLine)];
    blocks.push(...packLines(lines, 4, moreContacts).map(sectionBlock));
  }
  if (section.notice) blocks.push(contextBlock(`:information_source: ${escapeMrkdwn(section.notice)}`));
  blocks.push({ type: "divider" });
  return blocks;
}

/** Whom to ask after the answer, with the reason, and the notice when local contacts are missing. */
function contactsBlocks(section: Extract<Section, { kind: "contacts" }>): KnownBlock[] {
  const blocks =
    section.contacts.length === 0
      ? [sectionBlock(`_${escapeMrkdwn(section.reason)}_`)]
      : packLines(
          [
            `*${escapeMrkdwn(section.heading)}* (_${escapeMrkdwn(section.reason)}_)`,
            ...section.contacts.map(contactLine),
          ],
          4,
          moreContacts,
        ).map(sectionBlock);
  if (section.notice) blocks.push(contextBlock(`:information_source: ${escapeMrkdwn(section.notice)}`));
  return blocks;
}

/** A cited list's lines: its heading, then one line per passage. */
function citationLines(section: CitationsSection): string[] {
  const [name, rest] = splitHeading(section.heading);
  return [
    `*${escapeMrkdwn(name)}*${rest ? ` ${escapeMrkdwn(rest)}` : ""}`,
    ...section.citations.map(citationLine),
  ];
}

/** "Closest passages (none answers…)" as the bold name and the aside after it. */
function splitHeading(heading: string): [string, string] {
  const at = heading.indexOf(" (");
  return at < 0 ? [heading, ""] : [heading.slice(0, at), heading.slice(at + 1)];
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

/**
 * Slack's own feedback buttons (thumbs up and down, in a context_actions block) and the hand-off button.
 * Each carries the answer id alone, never the question.
 */
function controlBlocks(answerId: string): KnownBlock[] {
  const feedback: types.ContextActionsBlock = {
    type: "context_actions",
    block_id: "guidance_answer_feedback",
    elements: [
      {
        type: "feedback_buttons",
        action_id: ActionId.Feedback,
        positive_button: {
          text: { type: "plain_text", text: "Helpful" },
          accessibility_label: "This answer was helpful",
          value: encodeFeedbackValue(answerId, true),
        },
        negative_button: {
          text: { type: "plain_text", text: "Not helpful" },
          accessibility_label: "This answer was not helpful",
          value: encodeFeedbackValue(answerId, false),
        },
      },
    ],
  };
  return [
    feedback,
    {
      type: "actions",
      block_id: "guidance_answer_actions",
      elements: [
        {
          type: "button",
          action_id: ActionId.Handoff,
          text: {
            type: "plain_text",
            text: clipPlain("Talk to the safeguarding team", SLACK_LIMITS.buttonText),
            emoji: true,
          },
          value: encodeAnswerValue(answerId),
          style: "primary",
        },
      ],
    },
  ];
}

/** The plain fallback for notifications and screen readers: the layout's sections as lines, in order. */
function fallbackText(answer: RenderableAnswer): string {
  const parts = answer.layout.flatMap(fallbackLines);
  return clipMrkdwn(escapeMrkdwn(parts.join("\n")), SLACK_LIMITS.fallbackText);
}

function fallbackLines(section: Section): string[] {
  switch (section.kind) {
    case "handoff": {
      const contacts = section.contacts.map((c) => [c.name, c.phone].filter(Boolean).join(" "));
      return [
        `${section.level.toUpperCase()}: ${section.reason}`,
        ...section.actions,
        ...(contacts.length > 0 ? [`Contact: ${contacts.join("; ")}`] : []),
        ...(section.notice ? [section.notice] : []),
      ];
    }
    case "warnings":
      return section.warnings;
    case "answer":
      return [section.text];
    case "sources":
    case "related":
      return [
        `${splitHeading(section.heading)[0]}: ${section.citations.map((c) => `[${c.n}] ${c.title}`).join("; ")}`,
      ];
    case "contacts":
      return section.notice ? [section.notice] : [];
    case "disclaimer":
      return [section.text];
  }
}
