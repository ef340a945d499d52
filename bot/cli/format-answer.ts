import type { Answer } from "../core/types.ts";

/** The answer as read on a terminal: the hand-off first when there is risk, then the quoted answer. */
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
  lines.push(answer.answer, "");
  if (answer.citations.length > 0) {
    lines.push("Sources:");
    for (const c of answer.citations) {
      const where = [c.section, c.page ? `page ${c.page}` : undefined, c.date].filter(Boolean).join(", ");
      lines.push(`  [${c.n}] ${c.title} (${c.source})${where ? ` — ${where}` : ""}`);
    }
    lines.push("");
  }
  if (!handoffFirst) handoff();
  for (const w of answer.warnings) lines.push(`Note: ${w}`);
  if (answer.disclaimer) lines.push(answer.disclaimer);
  return lines.join("\n").trimEnd();
}
