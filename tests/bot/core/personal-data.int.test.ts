import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningAssistant } from "../../../bot/create-assistant.ts";
import { startOpenAiCompatibleServer } from "../../helpers/openai-compatible-server.ts";
import { createTestAssistant } from "../../helpers/test-assistant.ts";
import { DEV_QUESTIONS } from "../../helpers/test-paths.ts";

interface PiiCase {
  question: string;
  secrets: string[];
}

/** The dev set's personal-data items plus our own, covering every kind the redaction promises to remove. */
function cases(): PiiCase[] {
  const dev = fs.existsSync(DEV_QUESTIONS)
    ? fs
        .readFileSync(DEV_QUESTIONS, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { kind: string; question: string; secrets?: string[] })
        .filter((q) => q.kind === "pii")
        .map((q) => ({ question: q.question, secrets: q.secrets ?? [] }))
    : [];
  return [
    ...dev,
    {
      // Answered from the sample guidance, so this one certainly reaches the language model.
      question:
        "Mum Jane Doe (jane.doe@example.org, 0161 496 0000) asks what room temperature is right for a sleeping baby",
      secrets: ["Jane", "Doe", "jane.doe@example.org", "0161 496 0000"],
    },
    {
      question:
        "Mum Kelly Brennan (07700 900123, kelly.brennan@example.com) says baby sleeps on the sofa, is that safe?",
      secrets: ["Kelly", "Brennan", "07700 900123", "kelly.brennan@example.com"],
    },
    {
      question:
        "Child called Aisha Khan, DOB 03/04/2019, lives at 14 Elm Grove, LS6 2QT - what are the thresholds for early help?",
      secrets: ["Aisha", "Khan", "03/04/2019", "14 Elm Grove", "LS6 2QT"],
    },
    {
      question:
        "Mr Dariusz Nowak, NHS number 943 476 5919, smokes around the newborn; what does the guidance say about smoking?",
      secrets: ["Dariusz", "Nowak", "943 476 5919"],
    },
  ];
}

describe("personal data never reaches the audit store, the logs or the language model", () => {
  const logLines: string[] = [];
  let server: Awaited<ReturnType<typeof startOpenAiCompatibleServer>>;
  let assistant: RunningAssistant;
  let dataDir: string;

  beforeAll(async () => {
    server = await startOpenAiCompatibleServer(() => ({ content: "Here is what the guidance says [1]." }));
    const created = await createTestAssistant({
      library: "sample",
      env: { OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: server.url },
      logSink: (line) => logLines.push(line),
    });
    assistant = created.assistant;
    dataDir = created.config.DATA_DIR;
    for (const c of cases()) {
      const answer = await assistant.ask({ question: c.question, platform: "web", userId: "U-test" });
      assistant.feedback({ answerId: answer.answerId, platform: "web", helpful: false, comment: c.question });
      // The note carries the question as typed, so its redaction is checked in the audit files too.
      await assistant.handoff({
        answerId: answer.answerId,
        platform: "web",
        area: "default",
        note: c.question,
      });
    }
    await assistant.close();
  });
  afterAll(async () => {
    await server.close();
  });

  it("had something to check: questions were asked, logged, recorded and sent to the model", () => {
    expect(cases().length).toBeGreaterThanOrEqual(4);
    expect(logLines.length).toBeGreaterThan(0);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(fs.statSync(path.join(dataDir, "audit.sqlite")).size).toBeGreaterThan(0);
  });

  for (const c of cases()) {
    it(`keeps no secret of: ${c.question.slice(0, 50)}…`, () => {
      const stored = fs
        .readdirSync(dataDir)
        .filter((f) => f.startsWith("audit.sqlite"))
        .map((f) => fs.readFileSync(path.join(dataDir, f)).toString("latin1"))
        .join("\n");
      const sent = server.requests.map((r) => r.body).join("\n");
      const logged = logLines.join("\n");
      for (const secret of c.secrets) {
        expect(stored, `audit store holds "${secret}"`).not.toContain(secret);
        expect(sent, `model request holds "${secret}"`).not.toContain(secret);
        expect(logged, `log holds "${secret}"`).not.toContain(secret);
      }
    });
  }

  it("tells the asker what was removed", async () => {
    const { assistant: fresh } = await createTestAssistant({ library: "sample" });
    const answer = await fresh.ask({ question: cases()[0]?.question ?? "", platform: "cli" });
    await fresh.close();
    expect(answer.warnings.join(" ")).toMatch(/removed/i);
    for (const secret of cases()[0]?.secrets ?? []) expect(answer.question).not.toContain(secret);
  });
});
