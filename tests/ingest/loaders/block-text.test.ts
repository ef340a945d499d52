import { describe, expect, it } from "vitest";
import {
  collapseWhitespace,
  labelledRow,
  splitInlineBullets,
  stripBullet,
} from "../../../ingest/loaders/block-text.ts";

describe("block text helpers", () => {
  it("collapses all kinds of whitespace", () => {
    expect(collapseWhitespace("  a\u00a0\n\tb\u200b c ")).toBe("a b c");
  });

  it("labels cells by header, leaving out empty cells and unlabelled cells' labels", () => {
    expect(labelledRow(["Area", "Finding", ""], ["Health", " ", "Extra."])).toBe("Area: Health; Extra");
    expect(labelledRow(["Status"], ["Status"])).toBe("Status");
  });

  it("splits inline bullets into a lead-in and list items", () => {
    expect(splitInlineBullets("Focus: • one • two")).toEqual([
      { kind: "text", text: "Focus:" },
      { kind: "list-item", text: "one" },
      { kind: "list-item", text: "two" },
    ]);
    expect(splitInlineBullets("No bullets here")).toEqual([{ kind: "text", text: "No bullets here" }]);
    expect(splitInlineBullets("  ")).toEqual([]);
  });

  it("strips a bullet but not a number", () => {
    expect(stripBullet("• ⇒ 730 looked after")).toBe("730 looked after");
    expect(stripBullet("1. Note")).toBe("1. Note");
  });
});
