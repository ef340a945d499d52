import { readFile } from "node:fs/promises";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/config.ts";
import {
  createHttpApp,
  type HttpAppDeps,
  type RunningHttpServer,
  startHttpServer,
} from "../../bot/server.ts";
import type { SlackSurface } from "../../bot/slack/slack-surface.ts";
import type { TeamsSurface } from "../../bot/teams/teams-surface.ts";
import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import { createFakeAssistant, recordingLogger, sampleAnswer } from "./web/fakes.ts";

const config = loadConfig({});
let running: RunningHttpServer | undefined;

afterEach(async () => {
  await running?.close(1000);
  running = undefined;
});

async function serve(deps: Partial<HttpAppDeps> = {}) {
  const recorded = recordingLogger();
  const assistant = createFakeAssistant();
  const app = createHttpApp({ config, assistant, log: recorded.log, ...deps });
  running = await startHttpServer(app, { port: 0, host: "127.0.0.1" });
  return { url: running.url, assistant, ...recorded };
}

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** Every error is `{ error }` with one sentence: a capital, one full stop at the end, no line breaks. */
async function expectOneSentence(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error?: unknown };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error).toMatch(/^[A-Z"][^\n]*[.]$/);
  return body.error as string;
}

describe("createHttpApp: the web page", () => {
  it("serves the page with security headers and no inline script or style", async () => {
    const { url } = await serve();
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-powered-by")).toBeNull();
    const html = await response.text();
    expect(html).toContain('<html lang="en-GB">');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/);
    for (const asset of ["app.js", "styles.css"]) {
      const file = await fetch(`${url}/${asset}`);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toMatch(asset.endsWith(".js") ? /javascript/ : /text\/css/);
    }
  });

  it("never writes server data into the page as HTML", async () => {
    const script = await readFile(new URL("../../bot/web/public/app.js", import.meta.url), "utf8");
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe("createHttpApp: the API", () => {
  it("asks the assistant for the web platform and returns the answer object", async () => {
    const { url, assistant } = await serve();
    const response = await postJson(`${url}/api/ask`, {
      question: "  Is bed-sharing safe?  ",
      area: "dudley",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const answer = await response.json();
    expect(answer).toEqual(sampleAnswer({ question: "Is bed-sharing safe?" }));
    expect(assistant.asked).toEqual([{ question: "Is bed-sharing safe?", area: "dudley", platform: "web" }]);
  });

  it("lists the sources and reports health (503 until the index is loaded)", async () => {
    const { url } = await serve();
    const sources = await (await fetch(`${url}/api/sources`)).json();
    expect(sources).toEqual([
      { source: "safer-sleep.md", title: "Safer sleep for babies", date: "2026-11-01", chunks: 4 },
    ]);
    const healthy = await fetch(`${url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ indexLoaded: true });
    await running?.close();
    const unloaded = await serve({ assistant: createFakeAssistant({ indexLoaded: false }) });
    expect((await fetch(`${unloaded.url}/healthz`)).status).toBe(503);
  });

  it("records feedback as coming from the web", async () => {
    const { url, assistant } = await serve();
    const response = await postJson(`${url}/api/feedback`, {
      answerId: "a-1",
      helpful: false,
      comment: "Too vague",
    });
    expect(response.status).toBe(200);
    expect(assistant.feedbacks).toEqual([
      { answerId: "a-1", platform: "web", helpful: false, comment: "Too vague" },
    ]);
  });

  it("records a hand-off by answer id, tells the user nobody was contacted, and logs it without the question", async () => {
    const { url, assistant, events } = await serve();
    // A page from before hand-offs were looked up by id still sends the question: it is dropped unread.
    const question = "Worried about a baby sleeping on the sofa";
    const response = await postJson(`${url}/api/handoff`, { answerId: "a-1", question, note: "Call me" });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { recorded: boolean; contacts: unknown[]; message: string };
    expect(reply.recorded).toBe(true);
    expect(reply.contacts).toEqual([{ name: "Safeguarding team (PLACEHOLDER)", phone: "0000 000 0000" }]);
    expect(reply.message).toMatch(/Nobody has been contacted/);
    expect(assistant.handoffs).toEqual([{ answerId: "a-1", platform: "web", note: "Call me" }]);
    expect(JSON.stringify(reply)).not.toContain(assistant.handoffQuestion);
    const logged = events().find((event) => event.event === "handoff_requested");
    expect(logged).toMatchObject({
      level: "info",
      platform: "web",
      answerId: "a-1",
      area: "default",
      escalation: null,
    });
    expect(JSON.stringify(events())).not.toContain("sofa");
    expect(JSON.stringify(events())).not.toContain("Call me");
  });
});

describe("createHttpApp: bad requests", () => {
  const tooLong = "a".repeat(2001);
  const cases: { name: string; send: (url: string) => Promise<Response>; status: number; says?: RegExp }[] = [
    {
      name: "malformed JSON",
      send: (url) =>
        fetch(`${url}/api/ask`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: '{"question":',
        }),
      status: 400,
      says: /not valid JSON/,
    },
    {
      name: "a JSON array",
      send: (url) => postJson(`${url}/api/ask`, ["question"]),
      status: 400,
      says: /JSON object/,
    },
    {
      name: "no body",
      send: (url) => fetch(`${url}/api/ask`, { method: "POST" }),
      status: 400,
      says: /JSON object/,
    },
    {
      name: "a missing question",
      send: (url) => postJson(`${url}/api/ask`, {}),
      status: 400,
      says: /question/,
    },
    { name: "a blank question", send: (url) => postJson(`${url}/api/ask`, { question: "   " }), status: 400 },
    {
      name: "a question that is not text",
      send: (url) => postJson(`${url}/api/ask`, { question: 7 }),
      status: 400,
    },
    {
      name: "an over-long question",
      send: (url) => postJson(`${url}/api/ask`, { question: tooLong }),
      status: 400,
      says: /2,000 characters/,
    },
    {
      name: "a form post",
      send: (url) =>
        fetch(`${url}/api/ask`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "question=hello",
        }),
      status: 415,
      says: /application\/json/,
    },
    {
      name: "an oversized body",
      send: (url) => postJson(`${url}/api/ask`, { question: "a", padding: "x".repeat(40_000) }),
      status: 413,
      says: /too large/,
    },
    { name: "GET on ask", send: (url) => fetch(`${url}/api/ask`), status: 405 },
    {
      name: "DELETE on sources",
      send: (url) => fetch(`${url}/api/sources`, { method: "DELETE" }),
      status: 405,
    },
    { name: "POST on the page", send: (url) => fetch(`${url}/`, { method: "POST" }), status: 405 },
    { name: "an unknown API route", send: (url) => fetch(`${url}/api/nothing-here`), status: 404 },
    { name: "an unknown page", send: (url) => fetch(`${url}/secret/../../etc/passwd`), status: 404 },
    {
      name: "feedback without helpful",
      send: (url) => postJson(`${url}/api/feedback`, { answerId: "a-1" }),
      status: 400,
      says: /helpful/,
    },
    {
      name: "a hand-off without an answer id",
      send: (url) => postJson(`${url}/api/handoff`, { question: "Is bed-sharing safe?" }),
      status: 400,
      says: /answerId/,
    },
    {
      name: "a hand-off with an over-long note",
      send: (url) => postJson(`${url}/api/handoff`, { answerId: "a-1", note: "n".repeat(1001) }),
      status: 400,
      says: /Notes can be at most 1,000 characters/,
    },
  ];

  it.each(cases)(
    "answers $name with $status and one sentence, and keeps serving",
    async ({ send, status, says }) => {
      const { url, assistant } = await serve();
      const response = await send(url);
      expect(response.status).toBe(status);
      const sentence = await expectOneSentence(response);
      if (says) expect(sentence).toMatch(says);
      if (status === 405) expect(response.headers.get("allow")).toMatch(/^(POST|GET, HEAD)$/);
      expect(assistant.asked).toEqual([]);
      expect((await postJson(`${url}/api/ask`, { question: "Still there?" })).status).toBe(200);
    },
  );

  it("turns a coded failure into its status and sentence, and logs the code and cause", async () => {
    const cause = new Error("CURRENT names a missing generation");
    const assistant = createFakeAssistant({
      answerWith: () => {
        throw new CodedError(
          ErrorCode.IndexMissing,
          "The guidance index is not ready yet; try again shortly.",
          {
            cause,
          },
        );
      },
    });
    const { url, events } = await serve({ assistant });
    const response = await postJson(`${url}/api/ask`, { question: "Anything" });
    expect(response.status).toBe(503);
    expect(await expectOneSentence(response)).toBe("The guidance index is not ready yet; try again shortly.");
    const logged = events().find((event) => event.event === "request_failed");
    expect(logged).toMatchObject({ level: "error", code: "index_missing", status: 503 });
    expect(JSON.stringify(logged)).toContain("CURRENT names a missing generation");
  });

  it("hides an unexpected failure behind a generic sentence", async () => {
    const assistant = createFakeAssistant({
      answerWith: async () => {
        throw new TypeError("cannot read properties of undefined (reading 'internals')");
      },
    });
    const { url, events } = await serve({ assistant });
    const response = await postJson(`${url}/api/ask`, { question: "Anything" });
    expect(response.status).toBe(500);
    const sentence = await expectOneSentence(response);
    expect(sentence).not.toContain("internals");
    expect(events().find((event) => event.event === "request_failed")).toMatchObject({ code: "internal" });
    expect((await fetch(`${url}/api/sources`)).status).toBe(200);
  });
});

describe("createHttpApp: Teams and Slack", () => {
  it("hands /api/messages its raw body (no JSON parser in front of it)", async () => {
    const received: string[] = [];
    const teams: TeamsSurface = {
      mode: "local-development",
      async handle(req, res) {
        let raw = "";
        for await (const chunk of req) raw += String(chunk);
        received.push(raw);
        res.status(201).json({ ok: true });
      },
      async stop() {},
    };
    const { url } = await serve({ teams });
    const activity = '{"type":"message","text":"hello"}';
    const response = await fetch(`${url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: activity,
    });
    expect(response.status).toBe(201);
    expect(received).toEqual([activity]);
    const wrongMethod = await fetch(`${url}/api/messages`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });

  it("mounts the Slack router at the root when Slack runs over HTTP", async () => {
    const router = express.Router();
    router.post("/slack/events", express.raw({ type: "*/*" }), (req, res) => {
      res.json({ bytes: (req.body as Buffer).length });
    });
    const slack: SlackSurface = { mode: "http", router, start: async () => {}, stop: async () => {} };
    const { url } = await serve({ slack });
    const response = await fetch(`${url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "payload=abc",
    });
    expect(await response.json()).toEqual({ bytes: 11 });
  });

  it("has no Slack or Teams endpoints when they are not configured", async () => {
    const { url } = await serve();
    expect((await fetch(`${url}/slack/events`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${url}/api/messages`, { method: "POST" })).status).toBe(404);
  });
});

describe("startHttpServer: graceful close", () => {
  it("finishes an answer in flight, then refuses new connections", async () => {
    let release: () => void = () => {};
    const started = new Promise<void>((resolveStarted) => {
      const assistant = createFakeAssistant({
        answerWith: (request) =>
          new Promise((resolve) => {
            release = () => resolve(sampleAnswer({ question: request.question }));
            resolveStarted();
          }),
      });
      void serve({ assistant }).then(({ url }) => {
        inFlight = postJson(`${url}/api/ask`, { question: "Slow one" });
        address = url;
      });
    });
    let inFlight: Promise<Response> | undefined;
    let address = "";
    await started;
    const closing = running?.close(5000);
    setTimeout(() => release(), 200);
    const response = await inFlight;
    expect(response?.status).toBe(200);
    expect(await response?.json()).toMatchObject({ question: "Slow one" });
    await closing;
    await expect(fetch(`${address}/healthz`)).rejects.toThrow();
  });

  it("cuts a request that outlives the grace period, so shutdown is bounded", async () => {
    const assistant = createFakeAssistant({ answerWith: () => new Promise(() => {}) });
    const { url } = await serve({ assistant });
    const hanging = postJson(`${url}/api/ask`, { question: "Never answered" }).catch(
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The request never answers, so close() returning at all shows the grace period is enforced.
    await running?.close(300);
    expect(await hanging).toBeInstanceOf(Error);
  });
});
