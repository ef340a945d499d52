import { describe, expect, it } from "vitest";
import {
  renderHelpMessage,
  renderReindexReport,
  renderReportMessage,
  renderSourcesMessage,
} from "../../../bot/slack/render-commands.ts";
import {
  renderContactsInstead,
  renderHandoffConfirmation,
  renderHandoffRequest,
} from "../../../bot/slack/render-handoff.ts";
import { SAMPLE_AUDIT_REPORT } from "../../helpers/fake-assistant.ts";

const textOf = (message: { blocks: unknown[] }) => JSON.stringify(message.blocks);

describe("slash command replies", () => {
  it("summarises the usage report's totals for an administrator, and points to the full report", () => {
    const message = renderReportMessage(SAMPLE_AUDIT_REPORT);
    expect(message.text).toBe(
      "Usage from 2026-11-24 to 2026-11-30: 42 questions, 35 answered from the guidance, 7 not answered, 5 escalated, 2 hand-offs, 9 feedback.",
    );
    expect(textOf(message)).toContain("npm run report");
    // The gaps are redacted questions; the chat summary leaves them to the full report.
    expect(textOf(message)).not.toContain("local policy");
  });

  it("explains usage with the configured command", () => {
    expect(textOf(renderHelpMessage("/askguide"))).toContain("`/askguide sources`");
    expect(textOf(renderHelpMessage("/askguide"))).toContain("`/askguide report`");
  });

  it("lists sources with dates and staleness, and says when there are none", () => {
    const message = renderSourcesMessage([
      {
        source: "a.pdf",
        title: "Old <guide>",
        date: "2013",
        chunks: 10,
        stale: "is dated 2013, more than 3 years ago",
      },
      { source: "b.md", title: "New guide", chunks: 1, url: "https://example.org/b" },
    ]);
    const text = textOf(message);
    expect(message.text).toBe("2 indexed documents, 1 may be out of date");
    expect(text).toContain("Old &lt;guide&gt;* · _a.pdf_ · 2013 · 10 passages");
    expect(text).toContain(":warning: is dated 2013, more than 3 years ago");
    expect(text).toContain("<https://example.org/b|New guide>* · _b.md_ · undated · 1 passage");
    expect(renderSourcesMessage([]).text).toContain("No documents are indexed yet");
  });

  it("reports a reindex with its counts and failures", () => {
    const message = renderReindexReport({
      added: ["n.pdf"],
      updated: ["u.pdf"],
      unchanged: ["a", "b"],
      removed: [],
      failed: [{ file: "x.docx", reason: "unreadable" }],
      skipped: [],
      chunks: 99,
      embedded: 7,
      seconds: 2.04,
      indexBuilt: true,
    });
    expect(message.text).toBe(
      "Reindex finished in 2.0 s: 1 added, 1 updated, 2 unchanged, 0 removed, 1 failed; 99 passages in the index (7 embedded now).",
    );
    expect(textOf(message)).toContain(":x: x.docx: unreadable");
    expect(textOf(message)).toContain("Added: n.pdf");
  });
});

describe("hand-off messages", () => {
  const event = {
    answerId: "a1",
    platform: "slack" as const,
    question: "Child <b> told me [name] hit her",
    userId: "U1",
    asker: "<@U1>",
    area: "dudley",
    level: "emergency" as const,
    actNow: true,
    contacts: [{ name: "Police", phone: "999" }],
  };

  it("shows the team who asks, the level, the area and the redacted question", () => {
    const message = renderHandoffRequest(event);
    const text = textOf(message);
    expect(text).toContain("*From:* <@U1>");
    expect(text).toContain("*Level:* :rotating_light: emergency");
    expect(text).toContain("*Area:* dudley");
    expect(text).toContain("> Child &lt;b&gt; told me [name] hit her");
    expect(text).toContain("Answer reference: a1");
    expect(textOf(renderHandoffRequest({ ...event, asker: "<!channel>" }))).toContain(
      "*From:* &lt;!channel&gt;",
    );
  });

  it("confirms privately, with the contacts when it cannot wait", () => {
    const urgent = renderHandoffConfirmation("C9", event);
    expect(urgent.text).toBe("I have asked the safeguarding team in <#C9> to contact you.");
    expect(textOf(urgent)).toContain("*Police*: 999");
    expect(
      textOf(renderHandoffConfirmation("C9", { ...event, level: "advice", actNow: false })),
    ).not.toContain("Police");
  });

  it("names whom to contact when there is no hand-off channel", () => {
    expect(textOf(renderContactsInstead(event.contacts))).toContain("*Police*: 999");
    expect(renderContactsInstead([]).text).toContain("designated safeguarding lead");
  });
});
