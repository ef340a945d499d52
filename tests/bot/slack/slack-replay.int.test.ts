/**
 * Replays and clock skew at the Slack endpoint, through the real server on loopback with a stand-in core:
 * a signed request more than five minutes from now either way is refused, and a slash command or a click
 * sent twice is acted on once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/config.ts";
import { createHttpApp, type RunningHttpServer, startHttpServer } from "../../../bot/server.ts";
import { ActionId } from "../../../bot/slack/button-value.ts";
import { createSlackSurface, type SlackSurface } from "../../../bot/slack/slack-surface.ts";
import { createLogger } from "../../../foundation/log.ts";
import { FakeAssistant } from "../../helpers/fake-assistant.ts";
import { sampleAnswer } from "./fake-assistant.ts";
import {
  feedbackClickForm,
  messageTs,
  pollUntil,
  postSigned,
  type SlackApiRecorder,
  slashCommandForm,
  startSlackApiRecorder,
} from "./slack-test-kit.ts";

const SECRET = "8f2b5c1e9d7a4b3c6e0f1a2b3c4d5e6f";
const FORM = "application/x-www-form-urlencoded";

describe("the Slack endpoint against replays", () => {
  const assistant = new FakeAssistant({ answerWith: () => sampleAnswer() });
  let recorder: SlackApiRecorder;
  let surface: SlackSurface;
  let running: RunningHttpServer;
  let url: string;

  beforeAll(async () => {
    recorder = await startSlackApiRecorder();
    const config = loadConfig({
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "slack-replay-")),
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: recorder.apiUrl,
    });
    const log = createLogger("silent");
    const created = createSlackSurface({ config, assistant, log });
    if (!created) throw new Error("expected a Slack surface");
    surface = created;
    running = await startHttpServer(createHttpApp({ config, assistant, log, slack: surface }), {
      port: 0,
      host: "127.0.0.1",
    });
    url = `${running.url}/slack/events`;
  });

  afterAll(async () => {
    await surface?.stop();
    await running?.close(500);
    await recorder?.close();
  });

  it("refuses a correctly signed request stamped more than five minutes in the future or the past", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now + 6 * 60, now - 6 * 60]) {
      const body = slashCommandForm({
        text: "help",
        userId: "U1",
        responseUrl: recorder.responseUrl("skew"),
      });
      const response = await postSigned(url, SECRET, body, FORM, { timestamp });
      expect(response.status, String(timestamp - now)).toBe(401);
    }
    const body = slashCommandForm({ text: "help", userId: "U1", responseUrl: recorder.responseUrl("fresh") });
    expect((await postSigned(url, SECRET, body, FORM, { timestamp: now + 60 })).status).toBe(200);
  });

  it("answers a replayed slash command once", async () => {
    const before = assistant.asked.length;
    const body = slashCommandForm({
      text: "Is bed-sharing safe?",
      userId: "U2",
      responseUrl: recorder.responseUrl("replayed-command"),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await postSigned(url, SECRET, body, FORM, { timestamp })).status).toBe(200);
    expect((await postSigned(url, SECRET, body, FORM, { timestamp })).status).toBe(200);
    await pollUntil(
      () => (assistant.asked.length > before ? true : undefined),
      5000,
      () => "the question to be asked",
    );
    // Give a second answer, if one were coming, the time the first took.
    await recorder.waitFor(
      (call) => call.path === "/response/replayed-command" && call.args.replace_original === true,
    );
    expect(assistant.asked.length - before).toBe(1);
    expect(recorder.calls.filter((call) => call.path === "/response/replayed-command")).toHaveLength(1);
  });

  it("records a replayed feedback click once", async () => {
    const before = assistant.feedbacks.length;
    const body = feedbackClickForm({
      actionId: ActionId.Feedback,
      value: "helpful:3f1c2a4e-6b7d-4e8f-9a0b-1c2d3e4f5a6b",
      userId: "U3",
      channel: "C1",
      messageTs: messageTs(),
      responseUrl: recorder.responseUrl("replayed-click"),
    });
    expect((await postSigned(url, SECRET, body, FORM)).status).toBe(200);
    expect((await postSigned(url, SECRET, body, FORM)).status).toBe(200);
    await pollUntil(
      () => (assistant.feedbacks.length > before ? true : undefined),
      5000,
      () => "the feedback to be recorded",
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(assistant.feedbacks.length - before).toBe(1);
  });
});
