/**
 * The messages of "Talk to the safeguarding team": the request posted to the hand-off channel, and what the
 * asker is told privately. Pure, like render-blocks.ts.
 */
import type { Contact, HandoffEvent } from "../core/types.ts";
import { contactLine, type KnownBlock, packLines, SLACK_LIMITS, type SlackMessage } from "./render-blocks.ts";
import { clipMrkdwn, clipPlain, escapeMrkdwn } from "./slack-text.ts";

const LEVEL_LABEL: Record<NonNullable<HandoffEvent["level"]>, string> = {
  emergency: ":rotating_light: emergency",
  urgent: ":warning: urgent",
  advice: "advice",
};

/**
 * The request the safeguarding team sees: who asks, how serious, where from, and the redacted question the
 * answer was given for (the core looks it up by answer id; the button never carries it).
 */
export function renderHandoffRequest(event: HandoffEvent): SlackMessage {
  const level = event.level ? LEVEL_LABEL[event.level] : "no risk indicators found";
  const asker = mentionOrEscaped(event.asker);
  const question = escapeMrkdwn(event.question)
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
  const blocks: KnownBlock[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: clipPlain("Request to talk to the safeguarding team", SLACK_LIMITS.headerText),
      },
    },
    section(`*From:* ${asker}\n*Level:* ${level}\n*Area:* ${escapeMrkdwn(event.area)}`),
    section(`*Question* (personal details removed):\n${question}`),
    {
      type: "context",
      elements: [
        { type: "mrkdwn", text: `Answer reference: ${escapeMrkdwn(clipPlain(event.answerId, 200))}` },
      ],
    },
  ];
  const text = `Request to talk to the safeguarding team from ${asker} (${event.level ?? "no risk indicators found"})`;
  return { text, blocks };
}

/** Private confirmation to the asker once the team has been told; with the contacts when it cannot wait. */
export function renderHandoffConfirmation(handoffChannel: string, event: HandoffEvent): SlackMessage {
  const told = `I have asked the safeguarding team in ${channelMention(handoffChannel)} to contact you.`;
  if (!event.actNow || event.contacts.length === 0) return { text: told, blocks: [section(told)] };
  const lines = [`${told} Do not wait for them if this cannot wait:`, ...event.contacts.map(contactLine)];
  return { text: told, blocks: packLines(lines, 5, moreContacts).map(section) };
}

/**
 * Whom to contact, from the answer's routes: when no hand-off channel is configured, or when posting to it
 * failed (`lead` then says so first).
 */
export function renderContactsInstead(contacts: Contact[], lead?: string): SlackMessage {
  const prefix = lead ? `${lead} ` : "";
  if (contacts.length === 0) {
    const text = `${prefix}Please contact your designated safeguarding lead or your safeguarding team directly.`;
    return { text: escapeMrkdwn(text), blocks: [section(escapeMrkdwn(text))] };
  }
  const intro = escapeMrkdwn(`${prefix}Please contact the safeguarding team directly:`);
  const text = `${intro} ${escapeMrkdwn(contacts.map((c) => [c.name, c.phone].filter(Boolean).join(" ")).join("; "))}`;
  return {
    text: clipMrkdwn(text, SLACK_LIMITS.fallbackText),
    blocks: packLines([intro, ...contacts.map(contactLine)], 5, moreContacts).map(section),
  };
}

const moreContacts = (n: number) => (n === 1 ? "…and 1 more contact" : `…and ${n} more contacts`);

/** A Slack user mention passes through so the team can reach the asker; anything else is shown as text. */
function mentionOrEscaped(asker: string | undefined): string {
  if (!asker) return "someone";
  return /^<@[A-Z0-9]+>$/.test(asker) ? asker : escapeMrkdwn(asker);
}

function channelMention(channel: string): string {
  return /^[CG][A-Z0-9]+$/.test(channel) ? `<#${channel}>` : escapeMrkdwn(channel);
}

function section(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text: clipMrkdwn(text, SLACK_LIMITS.sectionText) } };
}
