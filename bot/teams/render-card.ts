/**
 * Answers and hand-offs as Adaptive Cards (1.5, the newest version Teams renders for bots), and the message
 * activity that carries them with Teams' AI-generated label and citations. Pure: no I/O, no botbuilder.
 */
import type { CitationsSection, ContactsSection, HandoffSection, Section } from "../core/answer-layout.ts";
import type { AnsweredQuestion, Citation, Contact, HandoffEvent } from "../core/types.ts";

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

/**
 * Teams refuses messages over about 40 KB counted as UTF-16; staying under 28 KB of UTF-16 leaves room for
 * what the connector adds.
 */
export const MAX_MESSAGE_BYTES = 28 * 1024;

/** Passage lengths tried in turn until the message fits; 0 leaves the passages out of the card. */
const PASSAGE_CHAR_STEPS = [600, 300, 120, 0] as const;
/** Teams shows at most this many citations; more would be dropped by the client. */
const MAX_CITATIONS = 20;
/** Teams' limits on a citation's appearance. */
const CITATION_NAME_CHARS = 80;
const CITATION_ABSTRACT_CHARS = 159;
const CITATION_KEYWORD_CHARS = 28;

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: "1.5";
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: "Full" };
}

/**
 * The data an answer card's buttons send back (Action.Submit); the Teams bot parses these. They carry the
 * answer id, never the question: the core looks the redacted question up by id.
 */
export type FeedbackSubmit = { action: "feedback"; answerId: string; helpful: boolean };
export type HandoffSubmit = { action: "handoff"; answerId: string; area?: string };

/** A message activity as botbuilder's sendActivity accepts it. */
export interface MessageActivity {
  type: "message";
  text?: string;
  summary?: string;
  attachments: { contentType: string; content: AdaptiveCard }[];
  entities?: { type: string; [key: string]: unknown }[];
  /** `feedbackLoopEnabled` turns on Teams' own thumbs up and down under the message. */
  channelData?: { feedbackLoopEnabled?: boolean };
}

export interface AnswerCardOptions {
  /** The escalation-route area the question was asked in; the hand-off button sends it back. */
  area?: string;
  /** Longest passage quoted under each source; 0 leaves the passages out. */
  passageChars?: number;
  /**
   * Teams' feedback loop carries the thumbs up and down (personal chat), so the card leaves out its own
   * Helpful and Not helpful buttons.
   */
  nativeFeedback?: boolean;
}

/**
 * The answer as an Adaptive Card: the answer's layout (bot/core/answer-layout.ts decides what is shown and in
 * what order) translated section by section, with the feedback and hand-off buttons.
 */
export function renderAnswerCard(answer: AnsweredQuestion, options: AnswerCardOptions = {}): AdaptiveCard {
  const passageChars = options.passageChars ?? PASSAGE_CHAR_STEPS[0];
  const body = answer.layout.flatMap((section, i) => cardElements(section, i, passageChars));
  return card(body, answerActions(answer, options));
}

function cardElements(section: Section, index: number, passageChars: number): CardElement[] {
  switch (section.kind) {
    case "handoff":
      return [handoffContainer(section)];
    case "warnings":
      return section.warnings.map((warning) => textBlock(`⚠️ ${warning}`, { color: "Warning" }));
    case "answer":
      // After a hand-off or warnings the answer needs a gap to read as a new part.
      return [textBlock(section.text, index > 0 ? { spacing: "Medium" } : {})];
    case "sources":
    case "related":
      return [sourcesContainer(section, passageChars)];
    case "contacts":
      return [contactsContainer(section)];
    case "disclaimer":
      return [textBlock(section.text, { size: "Small", isSubtle: true, separator: true })];
  }
}

/**
 * The message that carries an answer: the card, the answer text with its [n] markers (so Teams links them to
 * the citations), and the AI-generated label with one citation per source. Long passages are shortened, and
 * if need be the answer itself, until the whole message fits under MAX_MESSAGE_BYTES.
 */
export function renderAnswerActivity(
  answer: AnsweredQuestion,
  options: Omit<AnswerCardOptions, "passageChars"> = {},
): MessageActivity {
  let activity = answerActivity(answer, { ...options, passageChars: PASSAGE_CHAR_STEPS[0] });
  for (const passageChars of PASSAGE_CHAR_STEPS.slice(1)) {
    if (messageBytes(activity) <= MAX_MESSAGE_BYTES) return activity;
    activity = answerActivity(answer, { ...options, passageChars });
  }
  let text = answer.answer;
  while (messageBytes(activity) > MAX_MESSAGE_BYTES && text.length > 200) {
    text = shorten(text, Math.floor(text.length * 0.75));
    const layout = answer.layout.map((s) => (s.kind === "answer" ? { ...s, text } : s));
    activity = answerActivity({ ...answer, answer: text, layout }, { ...options, passageChars: 0 });
  }
  return activity;
}

/** The size Teams counts a message at: its JSON as UTF-16. */
export function messageBytes(activity: object): number {
  return Buffer.byteLength(JSON.stringify(activity), "utf16le");
}

/**
 * The card posted to the safeguarding team's channel when someone asks to talk to them: the level, the area,
 * who asked, and the question with personal details already removed by the core.
 */
export function renderHandoffActivity(event: HandoffEvent): MessageActivity {
  const facts = [
    { title: "Level", value: event.level ?? "no risk rule matched" },
    { title: "Area", value: event.area },
    ...(event.asker ? [{ title: "Asked by", value: event.asker }] : []),
    { title: "Answer reference", value: event.answerId },
  ];
  const body: CardElement[] = [
    {
      type: "Container",
      style: event.actNow ? "attention" : "emphasis",
      items: [
        textBlock("Request to talk to the safeguarding team", { weight: "Bolder", size: "Medium" }),
        { type: "FactSet", facts },
      ],
    },
    textBlock("Question (personal details removed):", { weight: "Bolder", spacing: "Medium" }),
    textBlock(event.question),
  ];
  const summary = `Safeguarding hand-off${event.level ? ` (${event.level})` : ""}${event.asker ? ` from ${event.asker}` : ""}`;
  return {
    type: "message",
    summary,
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card(body) }],
  };
}

/** One line per contact: name, then whichever of phone, email, link and hours the route gives. */
export function contactLines(contacts: Contact[]): string[] {
  return contacts.map((contact) => {
    const details = [contact.phone, contact.email, contact.url, contact.hours].filter(Boolean).join(" · ");
    return details ? `**${contact.name}**: ${details}` : `**${contact.name}**`;
  });
}

function answerActivity(answer: AnsweredQuestion, options: AnswerCardOptions): MessageActivity {
  const citations = answer.citations.slice(0, MAX_CITATIONS);
  const [first] = answer.layout;
  // Teams shows the text above the card, so when the layout leads with the hand-off the text does too.
  const text =
    first?.kind === "handoff"
      ? `**${first.heading}**: the steps and contacts are in the card below.\n\n${answer.answer}`
      : answer.answer;
  return {
    type: "message",
    text,
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        content: renderAnswerCard(answer, options),
      },
    ],
    entities: [aiMessageEntity(citations)],
    ...(options.nativeFeedback ? { channelData: { feedbackLoopEnabled: true } } : {}),
  };
}

/** Teams' marker for AI-generated content, with the citations the [n] markers in the text refer to. */
function aiMessageEntity(citations: Citation[]): { type: string; [key: string]: unknown } {
  return {
    type: "https://schema.org/Message",
    "@type": "Message",
    "@context": "https://schema.org",
    "@id": "",
    additionalType: ["AIGeneratedContent"],
    ...(citations.length > 0 ? { citation: citations.map(clientCitation) } : {}),
  };
}

/** One source as a Teams client citation, within Teams' limits on name, abstract and keywords. */
function clientCitation(citation: Citation): Record<string, unknown> {
  const url = safeLink(citation.url);
  const keywords = citationKeywords(citation);
  return {
    "@type": "Claim",
    position: citation.n,
    appearance: {
      "@type": "DigitalDocument",
      name: shorten(citation.title || citation.source, CITATION_NAME_CHARS),
      abstract: shorten(oneLine(citation.text), CITATION_ABSTRACT_CHARS),
      ...(url ? { url } : {}),
      ...(keywords.length > 0 ? { keywords } : {}),
    },
  };
}

function citationKeywords(citation: Citation): string[] {
  return [citation.date, citation.page === undefined ? undefined : `page ${citation.page}`, citation.section]
    .filter((k): k is string => Boolean(k))
    .slice(0, 3)
    .map((k) => shorten(k, CITATION_KEYWORD_CHARS));
}

function handoffContainer(section: HandoffSection): CardElement {
  return {
    type: "Container",
    style: "attention",
    items: [
      textBlock(section.heading, { weight: "Bolder", size: "Medium", color: "Attention" }),
      textBlock(section.reason, { isSubtle: true }),
      ...(section.actions.length > 0
        ? [
            textBlock("What to do now", { weight: "Bolder", spacing: "Medium" }),
            textBlock(section.actions.map((action, i) => `${i + 1}. ${action}`).join("\n")),
          ]
        : []),
      ...contactsBlocks(section.contacts),
      ...noticeBlocks(section.notice),
    ],
  };
}

function contactsContainer(section: ContactsSection): CardElement {
  return {
    type: "Container",
    style: "emphasis",
    spacing: "Medium",
    items: [
      textBlock(section.heading, { weight: "Bolder" }),
      textBlock(section.reason, { isSubtle: true }),
      ...contactsBlocks(section.contacts),
      ...noticeBlocks(section.notice),
    ],
  };
}

function noticeBlocks(notice: string | undefined): CardElement[] {
  return notice ? [textBlock(`ℹ️ ${notice}`, { size: "Small", spacing: "Small" })] : [];
}

function contactsBlocks(contacts: Contact[]): CardElement[] {
  if (contacts.length === 0) return [];
  return [
    textBlock("Contacts", { weight: "Bolder", spacing: "Medium" }),
    ...contactLines(contacts).map((line) => textBlock(line, { spacing: "Small" })),
  ];
}

function sourcesContainer(section: CitationsSection, passageChars: number): CardElement {
  const items: CardElement[] = [textBlock(section.heading, { weight: "Bolder" })];
  for (const citation of section.citations) {
    const title = citation.title || citation.source;
    const link = safeLink(citation.url);
    items.push(
      textBlock(`[${citation.n}] ${link ? `[${markdownLinkText(title)}](${link})` : title}`, {
        weight: "Bolder",
        spacing: "Medium",
      }),
    );
    const where = [
      citation.section,
      citation.page === undefined ? undefined : `page ${citation.page}`,
      citation.date,
      citation.source,
    ].filter(Boolean);
    items.push(textBlock(where.join(" · "), { isSubtle: true, size: "Small", spacing: "None" }));
    if (passageChars > 0 && citation.text) {
      items.push(
        textBlock(`“${shorten(oneLine(citation.text), passageChars)}”`, { size: "Small", spacing: "Small" }),
      );
    }
  }
  return { type: "Container", separator: true, spacing: "Medium", items };
}

function answerActions(answer: AnsweredQuestion, options: AnswerCardOptions): CardElement[] {
  const { area } = options;
  const helpful: FeedbackSubmit = { action: "feedback", answerId: answer.answerId, helpful: true };
  const notHelpful: FeedbackSubmit = { action: "feedback", answerId: answer.answerId, helpful: false };
  const handoff: HandoffSubmit = { action: "handoff", answerId: answer.answerId, ...(area ? { area } : {}) };
  return [
    ...(options.nativeFeedback
      ? []
      : [
          { type: "Action.Submit", title: "Helpful", data: helpful },
          { type: "Action.Submit", title: "Not helpful", data: notHelpful },
        ]),
    { type: "Action.Submit", title: "Talk to the safeguarding team", data: handoff },
  ];
}

function card(body: CardElement[], actions?: CardElement[]): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body,
    ...(actions ? { actions } : {}),
    msteams: { width: "Full" },
  };
}

function textBlock(text: string, properties: Record<string, unknown> = {}): CardElement {
  return { type: "TextBlock", text, wrap: true, ...properties };
}

/** Only web links become clickable: a library catalog is admin-edited, but a link is still a link. */
function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
    // Markdown ends a link at ")", so keep it inside the address.
    return parsed.href.replaceAll("(", "%28").replaceAll(")", "%29");
  } catch {
    return undefined;
  }
}

function markdownLinkText(text: string): string {
  return text.replaceAll("[", "(").replaceAll("]", ")");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Cuts at a word boundary where there is one near the limit, ending with an ellipsis; `max` includes it. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1));
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
