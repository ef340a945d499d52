import { describe, expect, it } from "vitest";
import { quotableUnits, splitSentences } from "../../../../bot/core/compose/sentences.ts";

describe("splitSentences", () => {
  it("splits at full stops, question and exclamation marks before a capital", () => {
    expect(splitSentences("Babies sleep on their back. Is the cot clear? Check it! Then record it.")).toEqual(
      ["Babies sleep on their back.", "Is the cot clear?", "Check it!", "Then record it."],
    );
  });

  it("does not split after common abbreviations", () => {
    expect(splitSentences("Use a tool, e.g. The Graded Care Profile. Then decide.")).toEqual([
      "Use a tool, e.g. The Graded Care Profile.",
      "Then decide.",
    ]);
    expect(splitSentences("The lead, i.e. The DSL, decides. Record it.")).toEqual([
      "The lead, i.e. The DSL, decides.",
      "Record it.",
    ]);
    expect(splitSentences("See recommendation No. 3 in the review. It applies to all.")).toEqual([
      "See recommendation No. 3 in the review.",
      "It applies to all.",
    ]);
    expect(splitSentences("Dr. Smith chairs the panel. Meetings are monthly.")).toEqual([
      "Dr. Smith chairs the panel.",
      "Meetings are monthly.",
    ]);
    expect(splitSentences("See para. 4 and Fig. 2 for details. Then act.")).toEqual([
      "See para. 4 and Fig. 2 for details.",
      "Then act.",
    ]);
  });

  it("does not split after a single capital initial", () => {
    expect(splitSentences("The review by J. Smith found gaps. It made six recommendations.")).toEqual([
      "The review by J. Smith found gaps.",
      "It made six recommendations.",
    ]);
  });

  it("does not split inside numbers or before a lower-case word", () => {
    expect(splitSentences("Keep the room at 16.5 to 20 degrees. Use a sleeping bag.")).toEqual([
      "Keep the room at 16.5 to 20 degrees.",
      "Use a sleeping bag.",
    ]);
    expect(splitSentences("It ends at 5 p.m. on weekdays.")).toEqual(["It ends at 5 p.m. on weekdays."]);
  });

  it("ends a sentence before a digit, a bracket or a quotation", () => {
    expect(splitSentences('Call 999. 24 hours a day. (Police 101.) "Never wait." Done.')).toEqual([
      "Call 999.",
      "24 hours a day.",
      "(Police 101.)",
      '"Never wait."',
      "Done.",
    ]);
  });

  it("keeps closing quotes and brackets with their sentence", () => {
    expect(splitSentences('She said "stop." Then she left.')).toEqual(['She said "stop."', "Then she left."]);
  });

  it("makes every line a sentence of its own", () => {
    expect(
      splitSentences("Service: MASH | Phone: 0000 000 000\n\n- Record the concern\nTell the lead. Then act."),
    ).toEqual(["Service: MASH | Phone: 0000 000 000", "- Record the concern", "Tell the lead.", "Then act."]);
  });

  it("returns nothing for blank text", () => {
    expect(splitSentences("  \n \n")).toEqual([]);
  });
});

describe("quotableUnits", () => {
  it("is the sentences of a passage without lists", () => {
    const passage = "Babies sleep on their back. Keep the cot clear.\nRecord what you saw.";
    expect(quotableUnits(passage)).toEqual(splitSentences(passage));
  });

  it("keeps a list with the line that introduces it, items joined by semicolons", () => {
    expect(
      quotableUnits(
        "Risk factors include:\nSmoking in pregnancy;\nSharing a bed after alcohol.\nSofa sleeping",
      ),
    ).toEqual(["Risk factors include: Smoking in pregnancy; Sharing a bed after alcohol; Sofa sleeping"]);
  });

  it("starts a new unit at the next introducing line", () => {
    expect(quotableUnits("Do:\nRecord it\nDo not:\nDelay")).toEqual(["Do: Record it", "Do not: Delay"]);
  });

  it("keeps a closing colon line on its own and never cuts an item", () => {
    expect(quotableUnits("Contacts are listed below:")).toEqual(["Contacts are listed below:"]);
    const long = "x".repeat(700);
    expect(quotableUnits(`These include:\n${long}`)).toEqual([`These include: ${long}`]);
  });

  it("quotes a long list in parts of whole items, each with its introduction", () => {
    const items = Array.from({ length: 30 }, (_, i) => `Item number ${i} of the list of concerns`);
    const units = quotableUnits(`Concerns include:\n${items.join("\n")}`);
    expect(units.length).toBeGreaterThan(1);
    expect(units[0]).toMatch(/^Concerns include: Item number 0 of the list of concerns; .*; …$/);
    expect(units.at(-1)).toMatch(
      /^Concerns include: …; Item number \d+ of the list of concerns; .*Item number 29 of the list of concerns$/,
    );
    const quoted = units.flatMap((u) =>
      u
        .replace(/^Concerns include: /, "")
        .split("; ")
        .filter((p) => p !== "…"),
    );
    expect(quoted).toEqual(items);
    for (const unit of units) expect(unit.length).toBeLessThanOrEqual(600 + 40);
  });
});
