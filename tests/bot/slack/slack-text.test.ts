import { describe, expect, it } from "vitest";
import { clipMrkdwn, escapeMrkdwn, mrkdwnLink, questionFromSlack } from "../../../bot/slack/slack-text.ts";

describe("questionFromSlack", () => {
  it("removes the bot's mention wherever it is and keeps other mentions readable", () => {
    expect(questionFromSlack("<@UBOT> what about <@U123|sam> and <@U999>? <@UBOT|assistant>", "UBOT")).toBe(
      "what about @sam and @U999?",
    );
  });

  it("treats leading mentions as addressing the bot when its id is unknown", () => {
    expect(questionFromSlack("<@UBOT>   Is bed-sharing safe?")).toBe("Is bed-sharing safe?");
  });

  it("shows channels, special mentions, links and escaped characters as typed", () => {
    const text =
      "In <#C1|safeguarding> &amp; <!here>: see <https://example.org/a|the guide>, <https://example.org/b>, " +
      "<mailto:dsl@example.org|dsl@example.org>, <!subteam^S1|@dsl-team> &lt;3 months &gt; 1 kg";
    expect(questionFromSlack(text, "UBOT")).toBe(
      "In #safeguarding & @here: see the guide, https://example.org/b, dsl@example.org, @dsl-team <3 months > 1 kg",
    );
  });
});

describe("mrkdwn helpers", () => {
  it("escapes the control characters", () => {
    expect(escapeMrkdwn("a & <b> c")).toBe("a &amp; &lt;b&gt; c");
  });

  it("links only web and mail addresses", () => {
    expect(mrkdwnLink("https://example.org/x?a=1&b=2", "A & B")).toBe(
      "<https://example.org/x?a=1&amp;b=2|A &amp; B>",
    );
    expect(mrkdwnLink("ftp://example.org", "A")).toBe("A");
    expect(mrkdwnLink("not a url", "A")).toBe("A");
    expect(mrkdwnLink(undefined, "<A>")).toBe("&lt;A&gt;");
  });

  it("clips without leaving part of an entity", () => {
    const clipped = clipMrkdwn("&amp;".repeat(10), 13);
    expect(clipped.length).toBeLessThanOrEqual(13);
    expect(clipped).toBe("&amp;&amp;…");
    expect(clipMrkdwn("short", 10)).toBe("short");
  });
});
