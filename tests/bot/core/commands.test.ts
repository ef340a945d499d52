import { describe, expect, it } from "vitest";
import { ADMIN_REFUSALS, authorise, parseMessage, SOURCES_QUESTION } from "../../../bot/core/commands.ts";

describe("parseMessage", () => {
  it("reads a command only when it is the whole message, in any case, with or without / and punctuation", () => {
    expect(parseMessage("")).toEqual({ kind: "command", command: "help" });
    expect(parseMessage(" HELP ")).toEqual({ kind: "command", command: "help" });
    expect(parseMessage("/sources")).toEqual({ kind: "command", command: "sources" });
    expect(parseMessage("reindex.")).toEqual({ kind: "command", command: "reindex" });
    expect(parseMessage("Report!")).toEqual({ kind: "command", command: "report" });
    expect(parseMessage("sources of neglect?")).toEqual({
      kind: "question",
      question: "sources of neglect?",
    });
    expect(parseMessage("  What is a CDOP?  ")).toEqual({ kind: "question", question: "What is a CDOP?" });
    // The prompt offered beside the example questions lists the sources.
    expect(parseMessage(SOURCES_QUESTION)).toEqual({ kind: "command", command: "sources" });
    expect(parseMessage("what documents do you use")).toEqual({ kind: "command", command: "sources" });
  });
});

describe("authorise", () => {
  const admins = ["UADMIN", "aad-admin"];

  it("lets everyone have help and sources", () => {
    for (const command of ["help", "sources"] as const) {
      expect(authorise(command, { platform: "slack", userId: "U1" }, admins)).toEqual({ allowed: true });
      expect(authorise(command, { platform: "teams" }, admins)).toEqual({ allowed: true });
    }
  });

  it("keeps reindex and report to the administrators, with a refusal naming the command", () => {
    for (const command of ["reindex", "report"] as const) {
      expect(authorise(command, { platform: "slack", userId: "UADMIN" }, admins)).toEqual({ allowed: true });
      expect(authorise(command, { platform: "teams", userId: "aad-admin" }, admins)).toEqual({
        allowed: true,
      });
      expect(authorise(command, { platform: "slack", userId: "U1" }, admins)).toEqual({
        allowed: false,
        refusal: ADMIN_REFUSALS[command],
      });
      // Someone the platform could not identify is never an administrator.
      expect(authorise(command, { platform: "teams" }, admins).allowed).toBe(false);
      expect(authorise(command, { platform: "web", userId: "UADMIN" }, []).allowed).toBe(false);
    }
    expect(ADMIN_REFUSALS.reindex).toMatch(/reindex/);
    expect(ADMIN_REFUSALS.report).toMatch(/report/);
  });

  it("trusts whoever runs the command line, who operates the server", () => {
    expect(authorise("reindex", { platform: "cli" }, [])).toEqual({ allowed: true });
  });
});
