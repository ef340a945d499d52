/**
 * The one place that decides what an answer shows and in what order. Every surface (Slack, Teams, the web
 * page, the command line) walks these sections as given and only translates them into its own markup, so
 * the safety order cannot drift between surfaces:
 *
 * 1. the hand-off, at emergency or urgent level (what to do now, whom to contact, and the notice when local
 *    contacts are not configured yet), before any guidance;
 * 2. warnings (guidance that may be out of date, personal details removed);
 * 3. the answer;
 * 4. the quoted sources;
 * 5. the passages also relevant, or the closest passages when none answers directly;
 * 6. the contacts at advice level (with the same notice);
 * 7. the disclaimer.
 */
import type { Answer, Citation, Contact, Escalation, EscalationLevel } from "./types.ts";

/** What to do now, before any guidance: only at emergency or urgent level. */
export interface HandoffSection {
  kind: "handoff";
  level: Exclude<EscalationLevel, "advice">;
  heading: string;
  reason: string;
  actions: string[];
  contacts: Contact[];
  /** The line saying local contacts are not configured yet, when some are not. */
  notice?: string;
}

export interface WarningsSection {
  kind: "warnings";
  heading: string;
  warnings: string[];
}

export interface AnswerSection {
  kind: "answer";
  /** "Answer", or "No direct answer" when the guidance does not answer the question. */
  heading: string;
  text: string;
}

/** A list of cited passages: the quoted sources, those also relevant, or the closest passages. */
export interface CitationsSection {
  kind: "sources" | "related";
  heading: string;
  citations: Citation[];
}

/** Whom to ask, after the answer: advice level, and every answer the guidance cannot give. */
export interface ContactsSection {
  kind: "contacts";
  heading: string;
  reason: string;
  contacts: Contact[];
  notice?: string;
}

export interface DisclaimerSection {
  kind: "disclaimer";
  text: string;
}

export type Section =
  | HandoffSection
  | WarningsSection
  | AnswerSection
  | CitationsSection
  | ContactsSection
  | DisclaimerSection;

export type SectionKind = Section["kind"];

/** The headings every surface shows, so a practitioner reads the same words in Slack, Teams and the page. */
export const HEADINGS = {
  emergency: "Emergency: what to do now",
  urgent: "Urgent: what to do now",
  warnings: "Check before you rely on this",
  answered: "Answer",
  notAnswered: "No direct answer",
  sources: "Sources",
  alsoRelevant: "Also relevant",
  closest: "Closest passages (none answers the question directly)",
  contacts: "Who to ask",
} as const;

/** Emergency and urgent answers lead with what to do now; advice comes after the answer. */
export function isActNow(
  escalation: Escalation | null,
): escalation is Escalation & { level: HandoffSection["level"] } {
  return escalation?.level === "emergency" || escalation?.level === "urgent";
}

/**
 * The ordered sections of an answer (see the order at the top of this file). Sections with nothing to show
 * are left out, except the answer and the disclaimer, which every answer has.
 */
export function answerLayout(answer: Omit<Answer, "layout">): Section[] {
  const { escalation } = answer;
  const sections: Section[] = [];
  const notice = escalation?.notice ? { notice: escalation.notice } : {};
  if (isActNow(escalation)) {
    sections.push({
      kind: "handoff",
      level: escalation.level,
      heading: HEADINGS[escalation.level],
      reason: escalation.reason,
      actions: escalation.actions ?? [],
      contacts: escalation.contacts,
      ...notice,
    });
  }
  if (answer.warnings.length > 0) {
    sections.push({ kind: "warnings", heading: HEADINGS.warnings, warnings: answer.warnings });
  }
  sections.push({
    kind: "answer",
    heading: answer.outcome === "answered" ? HEADINGS.answered : HEADINGS.notAnswered,
    text: answer.answer,
  });
  if (answer.outcome === "related") {
    if (answer.citations.length > 0) {
      sections.push({ kind: "related", heading: HEADINGS.closest, citations: answer.citations });
    }
  } else {
    const quoted = answer.citations.filter((c) => c.quoted !== false);
    const also = answer.citations.filter((c) => c.quoted === false);
    if (quoted.length > 0) sections.push({ kind: "sources", heading: HEADINGS.sources, citations: quoted });
    if (also.length > 0) sections.push({ kind: "related", heading: HEADINGS.alsoRelevant, citations: also });
  }
  if (escalation && !isActNow(escalation)) {
    sections.push({
      kind: "contacts",
      heading: HEADINGS.contacts,
      reason: escalation.reason,
      contacts: escalation.contacts,
      ...notice,
    });
  }
  sections.push({ kind: "disclaimer", text: answer.disclaimer });
  return sections;
}

/** The answer with its layout, as the core returns it. */
export function withLayout<T extends Omit<Answer, "layout">>(answer: T): T & { layout: Section[] } {
  return { ...answer, layout: answerLayout(answer) };
}
