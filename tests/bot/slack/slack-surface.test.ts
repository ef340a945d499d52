import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/config.ts";
import { createSlackSurface } from "../../../bot/slack/slack-surface.ts";
import { CodedError, ErrorCode } from "../../../foundation/errors.ts";
import { createLogger } from "../../../foundation/log.ts";
import { FakeAssistant } from "../../helpers/fake-assistant.ts";
import { sampleAnswer } from "./fake-assistant.ts";
import { eventCallback, messageTs, postSigned, startSlackApiRecorder } from "./slack-test-kit.ts";

const log = createLogger("silent");
const assistant = new FakeAssistant({ answerWith: () => sampleAnswer() });

describe("createSlackSurface", () => {
  let refusingSlack: http.Server;
  let apiUrl: string;
  const methods: string[] = [];

  beforeAll(async () => {
    // A Web API that refuses the token, as Slack does for a revoked one.
    refusingSlack = http.createServer((req, res) => {
      methods.push(req.url ?? "");
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ ok: false, error: "invalid_auth" }));
    });
    await new Promise<void>((resolve) => refusingSlack.listen(0, "127.0.0.1", resolve));
    // No trailing slash: the surface adds the one the Web API client needs.
    apiUrl = `http://127.0.0.1:${(refusingSlack.address() as AddressInfo).port}/api`;
  });

  afterAll(() => new Promise<void>((resolve) => refusingSlack.close(() => resolve())));

  it("is off without a bot token", () => {
    expect(createSlackSurface({ config: loadConfig({}), assistant, log })).toBeUndefined();
  });

  it("serves HTTP with a router when there is no app token, and uses Socket Mode when there is", () => {
    const httpSurface = createSlackSurface({
      config: loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "secret" }),
      assistant,
      log,
    });
    expect(httpSurface?.mode).toBe("http");
    expect(httpSurface?.router).toBeDefined();
    const socketSurface = createSlackSurface({
      config: loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }),
      assistant,
      log,
    });
    expect(socketSurface?.mode).toBe("socket");
    expect(socketSurface?.router).toBeUndefined();
  });

  it("sends nothing to Slack until asked, and says at start-up when Slack refuses the token", async () => {
    const surface = createSlackSurface({
      config: loadConfig({
        SLACK_BOT_TOKEN: "xoxb-revoked",
        SLACK_SIGNING_SECRET: "secret",
        SLACK_API_URL: apiUrl,
      }),
      assistant,
      log,
    });
    expect(methods).toEqual([]);
    const failure = await surface?.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CodedError);
    expect((failure as CodedError).code).toBe(ErrorCode.ConfigInvalid);
    expect((failure as CodedError).userMessage).toBe("Slack refused SLACK_BOT_TOKEN (invalid_auth).");
    expect(methods).toEqual(["/api/auth.test"]);
    await surface?.stop();
  });

  it("answers without waiting long for the bot's identity when auth.test is slow", async () => {
    const slowSlack = await startSlackApiRecorder({ unanswered: ["auth.test"] });
    const surface = createSlackSurface({
      config: loadConfig({
        SLACK_BOT_TOKEN: "xoxb-1",
        SLACK_SIGNING_SECRET: "secret",
        SLACK_API_URL: slowSlack.apiUrl,
      }),
      assistant,
      log,
    });
    if (!surface?.router) throw new Error("expected the HTTP surface");
    const app = express().use(surface.router);
    const server = await new Promise<http.Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      const ts = messageTs();
      const body = eventCallback({
        type: "app_mention",
        user: "U1",
        text: "<@UBOT> Is bed-sharing safe?",
        ts,
        channel: "C1",
        event_ts: ts,
      });
      expect((await postSigned(url, "secret", body, "application/json")).status).toBe(200);
      await slowSlack.waitFor((c) => c.method === "chat.update" && c.args.channel === "C1");
      expect(assistant.asked.at(-1)?.question).toBe("Is bed-sharing safe?");
      expect(slowSlack.calls.filter((c) => c.method === "auth.test")).toHaveLength(1);
    } finally {
      await surface.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await slowSlack.close();
    }
  });
});
