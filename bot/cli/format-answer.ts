import type { Answer } from "../core/types.ts";

/**
 * The answer as read on a terminal: the hand-off first when there is risk, then notes on old guidance, the
 * quoted answer and its sources.
 */
export function formatAnswer(answer: Answer): string {
  const lines: string[] = [];
  const handoffFirst = answer.escalation && answer.escalation.level !== "advice";
  const handoff = () => {
    const e = answer.escalation;
    if (!e) return;
    lines.push(
      `${e.level === "advice" ? "Who to ask" : `WHAT TO DO NOW (${e.level.toUpperCase()})`}: ${e.reason}`,
    );
    for (const action of e.actions ?? []) lines.push(`  - ${action}`);
    for (const c of e.contacts) {
      const how = [c.phone, c.email, c.url, c.hours].filter(Boolean).join(", ");
      lines.push(`  * ${c.name}${how ? `: ${how}` : ""}`);
    }
    lines.push("");
  };
  if (handoffFirst) handoff();
  for (const w of answer.warnings) lines.push(`Note: ${w}`);
  if (answer.warnings.length > 0) lines.push("");
  lines.push(answer.answer, "");
  const source = (c: Answer["citations"][number]) => {
    const where = [c.section, c.page ? `page ${c.page}` : undefined, c.date].filter(Boolean).join(", ");
    lines.push(`  [${c.n}] ${c.title} (${c.source})${where ? ` — ${where}` : ""}`);
  };
  const group = (heading: string, citations: Answer["citations"]) => {
    if (citations.length === 0) return;
    lines.push(heading);
    citations.forEach(source);
    lines.push("");
  };
  if (answer.outcome === "related") {
    group("Closest passages (none answers the question directly):", answer.citations);
  } else {
    group(
      "Sources:",
      answer.citations.filter((c) => c.quoted !== false),
    );
    group(
      "Also relevant:",
      answer.citations.filter((c) => c.quoted === false),
    );
  }
  if (!handoffFirst) handoff();
  if (answer.disclaimer) lines.push(answer.disclaimer);
  return lines.join("\n").trimEnd();
}
