/**
 * The listener's own defences, through the real server on loopback: a body that trickles in is cut off, a
 * connection beyond the limit is closed, a damaged gzip or Brotli body is a 400 with a sentence.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/config.ts";
import { createHttpApp, type RunningHttpServer, startHttpServer } from "../../bot/server.ts";
import { createLogger } from "../../foundation/log.ts";
import { FakeAssistant } from "../helpers/fake-assistant.ts";
import { sampleAnswer } from "./slack/fake-assistant.ts";

/** Resolves with what the server sent once it closes the connection, and how long that took. */
function untilClosed(socket: net.Socket): Promise<{ received: string; ms: number }> {
  const started = Date.now();
  let received = "";
  socket.on("data", (chunk) => {
    received += chunk.toString("utf8");
  });
  return new Promise((resolve) => {
    socket.on("close", () => resolve({ received, ms: Date.now() - started }));
    socket.on("error", () => undefined);
  });
}

function connect(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.once("error", reject);
  });
}

describe("the listener's timeouts and limits", () => {
  let running: RunningHttpServer;

  beforeAll(async () => {
    const app = createHttpApp({
      config: loadConfig({}),
      assistant: new FakeAssistant({ answerWith: () => sampleAnswer() }),
      log: createLogger("silent"),
    });
    running = await startHttpServer(app, {
      port: 0,
      host: "127.0.0.1",
      limits: { requestTimeoutMs: 1500, headersTimeoutMs: 1000, checkIntervalMs: 200, maxConnections: 3 },
    });
  });

  afterAll(async () => {
    await running?.close(500);
  });

  it("cuts off a body that trickles in one byte at a time", async () => {
    const socket = await connect(running.url);
    const closed = untilClosed(socket);
    socket.write(
      "POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n",
    );
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write(" ");
    }, 300);
    try {
      const { received, ms } = await closed;
      expect(received).toMatch(/^HTTP\/1\.1 408/);
      // The configured 1.5 s plus at most one 0.2 s check, with room for a busy test machine.
      expect(ms).toBeLessThan(4000);
    } finally {
      clearInterval(trickle);
    }
  });

  it("closes connections beyond the maximum at once", async () => {
    const held = await Promise.all([connect(running.url), connect(running.url), connect(running.url)]);
    try {
      // Let the server count the held ones before the extra one arrives.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const extra = await connect(running.url);
      const { received, ms } = await untilClosed(extra);
      expect(received).toBe("");
      expect(ms).toBeLessThan(1000);
    } finally {
      for (const socket of held) socket.destroy();
    }
  });

  it("answers a damaged gzip body with 400 and a sentence, not 500", async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const response = await fetch(`${running.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: Buffer.from("this is not gzip at all"),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: expect.stringMatching(/gzip, deflate or Brotli compression/),
    });
  });

  it("answers a damaged Brotli body with 400 and a sentence, not 500", async () => {
    const response = await fetch(`${running.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "br" },
      body: Buffer.from("this is not brotli at all"),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/Brotli compression is damaged/) });
  });
});
