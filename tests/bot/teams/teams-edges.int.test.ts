/**
 * The Teams endpoint's edges, through the real server on loopback with a stand-in core: a bogus bearer
 * token is a bare 401, local development mode serves this machine only and refuses admin commands unless
 * TEAMS_DEV_ADMIN allows them.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../../bot/config.ts";
import { ADMIN_REFUSALS } from "../../../bot/core/commands.ts";
import { createHttpApp, type RunningHttpServer, startHttpServer } from "../../../bot/server.ts";
import { auditStorePath, openSqliteStore } from "../../../bot/store/sqlite-store.ts";
import { createTeamsSurface, type TeamsSurface } from "../../../bot/teams/teams-surface.ts";
import { createLogger } from "../../../foundation/log.ts";
import { FakeAssistant } from "../../helpers/fake-assistant.ts";
import { recordingLogger } from "../web/fakes.ts";
import { sampleAnswer } from "./fake-assistant.ts";

const APP_ID = "5a0c7f7e-3b1d-4a8e-9e61-2f4b8c1d9a70";
const ADMIN = "aad-admin-1";
/** Conversation references are written here, not into the project's .data. */
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "teams-edges-"));
/** Where the surface keeps conversation references: the real SQLite store in DATA_DIR. */
const store = openSqliteStore(
  { file: auditStorePath(DATA_DIR), userKey: "teams-edges-key-0123456" },
  createLogger("silent"),
);

/** A stand-in Bot Framework connector that records the texts the bot sends. */
async function startConnector(): Promise<{ url: string; texts: string[]; server: http.Server }> {
  const texts: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { text?: string };
      if (body.text) texts.push(body.text);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "sent-1" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, texts, server };
}

let sequence = 0;
function message(serviceUrl: string, text: string): Record<string, unknown> {
  sequence++;
  return {
    type: "message",
    id: `incoming-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: "emulator",
    serviceUrl,
    from: { id: "user-1", name: "Sam", aadObjectId: ADMIN },
    recipient: { id: "bot-1", name: "Safeguarding guidance" },
    conversation: { id: "personal-conversation" },
    text,
  };
}

function post(url: string, activity: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(activity),
  });
}

/** A token that looks like a JWT (three base64url parts, a plausible header and claims) but is signed by nobody. */
function bogusJwt(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return [
    part({ alg: "RS256", typ: "JWT", kid: "not-a-real-key" }),
    part({ iss: "https://api.botframework.com", aud: APP_ID, nbf: now - 60, exp: now + 3600 }),
    Buffer.from("not a signature").toString("base64url"),
  ].join(".");
}

async function serve(surface: TeamsSurface, assistant: FakeAssistant, log = recordingLogger().log) {
  const app = createHttpApp({ config: loadConfig({ DATA_DIR }), assistant, log, teams: surface });
  return startHttpServer(app, { port: 0, host: "127.0.0.1" });
}

describe("Teams with an app id: a bogus bearer token", () => {
  const assistant = new FakeAssistant({ answerWith: () => sampleAnswer() });
  const recorded = recordingLogger();
  let running: RunningHttpServer;
  let connector: Awaited<ReturnType<typeof startConnector>>;

  beforeAll(async () => {
    connector = await startConnector();
    const config = loadConfig({
      DATA_DIR,
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: "not-a-real-secret",
      MicrosoftAppTenantId: "0d5e1c7a-8f3b-4e2a-9c61-7b4d2e8f1a30",
    });
    const surface = createTeamsSurface({
      config,
      assistant,
      log: recorded.log,
      conversations: store.conversations,
    });
    running = await serve(surface, assistant, recorded.log);
  });

  afterAll(async () => {
    await running?.close(500);
    connector?.server.close();
  });

  it("gets 401 with one sentence, one JSON log line and nothing on the console", async () => {
    const printed = vi.spyOn(console, "error");
    try {
      for (const token of [bogusJwt(), "not-a-jwt"]) {
        recorded.lines.length = 0;
        const response = await post(
          running.url,
          { ...message(connector.url, "hello"), channelId: "msteams" },
          { authorization: `Bearer ${token}` },
        );
        expect(response.status).toBe(401);
        expect(await response.text()).toBe("This request's Bot Framework token was not accepted.");
        expect(recorded.events().map((event) => event.event)).toEqual(["teams.refused_token"]);
        expect(recorded.lines.every((line) => !line.includes("\n"))).toBe(true);
      }
      expect(printed).not.toHaveBeenCalled();
      expect(assistant.asked).toEqual([]);
      expect(connector.texts).toEqual([]);
    } finally {
      printed.mockRestore();
    }
  });
});

describe("Teams in local development mode", () => {
  const assistant = new FakeAssistant({ answerWith: () => sampleAnswer() });
  let connector: Awaited<ReturnType<typeof startConnector>>;
  const servers: RunningHttpServer[] = [];

  beforeAll(async () => {
    connector = await startConnector();
  });

  afterEach(() => {
    connector.texts.length = 0;
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close(500)));
    connector?.server.close();
  });

  async function start(env: Record<string, string>) {
    const config = loadConfig({ DATA_DIR, TEAMS_ADMIN_IDS: ADMIN, ...env });
    const surface = createTeamsSurface({
      config,
      assistant,
      log: recordingLogger().log,
      conversations: store.conversations,
    });
    const running = await serve(surface, assistant);
    servers.push(running);
    return running;
  }

  it("refuses a request a proxy relayed from another machine", async () => {
    const running = await start({});
    const response = await post(running.url, message(connector.url, "hello"), {
      "x-forwarded-for": "203.0.113.7",
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/only accepts requests from this machine/);
    expect(connector.texts).toEqual([]);
  });

  it("refuses reindex to a configured admin id, since anyone could claim it", async () => {
    const running = await start({});
    const before = assistant.reindexes;
    expect((await post(running.url, message(connector.url, "reindex"))).status).toBe(200);
    expect(assistant.reindexes).toBe(before);
    expect(connector.texts).toContain(ADMIN_REFUSALS.reindex);
  });

  it("runs reindex for an admin when TEAMS_DEV_ADMIN=true", async () => {
    const running = await start({ TEAMS_DEV_ADMIN: "true" });
    const before = assistant.reindexes;
    expect((await post(running.url, message(connector.url, "reindex"))).status).toBe(200);
    await vi.waitFor(() => expect(assistant.reindexes).toBe(before + 1));
    expect(connector.texts).not.toContain(ADMIN_REFUSALS.reindex);
  });
});
