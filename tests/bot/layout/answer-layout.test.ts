/**
 * One layout, four renderers: the core decides the sections and their order once, and Slack, Teams and the
 * command line show the same answers in that order (the web page is checked in a browser, in
 * answer-layout.int.test.ts, against the same answers).
 */
import { describe, expect, it } from "vitest";
import { formatAnswer } from "../../../bot/cli/format-answer.ts";
import { answerLayout, HEADINGS } from "../../../bot/core/answer-layout.ts";
import { type KnownBlock, renderAnswerMessage } from "../../../bot/slack/render-blocks.ts";
import { type CardElement, renderAnswerCard } from "../../../bot/teams/render-card.ts";
import { expectLayoutOrder, LAYOUT_CASES } from "./layout-cases.ts";

function slackText(blocks: KnownBlock[]): string {
  return blocks
    .flatMap((block) => {
      if (block.type === "header") return [block.text.text];
      if (block.type === "section") return block.text ? [block.text.text] : [];
      if (block.type === "context")
        return block.elements.flatMap((e) => ("text" in e && typeof e.text === "string" ? [e.text] : []));
      return [];
    })
    .join("\n");
}

function cardText(elements: CardElement[]): string {
  return elements
    .flatMap((element): string[] => {
      if (element.type === "TextBlock") return [String(element.text)];
      if (Array.isArray(element.items)) return [cardText(element.items as CardElement[])];
      return [];
    })
    .join("\n");
}

describe("the answer layout", () => {
  it.each(LAYOUT_CASES)("lays out the $name answer in the safety order", ({ answer, kinds }) => {
    expect(answer.layout.map((s) => s.kind)).toEqual(kinds);
  });

  it("leads with the level's heading, carries the notice with the hand-off or contacts, and ends with the disclaimer", () => {
    const byName = Object.fromEntries(LAYOUT_CASES.map((c) => [c.name, c.answer]));
    expect(byName.emergency?.layout[0]).toMatchObject({
      kind: "handoff",
      level: "emergency",
      heading: HEADINGS.emergency,
      actions: ["Step one for the emergency case.", "Write it down."],
      notice: expect.stringMatching(/not configured yet/),
    });
    expect(byName.none?.layout.find((s) => s.kind === "contacts")).toMatchObject({
      heading: HEADINGS.contacts,
      notice: expect.stringMatching(/tell your administrator/),
    });
    expect(byName.stale?.layout[0]).not.toHaveProperty("notice");
    expect(byName.urgent?.layout.find((s) => s.kind === "related")).toMatchObject({
      heading: HEADINGS.closest,
    });
    expect(byName.answered?.layout.find((s) => s.kind === "related")).toMatchObject({
      heading: HEADINGS.alsoRelevant,
      citations: [expect.objectContaining({ n: 2, quoted: false })],
    });
    expect(byName.none?.layout.find((s) => s.kind === "answer")).toMatchObject({
      heading: HEADINGS.notAnswered,
    });
    for (const { answer } of LAYOUT_CASES) {
      expect(answer.layout.at(-1)).toEqual({ kind: "disclaimer", text: answer.disclaimer });
    }
  });

  it("is built from the answer alone, so building it again gives the same sections", () => {
    for (const { answer } of LAYOUT_CASES) {
      const { layout, ...rest } = answer;
      expect(answerLayout(rest)).toEqual(layout);
    }
  });
});

describe.each(LAYOUT_CASES)("the $name answer on every surface", ({ answer }) => {
  it("Slack shows the sections in the layout's order", () => {
    expectLayoutOrder(slackText(renderAnswerMessage(answer).blocks), answer, "Slack");
  });

  it("Teams shows the sections in the layout's order", () => {
    expectLayoutOrder(cardText(renderAnswerCard(answer).body), answer, "Teams");
  });

  it("the command line shows the sections in the layout's order", () => {
    expectLayoutOrder(formatAnswer(answer), answer, "CLI");
  });
});
