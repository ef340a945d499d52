import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditStore } from "../../../../bot/core/audit/audit-store.ts";
import type { EscalationLevel } from "../../../../bot/core/types.ts";
import { ENGINES } from "../../../helpers/store-engines.ts";

/** Noon on Sunday 10 March 2024; a 7-day report covers 4 to 10 March (UTC). */
const NOW = new Date("2024-03-10T12:00:00Z");
let store: AuditStore;
let cleanUp: (() => Promise<void>) | undefined;
const ids: Record<string, string> = {};

function ask(
  at: string,
  question: string,
  extra: { found?: boolean; level?: EscalationLevel; ms?: number } = {},
) {
  return store.recordAnswer({
    platform: "teams",
    userId: "29:user",
    area: "dudley",
    question,
    citedChunks: [],
    found: extra.found ?? true,
    level: extra.level ?? null,
    latencyMs: extra.ms ?? 100,
    at: new Date(at),
  });
}

// The same report from both engines: the SQL is shared, so any difference between them is a bug.
describe.each(ENGINES)("the audit on $name", ({ available, under }) => {
  describe.skipIf(!available)("the trainer report", () => {
    beforeAll(async () => {
      const opened = await under.open();
      store = opened.store.audit;
      cleanUp = opened.cleanUp;

      // Outside the window on both sides: must not count anywhere.
      ask("2024-03-03T23:59:59.999Z", "Too old gap", { found: false, level: "emergency", ms: 99_000 });
      ask("2024-03-11T00:00:00.000Z", "Tomorrow's gap", { found: false, ms: 98_000 });

      ids.lado1 = ask("2024-03-04T00:00:00.000Z", "Who is the LADO?", { found: false, ms: 400 });
      ask("2024-03-04T10:00:00.000Z", "What is safe sleep?", { ms: 1_500 });
      ask("2024-03-06T08:00:00.000Z", "Who is the LADO?", { found: false, level: "advice", ms: 300 });
      ids.sudi = ask("2024-03-10T10:00:00.000Z", "What is SUDI?", { found: false, ms: 200 });
      ask("2024-03-10T09:00:00.000Z", "Who is the LADO?", { found: false, ms: 250 });
      ask("2024-03-10T11:00:00.000Z", "A child has bruises", { level: "urgent", ms: 2_400 });
      ask("2024-03-10T11:30:00.000Z", "A child is not breathing", { level: "emergency", ms: 50 });
      ask("2024-03-08T07:00:00.000Z", "What is a CDOP?", { found: false, ms: 120 });

      const feedback = (at: string, helpful: boolean, comment?: string, answerId?: string) =>
        store.recordFeedback({
          platform: "teams",
          userId: "29:user",
          helpful,
          comment,
          answerId,
          at: new Date(at),
        });
      feedback("2024-03-01T09:00:00.000Z", false, "Outside the window");
      feedback("2024-03-05T09:00:00.000Z", true, "Clear, thank you", ids.lado1);
      feedback("2024-03-09T09:00:00.000Z", true);
      feedback("2024-03-10T10:05:00.000Z", false, "It had nothing on SUDI", ids.sudi);
      feedback("2024-03-10T10:06:00.000Z", false, "", ids.sudi);

      const handoff = (at: string, level: EscalationLevel | null) =>
        store.recordHandoff({ platform: "web", area: "dudley", level, question: "q", at: new Date(at) });
      handoff("2024-02-20T09:00:00.000Z", "emergency");
      handoff("2024-03-06T09:00:00.000Z", "advice");
      handoff("2024-03-10T11:31:00.000Z", "emergency");
      handoff("2024-03-10T11:40:00.000Z", null);
    });

    afterAll(() => cleanUp?.());

    describe("report", () => {
      const report = () => store.report({ days: 7, now: NOW, slowest: 3 });

      it("names the window as whole UTC days ending today", async () => {
        expect(await report()).toMatchObject({
          generatedAt: NOW.toISOString(),
          days: 7,
          from: "2024-03-04",
          to: "2024-03-10",
        });
      });

      it("counts questions for every day of the window, empty days included", async () => {
        expect((await report()).questionsPerDay).toEqual([
          { date: "2024-03-04", count: 2 },
          { date: "2024-03-05", count: 0 },
          { date: "2024-03-06", count: 1 },
          { date: "2024-03-07", count: 0 },
          { date: "2024-03-08", count: 1 },
          { date: "2024-03-09", count: 0 },
          { date: "2024-03-10", count: 4 },
        ]);
      });

      it("lists unanswered questions grouped by text, most frequent first, then most recently asked", async () => {
        expect((await report()).unanswered).toEqual([
          { question: "Who is the LADO?", count: 3, lastAsked: "2024-03-10T09:00:00.000Z" },
          { question: "What is SUDI?", count: 1, lastAsked: "2024-03-10T10:00:00.000Z" },
          { question: "What is a CDOP?", count: 1, lastAsked: "2024-03-08T07:00:00.000Z" },
        ]);
      });

      it("counts escalated answers and hand-offs per level, most serious first", async () => {
        expect((await report()).escalations).toEqual([
          { level: "emergency", answers: 1, handoffs: 1 },
          { level: "urgent", answers: 1, handoffs: 0 },
          { level: "advice", answers: 1, handoffs: 1 },
        ]);
      });

      it("counts feedback and lists the latest comments with the question they are about", async () => {
        expect((await report()).feedback).toEqual({
          helpful: 2,
          notHelpful: 2,
          latestComments: [
            {
              at: "2024-03-10T10:05:00.000Z",
              helpful: false,
              comment: "It had nothing on SUDI",
              question: "What is SUDI?",
            },
            {
              at: "2024-03-05T09:00:00.000Z",
              helpful: true,
              comment: "Clear, thank you",
              question: "Who is the LADO?",
            },
          ],
        });
      });

      it("lists the slowest answers, slowest first, as many as asked for", async () => {
        expect((await report()).slowest).toEqual([
          { question: "A child has bruises", latencyMs: 2_400, at: "2024-03-10T11:00:00.000Z" },
          { question: "What is safe sleep?", latencyMs: 1_500, at: "2024-03-04T10:00:00.000Z" },
          { question: "Who is the LADO?", latencyMs: 400, at: "2024-03-04T00:00:00.000Z" },
        ]);
      });

      it("totals the window", async () => {
        expect((await report()).totals).toEqual({
          questions: 8,
          answered: 3,
          unanswered: 5,
          escalated: 3,
          handoffs: 3,
          feedback: 4,
        });
      });

      it("widens with more days and defaults to 30", async () => {
        const month = await store.report({ now: NOW });
        expect(month.days).toBe(30);
        expect(month.questionsPerDay).toHaveLength(30);
        expect(month.from).toBe("2024-02-10");
        expect(month.totals.questions).toBe(9);
        expect(month.totals.handoffs).toBe(4);
        expect(month.unanswered.map((gap) => gap.question)).toContain("Too old gap");
      });

      it("reports zeros, not nulls, for a window with nothing in it", async () => {
        const empty = await store.report({ days: 1, now: new Date("2023-01-01T00:00:00Z") });
        expect(empty.totals).toEqual({
          questions: 0,
          answered: 0,
          unanswered: 0,
          escalated: 0,
          handoffs: 0,
          feedback: 0,
        });
        expect(empty.questionsPerDay).toEqual([{ date: "2023-01-01", count: 0 }]);
        expect(empty.feedback).toEqual({ helpful: 0, notHelpful: 0, latestComments: [] });
      });

      it("rejects a window that is not a whole number of days", async () => {
        await expect(store.report({ days: 0 })).rejects.toThrow(RangeError);
        await expect(store.report({ days: 2.5 })).rejects.toThrow(RangeError);
        await expect(store.report({ days: 100_000 })).rejects.toThrow(RangeError);
      });
    });
  });
});
