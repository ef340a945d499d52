import { describe, expect, it } from "vitest";
import { currencyWarnings, stalenessOf } from "../../../bot/core/guidance-currency.ts";
import type { FileEntry } from "../../../knowledge/types.ts";

const NOW = new Date("2026-11-24T10:00:00Z");

const entry = (fields: Partial<FileEntry> = {}): FileEntry => ({
  hash: "h",
  title: "Guidance",
  chunkIds: [],
  ...fields,
});

describe("stalenessOf", () => {
  it("is undefined for a recent document", () => {
    expect(stalenessOf(entry({ date: "2026-01-15" }), NOW, 3)).toBeUndefined();
  });

  it("flags a document whose review date has passed, even when it is recent", () => {
    expect(stalenessOf(entry({ date: "2026-01-15", reviewDate: "2026-11-23" }), NOW, 3)).toBe(
      "was due for review on 2026-11-23",
    );
    expect(stalenessOf(entry({ date: "2026-01-15", reviewDate: "2026-11-24" }), NOW, 3)).toBeUndefined();
    expect(stalenessOf(entry({ date: "2026-01-15", reviewDate: "2027-01-01" }), NOW, 3)).toBeUndefined();
  });

  it("flags a document older than the configured number of years", () => {
    expect(stalenessOf(entry({ date: "2023-11-23" }), NOW, 3)).toBe(
      "is dated 2023-11-23, more than 3 years ago",
    );
    expect(stalenessOf(entry({ date: "2023-11-24" }), NOW, 3)).toBeUndefined();
    expect(stalenessOf(entry({ date: "2017-06-01" }), NOW, 10)).toBeUndefined();
    expect(stalenessOf(entry({ date: "2017-06-01" }), NOW, 5)).toMatch(/more than 5 years ago/);
  });

  it("flags an undated document", () => {
    expect(stalenessOf(entry(), NOW, 3)).toBe("has no date");
  });

  it("counts a year-only or month-only date from its end", () => {
    // Cut-off is 2023-11-24: "2023" (to 2023-12-31) and "2023-11" (to 2023-11-30) are still in date.
    expect(stalenessOf(entry({ date: "2023" }), NOW, 3)).toBeUndefined();
    expect(stalenessOf(entry({ date: "2023-11" }), NOW, 3)).toBeUndefined();
    expect(stalenessOf(entry({ date: "2022" }), NOW, 3)).toBe("is dated 2022, more than 3 years ago");
    expect(stalenessOf(entry({ date: "2023-10" }), NOW, 3)).toBe("is dated 2023-10, more than 3 years ago");
  });

  it("puts a passed review date before the age", () => {
    expect(stalenessOf(entry({ date: "2010", reviewDate: "2012-01-01" }), NOW, 3)).toBe(
      "was due for review on 2012-01-01",
    );
  });
});

describe("currencyWarnings", () => {
  it("gives the document's date and the admin's note with the warning", () => {
    const [warning] = currencyWarnings(
      [
        {
          title: "Safe sleep",
          entry: entry({ date: "2016", note: "Room temperature advice is now 16 to 20 °C." }),
        },
      ],
      NOW,
      3,
    );
    expect(warning).toMatch(/^“Safe sleep” is dated 2016, more than 3 years ago: /);
    expect(warning?.endsWith("Room temperature advice is now 16 to 20 °C.")).toBe(true);
    const [review] = currencyWarnings(
      [{ title: "Escalation", entry: entry({ date: "2025-01", reviewDate: "2026-01-01" }) }],
      NOW,
      3,
    );
    expect(review).toMatch(/^“Escalation” \(dated 2025-01\) was due for review on 2026-01-01: /);
  });

  it("warns once per stale document, naming it, and not for documents in date", () => {
    const old = entry({ title: "Safer sleep 2016", date: "2016" });
    const fresh = entry({ title: "Levels of need", date: "2026-11-01" });
    const warnings = currencyWarnings(
      [
        { title: "Safer sleep 2016", entry: old },
        { title: "Levels of need", entry: fresh },
        { title: "Safer sleep 2016", entry: old },
      ],
      NOW,
      3,
    );
    expect(warnings).toEqual([
      "“Safer sleep 2016” is dated 2016, more than 3 years ago: its advice may have changed, so check current national and local guidance before relying on it.",
    ]);
  });

  it("gives one warning per document, each with its own reason", () => {
    const warnings = currencyWarnings(
      [
        { title: "Undated leaflet", entry: entry({ title: "Undated leaflet" }) },
        {
          title: "Escalation",
          entry: entry({ title: "Escalation", date: "2026-01-01", reviewDate: "2026-06-01" }),
        },
      ],
      NOW,
      3,
    );
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^“Undated leaflet” has no date: /);
    expect(warnings[1]).toMatch(/^“Escalation” \(dated \d{4}[-\d]*\) was due for review on 2026-06-01: /);
  });

  it("is empty when nothing is cited", () => {
    expect(currencyWarnings([], NOW, 3)).toEqual([]);
  });

  it("warns about a stale document even when an in-date document has the same title", () => {
    // Two areas' copies of "Safeguarding policy": the cited old one must not hide behind the new one.
    const current = entry({ hash: "dudley", title: "Safeguarding policy", date: "2026-05-01" });
    const outdated = entry({ hash: "walsall", title: "Safeguarding policy", date: "2015-05-01" });
    const warnings = currencyWarnings(
      [
        { title: "Safeguarding policy", entry: current },
        { title: "Safeguarding policy", entry: outdated },
      ],
      NOW,
      3,
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("is dated 2015-05-01");
  });
});
