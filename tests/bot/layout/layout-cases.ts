/**
 * The same answers for every renderer's layout test: one per kind of answer a practitioner can get. Each
 * section carries text found nowhere else in the answer, so its position in a rendering can be looked up.
 */
import { expect } from "vitest";
import { withLayout } from "../../../bot/core/answer-layout.ts";
import { DISCLAIMER } from "../../../bot/core/guidance-currency.ts";
import type { AnsweredQuestion, Citation, Contact, Escalation } from "../../../bot/core/types.ts";

const NOTICE =
  "Local contact details are not configured yet for: Front door team. Please tell your administrator.";

function citation(n: number, title: string, quoted?: boolean): Citation {
  return {
    n,
    source: `doc-${n}.md`,
    title,
    date: "2025-01",
    text: `Passage ${n} of the guidance about sleeping safely.`,
    score: 0.8,
    ...(quoted === undefined ? {} : { quoted }),
  };
}

const contacts: Contact[] = [{ name: "Police", phone: "999" }];

function escalation(level: Escalation["level"], reason: string, notice = true): Escalation {
  return {
    level,
    reason,
    ...(level === "advice" ? {} : { actions: [`Step one for the ${level} case.`, "Write it down."] }),
    contacts,
    ...(notice ? { notice: NOTICE } : {}),
  };
}

/**
 * A reply shaped as the core writes "related" ones: the plain sentence, the closest passages' own sentences
 * in quotation marks under their [n], then where to check, one paragraph each.
 */
function relatedText(lead: string, passages: number): string {
  const quotes = Array.from({ length: passages }, (_, i) => `“${citation(i + 1, "").text}” [${i + 1}]`);
  return `${lead}\n\nWhat the closest passages say, which may not answer your question: ${quotes.join(" ")}\n\nPlease check the passages listed below.`;
}

function answer(id: string, fields: Partial<Omit<AnsweredQuestion, "layout">>): AnsweredQuestion {
  return withLayout({
    answerId: `answer-${id}`,
    question: `Layout question for the ${id} case`,
    answer: `Body text of the ${id} case [1].`,
    found: true,
    outcome: "answered",
    citations: [citation(1, "Quoted guide one")],
    escalation: null,
    warnings: [],
    disclaimer: DISCLAIMER,
    ...fields,
  });
}

/** The answers, by name, with the section kinds the core must lay each out in. */
export const LAYOUT_CASES: { name: string; answer: AnsweredQuestion; kinds: string[] }[] = [
  {
    name: "emergency",
    answer: answer("emergency", { escalation: escalation("emergency", "Emergency reason words.") }),
    kinds: ["handoff", "answer", "sources", "disclaimer"],
  },
  {
    name: "urgent",
    answer: answer("urgent", {
      outcome: "related",
      found: false,
      answer: relatedText(
        "Act on the steps above first. No passage of the urgent case answers this directly.",
        2,
      ),
      citations: [citation(1, "Closest guide one"), citation(2, "Closest guide two")],
      escalation: escalation("urgent", "Urgent reason words."),
    }),
    kinds: ["handoff", "answer", "related", "disclaimer"],
  },
  {
    name: "advice",
    answer: answer("advice", {
      citations: [citation(1, "Quoted guide one"), citation(2, "Unquoted guide two", false)],
      escalation: escalation("advice", "Advice reason words."),
    }),
    kinds: ["answer", "sources", "related", "contacts", "disclaimer"],
  },
  {
    name: "answered",
    answer: answer("answered", {
      citations: [citation(1, "Quoted guide one", true), citation(2, "Unquoted guide two", false)],
    }),
    kinds: ["answer", "sources", "related", "disclaimer"],
  },
  {
    name: "related",
    answer: answer("related", {
      outcome: "related",
      found: false,
      answer: relatedText("No passage of the related case answers this directly.", 1),
      citations: [citation(1, "Closest guide one")],
      escalation: escalation("advice", "Related reason words."),
    }),
    kinds: ["answer", "related", "contacts", "disclaimer"],
  },
  {
    name: "none",
    answer: answer("none", {
      outcome: "none",
      found: false,
      answer: "The indexed guidance does not cover the none case.",
      citations: [],
      escalation: escalation("advice", "None reason words."),
    }),
    kinds: ["answer", "contacts", "disclaimer"],
  },
  {
    name: "stale",
    answer: answer("stale", {
      warnings: ["Stale warning words: its advice may have changed."],
      escalation: escalation("urgent", "Stale urgent reason words.", false),
    }),
    kinds: ["handoff", "warnings", "answer", "sources", "disclaimer"],
  },
];

/**
 * The answer text as a surface shows it: the paragraphs, each cut at its [n] markers (which every surface
 * turns into its own links), so each piece must appear as written, in order.
 */
function answerPieces(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .flatMap((paragraph) => paragraph.split(/\[\d+(?:\s*,\s*\d+)*\]\.?/))
    .map((piece) => piece.trim())
    .filter(Boolean);
}

/** Text that appears in a rendering only where the section is (headings cut at their aside). */
function signature(section: AnsweredQuestion["layout"][number]): string {
  switch (section.kind) {
    case "handoff":
    case "contacts":
      return section.reason;
    case "warnings":
      return section.warnings[0] ?? "";
    case "answer":
      return answerPieces(section.text)[0] ?? "";
    case "sources":
    case "related":
      return section.heading.split(" (")[0] ?? section.heading;
    case "disclaimer":
      return section.text;
  }
}

/**
 * Asserts that `rendered` (a rendering's text, in reading order) shows the answer's sections in the layout's
 * order, each once, and the contacts notice inside the hand-off or contacts section that carries it.
 */
export function expectLayoutOrder(rendered: string, answer: AnsweredQuestion, surface: string): void {
  const found = answer.layout.map((section) => {
    const sig = signature(section);
    const at = rendered.indexOf(sig);
    expect(at, `${surface}: "${sig}" (${section.kind}) is shown`).toBeGreaterThanOrEqual(0);
    expect(rendered.indexOf(sig, at + 1), `${surface}: "${sig}" is shown once`).toBe(-1);
    return { section, at };
  });
  for (let i = 1; i < found.length; i++) {
    const [before, after] = [found[i - 1], found[i]];
    expect(after?.at, `${surface}: ${after?.section.kind} after ${before?.section.kind}`).toBeGreaterThan(
      before?.at ?? -1,
    );
  }
  found.forEach(({ section, at }, i) => {
    if (section.kind === "answer") {
      // Every paragraph of the answer, in order, inside the answer's own section.
      const next = found[i + 1]?.at ?? rendered.length;
      let from = at;
      for (const piece of answerPieces(section.text)) {
        const where = rendered.indexOf(piece, from);
        expect(where, `${surface}: "${piece}" is shown in the answer`).toBeGreaterThanOrEqual(from);
        expect(where, `${surface}: "${piece}" is inside the answer`).toBeLessThan(next);
        from = where + piece.length;
      }
    }
    if (section.kind !== "handoff" && section.kind !== "contacts") return;
    const next = found[i + 1]?.at ?? rendered.length;
    const notice = rendered.indexOf(NOTICE, at);
    if (section.notice) {
      expect(notice, `${surface}: the notice sits in the ${section.kind} section`).toBeGreaterThan(at);
      expect(notice).toBeLessThan(next);
    } else {
      expect(rendered.includes(NOTICE), `${surface}: no notice without one`).toBe(false);
    }
  });
}
