import { describe, expect, it } from "vitest";
import type { Citation } from "../../../bot/core/types.ts";
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type CardElement,
  MAX_MESSAGE_BYTES,
  messageBytes,
  renderAnswerActivity,
  renderAnswerCard,
  renderHandoffActivity,
  shorten,
} from "../../../bot/teams/render-card.ts";
import { SAMPLE_CONTACTS, sampleAnswer } from "./fake-assistant.ts";

/** Every TextBlock's text in document order, descending into containers. */
function texts(elements: CardElement[]): string[] {
  return elements.flatMap((element) => {
    if (element.type === "TextBlock") return [String(element.text)];
    if (Array.isArray(element.items)) return texts(element.items as CardElement[]);
    return [];
  });
}

function firstCitation(): Citation {
  const [citation] = sampleAnswer().citations;
  if (!citation) throw new Error("the sample answer has citations");
  return citation;
}

const urgentEscalation = {
  level: "urgent" as const,
  reason: "Unexplained bruising in a non-mobile baby (rule: bruising-non-mobile).",
  actions: ["Do not send the baby home before speaking to the safeguarding team.", "Record what you saw."],
  contacts: SAMPLE_CONTACTS,
};

describe("renderAnswerCard", () => {
  it("is an Adaptive Card 1.5 in the order warnings, answer, sources, disclaimer when there is no hand-off", () => {
    const card = renderAnswerCard(sampleAnswer());
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    const all = texts(card.body);
    const at = (needle: string) => all.findIndex((t) => t.includes(needle));
    expect(at("more than 3 years old")).toBe(0);
    expect(at("Co-sleeping is riskier")).toBeGreaterThan(at("more than 3 years old"));
    expect(at("Sources")).toBeGreaterThan(at("Co-sleeping is riskier"));
    expect(all.at(-1)).toBe("Supports, does not replace, your judgement.");
  });

  it("heads a related answer's passages as the closest, and unquoted sources as also relevant", () => {
    const [first, second] = sampleAnswer().citations as [Citation, Citation];
    const related = texts(renderAnswerCard(sampleAnswer({ outcome: "related", found: false })).body);
    expect(related.some((t) => t.startsWith("Closest passages"))).toBe(true);
    expect(related).not.toContain("Sources");
    const mixed = texts(
      renderAnswerCard(sampleAnswer({ citations: [first, { ...second, quoted: false }] })).body,
    );
    expect(mixed.indexOf("Also relevant")).toBeGreaterThan(mixed.indexOf("Sources"));
  });

  it("puts the hand-off first, in an attention container with what to do now and the contacts, at urgent", () => {
    const card = renderAnswerCard(sampleAnswer({ escalation: urgentEscalation }));
    const first = card.body[0] as CardElement;
    expect(first).toMatchObject({ type: "Container", style: "attention" });
    const handoff = texts([first]);
    expect(handoff[0]).toMatch(/^Urgent/);
    expect(handoff).toContain(
      "1. Do not send the baby home before speaking to the safeguarding team.\n2. Record what you saw.",
    );
    expect(
      handoff.some((t) => t.includes("Children's front door (placeholder)") && t.includes("0000 000 0000")),
    ).toBe(true);
    expect(texts(card.body.slice(1)).find((t) => !t.startsWith("⚠️"))).toContain("Co-sleeping is riskier");
  });

  it("leads with the emergency heading at emergency", () => {
    const card = renderAnswerCard(sampleAnswer({ escalation: { ...urgentEscalation, level: "emergency" } }));
    expect(texts([card.body[0] as CardElement])[0]).toBe("Emergency: what to do now");
  });

  it("shows advice contacts after the answer, not before", () => {
    const card = renderAnswerCard(
      sampleAnswer({
        warnings: [],
        escalation: { level: "advice", reason: "Talk it through.", contacts: SAMPLE_CONTACTS },
      }),
    );
    expect(texts([card.body[0] as CardElement])[0]).toContain("Co-sleeping is riskier");
    // After the sources, just before the disclaimer.
    const contacts = card.body.at(-2) as CardElement;
    expect(contacts).toMatchObject({ type: "Container", style: "emphasis" });
    expect(texts([contacts]).join("\n")).toContain("Police");
  });

  it("lists each source with title, section, page, date and a link only when a url is set", () => {
    const all = texts(renderAnswerCard(sampleAnswer()).body);
    expect(all).toContain(
      "[1] [North West SLI review of infant mortality](https://guidance.example.org/north-west-sli.pdf)",
    );
    expect(all).toContain("Co-sleeping · page 12 · 2016 · north-west-sli-infant-mortality-2016.pdf");
    expect(all).toContain("[2] Infant mortality update");
    expect(all).toContain("2017-02 · blackburn-darwen-infant-mortality-update-2017.md");
  });

  it("never turns a non-web url into a link", () => {
    const citation = { ...firstCitation(), url: "javascript:alert(1)" };
    const all = texts(renderAnswerCard(sampleAnswer({ citations: [citation] })).body);
    expect(all).toContain("[1] North West SLI review of infant mortality");
  });

  it("offers feedback and hand-off buttons carrying the answer id and area, never the question", () => {
    const card = renderAnswerCard(sampleAnswer({ question: "Does [name] sleep safely?" }), {
      area: "dudley",
    });
    expect(JSON.stringify(card.actions)).not.toContain("sleep safely");
    expect(card.actions).toEqual([
      {
        type: "Action.Submit",
        title: "Helpful",
        data: { action: "feedback", answerId: "ans-1", helpful: true },
      },
      {
        type: "Action.Submit",
        title: "Not helpful",
        data: { action: "feedback", answerId: "ans-1", helpful: false },
      },
      {
        type: "Action.Submit",
        title: "Talk to the safeguarding team",
        data: { action: "handoff", answerId: "ans-1", area: "dudley" },
      },
    ]);
  });
});

describe("renderAnswerActivity", () => {
  it("carries the [n] markers in its text and Teams' AI label with one citation per source", () => {
    const activity = renderAnswerActivity(sampleAnswer());
    expect(activity.text).toContain("smokes [1]");
    expect(activity.attachments[0]?.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    const entity = activity.entities?.[0] as Record<string, unknown>;
    expect(entity).toMatchObject({
      type: "https://schema.org/Message",
      "@type": "Message",
      "@context": "https://schema.org",
      additionalType: ["AIGeneratedContent"],
    });
    expect(entity.citation).toEqual([
      {
        "@type": "Claim",
        position: 1,
        appearance: {
          "@type": "DigitalDocument",
          name: "North West SLI review of infant mortality",
          abstract: "Co-sleeping is more dangerous when parents smoke, have drunk alcohol or taken drugs.",
          url: "https://guidance.example.org/north-west-sli.pdf",
          keywords: ["2016", "page 12", "Co-sleeping"],
        },
      },
      {
        "@type": "Claim",
        position: 2,
        appearance: {
          "@type": "DigitalDocument",
          name: "Infant mortality update",
          abstract: "Babies born premature or with a low birth weight are at greater risk.",
          keywords: ["2017-02"],
        },
      },
    ]);
  });

  it("keeps the AI label but lists no citations when nothing was cited", () => {
    const activity = renderAnswerActivity(sampleAnswer({ found: false, outcome: "none", citations: [] }));
    expect(activity.entities).toEqual([
      {
        type: "https://schema.org/Message",
        "@type": "Message",
        "@context": "https://schema.org",
        "@id": "",
        additionalType: ["AIGeneratedContent"],
      },
    ]);
  });

  it("keeps citation abstracts under 160 characters", () => {
    const answer = sampleAnswer();
    const long = { ...firstCitation(), text: "word ".repeat(200) };
    const activity = renderAnswerActivity({ ...answer, citations: [long] });
    const entity = activity.entities?.[0] as
      | { citation?: { appearance: { abstract: string } }[] }
      | undefined;
    const abstract = entity?.citation?.[0]?.appearance.abstract ?? "";
    expect(abstract.length).toBeLessThan(160);
    expect(abstract.endsWith("…")).toBe(true);
  });

  it("does not lead its text with the guidance at urgent", () => {
    const activity = renderAnswerActivity(sampleAnswer({ escalation: urgentEscalation }));
    expect(activity.text?.startsWith("**Urgent")).toBe(true);
  });

  it("cuts long passages so the whole message stays under Teams' size limit", () => {
    const answer = sampleAnswer();
    const passage = "The practitioner should consider the history and the presentation carefully. ".repeat(
      400,
    );
    const citations = Array.from({ length: 8 }, (_, i) => ({ ...firstCitation(), n: i + 1, text: passage }));
    const big = sampleAnswer({ citations });
    expect(messageBytes(renderAnswerCard(big, { passageChars: passage.length }))).toBeGreaterThan(
      MAX_MESSAGE_BYTES,
    );
    const activity = renderAnswerActivity(big);
    expect(messageBytes(activity)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    // Every source is still listed, only the quotations are shorter.
    const all = texts(activity.attachments[0]?.content.body ?? []);
    expect(all.filter((t) => t.startsWith("[")).length).toBe(8);
    expect(activity.text).toBe(answer.answer);
  });

  it("shortens even a huge answer to fit", () => {
    const activity = renderAnswerActivity(
      sampleAnswer({ answer: "A very long answer sentence. ".repeat(2000) }),
    );
    expect(messageBytes(activity)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(activity.text?.endsWith("…")).toBe(true);
  });
});

describe("renderHandoffActivity", () => {
  it("tells the safeguarding team the level, area, asker and redacted question", () => {
    const activity = renderHandoffActivity({
      answerId: "ans-9",
      platform: "teams",
      question: "A baby has a bruise [name removed]",
      asker: "Sam Practitioner",
      area: "dudley",
      level: "urgent",
      actNow: true,
      contacts: SAMPLE_CONTACTS,
    });
    const card = activity.attachments[0]?.content;
    if (!card) throw new Error("no card");
    expect(card.body[0]).toMatchObject({ type: "Container", style: "attention" });
    expect(JSON.stringify(card)).toContain('"title":"Asked by","value":"Sam Practitioner"');
    expect(JSON.stringify(card)).toContain('"title":"Answer reference","value":"ans-9"');
    expect(texts(card.body)).toContain("A baby has a bruise [name removed]");
    expect(activity.summary).toBe("Safeguarding hand-off (urgent) from Sam Practitioner");
  });
});

describe("shorten", () => {
  it("keeps short text and cuts long text at a word with an ellipsis within the limit", () => {
    expect(shorten("short", 10)).toBe("short");
    const cut = shorten("one two three four five six", 20);
    expect(cut).toBe("one two three four…");
    expect(cut.length).toBeLessThanOrEqual(20);
    expect(shorten("abcdefghijklmnopqrstuvwxyz", 10)).toBe("abcdefghi…");
  });
});
