import type { Section } from "../core/answer-layout.ts";
import type { Answer, Citation, Contact } from "../core/types.ts";

/**
 * The answer as read on a terminal: its layout (bot/core/answer-layout.ts decides the sections and their
 * order) as plain text, one block of lines per section.
 */
export function formatAnswer(answer: Answer): string {
  return answer.layout
    .map(sectionLines)
    .map((lines) => lines.join("\n"))
    .join("\n\n")
    .trimEnd();
}

function sectionLines(section: Section): string[] {
  switch (section.kind) {
    case "handoff":
      return [
        `${section.heading.toUpperCase()}: ${section.reason}`,
        ...section.actions.map((action) => `  - ${action}`),
        ...section.contacts.map(contactLine),
        ...(section.notice ? [`  ${section.notice}`] : []),
      ];
    case "warnings":
      return section.warnings.map((w) => `Note: ${w}`);
    case "answer":
      return [section.text];
    case "sources":
    case "related":
      return [`${section.heading}:`, ...section.citations.map(citationLine)];
    case "contacts":
      return [
        `${section.heading}: ${section.reason}`,
        ...section.contacts.map(contactLine),
        ...(section.notice ? [`  ${section.notice}`] : []),
      ];
    case "disclaimer":
      return [section.text];
  }
}

function contactLine(c: Contact): string {
  const how = [c.phone, c.email, c.url, c.hours].filter(Boolean).join(", ");
  return `  * ${c.name}${how ? `: ${how}` : ""}`;
}

function citationLine(c: Citation): string {
  const where = [c.section, c.page ? `page ${c.page}` : undefined, c.date].filter(Boolean).join(", ");
  return `  [${c.n}] ${c.title} (${c.source})${where ? ` — ${where}` : ""}`;
}
