import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import express from "express";
import type { Logger } from "../foundation/log.ts";
import type { Config } from "./config.ts";
import type { Assistant } from "./core/types.ts";
import type { SlackSurface } from "./slack/slack-surface.ts";
import type { TeamsSurface } from "./teams/teams-surface.ts";
import { createWebApiRouter } from "./web/api-routes.ts";
import { errorHandler, methodNotAllowed, notFound } from "./web/http-errors.ts";
import { securityHeaders } from "./web/security-headers.ts";

/** The web page: plain files, no build step. */
const PUBLIC_DIR = fileURLToPath(new URL("./web/public/", import.meta.url));

export interface HttpAppDeps {
  config: Config;
  assistant: Assistant;
  log: Logger;
  slack?: SlackSurface;
  teams?: TeamsSurface;
}

/**
 * Builds the one HTTP app: the web page and its API, the health check, and the Teams and Slack endpoints.
 * There is deliberately no global body parser: Bolt and botbuilder read their raw bodies (Slack signs them).
 */
export function createHttpApp(deps: HttpAppDeps): express.Express {
  const { assistant, log, slack, teams } = deps;
  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders);

  app
    .route("/healthz")
    .get((_req, res) => {
      const health = assistant.health();
      res.set("Cache-Control", "no-store");
      res.status(health.indexLoaded ? 200 : 503).json(health);
    })
    .all(methodNotAllowed(["GET", "HEAD"]));

  if (teams) {
    app
      .route("/api/messages")
      .post((req, res) => teams.handle(req, res))
      .all(methodNotAllowed(["POST"]));
  }
  if (slack?.router) app.use(slack.router);

  app.use("/api", createWebApiRouter({ assistant, log }));

  app.use(
    express.static(PUBLIC_DIR, {
      index: "index.html",
      redirect: false,
      // Revalidate every time so a deployed change to the page is seen at once; ETags keep it cheap.
      cacheControl: true,
      maxAge: 0,
    }),
  );
  app.all("/", methodNotAllowed(["GET", "HEAD"]));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}

export interface RunningHttpServer {
  server: Server;
  /** Where the server listens, e.g. http://127.0.0.1:3978. */
  url: string;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `graceMs`, then cuts what is
   * left. Resolves when the server has closed.
   */
  close(graceMs?: number): Promise<void>;
}

/** Starts listening (port 0 picks a free port) and resolves once the port is bound. */
export async function startHttpServer(
  app: express.Express,
  options: { port: number; host: string },
): Promise<RunningHttpServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host, (error?: Error) => {
      if (error) reject(error);
      else resolve(listening);
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    server,
    url: `http://${host}:${port}`,
    close(graceMs = 10_000) {
      closing ??= closeGracefully(server, graceMs);
      return closing;
    },
  };
}

async function closeGracefully(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive sockets that finish their last answer become idle; close them as they do.
  const sweeper = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  const deadline = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
  try {
    if ((await Promise.race([closed, deadline])) === "timeout") {
      server.closeAllConnections();
      await closed;
    }
  } finally {
    clearInterval(sweeper);
  }
}
