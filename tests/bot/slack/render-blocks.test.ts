import { describe, expect, it } from "vitest";
import type { Citation, Escalation } from "../../../bot/core/types.ts";
import { ActionId } from "../../../bot/slack/button-value.ts";
import {
  type KnownBlock,
  renderAnswerMessage,
  SLACK_LIMITS,
  splitText,
} from "../../../bot/slack/render-blocks.ts";
import { sampleAnswer, sampleCitation } from "./fake-assistant.ts";

/** Every mrkdwn or plain text in the blocks, in order. */
function textsOf(block: KnownBlock): string[] {
  switch (block.type) {
    case "section":
      return block.text ? [block.text.text] : [];
    case "header":
      return [block.text.text];
    case "context":
      return block.elements.flatMap((e) => ("text" in e && typeof e.text === "string" ? [e.text] : []));
    default:
      return [];
  }
}

const allText = (blocks: KnownBlock[]) => blocks.flatMap(textsOf).join("\n");

/** Asserts every limit Slack enforces on a message. */
function expectWithinSlackLimits(message: { text: string; blocks: KnownBlock[] }) {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  for (const block of message.blocks) {
    if (block.type === "section")
      expect(block.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (block.type === "header") expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === "context") {
      expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const text of textsOf(block))
        expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElementText);
    }
    if (block.type === "actions") {
      for (const element of block.elements) {
        if (element.type !== "button") continue;
        expect(element.value?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
        expect(element.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
      }
    }
  }
}

const emergency: Escalation = {
  level: "emergency",
  reason: "A child is in immediate danger.",
  actions: ["Call 999 now.", "Keep the child safe until help arrives."],
  contacts: [
    { name: "Police", phone: "999" },
    { name: "Children's front door (placeholder)", phone: "0000 000 0000", email: "mash@example.org" },
  ],
};

function manyCitations(count: number): Citation[] {
  return Array.from({ length: count }, (_, i) => ({
    n: i + 1,
    source: `folder/document-${i + 1}-${"x".repeat(200)}.pdf`,
    title: `A very long guidance title number ${i + 1} ${"about safe sleep ".repeat(20)}`,
    section: `Section ${i + 1} ${"heading ".repeat(30)}`,
    page: i + 1,
    date: "2016-03",
    text: "passage",
    score: 1 / (i + 1),
    url: `https://example.org/docs/${i + 1}?a=1&b=2`,
  }));
}

describe("renderAnswerMessage", () => {
  it("stays within Slack's limits with a very long answer, many citations, warnings and contacts", () => {
    const paragraph = "Parents should not share a bed with their baby if they smoke [1]. ".repeat(40);
    const answer = sampleAnswer({
      answer: Array.from({ length: 60 }, () => paragraph).join("\n\n"),
      question: "q".repeat(5000),
      citations: manyCitations(120),
      warnings: Array.from({ length: 40 }, (_, i) => `Warning ${i}: ${"old guidance ".repeat(40)}`),
      escalation: {
        ...emergency,
        actions: Array.from({ length: 60 }, (_, i) => `Step ${i}: ${"do this carefully ".repeat(10)}`),
        contacts: Array.from({ length: 80 }, (_, i) => ({
          name: `Contact ${i} ${"team ".repeat(30)}`,
          phone: "0000",
        })),
      },
    });
    const message = renderAnswerMessage(answer);
    expectWithinSlackLimits(message);
    expect(message.blocks).toHaveLength(SLACK_LIMITS.blocksPerMessage);
    const text = allText(message.blocks);
    expect(text).toContain("Shortened to fit in Slack");
    expect(text).toMatch(/…and \d+ more sources/);
    expect(text).toMatch(/…and \d+ more contacts/);
    // What matters most survives the squeeze: the hand-off first, the disclaimer and the buttons last.
    expect(message.blocks[0]?.type).toBe("header");
    expect(message.blocks.at(-1)?.type).toBe("actions");
    expect(allText(message.blocks.slice(-3, -2))).toContain("Supports, does not replace");
    expect(message.blocks.at(-2)?.type).toBe("context_actions");
  });

  it("puts the hand-off first at emergency and urgent level", () => {
    for (const level of ["emergency", "urgent"] as const) {
      const message = renderAnswerMessage(sampleAnswer({ escalation: { ...emergency, level } }));
      expectWithinSlackLimits(message);
      const texts = message.blocks.flatMap(textsOf);
      expect(message.blocks[0]?.type).toBe("header");
      expect(texts[0]).toMatch(level === "emergency" ? /Emergency/ : /Urgent/);
      const actionsAt = texts.findIndex((t) => t.includes("1. Call 999 now."));
      const contactAt = texts.findIndex((t) => t.includes("*Police*: 999"));
      const answerAt = texts.findIndex((t) => t.includes("Co-sleeping is riskier"));
      expect(actionsAt).toBeGreaterThan(0);
      expect(contactAt).toBeGreaterThan(actionsAt);
      expect(answerAt).toBeGreaterThan(contactAt);
      expect(message.text.startsWith(`${level.toUpperCase()}: A child is in immediate danger.`)).toBe(true);
    }
  });

  it("shows advice contacts after the answer, not before", () => {
    const message = renderAnswerMessage(
      sampleAnswer({
        found: false,
        outcome: "none",
        answer: "The indexed guidance does not answer this question.",
        citations: [],
        escalation: {
          level: "advice",
          reason: "The guidance does not answer this question.",
          contacts: emergency.contacts,
        },
      }),
    );
    const texts = message.blocks.flatMap(textsOf);
    expect(message.blocks[0]?.type).toBe("section");
    expect(texts[0]).toContain("does not answer");
    expect(texts.findIndex((t) => t.includes("*Who to ask*"))).toBe(1);
    expect(allText(message.blocks)).toContain("<mailto:mash@example.org|mash@example.org>");
    expect(allText(message.blocks)).not.toContain("*Sources*");
  });

  it("lists the sources with title, file, section, page and date, linking only when a URL is set", () => {
    const message = renderAnswerMessage(sampleAnswer());
    const sources = message.blocks
      .filter((b) => b.type === "context")
      .flatMap(textsOf)
      .join("\n");
    expect(sources).toContain(
      "*[1]* North West SLI review of infant mortality · _north-west-sli-infant-mortality-2016.pdf_ · Safe sleep · p. 14 · 2016",
    );
    expect(sources).toContain(
      "*[2]* <https://example.org/safer-sleep|Safer sleep (sample)> · _safer-sleep-sample.md_ · 2024-01",
    );
    expect(message.text).toContain(
      "Sources: [1] North West SLI review of infant mortality; [2] Safer sleep (sample)",
    );
  });

  it("shows warnings above the answer, and ends with the disclaimer and the buttons", () => {
    const message = renderAnswerMessage(sampleAnswer({ warnings: ["“Old guide” is dated 2013."] }));
    const types = message.blocks.map((b) => b.type);
    const at = (needle: string) =>
      message.blocks.findIndex((b) => textsOf(b).some((t) => t.includes(needle)));
    expect(at(":warning: “Old guide”")).toBeLessThan(at("Co-sleeping is riskier"));
    expect(at("Supports, does not replace, your judgement.")).toBe(types.length - 3);
    expect(types.slice(-2)).toEqual(["context_actions", "actions"]);
  });

  it("heads a related answer's passages as the closest, and unquoted sources as also relevant", () => {
    const related = allText(renderAnswerMessage(sampleAnswer({ outcome: "related", found: false })).blocks);
    expect(related).toContain("*Closest passages* (none answers the question directly)");
    const [first, second] = sampleAnswer().citations;
    if (!first || !second) throw new Error("the sample answer has two citations");
    const mixed = allText(
      renderAnswerMessage(sampleAnswer({ citations: [first, { ...second, quoted: false }] })).blocks,
    );
    expect(mixed.indexOf("*Also relevant*")).toBeGreaterThan(mixed.indexOf("*Sources*"));
  });

  it("escapes &, < and > everywhere so no text can ping a channel or forge a link", () => {
    const hostile = "Tell <!channel> & <https://evil.example|click> > now";
    const message = renderAnswerMessage(
      sampleAnswer({
        answer: hostile,
        warnings: [hostile],
        citations: [sampleCitation({ title: hostile, section: hostile, url: "javascript:alert(1)" })],
        escalation: {
          ...emergency,
          reason: hostile,
          actions: [hostile],
          contacts: [{ name: hostile, phone: "<b>" }],
        },
      }),
    );
    const json = JSON.stringify(message);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<https://evil");
    expect(json).not.toContain("javascript:");
    expect(allText(message.blocks)).toContain(
      "Tell &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; &gt; now",
    );
    expect(message.text).toContain("&lt;!channel&gt;");
  });

  it("encodes characters that would end a link inside a catalog URL", () => {
    const citation = sampleCitation({ url: "https://example.org/a|b>c?x=1&y=2" });
    const message = renderAnswerMessage(sampleAnswer({ citations: [citation] }));
    expect(allText(message.blocks)).toContain("<https://example.org/a%7Cb%3Ec?x=1&amp;y=2|North West SLI");
  });

  it("carries the answer id alone in Slack's feedback buttons and the hand-off button, never the question", () => {
    const message = renderAnswerMessage(sampleAnswer({ question: "Is [name] at risk?" }));
    const [feedback, actions] = message.blocks.slice(-2);
    if (feedback?.type !== "context_actions" || actions?.type !== "actions")
      throw new Error("expected the feedback buttons, then the hand-off button, last");
    expect(feedback.elements).toEqual([
      expect.objectContaining({
        type: "feedback_buttons",
        action_id: ActionId.Feedback,
        positive_button: expect.objectContaining({ value: "helpful:ans-1" }),
        negative_button: expect.objectContaining({ value: "not-helpful:ans-1" }),
      }),
    ]);
    const buttons = actions.elements.flatMap((e) => (e.type === "button" ? [e] : []));
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([[ActionId.Handoff, "ans-1"]]);
    expect(JSON.stringify(message.blocks.slice(-2))).not.toContain("at risk");
  });

  it("has no buttons for an answer without an audit id", () => {
    const { answerId: _omitted, ...answer } = sampleAnswer();
    const types = renderAnswerMessage(answer).blocks.map((b) => b.type);
    expect(types).not.toContain("actions");
    expect(types).not.toContain("context_actions");
  });
});

describe("splitText", () => {
  it("splits at sentence breaks and never inside an entity", () => {
    const text = "a&amp;b ".repeat(1000).trim();
    const pieces = splitText(text, 3000);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3000);
      expect(piece).not.toMatch(/&[a-z]{0,4}$/);
      expect(piece).not.toMatch(/^[a-z]{0,4};/);
    }
    expect(pieces.join(" ")).toBe(text);
    const unbroken = "&amp;".repeat(1000);
    const hard = splitText(unbroken, 2999);
    expect(hard.join("")).toBe(unbroken);
    for (const piece of hard) expect(piece).toMatch(/^(&amp;)+$/);
  });
});
